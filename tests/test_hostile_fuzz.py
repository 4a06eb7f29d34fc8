"""Random hostile cells in every column of every hand-kept file: the build accepts or refuses, and never crashes.

Whatever a cell holds (control and bidi characters, digits of other scripts, formula starts, markup,
dates, huge or empty text), the command line exits 0 or 1 (accepted) or 2 (refused, one line per
problem naming its file, and row and column where it has them); never a traceback or an internal error.
"""

from __future__ import annotations

import csv
import io
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mmn_analysis.cli import main
from mmn_analysis.paths import PROCESSED, RAW

FILES = {
    "register/overview.csv": 3,
    "register/achievements.csv": 5,
    "footnotes.csv": 3,
    "members.csv": 2,
    "calendar.csv": 4,
}
COLUMNS = [
    (file, row, column)
    for file, row in FILES.items()
    for column in next(csv.reader(io.StringIO((RAW / file).read_text(encoding="utf-8"))))
]
NASTY = [
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x1b",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\u00a0",
    "\u2028",
    "\u0662",
    "\u00b2",
    "\uff12",
    "<script>",
    "javascript:",
    '"',
    ",",
    "2017-02-30",
    "0000",
    " ",
]
CELLS = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(NASTY) | st.text(alphabet="0123456789-/abcXYZ ", max_size=6), max_size=6).map("".join),
    st.sampled_from(["", "x" * 3000, "2017", "2017/2018", "51", "Female", "overview", "ov-intro-01"]),
)


def edit(path, row: int, column: str, value: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[row - 1][rows[0].index(column)] = value
    buf = io.StringIO(newline="")
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(place=st.sampled_from(COLUMNS), value=CELLS)
def test_any_cell_is_accepted_or_refused_cleanly(tmp_path, capsys, place, value):
    file, row, column = place
    work = tmp_path / "work"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(RAW, work / "raw")
    edit(work / "raw" / file, row, column, value)
    code = main(["--raw", str(work / "raw"), "--processed", str(PROCESSED), "check"])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 1, 2)
    if code == 2:
        lines = err.splitlines()
        assert lines[-1] == "nothing was written: data/processed/ is as it was."
        assert all(line.startswith("error: ") and ": " in line[7:] for line in lines[:-1]), err
