"""Hedges: the words around a figure that say the report is not sure of it.

"likely closer to USD 8 billion" and "Estimates show that 71,000" hedge figures whose own words
("USD 8 billion", "71,000") are exact. The figure's own qualifier ("about 20,000") is read by
:mod:`mmn_analysis.parse.numbers`; this module finds hedge words in the rest of the sentence, so
that the register can record each one (it governs the figure) or waive it with a reason (it
governs something else: "could face up to five years" states what a law allows). Pure functions.
"""

from __future__ import annotations

import re

#: Words and phrases that hedge a statement, as a reader would look for them (matched whole, any case).
HEDGE_WORDS = (
    "an estimated",
    "estimated",
    "estimates",
    "estimate",
    "likely",
    "closer to",
    "reportedly",
    "believed",
    "thought to",
    "speculated",
    "suggests",
    "suggested",
    "suggest",
    "claimed",
    "allegedly",
    "apparently",
    "seems",
    "appears",
    "probably",
    "possibly",
    "potentially",
    "perhaps",
    "expected",
    "projected",
    "could",
    "may",
    "might",
    "approximately",
    "about",
    "around",
    "roughly",
    "some",
    "nearly",
    "almost",
    "up to",
    "at least",
    "more than",
    "less than",
    "fewer than",
    "over",
    "an average",
    "average",
)
HEDGE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(HEDGE_WORDS, key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
#: "May" with a capital is the month, never the modal verb.
MONTH_MAY = "May"

#: A sentence ends at . ! or ? (then any closing quote and footnote marker) before the next one begins.
_BOUNDARY = re.compile(r"[.!?][\"”’']?[⁰¹²³⁴⁵⁶⁷⁸⁹]*\s+(?=[\"“‘(]?[A-Z0-9])")
#: ... unless the full stop closes an abbreviation or an initial ("Mr.", "no.", "p.", "B.E.", "L.").
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]{1,2}|\b(?:Mrs|Sept|Dec|Nov|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Oct|etc))$")


def sentence_span(paragraph: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``paragraph`` that holds ``paragraph[start:end]``, as (start, end) offsets.

    Errs on the long side: an abbreviation never ends a sentence, so a missed boundary joins two
    sentences rather than cutting one.
    """
    first, last = 0, len(paragraph)
    for m in _BOUNDARY.finditer(paragraph):
        if _ABBREVIATION.search(paragraph[: m.start()]):
            continue
        if m.end() <= start:
            first = m.end()
        elif m.start() >= end - 1:
            last = m.start() + 1
            break
    return first, last


def hedge_words(text: str) -> list[tuple[int, int, str]]:
    """Every hedge word or phrase in ``text``: (start, end, as written)."""
    return [(m.start(), m.end(), m.group()) for m in HEDGE.finditer(text) if m.group() != MONTH_MAY]
