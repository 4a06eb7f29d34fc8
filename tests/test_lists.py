"""A numbered list introduced as a set has its length as a figure, proved by the list itself."""

from __future__ import annotations

import re

import pytest
from register_edit import complaint

import mmn_analysis as mmn


@pytest.fixture(scope="module")
def lists():
    f = mmn.load("figures")
    return f[f["stated_in"] == "list"].set_index("id")


def test_the_lists_a_reader_would_count_have_their_length(lists):
    got = {(r["unit"], r["value"]) for _, r in lists.iterrows()}
    assert {("areas", 7), ("lessons", 6), ("panels", 7), ("areas", 5)} <= got


def test_the_list_s_labels_run_from_one_to_its_length_after_the_quote(lists, real):
    lines = real.report.lines
    for rid, r in lists.iterrows():
        n = int(r["value"])
        after = "\n".join(lines[r["line"] - 1 :])
        after = after[after.index(r["quote"]) + len(r["quote"]) :]
        label = r["figure"].replace(str(n), "{}")
        positions = [after.find(label.format(k)) for k in range(1, n + 1)]
        assert -1 not in positions and positions == sorted(positions), rid


def test_the_quote_introduces_the_list_and_shows_no_number(lists):
    for rid, r in lists.iterrows():
        assert r["quote"].rstrip().endswith(":"), rid
        assert not re.search(r"\d", r["quote"]), rid


def test_a_list_s_length_reads_as_a_count(lists):
    assert lists.loc["ach-1-1-17", "figure_display"] == "a list of 7"
    assert (lists["qualifier"] == "exact").all()


def test_the_last_label_is_accounted_for_by_the_list_row(real):
    by_row = {m.accounted_by: m for m in real.mentions if m.accounted_by.startswith("ach-1-2-03")}
    assert by_row["ach-1-2-03"].text == "7" and "Panel 7" in by_row["ach-1-2-03"].context


@pytest.mark.parametrize(
    "figure, fragment",
    [("(8)", "label 8 of the list does not follow"), ("(6)", "the list goes on past 6"), ("seven", "not a numbered")],
)
def test_a_length_the_list_does_not_bear_out_is_refused(tmp_path, figure, fragment):
    problem = complaint(tmp_path, "ach-1-1-17", figure=figure)
    assert "column 'figure'" in problem and fragment in problem
