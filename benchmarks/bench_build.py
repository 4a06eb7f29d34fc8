#!/usr/bin/env python3
"""Benchmark the build: how long `python -m mmn_analysis build` takes, and how it scales.

1. The real build (data/raw as it is) against `python -c "import pandas"`, both in a fresh
   interpreter so that start-up and imports count; the median of --repeat runs each, and their
   ratio (the target is 2x or less; printed, not asserted).
2. Synthetic registers --sizes times the real one (1x, 10x, 100x by default): wall time, peak
   memory (max RSS of the child process) and cost per register row, total and marginal, so a
   reader can see whether the cost of a row grows with the size of the register.
3. A Markdown table of all figures, for pasting into benchmarks/README.md; with --json PATH, the
   same figures as JSON.

Each synthetic raw folder is a copy of data/raw in a temporary folder whose register/*.csv hold
every row N times, each further copy with a new unique id (`ov-mmr-03-x0007`). Quotes stay valid: they are
verbatim substrings of the unchanged report. Everything is written under tempfile folders and
removed afterwards; nothing is written to data/. Standard library only; POSIX (os.wait4).

    make bench
    python benchmarks/bench_build.py [--repeat 5] [--size-repeat 3] [--sizes 1,10,100] [--json PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import fmt_s, machine_line, ratio_line, save_json

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
TARGET_RATIO = 2.0
#: Marginal cost per row may rise this much from the first size step to the last before we call it growth.
GROWTH_TOLERANCE = 0.25


@dataclass
class Measurement:
    name: str
    command: list[str]
    rows: int | None  # register rows the build read; None for the pandas import
    times_s: list[float] = field(default_factory=list)
    peak_rss_bytes: list[int] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.times_s)

    @property
    def peak_rss(self) -> int:
        return max(self.peak_rss_bytes)

    @property
    def ms_per_row(self) -> float | None:
        return self.median_s * 1e3 / self.rows if self.rows else None


def child_env() -> dict[str, str]:
    """The caller's environment with the project root first on PYTHONPATH (no install needed)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return env


def _rss_bytes(ru_maxrss: int) -> int:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    return ru_maxrss if sys.platform == "darwin" else ru_maxrss * 1024


def run_once(argv: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run argv in a fresh process; return (wall seconds, its own max RSS in bytes, its stdout).

    os.wait4 returns the resource usage of that one child (what getrusage(RUSAGE_CHILDREN) would
    report for a process whose only child it is), so every run is measured on its own.
    """
    out_path, err_path = cwd / ".bench-stdout", cwd / ".bench-stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=child_env(), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    stdout = out_path.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        sys.exit(f"bench: {' '.join(argv)} exited with {proc.returncode}:\n{stderr[-3000:]}")
    return wall, _rss_bytes(usage.ru_maxrss), stdout


def measure(m: Measurement, runs: int, work: Path, *, fresh_processed: bool, warmup: bool) -> Measurement:
    """Run m.command `runs` times (after one untimed warm-up if asked); `{processed}` in the command
    is replaced by a folder that does not exist yet, so every run renders and writes every file."""
    for k in range(-1 if warmup else 0, runs):
        processed = work / f"processed-{re.sub(r'[^a-z0-9]+', '-', m.name.lower())}-{k + 1}"
        argv = [a.replace("{processed}", str(processed)) for a in m.command]
        wall, rss, stdout = run_once(argv, work)
        if fresh_processed:
            shutil.rmtree(processed, ignore_errors=True)
        if m.rows is not None:
            found = re.search(r"^(\d+) figures from the register", stdout, re.MULTILINE)
            if found and int(found.group(1)) != m.rows:
                print(f"bench: warning: {m.name} built {found.group(1)} figures, expected {m.rows}", file=sys.stderr)
        if k >= 0:
            m.times_s.append(wall)
            m.peak_rss_bytes.append(rss)
    return m


def count_register_rows(raw: Path) -> int:
    n = 0
    for path in sorted((raw / "register").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            n += sum(1 for rec in list(csv.reader(f))[1:] if any(c.strip() for c in rec))
    return n


def synthetic_raw(dest: Path, copies: int) -> int:
    """Copy data/raw to dest, then write each register row `copies` times: the first copy keeps its id
    (the fact-checks name register rows), the others get new unique ids. Returns the rows written."""
    shutil.copytree(RAW, dest)
    total = 0
    for path in sorted((dest / "register").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            records = list(csv.reader(f))
        header, rows = records[0], [r for r in records[1:] if any(c.strip() for c in r)]
        i = [h.strip() for h in header].index("id")
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(header)
            for row in rows:
                for k in range(copies):
                    new = list(row)
                    if k:
                        new[i] = f"{row[i].strip()}-x{k:04d}"
                    w.writerow(new)
                    total += 1
    return total


def fmt_mib(b: int) -> str:
    return f"{b / 2**20:.0f} MiB"


def marginal(a: Measurement, b: Measurement) -> float:
    """Milliseconds each extra register row costs between two sizes (fixed start-up cancels out)."""
    return (b.median_s - a.median_s) * 1e3 / (b.rows - a.rows)  # type: ignore[operator]


def markdown(pandas_m: Measurement, real: Measurement, sizes: list[tuple[int, Measurement]]) -> str:
    ratio = real.median_s / pandas_m.median_s
    lines = [
        "| run | register rows | wall time (median) | peak RSS | ms per row | marginal ms per row |",
        "|---|---:|---:|---:|---:|---:|",
        f'| `python -c "import pandas"` | | {fmt_s(pandas_m.median_s)} (n={len(pandas_m.times_s)}) '
        f"| {fmt_mib(pandas_m.peak_rss)} | | |",
        f"| real build | {real.rows:,} | {fmt_s(real.median_s)} (n={len(real.times_s)}) | {fmt_mib(real.peak_rss)} "
        f"| {real.ms_per_row:.3f} | |",
        f"| **real build / import pandas** | | **{ratio:.1f}x** (target <= {TARGET_RATIO:g}x) | | | |",
    ]
    prev = None
    for copies, m in sizes:
        marg = f" {marginal(prev, m):.3f} " if prev is not None else " "
        lines.append(
            f"| synthetic {copies}x | {m.rows:,} | {fmt_s(m.median_s)} (n={len(m.times_s)}) "
            f"| {fmt_mib(m.peak_rss)} | {m.ms_per_row:.3f} |{marg}|"
        )
        prev = m
    return "\n".join(lines)


def verdict(sizes: list[tuple[int, Measurement]]) -> str:
    if len(sizes) < 3:
        return "cost per row: need three sizes or more to tell whether it grows"
    steps = [(f"{a}x->{b}x", marginal(ma, mb)) for (a, ma), (b, mb) in zip(sizes, sizes[1:])]
    first, last = steps[0][1], steps[-1][1]
    change = (last - first) / first if first > 0 else float("inf")
    said = ", ".join(f"{v:.3f} ms ({k})" for k, v in steps)
    if change > GROWTH_TOLERANCE:
        return f"marginal cost per row: {said}: GROWS by {change:+.0%} with size (worse than linear)"
    return f"marginal cost per row: {said}: {change:+.0%}, roughly linear (within {GROWTH_TOLERANCE:.0%})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=5, help="runs of the real build and of the pandas import (median)")
    p.add_argument("--size-repeat", type=int, default=3, help="runs per synthetic size (median)")
    p.add_argument("--sizes", default="1,10,100", help="synthetic register sizes, multiples of the real one")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.repeat < 1 or args.size_repeat < 1 or not sizes or min(sizes) < 1:
        p.error("--repeat, --size-repeat and every size must be 1 or more")
    if args.json and (ROOT / "data") in args.json.resolve().parents:
        p.error("the benchmark never writes into data/; give a --json path elsewhere")
    if not hasattr(os, "wait4"):
        p.error("needs os.wait4 (Linux, macOS or another POSIX system)")

    started = time.perf_counter()
    py = sys.executable
    build = [py, "-m", "mmn_analysis"]
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="mmn-bench-") as tmp:
        work = Path(tmp)
        log(f"bench: python {platform.python_version()} ({py}); temp folder {work}")

        pandas_m = measure(
            Measurement("import pandas", [py, "-c", "import pandas"], None),
            args.repeat,
            work,
            fresh_processed=False,
            warmup=True,
        )
        log(f"bench: import pandas      median {fmt_s(pandas_m.median_s)}")
        real = measure(
            Measurement("real build", build + ["--processed", "{processed}", "build"], count_register_rows(RAW)),
            args.repeat,
            work,
            fresh_processed=True,
            warmup=True,
        )
        log(f"bench: real build         median {fmt_s(real.median_s)}")

        results: list[tuple[int, Measurement]] = []
        for copies in sizes:
            raw = work / f"raw-{copies}x"
            rows = synthetic_raw(raw, copies)
            m = measure(
                Measurement(
                    f"synthetic {copies}x", build + ["--raw", str(raw), "--processed", "{processed}", "build"], rows
                ),
                args.size_repeat,
                work,
                fresh_processed=True,
                warmup=False,
            )
            shutil.rmtree(raw)
            log(
                f"bench: synthetic {copies:>4}x    median {fmt_s(m.median_s)}, {rows:,} rows, "
                f"peak {fmt_mib(m.peak_rss)}"
            )
            results.append((copies, m))

    total = time.perf_counter() - started
    ratio = real.median_s / pandas_m.median_s
    table = markdown(pandas_m, real, results)
    print(ratio_line("real build", real.median_s, "import pandas", pandas_m.median_s, TARGET_RATIO))
    print(verdict(results))
    print()
    print(table)
    print()
    print(machine_line(total))

    if args.json:
        data = {
            "target_ratio": TARGET_RATIO,
            "ratio_build_to_import_pandas": ratio,
            "import_pandas": asdict(pandas_m)
            | {"median_s": pandas_m.median_s, "peak_rss_bytes_max": pandas_m.peak_rss},
            "real_build": asdict(real)
            | {"median_s": real.median_s, "peak_rss_bytes_max": real.peak_rss, "ms_per_row": real.ms_per_row},
            "synthetic": [
                asdict(m)
                | {
                    "copies": c,
                    "median_s": m.median_s,
                    "peak_rss_bytes_max": m.peak_rss,
                    "ms_per_row": m.ms_per_row,
                    "marginal_ms_per_row": marginal(results[k - 1][1], m) if k else None,
                }
                for k, (c, m) in enumerate(results)
            ],
            "verdict": verdict(results),
            "total_s": total,
            "markdown": table,
        }
        save_json(args.json, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
