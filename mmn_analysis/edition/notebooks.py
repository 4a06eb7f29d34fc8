"""Execute the collection's notebooks in place, only those whose inputs changed.

    python -m mmn_analysis notebooks                 # every notebook whose inputs changed
    python -m mmn_analysis notebooks --force         # every notebook
    python -m mmn_analysis notebooks --check         # say which are out of date; execute nothing

Each notebook stores what it read when it last ran (``metadata.mmn.inputs``): a digest of its cells'
sources, of the package modules it imported and of the lock, and every call it made into the
package with a digest of the answer (see :mod:`mmn_analysis.trace`). A notebook runs again when any
of these changed: its source, a module it used, the pinned libraries, or an answer (a table it
loaded, a figure it quoted, the At a glance picks). Replaying the calls takes a fraction of a second,
so a build with nothing to do is quick, and a one-row change to the register re-runs only the
notebooks whose answers it changes. Those run in parallel, one per core, each in a fresh ``python3``
kernel from the notebook's folder, without timing metadata; a notebook whose bytes do not change is
not rewritten.

The kernel's manager gives it CurveZMQ keys (jupyter_client 8.10; ipykernel declares that it supports
them), so code and outputs cross the loopback encrypted, and the kernel does not warn that they go over
TCP in plain text. ``jupyter/jupyter_server_config.py`` does the same for the kernels of ``make lab``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

from ..paths import ROOT
from ..trace import TRACE_ENV, read_records, replay

#: Encrypt the kernel's channels whenever its kernelspec supports it (as ipykernel's does).
KERNEL_CONFIG = Config({"KernelManager": {"transport_encryption": "auto"}})
PACKAGE = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_digest(nb) -> str:
    """The notebook as its author wrote it: cell types and sources, and the kernel (not outputs)."""
    cells = [[c.cell_type, "".join(c.source)] for c in nb.cells]
    kernel = nb.metadata.get("kernelspec", {}).get("name", "")
    return _sha(json.dumps([kernel, cells]).encode("utf-8"))


def module_digest(module: str) -> str:
    """A package module's source, by its dotted name; '' for one that no longer exists."""
    parts = module.split(".")[1:]
    base = PACKAGE.joinpath(*parts)
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return _sha(path.read_bytes())
    return ""


def lock_digest() -> str:
    return _sha(LOCK.read_bytes()) if LOCK.is_file() else ""


@functools.cache
def _replayed(call: str, arguments: str) -> str:
    """A recorded call's answer now, computed once per run however many notebooks made the same call."""
    args, kwargs = json.loads(arguments)
    return replay(call, args, kwargs)


@dataclass
class Decision:
    path: Path
    run: bool
    why: str


def decide(path: Path, force: bool = False) -> Decision:
    """Whether a notebook must run, and why (the first difference found, cheapest first)."""
    nb = nbformat.read(path, as_version=4)
    stored = nb.metadata.get("mmn", {}).get("inputs")
    if force:
        return Decision(path, True, "forced")
    if not stored:
        return Decision(path, True, "no record of its inputs")
    if stored.get("source") != source_digest(nb):
        return Decision(path, True, "its source changed")
    if stored.get("lock") != lock_digest():
        return Decision(path, True, "the pinned libraries changed")
    for module, digest in stored.get("modules", {}).items():
        if module_digest(module) != digest:
            return Decision(path, True, f"package module {module} changed")
    if any(c.get("cell_type") == "code" and c.get("execution_count") is None for c in nb.cells):
        return Decision(path, True, "a cell was never executed")
    for call, args, kwargs, digest in stored.get("calls", []):
        try:
            now = _replayed(call, json.dumps([args, kwargs], sort_keys=True))
        except Exception as e:  # a call that fails now will fail in the kernel too, where it is reported
            return Decision(path, True, f"{call}() fails now ({type(e).__name__})")
        if now != digest:
            shown = ", ".join(repr(a) for a in args)
            return Decision(path, True, f"the answer to {call}({shown}) changed")
    return Decision(path, False, "inputs unchanged")


def execute(path: Path, timeout: int = 600) -> bool:
    """Run one notebook and record what it read; write it back only if anything changed."""
    original = path.read_text(encoding="utf-8")
    nb = nbformat.reads(original, as_version=4)
    with tempfile.TemporaryDirectory(prefix="mmn-trace-") as tmp:
        trace = Path(tmp) / "calls.jsonl"
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
            config=KERNEL_CONFIG,
        )
        client.execute(env=dict(os.environ, **{TRACE_ENV: str(trace)}))
        records = read_records(trace)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    modules = sorted({m for r in records for m in r["modules"]} | {"mmn_analysis"})
    nb.metadata["mmn"] = {
        "inputs": {
            "source": source_digest(nb),
            "lock": lock_digest(),
            "modules": {m: module_digest(m) for m in modules if module_digest(m)},
            "calls": [[r["call"], r["args"], r["kwargs"], r["digest"]] for r in records],
        }
    }
    text = nbformat.writes(nb) + "\n"
    if text == original:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def _shown(p: Path) -> str:
    p = p.resolve()
    return p.relative_to(ROOT).as_posix() if p.is_relative_to(ROOT) else p.name


def run(paths: list[Path], force: bool = False, check: bool = False, jobs: int | None = None) -> int:
    """Execute the notebooks whose inputs changed, in parallel; print what ran, what was skipped and why.

    With ``check``, execute nothing and return 1 if any notebook is out of date."""
    decisions = [decide(p.resolve(), force) for p in paths]
    todo = [d for d in decisions if d.run]
    for d in decisions:
        if not d.run:
            print(f"{_shown(d.path):<40} skipped: {d.why}")
        elif check:
            print(f"{_shown(d.path):<40} out of date: {d.why}")
    if check:
        return 1 if todo else 0
    if not todo:
        return 0
    workers = max(1, min(len(todo), jobs or os.cpu_count() or 1))

    def one(d: Decision) -> tuple[Decision, bool | str, float]:
        start = time.perf_counter()
        try:
            changed: bool | str = execute(d.path)
        except CellExecutionError as e:  # the notebook is left as it was; the others still run
            changed = f"{e.ename}: {e.evalue}"
        return d, changed, time.perf_counter() - start

    failed = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for d, changed, seconds in pool.map(one, todo):
            if isinstance(changed, str):
                failed += 1
                print(f"{_shown(d.path)}: a cell failed, the notebook is left as it was: {changed}", file=sys.stderr)
                continue
            state = "outputs updated" if changed else "outputs unchanged"
            print(f"{_shown(d.path):<40} executed ({d.why}): {state}, {seconds:.1f} s", flush=True)
    sys.stdout.flush()
    return 1 if failed else 0
