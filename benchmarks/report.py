"""What both benchmarks print and save: the ratio against its target, the machine, the JSON file."""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path


def fmt_s(s: float) -> str:
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def ratio_line(what: str, measured: float, baseline: str, base: float, target: float) -> str:
    ratio = measured / base
    return (
        f"{what} {fmt_s(measured)} / {baseline} {fmt_s(base)} = {ratio:.2f}x "
        f"(target <= {target:g}x: {'met' if ratio <= target else 'NOT met'})"
    )


def machine_line(total_s: float) -> str:
    return (
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} CPUs; the benchmark took {fmt_s(total_s)}."
    )


def save_json(path: Path | None, data: dict) -> None:
    """Write the figures, with the machine they were measured on, if a path was given."""
    if path is None:
        return
    data = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()} | data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {path}")
