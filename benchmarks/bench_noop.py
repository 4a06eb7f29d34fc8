#!/usr/bin/env python3
"""Benchmark a no-op `make` (nothing changed since the last one) against `python -c "import pandas"`.

1. A fresh copy of the project (its tracked files, no .venv) in a temporary folder, set up with
   `make setup` and brought up to date with one `make`, untimed: the state of a working copy just
   after `make`.
2. `make` again, --repeat times, nothing having changed: what a reader pays to be told that all is up
   to date. The target is 5x `python -c "import pandas"` (the copy's interpreter, median of 5 runs
   after a warm-up) or less; printed, not asserted. Until rebuilds skip the notebooks whose inputs did
   not change, a no-op `make` re-executes them all and is far above it.
3. Whether the no-op runs changed any byte of the copy (they must not).

Everything is written to the temporary folder and removed afterwards; nothing in the project
changes. Standard library only; needs git (to list the tracked files) and make.

    python3 benchmarks/bench_noop.py [--repeat 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newcomer import digest, fresh_copy, newcomer_env, repeated, timed
from report import fmt_s, machine_line, ratio_line, save_json

TARGET_RATIO = 5.0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3, help="no-op runs of make (median)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be 1 or more")
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    make = ["make", "--no-print-directory", f"PYTHON={sys.executable}"]

    with tempfile.TemporaryDirectory(prefix="mmn-bench-noop-") as tmp:
        clone = fresh_copy(Path(tmp) / "clone")
        env = newcomer_env()
        log(f"bench: python {platform.python_version()} ({sys.executable}); a fresh copy in {clone}")
        seconds, _ = timed([*make, "setup"], clone, env)
        log(f"bench: make setup  {fmt_s(seconds)}")
        seconds, _ = timed(make, clone, env)
        log(f"bench: make (the first, which does everything)  {fmt_s(seconds)}")
        before = digest(clone)
        noop_s = []
        for k in range(args.repeat):
            seconds, _ = timed(make, clone, env)
            noop_s.append(seconds)
            log(f"bench: run {k + 1}/{args.repeat} make (no-op)  {fmt_s(seconds)}")
        changed = sorted(name for name, sha in digest(clone).items() if before.get(name) != sha)
        pandas_s = repeated([str(clone / ".venv" / "bin" / "python"), "-c", "import pandas"], clone, env, 5)

    total = time.perf_counter() - started
    noop, pandas = statistics.median(noop_s), statistics.median(pandas_s)
    print(ratio_line("no-op make", noop, 'python -c "import pandas"', pandas, TARGET_RATIO))
    print()
    print("| run | wall time (median) | ratio |")
    print("|---|---:|---:|")
    print(f'| `python -c "import pandas"` | {fmt_s(pandas)} (n={len(pandas_s)}) | |')
    print(f"| `make`, nothing changed | {fmt_s(noop)} (n={len(noop_s)}) | **{noop / pandas:.1f}x** |")
    print()
    print(f"Files the no-op runs changed: {', '.join(changed) if changed else 'none'}.")
    print()
    print(machine_line(total))
    save_json(
        args.json,
        {
            "target_ratio": TARGET_RATIO,
            "ratio": noop / pandas,
            "noop_s": noop_s,
            "pandas_s": pandas_s,
            "changed": changed,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
