"""A real, non-editable install of the package loads its tables from any folder.

The package is built from a copy of the files a clone holds (the committed tables, not data/raw)
and installed with pip into a folder of its own; python then runs from yet another folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import mmn_analysis as mmn
from mmn_analysis.paths import ROOT

SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "mmn_analysis", "data/processed"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package installed with `pip install --no-deps --no-build-isolation --target`; returns the target."""
    base = tmp_path_factory.mktemp("install")
    src, target = base / "src", base / "target"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "_processed"))
        else:
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INDEX="1", UV_OFFLINE="1")
    # The project's environment has uv (make setup installs with it) and no pip; a plain venv has pip.
    uv = Path(sys.executable).with_name("uv")
    installer = (
        [str(uv), "pip", "install", "--python", sys.executable]
        if uv.exists()
        else [sys.executable, "-m", "pip", "install"]
    )
    proc = subprocess.run(
        [*installer, "--quiet", "--no-deps", "--no-build-isolation", "--target", target, src],
        capture_output=True,
        text=True,
        env=env,
        cwd=base,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return target


def run_python(target: Path, cwd: Path, code: str) -> subprocess.CompletedProcess:
    """Run python in ``cwd`` with the installed copy first on sys.path (and no path into the clone)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    prelude = f"import sys; sys.path.insert(0, {str(target)!r})\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], capture_output=True, text=True, cwd=cwd, env=env, timeout=120
    )


def test_the_installed_package_loads_a_table_from_another_folder(installed, tmp_path):
    code = (
        "import json, mmn_analysis as mmn\n"
        "df = mmn.load('destinations')\n"
        "print(json.dumps({'file': mmn.__file__, 'rows': len(df), 'columns': list(df.columns), "
        "'first': df.iloc[0]['id']}))"
    )
    proc = run_python(installed, tmp_path, code)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert Path(out["file"]).is_relative_to(installed)  # the installed copy, not the clone
    here = mmn.load("destinations")
    assert (out["rows"], out["columns"], out["first"]) == (len(here), list(here.columns), here.iloc[0]["id"])


def test_the_installed_package_ships_the_tables_its_data_package_lists(installed):
    shipped = installed / "mmn_analysis" / "_processed"
    package = json.loads((shipped / "datapackage.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in shipped.iterdir()) == sorted(
        ["datapackage.json"] + [r["path"] for r in package["resources"]]
    )
    for r in package["resources"]:
        assert (shipped / r["path"]).read_bytes() == (ROOT / "data" / "processed" / r["path"]).read_bytes()


def test_the_installed_package_carries_the_site_templates(installed):
    assert (installed / "mmn_analysis" / "edition" / "templates" / "base.html.j2").is_file()


def test_a_table_missing_from_an_install_says_what_to_do(installed, tmp_path):
    broken = tmp_path / "target"
    shutil.copytree(installed, broken)
    (broken / "mmn_analysis" / "_processed" / "figures.csv").unlink()
    proc = run_python(broken, tmp_path, "import mmn_analysis as mmn\nmmn.load('figures')")
    assert proc.returncode == 1
    assert "figures.csv: is missing" in proc.stderr and "reinstall mmn-analysis" in proc.stderr


def test_the_installed_command_line_will_not_build_into_the_package(installed, tmp_path):
    proc = run_python(installed, tmp_path, "from mmn_analysis.cli import main; raise SystemExit(main(['build']))")
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: this copy of mmn_analysis is installed without data/raw/")
    assert "Traceback" not in proc.stderr
