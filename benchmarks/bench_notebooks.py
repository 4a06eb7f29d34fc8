#!/usr/bin/env python3
"""Benchmark notebook validation: strict nbval on notebooks/ against as many trivial notebooks.

1. The collection: `pytest --nbval --nbval-current-env notebooks/`, strict nbval exactly as the
   notebook part of `make test` runs it (same pyproject.toml, so `filterwarnings = error` holds;
   `-o addopts=` and the explicit flags keep tests/ out), in a fresh process; the median of
   --repeat runs.
2. The baseline: N trivial notebooks (N = the number in notebooks/), each `import pandas as pd`,
   `import matplotlib.pyplot as plt` and one cell that draws one bar chart, executed first with
   nbclient (`python -m mmn_analysis notebooks`, kernel python3, no timing metadata) so
   they have stored outputs, then validated by the same command; the median of --repeat runs.
   The two are run in turn, so drift in the machine's load falls on both.
3. Their ratio (the target is 1.5x or less; printed, not asserted), and where the collection's
   time goes: a small pytest plugin (`-p`, written to the temporary folder) records each test
   phase, so every notebook's time splits into kernel start (set-up of its first cell), the cells
   that import, the other cells and kernel shutdown (tear-down of its last cell); what is left of the
   wall time is the fixed cost of Python, pytest and nbval starting, collecting and exiting.
4. Markdown tables of all these figures, for pasting into benchmarks/README.md; with --json PATH,
   the same figures and every raw timing as JSON.

The trivial notebooks, the plugin and the timings are written under a tempfile folder and removed
afterwards; nothing is written to notebooks/ or data/. The benchmark itself uses only the standard
library; run it with the project's interpreter (.venv/bin/python), which runs pytest and the
kernels. Like `make`, it keeps Jupyter's, IPython's and matplotlib's files in .cache/ unless the
environment already says where.

    .venv/bin/python benchmarks/bench_notebooks.py [--repeat 3] [--json PATH]
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import fmt_s, machine_line, ratio_line, save_json

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TARGET_RATIO = 1.5
PLUGIN_NAME = "mmn_bench_nbtimer"
SLOWEST_CELLS = 5

#: What `make` exports, so a run outside make behaves like `make test` and writes nothing under $HOME.
MAKE_ENV = {
    "MPLCONFIGDIR": ".cache/matplotlib",
    "IPYTHONDIR": ".cache/ipython",
    "JUPYTER_CONFIG_DIR": ".cache/jupyter/config",
    "JUPYTER_DATA_DIR": ".cache/jupyter/data",
    "JUPYTER_RUNTIME_DIR": ".cache/jupyter/runtime",
    "PYTHONHASHSEED": "0",
}

PLUGIN = '''\
"""Written by benchmarks/bench_notebooks.py: the duration of every test phase, and when the session
started, finished collecting and finished, as JSON to $MMN_BENCH_TIMINGS."""
import json
import os
import time

_data = {"reports": []}


def pytest_sessionstart(session):
    _data["session_start"] = time.time()


def pytest_collection_finish(session):
    _data["collection_finish"] = time.time()


def pytest_runtest_logreport(report):
    _data["reports"].append([report.nodeid, report.when, report.duration, report.outcome])


def pytest_sessionfinish(session, exitstatus):
    _data["session_finish"] = time.time()
    with open(os.environ["MMN_BENCH_TIMINGS"], "w", encoding="utf-8") as f:
        json.dump(_data, f)
'''

#: The trivial notebook: the two imports every chart notebook needs, and one chart.
TRIVIAL_CELLS = [
    "import pandas as pd",
    "import matplotlib.pyplot as plt",
    'fig, ax = plt.subplots()\nax.bar(["a", "b"], [1, 2])\nplt.show()',
]


@dataclass
class Run:
    """One pytest run: wall time and the phases the plugin recorded."""

    wall_s: float
    startup_s: float  # process start to pytest_sessionstart: Python, pytest, plugins (nbval, jupyter_client)
    collect_s: float  # reading and collecting the .ipynb files
    finish_s: float  # pytest_sessionfinish to process exit: summary, interpreter shutdown
    #: notebook file name -> {"setup": [...], "call": [...], "teardown": [...]}, seconds per code cell
    notebooks: dict[str, dict[str, list[float]]]

    @property
    def tests_s(self) -> float:
        return sum(sum(sum(v) for v in phases.values()) for phases in self.notebooks.values())

    @property
    def other_s(self) -> float:
        """Wall time no phase accounts for: gaps between hooks, the plugin's own writing."""
        return self.wall_s - self.startup_s - self.collect_s - self.tests_s - self.finish_s


@dataclass
class Measurement:
    name: str
    command: list[str]
    #: notebook file name -> whether each code cell imports (see has_import())
    import_cells: dict[str, list[bool]]
    runs: list[Run] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.import_cells)

    @property
    def code_cells(self) -> int:
        return sum(len(v) for v in self.import_cells.values())

    def median(self, fn, runs: list[Run] | None = None) -> float:
        return statistics.median(fn(r) for r in (self.runs if runs is None else runs))

    @property
    def median_s(self) -> float:
        return self.median(lambda r: r.wall_s)

    # Per-notebook phases, each the median over runs (or over the runs given).
    def kernel_start(self, nb: str, runs: list[Run] | None = None) -> float:
        return self.median(lambda r: r.notebooks[nb]["setup"][0], runs)

    def kernel_stop(self, nb: str, runs: list[Run] | None = None) -> float:
        return self.median(lambda r: r.notebooks[nb]["teardown"][-1], runs)

    def imports(self, nb: str, runs: list[Run] | None = None) -> float:
        flags = self.import_cells[nb]
        return self.median(lambda r: sum(t for t, imp in zip(r.notebooks[nb]["call"], flags) if imp), runs)

    def cells(self, nb: str, runs: list[Run] | None = None) -> float:
        """The code cells that do more than import, with every cell's own set-up and tear-down
        (all but the first set-up and the last tear-down, which start and stop the kernel)."""
        flags = self.import_cells[nb]

        def rest(r: Run) -> float:
            p = r.notebooks[nb]
            return sum(t for t, imp in zip(p["call"], flags) if not imp) + sum(p["setup"][1:]) + sum(p["teardown"][:-1])

        return self.median(rest, runs)

    def total(self, nb: str, runs: list[Run] | None = None) -> float:
        return self.median(lambda r: sum(sum(v) for v in r.notebooks[nb].values()), runs)

    def cell_times(self, nb: str) -> list[float]:
        return [
            statistics.median(r.notebooks[nb]["call"][k] for r in self.runs) for k in range(len(self.import_cells[nb]))
        ]

    def summed(self, phase) -> float:
        """A per-notebook phase summed over the notebooks: summed within each run, then the median
        over runs (which is not the sum of the per-notebook medians)."""
        return statistics.median(sum(phase(nb, [r]) for nb in self.import_cells) for r in self.runs)


def child_env(extra: dict[str, str]) -> dict[str, str]:
    """The caller's environment, with make's exports where unset and the project root (and the
    plugin's folder) first on PYTHONPATH."""
    env = dict(os.environ)
    for k, v in MAKE_ENV.items():
        env.setdefault(k, str(ROOT / v) if v.startswith(".cache") else v)
        if v.startswith(".cache"):
            Path(env[k]).mkdir(parents=True, exist_ok=True)
    env.update(extra)
    return env


def run_child(argv: list[str], work: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Run argv from the project root in a fresh process; exit on failure. Returns (wall seconds,
    epoch at start, epoch at exit)."""
    out_path, err_path = work / ".bench-stdout", work / ".bench-stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        epoch0, t0 = time.time(), time.perf_counter()
        proc = subprocess.run(argv, cwd=ROOT, env=env, stdout=out, stderr=err, check=False)
        wall, epoch1 = time.perf_counter() - t0, time.time()
    if proc.returncode != 0:
        text = out_path.read_text(encoding="utf-8", errors="replace") + err_path.read_text(
            encoding="utf-8", errors="replace"
        )
        sys.exit(f"bench: {' '.join(argv)} exited with {proc.returncode}:\n{text[-3000:]}")
    return wall, epoch0, epoch1


def has_import(source: str) -> bool:
    """Whether a code cell has a top-level import statement (IPython magics aside): the set-up cell
    of a notebook, which may also set an option or two."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        body = ast.parse("\n".join(lines)).body
    except SyntaxError:
        return False
    return any(isinstance(s, (ast.Import, ast.ImportFrom)) for s in body)


def import_cells(folder: Path) -> dict[str, list[bool]]:
    out = {}
    for path in sorted(folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        out[path.name] = [has_import("".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "code"]
    return out


def write_trivial(folder: Path, n: int) -> None:
    """n copies of the trivial notebook, without outputs (nbclient fills them)."""
    folder.mkdir()
    for i in range(1, n + 1):
        cells = [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell-{k}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for k, src in enumerate(TRIVIAL_CELLS)
        ]
        nb = {
            "cells": cells,
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                "language_info": {"name": "python"},
            },
        }
        (folder / f"trivial_{i:02d}.ipynb").write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def measure_once(m: Measurement, work: Path, env: dict[str, str]) -> Run:
    timings = work / "timings.json"
    timings.unlink(missing_ok=True)
    wall, epoch0, epoch1 = run_child(m.command, work, env | {"MMN_BENCH_TIMINGS": str(timings)})
    data = json.loads(timings.read_text(encoding="utf-8"))
    notebooks: dict[str, dict[str, list[float]]] = {}
    for nodeid, when, duration, outcome in data["reports"]:
        if outcome not in ("passed", "skipped"):
            sys.exit(f"bench: {nodeid} {when} {outcome}")
        name = Path(nodeid.split("::")[0]).name
        notebooks.setdefault(name, {"setup": [], "call": [], "teardown": []})[when].append(duration)
    if set(notebooks) != set(m.import_cells):
        sys.exit(f"bench: {m.name}: pytest ran {sorted(notebooks)}, expected {sorted(m.import_cells)}")
    return Run(
        wall_s=wall,
        startup_s=data["session_start"] - epoch0,
        collect_s=data["collection_finish"] - data["session_start"],
        finish_s=epoch1 - data["session_finish"],
        notebooks=notebooks,
    )


def pair_ratios(coll: Measurement, triv: Measurement) -> list[float]:
    """Each collection run over the trivial run just before it: the spread shows the machine's noise."""
    return [c.wall_s / t.wall_s for c, t in zip(coll.runs, triv.runs)]


def markdown(coll: Measurement, triv: Measurement) -> str:
    ratio = coll.median_s / triv.median_s
    n = coll.count
    lines = [
        "| run | notebooks | code cells | wall time (median) | per notebook |",
        "|---|---:|---:|---:|---:|",
        f"| trivial notebooks (import pandas, matplotlib; one chart) | {triv.count} | {triv.code_cells} "
        f"| {fmt_s(triv.median_s)} (n={len(triv.runs)}) | {fmt_s(triv.median_s / triv.count)} |",
        f"| the collection, `notebooks/` | {n} | {coll.code_cells} | {fmt_s(coll.median_s)} (n={len(coll.runs)}) "
        f"| {fmt_s(coll.median_s / n)} |",
        f"| **collection / trivial** | | | **{ratio:.2f}x** (target <= {TARGET_RATIO:g}x) "
        f"| pairs: {', '.join(f'{x:.2f}x' for x in pair_ratios(coll, triv))} |",
        "",
        "Where the time goes (medians over runs; per-notebook phases summed over the notebooks):",
        "",
        "| phase | collection | trivial | difference |",
        "|---|---:|---:|---:|",
    ]
    phases = [
        ("Python, pytest and nbval start (to session start)", lambda m: m.median(lambda r: r.startup_s)),
        ("collecting the .ipynb files", lambda m: m.median(lambda r: r.collect_s)),
        (f"kernel start ({n} kernels)", lambda m: m.summed(m.kernel_start)),
        ("cells that import (imports, set-up)", lambda m: m.summed(m.imports)),
        ("other cells (data, tables, charts)", lambda m: m.summed(m.cells)),
        (f"kernel shutdown ({n} kernels)", lambda m: m.summed(m.kernel_stop)),
        ("pytest summary and exit", lambda m: m.median(lambda r: r.finish_s)),
        ("unaccounted", lambda m: m.median(lambda r: r.other_s)),
    ]
    for label, fn in phases:
        c, t = fn(coll), fn(triv)
        lines.append(f"| {label} | {fmt_s(c)} | {fmt_s(t)} | {c - t:+.2f} s |")
    fixed = lambda m: m.median(lambda r: r.startup_s + r.collect_s + r.finish_s)  # noqa: E731
    lines.append(
        f"| *fixed cost, once per pytest run (start, collect, exit)* | {fmt_s(fixed(coll))} "
        f"| {fmt_s(fixed(triv))} | {fixed(coll) - fixed(triv):+.2f} s |"
    )
    lines.append(
        f"| **wall time** | **{fmt_s(coll.median_s)}** | **{fmt_s(triv.median_s)}** "
        f"| **{coll.median_s - triv.median_s:+.2f} s** |"
    )
    lines += [
        "",
        "Per notebook, slowest first (medians over runs; the trivial row is the median trivial notebook):",
        "",
        "| notebook | code cells | kernel start | import cells | other cells | kernel shutdown | total "
        "| slowest cells |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for nb in sorted(coll.import_cells, key=coll.total, reverse=True):
        times = coll.cell_times(nb)
        slow = sorted(range(len(times)), key=lambda k: times[k], reverse=True)[:2]
        lines.append(
            f"| {nb} | {len(times)} | {fmt_s(coll.kernel_start(nb))} | {fmt_s(coll.imports(nb))} "
            f"| {fmt_s(coll.cells(nb))} | {fmt_s(coll.kernel_stop(nb))} | {fmt_s(coll.total(nb))} "
            f"| {', '.join(f'Cell {k}: {times[k]:.2f} s' for k in slow)} |"
        )
    med = lambda fn: statistics.median(fn(nb) for nb in triv.import_cells)  # noqa: E731
    lines.append(
        f"| *trivial notebook* | {len(TRIVIAL_CELLS)} | {fmt_s(med(triv.kernel_start))} "
        f"| {fmt_s(med(triv.imports))} | {fmt_s(med(triv.cells))} | {fmt_s(med(triv.kernel_stop))} "
        f"| {fmt_s(med(triv.total))} | |"
    )
    return "\n".join(lines)


def as_json(m: Measurement) -> dict:
    return {
        "command": m.command,
        "notebooks": m.count,
        "code_cells": m.code_cells,
        "times_s": [r.wall_s for r in m.runs],
        "median_s": m.median_s,
        "per_notebook": {
            nb: {
                "kernel_start_s": m.kernel_start(nb),
                "import_cells_s": m.imports(nb),
                "other_cells_s": m.cells(nb),
                "kernel_stop_s": m.kernel_stop(nb),
                "total_s": m.total(nb),
                "cell_call_s": m.cell_times(nb),
            }
            for nb in m.import_cells
        },
        "runs": [
            {
                "wall_s": r.wall_s,
                "startup_s": r.startup_s,
                "collect_s": r.collect_s,
                "tests_s": r.tests_s,
                "finish_s": r.finish_s,
                "other_s": r.other_s,
                "phases": r.notebooks,
            }
            for r in m.runs
        ],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=3, help="runs of each validation (median)")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    if args.repeat < 1:
        p.error("--repeat must be 1 or more")
    if args.json and any(d in args.json.resolve().parents for d in (ROOT / "data", NOTEBOOKS)):
        p.error("the benchmark never writes into data/ or notebooks/; give a --json path elsewhere")
    n = len(list(NOTEBOOKS.glob("*.ipynb")))
    if n == 0:
        p.error(f"no notebooks in {NOTEBOOKS}")

    started = time.perf_counter()
    py = sys.executable
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    pytest = [
        py,
        "-m",
        "pytest",
        "-c",
        str(ROOT / "pyproject.toml"),
        "-o",
        "addopts=",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "-q",
        "-p",
        PLUGIN_NAME,
    ]
    with tempfile.TemporaryDirectory(prefix="mmn-bench-nb-") as tmp:
        work = Path(tmp)
        (work / f"{PLUGIN_NAME}.py").write_text(PLUGIN, encoding="utf-8")
        env = child_env({})
        env["PYTHONPATH"] = os.pathsep.join(
            [str(ROOT), str(work)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
        )
        log(f"bench: python {platform.python_version()} ({py}); temp folder {work}")

        trivial = work / "trivial"
        write_trivial(trivial, n)
        t0 = time.perf_counter()
        run_child(
            [py, "-m", "mmn_analysis", "notebooks", *sorted(map(str, trivial.glob("*.ipynb")))],
            work,
            env,
        )
        log(f"bench: executed {n} trivial notebooks with nbclient in {fmt_s(time.perf_counter() - t0)}")

        coll = Measurement("collection", pytest + ["notebooks/"], import_cells(NOTEBOOKS))
        triv = Measurement("trivial", pytest + [str(trivial)], import_cells(trivial))
        for k in range(args.repeat):
            for m in (triv, coll):
                m.runs.append(measure_once(m, work, env))
                log(f"bench: run {k + 1}/{args.repeat} {m.name:<10} {fmt_s(m.runs[-1].wall_s)}")

    total = time.perf_counter() - started
    ratio = coll.median_s / triv.median_s
    table = markdown(coll, triv)
    print(ratio_line("collection", coll.median_s, f"{n} trivial notebooks", triv.median_s, TARGET_RATIO))
    print()
    print(table)
    print()
    print(machine_line(total))

    if args.json:
        data = {
            "target_ratio": TARGET_RATIO,
            "ratio_collection_to_trivial": ratio,
            "pair_ratios": pair_ratios(coll, triv),
            "trivial_cells": TRIVIAL_CELLS,
            "collection": as_json(coll),
            "trivial": as_json(triv),
            "total_s": total,
            "markdown": table,
        }
        save_json(args.json, data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
