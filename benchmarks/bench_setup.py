#!/usr/bin/env python3
"""Benchmark the set-up: `make setup` on a fresh copy of the project against plain pip.

1. The baseline: `python3 -m venv` and `pip install -r requirements.lock` into that new venv, as
   the Makefile did before uv (pip with the machine's own configuration).
2. The main command's set-up: `make setup` in a fresh copy of the project (its tracked files, no
   .venv): a venv without pip, uv bootstrapped into it with pip, the lock installed with uv, the
   package (editable) and the python3 kernel. Its own lines, step by step, are printed too.
3. Their ratio (the target is 0.35x or less; printed, not asserted), first with empty caches (a
   newcomer's first set-up: both download everything), then, with --warm, again into new venvs with
   the caches the first round filled. Both installers get caches of their own in the temporary
   folder, so the user's caches neither help nor change.
4. The first import of what `make` and `make test` use, in each new venv, as make runs it (bytecode
   written): pip compiles every module at install, uv leaves it to that first import, so this is the
   part of the set-up that uv defers.
5. A check that both venvs hold the same version of every package (uv reads no pip configuration,
   so this shows it resolved the lock's pins just as pip did).

Everything is written to a temporary folder and removed afterwards. Standard library only; needs
network access to the package index, git (to list the tracked files) and make.

    python3 benchmarks/bench_setup.py [--warm] [--json PATH]      # about two minutes, four with --warm
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newcomer import ROOT, fresh_copy, newcomer_env, timed
from report import fmt_s, machine_line, ratio_line, save_json

TARGET_RATIO = 0.35
#: What `make` and `make test` import first.
STACK = "import pandas, matplotlib.pyplot, openpyxl, pycountry, nbclient, nbval, ipykernel, jupyter_client, pytest"


def versions(python: Path) -> dict[str, str]:
    """Every installed distribution and its version, but pip and the project itself."""
    out = subprocess.run(
        [str(python), "-c", "import importlib.metadata as m\nfor d in m.distributions(): print(d.name, d.version)"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pairs = (line.split(" ", 1) for line in out.splitlines())
    return {name.lower().replace("_", "-"): v for name, v in pairs if name.lower() not in ("pip", "mmn-analysis")}


def plain_pip(work: Path, name: str, env: dict[str, str]) -> tuple[float, Path]:
    venv = work / name
    t_venv, _ = timed([sys.executable, "-m", "venv", str(venv)], work, env)
    t_pip, _ = timed(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements.lock")],
        work,
        env,
    )
    return t_venv + t_pip, venv / "bin" / "python"


def make_setup(clone: Path, env: dict[str, str]) -> tuple[float, str]:
    return timed(["make", "--no-print-directory", "setup", f"PYTHON={sys.executable}"], clone, env)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--warm", action="store_true", help="also time a second set-up with the caches filled")
    p.add_argument("--json", type=Path, metavar="PATH", help="also write the figures as JSON to PATH")
    args = p.parse_args(argv)
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    started = time.perf_counter()
    rounds: dict[str, dict[str, float]] = {}
    make_lines: dict[str, str] = {}

    with tempfile.TemporaryDirectory(prefix="mmn-bench-setup-") as tmp:
        work = Path(tmp)
        env = newcomer_env(PIP_CACHE_DIR=str(work / "pip-cache"), UV_CACHE_DIR=str(work / "uv-cache"))
        bytecode_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
        log(f"bench: python {platform.python_version()} ({sys.executable}); temp folder {work}")
        for name in ["cold", "warm"] if args.warm else ["cold"]:
            pip_s, pip_python = plain_pip(work, f"pip-venv-{name}", env)
            log(f"bench: {name}: python -m venv + pip install -r requirements.lock  {fmt_s(pip_s)}")
            clone = fresh_copy(work / f"clone-{name}")
            make_s, output = make_setup(clone, env)
            log(f"bench: {name}: make setup  {fmt_s(make_s)}")
            first_pip, _ = timed([str(pip_python), "-c", STACK], work, bytecode_env)
            first_make, _ = timed([str(clone / ".venv" / "bin" / "python"), "-c", STACK], work, bytecode_env)
            rounds[name] = {
                "pip_s": pip_s,
                "make_setup_s": make_s,
                "ratio": make_s / pip_s,
                "pip_first_import_s": first_pip,
                "make_setup_first_import_s": first_make,
            }
            make_lines[name] = output
            by_pip, by_make = versions(pip_python), versions(clone / ".venv" / "bin" / "python")
            by_pip.pop("uv", None)  # the bootstrap, which only make setup installs
            by_make.pop("uv", None)
            if by_pip != by_make:
                diff = sorted(set(by_pip.items()) ^ set(by_make.items()))
                sys.exit(f"bench: the two venvs differ: {diff}")
        same = len(by_make)

    total = time.perf_counter() - started
    cold = rounds["cold"]
    print(ratio_line("make setup", cold["make_setup_s"], "plain pip", cold["pip_s"], TARGET_RATIO))
    print()
    print("| set-up into a new venv | caches | wall time | ratio | then the first import | set-up and import |")
    print("|---|---|---:|---:|---:|---:|")
    for name, r in rounds.items():
        caches = "empty (first set-up)" if name == "cold" else "filled by the first round"
        pip_total = r["pip_s"] + r["pip_first_import_s"]
        make_total = r["make_setup_s"] + r["make_setup_first_import_s"]
        print(
            f"| `python -m venv` + `pip install -r requirements.lock` | {caches} | {fmt_s(r['pip_s'])} | "
            f"| {fmt_s(r['pip_first_import_s'])} | {fmt_s(pip_total)} |"
        )
        print(
            f"| `make setup` (uv) | {caches} | {fmt_s(r['make_setup_s'])} | **{r['ratio']:.2f}x** "
            f"| {fmt_s(r['make_setup_first_import_s'])} | {fmt_s(make_total)} ({make_total / pip_total:.2f}x) |"
        )
    print()
    print(f"The first import: `{STACK}`, bytecode written as make lets Python write it.")
    print()
    print(f"Both venvs hold the same versions of the same {same} packages (uv aside).")
    print()
    print("What `make setup` printed (empty caches):")
    print()
    print("\n".join("    " + line for line in make_lines["cold"].splitlines()))
    print()
    print(machine_line(total))
    save_json(args.json, {"target_ratio": TARGET_RATIO, "rounds": rounds, "make_setup_output": make_lines})
    return 0


if __name__ == "__main__":
    sys.exit(main())
