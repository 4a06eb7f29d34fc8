"""mmn.load() names the file, row and column of a damaged table, and says what to do; wrong calls get clear errors."""

from __future__ import annotations

import shutil

import pytest

import mmn_analysis as mmn
from mmn_analysis.cli import main
from mmn_analysis.errors import InputError
from mmn_analysis.outputs.schema import TABLES
from mmn_analysis.paths import PROCESSED

REBUILD = "python -m mmn_analysis build"


@pytest.fixture()
def processed(tmp_path):
    folder = tmp_path / "processed"
    shutil.copytree(PROCESSED, folder)
    return folder


def replace_line(path, number: int, change) -> None:
    """Rewrite line ``number`` (1 = the header) of a file with ``change(line)``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[number - 1] = change(lines[number - 1])
    path.write_text("\n".join(lines), encoding="utf-8")


def field(path, line: int, column: str) -> str:
    """The unquoted text of a simple field (no commas or quotes) on a line of the figures table."""
    import csv

    rows = list(csv.reader(path.read_text(encoding="utf-8").split("\n")[: line + 1]))
    return rows[line - 1][rows[0].index(column)]


@pytest.mark.parametrize("name", [["figures"], ("figures",), None, 3, b"figures"])
def test_a_name_that_is_not_a_string_is_a_type_error(name):
    with pytest.raises(TypeError, match="a table name is a string"):
        mmn.load(name)


def test_a_list_of_names_gets_a_hint_for_loading_several():
    with pytest.raises(TypeError, match=r"to load several: \{n: mmn.load\(n\) for n in names\}"):
        mmn.load(["figures", "sources"])


def test_an_unknown_table_suggests_the_nearest_name():
    with pytest.raises(KeyError, match=r"did you mean 'figures'.*available: figures, destinations"):
        mmn.load("figure")


def test_describe_refuses_wrong_names_the_same_way():
    with pytest.raises(TypeError):
        mmn.describe(["figures"])
    with pytest.raises(KeyError, match="available"):
        mmn.describe("nope")


def test_the_command_line_describe_of_an_unknown_table_is_one_line(capsys):
    assert main(["describe", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no table 'nope'" in err


def test_a_missing_table_says_how_to_build_it(processed):
    (processed / "figures.csv").unlink()
    with pytest.raises(InputError, match=rf"figures.csv: is missing \(expected the table's file: .*{REBUILD}"):
        mmn.load("figures", processed)


def test_a_missing_processed_folder_says_how_to_build_it(tmp_path):
    with pytest.raises(InputError, match=REBUILD):
        mmn.load("figures", tmp_path / "nowhere")


def test_a_folder_where_the_table_should_be_is_named(processed):
    (processed / "figures.csv").unlink()
    (processed / "figures.csv").mkdir()
    with pytest.raises(InputError, match=r"figures\.csv: is a folder"):
        mmn.load("figures", processed)


def test_a_renamed_column_is_named_with_the_header_row(processed):
    replace_line(processed / "figures.csv", 1, lambda line: line.replace(",value,", ",valeur,"))
    with pytest.raises(InputError) as e:
        mmn.load("figures", processed)
    assert "figures.csv, row 1, column 'value': column is missing or renamed" in str(e.value)
    assert "column 'valeur': unexpected column" in str(e.value)
    assert REBUILD in str(e.value)


def test_a_ragged_row_is_named_by_its_row(processed):
    replace_line(processed / "destinations.csv", 4, lambda line: line + ",extra")
    with pytest.raises(InputError, match=r"destinations.csv, row 4: row has \d+ fields \(expected \d+ fields"):
        mmn.load("destinations", processed)


def test_a_short_row_is_named_by_its_row(processed):
    replace_line(processed / "acronyms.csv", 3, lambda line: line.rsplit(",", 1)[0])
    with pytest.raises(InputError, match=r"acronyms.csv, row 3: row has 2 fields \(expected 3 fields"):
        mmn.load("acronyms", processed)


@pytest.mark.parametrize("bad", ["abc", "1,5", "inf", "nan", "1e", "0x10", "\u0661\u0662"])
def test_a_non_numeric_value_in_a_number_column_is_named_by_row_and_column(processed, bad):
    path = processed / "acronyms.csv"
    replace_line(path, 2, lambda line: line.rsplit(",", 1)[0] + "," + (f'"{bad}"' if "," in bad else bad))
    with pytest.raises(InputError, match=r"acronyms.csv, row 2, column 'line': .* is not a whole number"):
        mmn.load("acronyms", processed)


def test_a_float_column_refuses_words(processed):
    path = processed / "remittances.csv"
    value = field(path, 2, "value")
    replace_line(path, 2, lambda line: line.replace(f",{value},", ",lots,", 1))
    with pytest.raises(InputError, match=r"remittances.csv, row 2, column 'value': 'lots' is not a number"):
        mmn.load("remittances", processed)


def test_a_blank_in_a_required_column_is_named(processed):
    replace_line(processed / "acronyms.csv", 2, lambda line: "," + line.split(",", 1)[1])
    with pytest.raises(
        InputError, match=r"acronyms.csv, row 2, column 'acronym': is blank, and the column is required"
    ):
        mmn.load("acronyms", processed)


def test_bytes_that_are_not_utf8_are_named_by_row_and_column(processed):
    path = processed / "acronyms.csv"
    data = path.read_bytes().split(b"\n")
    data[3] = data[3].replace(b",", b",\xe9", 1)  # a Latin-1 e-acute at the start of the second field of row 4
    path.write_bytes(b"\n".join(data))
    with pytest.raises(InputError, match=r"acronyms.csv, row 4, column 'expansion': not valid UTF-8: byte 0xe9"):
        mmn.load("acronyms", processed)


def test_an_empty_file_is_named(processed):
    (processed / "members.csv").write_bytes(b"")
    with pytest.raises(InputError, match=r"members\.csv: the file is empty"):
        mmn.load("members", processed)


def test_an_unterminated_quote_is_named(processed):
    replace_line(processed / "acronyms.csv", 2, lambda line: '"' + line)
    with pytest.raises(InputError, match=r"acronyms\.csv, row .*: malformed CSV"):
        mmn.load("acronyms", processed)


def test_a_repaired_table_loads_again(processed):
    good = (processed / "acronyms.csv").read_bytes()
    (processed / "acronyms.csv").write_bytes(b"")
    with pytest.raises(InputError):
        mmn.load("acronyms", processed)
    (processed / "acronyms.csv").write_bytes(good)
    assert len(mmn.load("acronyms", processed)) == good.count(b"\n") - 1


def test_load_returns_every_column_of_the_schema_typed(processed):
    df = mmn.load("sources", processed)
    assert list(df.columns) == TABLES["sources"].columns
    assert str(df["number"].dtype) == "Int64"
    assert str(df["title"].dtype).startswith("string")


def test_tables_leaves_the_row_count_of_a_damaged_table_blank(monkeypatch, processed):
    (processed / "members.csv").write_bytes(b"\xff\xfe")
    monkeypatch.setattr("mmn_analysis.api.PROCESSED", processed)
    t = mmn.tables().set_index("table")
    assert t.loc["members", "rows"] is mmn.tables()["rows"].dtype.na_value
    assert t.loc["figures", "rows"] > 0
