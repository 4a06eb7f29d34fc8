"""Hedges: a figure the report is unsure of is never stored as exact, whatever its own words say."""

from __future__ import annotations

import re

import pytest
from register_edit import complaint

from mmn_analysis.inputs.register import read_register
from mmn_analysis.parse.hedges import HEDGE_WORDS, hedge_words, sentence_span
from mmn_analysis.paths import RAW


def _sentence(paragraph: str, needle: str) -> str:
    i = paragraph.index(needle)
    s, e = sentence_span(paragraph, i, i + len(needle))
    return paragraph[s:e]


def test_a_sentence_runs_from_full_stop_to_full_stop():
    p = "The first sentence. Estimates show that 71,000 work.³⁷ Another one."
    assert _sentence(p, "71,000") == "Estimates show that 71,000 work."


def test_abbreviations_and_initials_do_not_end_a_sentence():
    p = "Mr. Uthaiwattanachep cited B.E. 2560 and Jenina L. Lim on p. 5 in 2017. Next."
    assert _sentence(p, "2017") == p[: p.index(" Next")]


def test_the_month_may_is_not_the_verb_may():
    assert [w for _, _, w in hedge_words("In May 2017 the punishments that may follow")] == ["may"]


def test_hedge_phrases_are_found_whole():
    found = [w for _, _, w in hedge_words("remittances were likely closer to USD 8 billion, some of it informal")]
    assert found == ["likely", "closer to", "some"]
    assert hedge_words("handsome overtime, a moreover clause") == []


def test_the_issue_s_hedged_figures_are_not_exact(real):
    f = {r["id"]: r for r in real.tables["figures"]}
    usd8, share13, lao = f["ov-mmr-12"], f["ov-mmr-13"], f["ov-lao-08"]
    assert (usd8["figure"], usd8["qualifier"]) == ("USD 8 billion", "approx") and "likely" in usd8["hedge"]
    assert (share13["figure"], share13["qualifier"]) == ("13 percent", "approx") and "likely" in share13["hedge"]
    assert (lao["figure"], lao["qualifier"], lao["hedge"]) == ("71,000", "approx", "Estimates show that")


def test_a_hedged_figure_is_never_exact(real):
    hedged = [r for r in real.tables["figures"] if r["hedge"]]
    assert hedged
    assert all(r["qualifier"] != "exact" for r in hedged)


def test_a_hedge_keeps_the_bound_the_figure_s_own_words_give(real):
    around = next(r for r in real.tables["figures"] if r["id"] == "ov-vnm-02")
    assert (around["qualifier_text"], around["hedge"]) == ("around", "was estimated to be")


def test_every_hedge_word_in_a_figure_s_quote_is_recorded_waived_or_another_figure_s():
    """The whole register, swept with a plain search of each quote (independent of the build's sweep)."""
    rows = [r.values for r in read_register(RAW)]
    vocabulary = re.compile(r"\b(?:" + "|".join(map(re.escape, HEDGE_WORDS)) + r")\b", re.IGNORECASE)
    figures_by_quote: dict[str, list[str]] = {}
    for v in rows:
        figures_by_quote.setdefault(v["quote"], []).append(v["figure"])
    for v in rows:
        quote = v["quote"]
        figure_at = [
            (m.start(), m.start() + len(f)) for f in figures_by_quote[quote] for m in re.finditer(re.escape(f), quote)
        ]
        for m in vocabulary.finditer(quote):
            word = m.group()
            if word == "May" or any(a <= m.start() and m.end() <= b for a, b in figure_at):
                continue
            recorded = any(word.lower() in part.lower() for part in v["hedge"].split(";"))
            waived = f"'{word.lower()}':" in v["hedge_waived"].lower()
            assert recorded or waived, f"{v['id']}: {word!r} in {quote!r}"


def test_a_dropped_hedge_is_refused_with_its_place(tmp_path):
    problem = complaint(tmp_path, "ov-lao-08", hedge="")
    assert "register/overview.csv" in problem and "column 'hedge'" in problem and "'Estimates'" in problem


@pytest.mark.parametrize(
    "cells, fragment",
    [
        ({"hedge": "Estimates suggest that"}, "is not in the quote"),
        ({"hedge": "71,000 Lao citizens"}, "has no hedge word"),
        ({"hedge_waived": "'could': no such word"}, "column 'hedge_waived'"),
    ],
)
def test_a_wrong_hedge_or_waiver_is_refused(tmp_path, cells, fragment):
    assert fragment in complaint(tmp_path, "ov-lao-08", **cells)


def test_a_waiver_must_give_its_reason_per_word(tmp_path):
    problem = complaint(tmp_path, "ov-tha-06", hedge_waived="could")
    assert "column 'hedge'" in problem and "'could'" in problem
