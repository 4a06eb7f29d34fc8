"""The register of figures: every row traces to a verbatim quote of the report."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mmn_analysis.errors import InputError
from mmn_analysis.inputs.register import read_register, verify_register
from mmn_analysis.inputs.report import load_report
from mmn_analysis.parse.numbers import parse_figure
from mmn_analysis.paths import RAW


def test_every_quote_is_a_verbatim_substring_of_the_report(inputs):
    report, _ = inputs
    for row in read_register(RAW):
        assert row.values["quote"] in report.text, f"{row.file} row {row.number}"


def test_every_figure_sits_in_its_quote_and_its_number_in_the_report(inputs):
    report, got = inputs
    for f in got.figures:
        [(start, end)] = f.figure_spans
        assert report.text[start:end] == f["figure"]
        if f["stated_in"] != "list":  # a list's length is its last label, after the quote (test_lists)
            assert f["figure"] in f["quote"]
            assert f.offset <= start and end <= f.offset + len(f["quote"])
        if f.parsed is not None:
            assert f.parsed.number_text in f["figure"]
            assert parse_figure(f["figure"]).value == f.parsed.value


def test_every_processed_figure_traces_to_its_quote(real):
    text = real.report.text
    for rec in real.tables["figures"]:
        assert rec["quote"] in text
        assert rec["figure"] in rec["quote"] or rec["stated_in"] == "list"
        line = text.split("\n")[rec["line"] - 1]
        assert rec["quote"] in line


def test_ids_are_unique_across_register_files():
    ids = [r.values["id"] for r in read_register(RAW)]
    assert len(ids) == len(set(ids))


def test_every_footnote_cited_by_a_figure_is_in_sources(real):
    sources = {s["source_id"] for s in real.tables["sources"]}
    for rec in real.tables["figures"]:
        if rec["source_id"]:
            assert rec["source_id"] in sources


def test_ibid_notes_cite_the_work_of_the_note_they_point_to(real):
    by_id = {s["source_id"]: s for s in real.tables["sources"]}
    assert by_id["overview-2"]["cites_source_id"] == "overview-1"
    for s in real.tables["sources"]:
        target = by_id[s["cites_source_id"]]
        assert target["cites_source_id"] == target["source_id"]  # resolved to a real work, not another Ibid


def test_figures_keep_the_report_s_qualifiers(real):
    figs = {r["id"]: r for r in real.tables["figures"]}
    by_figure = {(r["figure"], r["chapter"]): r for r in figs.values()}
    assert by_figure[("more than 34,000", "overview")]["qualifier"] == "at_least"
    assert by_figure[("nearly 67,000", "overview")]["qualifier"] == "at_most"
    assert by_figure[("an estimated 4.25 million", "overview")]["value"] == 4_250_000
    assert by_figure[("2,000 to 100,000 baht", "overview")]["unit"] == "THB"


def test_a_figure_backed_by_an_ibid_names_the_work_it_points_to(real):
    figs = {r["id"]: r for r in real.tables["figures"]}
    ibid = next(r for r in figs.values() if r["source_id"] == "overview-2")
    assert ibid["cited_source_id"] == "overview-1"
    for r in figs.values():
        assert bool(r["cited_source_id"]) == bool(r["source_id"])


def test_a_row_s_line_is_where_its_own_statement_stands(real):
    report = real.report
    for rec in real.tables["figures"]:
        start = report.line_starts[rec["line"] - 1]
        place = report.section_at(start)
        assert (place.chapter, place.title) == (rec["chapter"], rec["section"]), rec["id"]
        if rec["stated_in"] == "footnote_title":
            assert report.footnotes[(rec["chapter"], rec["footnote"])].line == rec["line"], rec["id"]


def test_a_quote_printed_twice_gives_each_row_its_own_printing(real):
    lines = {r["id"]: r["line"] for r in real.tables["figures"]}
    text = real.report.lines
    assert text[lines["ach-intro-01"] - 1] == "Achievements in 2017"  # the heading, not the contents line
    assert text[lines["ach-3-3-05"] - 1] == "22 November 2017"  # the statement's date line, not footnote 5
    assert lines["ach-3-3-04"] < lines["ach-3-3-05"] < lines["ach-3-3-06"]  # the title printed before and after it
    assert text[lines["ov-tha-17"] - 1].startswith("⁴³") and text[lines["ov-tha-18"] - 1].startswith("⁴⁵")


def test_a_figure_written_twice_in_its_quote_is_its_first(inputs):
    _, got = inputs
    [row] = [f for f in got.figures if f["id"] == "ach-1-1-04"]
    [(start, _)] = row.figure_spans
    assert start == row.offset + row["quote"].index("one consultation")


def test_a_register_verified_again_is_reused_only_while_every_row_and_the_report_are_the_same():
    report, rows = load_report(RAW), read_register(RAW)
    first = verify_register(report, rows)
    assert verify_register(report, list(rows)) == first
    edited = [replace(rows[0], values=dict(rows[0].values, quote=rows[0].values["quote"] + " Not in the report."))]
    with pytest.raises(InputError, match="quote"):
        verify_register(report, edited + rows[1:])
    other = replace(report, text=report.text.replace(rows[0].values["quote"], "A sentence the report lost."))
    with pytest.raises(InputError, match="quote"):
        verify_register(other, rows)
