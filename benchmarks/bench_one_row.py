#!/usr/bin/env python3
"""Benchmark a one-row change to the register: what `make` redoes, and how long it takes.

1. A fresh copy of the project (its tracked files, no .venv) in a temporary folder, set up and brought up
   to date with `make`, untimed.
2. One register row edited as an editor would (its `note`, for each row given with --row), then `make`,
   timed: it rebuilds the tables, re-executes only the notebooks whose answers the edit changes, and
   refreshes their charts and the pages. The notebooks it executed are read from its output.
3. For comparison, `make` with every notebook forced to run (`python -m mmn_analysis notebooks --force`
   first): what the same change cost when every notebook ran again.

Everything happens in the temporary folder; nothing in the project changes. Standard library only.

    python3 benchmarks/bench_one_row.py [--row ov-khm-09] [--json PATH]
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newcomer import fresh_copy, newcomer_env, timed
from report import fmt_s, machine_line, save_json

EXECUTED = re.compile(r"^(notebooks/\S+\.ipynb)\s+executed \((.*)\): outputs", re.M)


def edit_note(clone: Path, row_id: str, text: str) -> str:
    """Append ``text`` to the note of register row ``row_id``, keeping the file's line endings; its file."""
    for path in sorted((clone / "data" / "raw" / "register").glob("*.csv")):
        raw = path.read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        header = rows[0]
        for r in rows[1:]:
            if r and r[0] == row_id:
                r[header.index("note")] = (r[header.index("note")] + " " + text).strip()
                buf = io.StringIO(newline="")
                csv.writer(buf, lineterminator="\r\n" if "\r\n" in raw else "\n").writerows(rows)
                path.write_bytes(buf.getvalue().encode("utf-8"))
                return path.relative_to(clone).as_posix()
    raise SystemExit(f"no register row {row_id!r}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--row", default="ov-khm-09", help="the register row whose note is edited")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    make = ["make", "--no-print-directory", f"PYTHON={sys.executable}"]

    with tempfile.TemporaryDirectory(prefix="mmn-bench-row-") as tmp:
        clone = fresh_copy(Path(tmp) / "clone")
        env = newcomer_env()
        log(f"bench: python {platform.python_version()} ({sys.executable}); a fresh copy in {clone}")
        timed([*make, "setup"], clone, env)
        timed(make, clone, env)
        edited = edit_note(clone, args.row, "Checked against the printed report.")
        seconds, output = timed(make, clone, env)
        ran = EXECUTED.findall(output)
        total_notebooks = len(list((clone / "notebooks").glob("*.ipynb")))
        log(f"bench: make after editing {args.row} in {edited}  {fmt_s(seconds)}; {len(ran)} notebooks executed")
        edit_note(clone, args.row, "Once more.")
        python = str(clone / ".venv" / "bin" / "python")
        forced, _ = timed([python, "-m", "mmn_analysis", "build"], clone, env)
        seconds_all, _ = timed([python, "-m", "mmn_analysis", "notebooks", "--force"], clone, env)
        forced += seconds_all
        log(f"bench: the same change with every notebook forced to run  {fmt_s(forced)}")

    total = time.perf_counter() - started
    print(
        f"one-row change ({args.row}, its note): make took {fmt_s(seconds)} and executed {len(ran)} of "
        f"{total_notebooks} notebooks; running all of them took {fmt_s(forced)}"
    )
    print()
    print("| notebook executed | why |")
    print("|---|---|")
    for name, why in ran:
        print(f"| {name} | {why} |")
    print()
    print(machine_line(total))
    save_json(
        args.json,
        {
            "row": args.row,
            "make_s": seconds,
            "executed": [n for n, _ in ran],
            "notebooks": total_notebooks,
            "all_forced_s": forced,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
