"""The build: read and verify data/raw, make the tables, and replace data/processed atomically.

Nothing is written until every input has been verified and every output rendered in memory. The
new files then go into a fresh folder beside data/processed, which takes its place in one rename:
a failing build leaves the previous outputs exactly as they were, and a build whose outputs are
unchanged writes nothing at all.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..audit.coverage import Mention, audit, coverage_records
from ..audit.factcheck import METHODS, fact_check_records
from ..errors import InputError, Problem
from ..inputs import references
from ..inputs.editorial import read_editorial
from ..inputs.register import read_register, verify_register
from ..inputs.report import Report, load_report
from ..paths import PROCESSED, RAW
from .tidy import Inputs, build_tables
from .writers import render

#: The chapters the coverage audit must find fully accounted for.
AUDITED_CHAPTERS = ("overview",)


@dataclass
class Result:
    report: Report
    inputs: Inputs
    tables: dict[str, list[dict[str, object]]]
    mentions: list[Mention]
    files: dict[str, bytes]


def read_inputs(raw: Path = RAW) -> tuple[Report, Inputs]:
    """Read and verify every raw input; raise InputError listing every problem found."""
    report = load_report(raw)
    problems: list[Problem] = []
    parts: dict[str, object] = {}
    steps = {
        "figures": lambda: verify_register(report, read_register(raw)),
        "footnotes": lambda: references.read_footnotes(raw, report),
        "members": lambda: references.read_members(raw, report),
        "calendar": lambda: references.read_calendar(raw, report),
        "acronyms": lambda: references.read_acronyms(report),
        # after the register and the calendar: the ids editorial rows name come from them when they were read
        "editorial": lambda: read_editorial(raw, report, METHODS, parts.get("figures"), parts.get("calendar")),
    }
    for name, step in steps.items():
        try:
            parts[name] = step()
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)
    return report, Inputs(**parts)  # type: ignore[arg-type]


def make(raw: Path = RAW) -> Result:
    """Everything the build produces, in memory."""
    report, inputs = read_inputs(raw)
    tables = build_tables(inputs)
    tables["fact_checks"] = fact_check_records(tables, report, inputs.editorial)
    mentions = audit(report, inputs)
    tables["coverage"] = coverage_records(mentions)
    return Result(report, inputs, tables, mentions, render(tables))


def differences(files: dict[str, bytes], processed: Path = PROCESSED) -> list[str]:
    """Names of files that a build would add, change or remove in ``processed``."""
    out = []
    existing = {p.name for p in processed.iterdir() if p.is_file()} if processed.is_dir() else set()
    for name, data in sorted(files.items()):
        path = processed / name
        if name not in existing or path.read_bytes() != data:
            out.append(name)
    out.extend(sorted(existing - set(files)))
    return out


def write(files: dict[str, bytes], processed: Path = PROCESSED) -> list[str]:
    """Replace ``processed`` with ``files`` in one rename; return what changed (nothing: no write)."""
    changed = differences(files, processed)
    if not changed:
        return []
    processed.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".processed-new-", dir=processed.parent))
    old = processed.parent / f".processed-old-{os.getpid()}"
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
            os.chmod(staging / name, 0o644)
        os.chmod(staging, 0o755)
        if processed.exists():
            os.rename(processed, old)
        os.rename(staging, processed)
    except BaseException:
        if old.exists() and not processed.exists():
            os.rename(old, processed)  # put the previous outputs back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return changed
