#!/usr/bin/env python3
"""Benchmark the test command: `make test` against strict nbval on as many trivial notebooks.

1. `make test` in the project, .venv already set up: every test in tests/, strict nbval on
   notebooks/ and the site in headless Chromium, exactly as the README and CI run it.
2. The baseline: N trivial notebooks, N the number in notebooks/ (bench_notebooks.py's: `import
   pandas`, `import matplotlib.pyplot`, one bar chart), executed once with nbclient (`python -m
   mmn_analysis notebooks`) so they have outputs, then validated by strict nbval under the project's
   pyproject.toml: the least any test command that checks N notebooks costs.
3. Their ratio (the target is 3x or less; printed, not asserted) and make test's own summary line,
   which says whether anything was skipped (without Chromium the browser tests are).
The two alternate, --repeat runs each (the median counts), so the machine's load falls on both.

The trivial notebooks live in a temporary folder, removed afterwards; make test writes nothing in
the project. Standard library only; run it with the project's interpreter, which runs the kernels.

    .venv/bin/python benchmarks/bench_test.py [--repeat 1] [--json PATH]   # about two minutes a round
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_notebooks import NOTEBOOKS, child_env, write_trivial
from newcomer import ROOT, newcomer_env, timed
from report import fmt_s, machine_line, ratio_line, save_json

TARGET_RATIO = 3.0
SUMMARY = re.compile(r"^=+ (.*(?:passed|failed|error).*) in [\d.]+s", re.M)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=1, help="runs of each (median)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be 1 or more")
    n = len(list(NOTEBOOKS.glob("*.ipynb")))
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    make_s: list[float] = []
    trivial_s: list[float] = []

    with tempfile.TemporaryDirectory(prefix="mmn-bench-test-") as tmp:
        folder = Path(tmp) / "trivial"
        write_trivial(folder, n)
        env = child_env({})
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        log(f"bench: python {platform.python_version()} ({sys.executable}); {n} trivial notebooks in {folder}")
        timed([sys.executable, "-m", "mmn_analysis", "notebooks", *map(str, sorted(folder.glob("*.ipynb")))], ROOT, env)
        nbval = [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "-o", "addopts="]
        nbval += ["-p", "no:cacheprovider", "--nbval", "--nbval-current-env", "-q", str(folder)]
        for k in range(args.repeat):
            seconds, _ = timed(nbval, ROOT, env)
            trivial_s.append(seconds)
            log(f"bench: run {k + 1}/{args.repeat} strict nbval on {n} trivial notebooks  {fmt_s(seconds)}")
            seconds, output = timed(["make", "--no-print-directory", "test"], ROOT, newcomer_env())
            make_s.append(seconds)
            log(f"bench: run {k + 1}/{args.repeat} make test  {fmt_s(seconds)}")

    total = time.perf_counter() - started
    summary = SUMMARY.findall(output)
    make, trivial = statistics.median(make_s), statistics.median(trivial_s)
    print(ratio_line("make test", make, f"strict nbval on {n} trivial notebooks", trivial, TARGET_RATIO))
    print()
    print("| run | wall time (median) | ratio |")
    print("|---|---:|---:|")
    print(f"| strict nbval on {n} trivial notebooks | {fmt_s(trivial)} (n={len(trivial_s)}) | |")
    said = summary[-1] if summary else "no pytest summary"
    print(f"| `make test` ({said}) | {fmt_s(make)} (n={len(make_s)}) | **{make / trivial:.2f}x** |")
    print()
    print(machine_line(total))
    save_json(
        args.json,
        {
            "target_ratio": TARGET_RATIO,
            "ratio": make / trivial,
            "make_test_s": make_s,
            "trivial_s": trivial_s,
            "notebooks": n,
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
