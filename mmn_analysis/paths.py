"""Where the project's files live, and the one fact about the raw report we pin."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
PROCESSED = ROOT / "data" / "processed"

REPORT_FILE = "mmn_annual_report_2017.txt"
REPORT_SHA256 = "a7262e903093636540656477a82234e80d55bb043e52b82235abdb9e0df2feff"

REPORT_TITLE = "Mekong Migration Network (MMN), Annual Report 2017"
REPORT_SHORT = "MMN Annual Report 2017"
