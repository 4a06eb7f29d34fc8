"""Execute the collection's notebooks in place, so their stored outputs are what the code produces.

    python -m mmn_analysis notebooks notebooks/*.ipynb

Each notebook runs top to bottom in a fresh ``python3`` kernel from the notebook's folder, without
timing metadata; a notebook whose outputs did not change is not rewritten.

The kernel's manager gives it CurveZMQ keys (jupyter_client 8.10; ipykernel declares that it supports
them), so code and outputs cross the loopback encrypted, and the kernel does not warn that they go over
TCP in plain text. ``jupyter/jupyter_server_config.py`` does the same for the kernels of ``make lab``.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

from ..paths import ROOT

#: Encrypt the kernel's channels whenever its kernelspec supports it (as ipykernel's does).
KERNEL_CONFIG = Config({"KernelManager": {"transport_encryption": "auto"}})


def execute(path: Path, timeout: int = 600) -> bool:
    """Run one notebook; write it back only if anything changed. Returns whether it was written."""
    original = path.read_text(encoding="utf-8")
    nb = nbformat.reads(original, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        config=KERNEL_CONFIG,
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    text = nbformat.writes(nb) + "\n"
    if text == original:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def run(paths: list[Path]) -> int:
    """Execute notebooks in place, printing one line each (``python -m mmn_analysis notebooks``)."""
    for p in paths:
        changed = execute(p.resolve())
        shown = p.resolve().relative_to(ROOT).as_posix() if p.resolve().is_relative_to(ROOT) else p.name
        print(f"{shown:<45} {'executed, outputs updated' if changed else 'executed, unchanged'}")
    return 0
