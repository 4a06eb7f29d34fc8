"""Packaging hook: the processed tables ship inside the package, copied from data/processed/ at build time.

data/processed/ stays the one committed copy. Building a wheel (``pip install .``) copies the
tables it lists in datapackage.json, and datapackage.json itself, into ``mmn_analysis/_processed/``
of the wheel, where an installed ``mmn_analysis.load`` finds them. An editable install reads
data/processed/ in place and copies nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

PROCESSED = Path(__file__).resolve().parent / "data" / "processed"


class BuildPyWithTables(build_py):
    """build_py, plus the processed tables copied into the package being built."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        descriptor = PROCESSED / "datapackage.json"
        if not descriptor.is_file():
            raise SystemExit(f"{descriptor} is missing: run `python -m mmn_analysis build` before packaging")
        names = ["datapackage.json"] + [r["path"] for r in json.loads(descriptor.read_text("utf-8"))["resources"]]
        dest = Path(self.build_lib) / "mmn_analysis" / "_processed"
        dest.mkdir(parents=True, exist_ok=True)
        for name in names:
            if "/" in name or "\\" in name or not (PROCESSED / name).is_file():
                raise SystemExit(f"data/processed/{name} is missing or not a plain file name: rebuild the tables")
            shutil.copyfile(PROCESSED / name, dest / name)


setup(cmdclass={"build_py": BuildPyWithTables})
