"""Where the project's files live, and the one fact about the raw report we pin."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
RAW = ROOT / "data" / "raw"
#: Running from a clone of the repository (an editable install included), not from an installed copy.
IN_CHECKOUT = (ROOT / "pyproject.toml").is_file() and RAW.is_dir()
#: The processed tables: data/processed/ in a clone (the committed truth); in an installed package, the
#: copy of them that building the package puts beside the code (see setup.py).
PROCESSED = ROOT / "data" / "processed" if IN_CHECKOUT else PACKAGE / "_processed"

REPORT_FILE = "mmn_annual_report_2017.txt"
REPORT_SHA256 = "a7262e903093636540656477a82234e80d55bb043e52b82235abdb9e0df2feff"

REPORT_TITLE = "Mekong Migration Network (MMN), Annual Report 2017"
REPORT_SHORT = "MMN Annual Report 2017"
