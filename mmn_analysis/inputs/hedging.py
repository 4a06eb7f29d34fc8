"""Every hedge near a figure is accounted for: recorded in the row's ``hedge``, or waived with a reason.

The rule (data/raw/README.md, "Hedges"): a hedge governs a figure when it stands in the figure's
sentence and qualifies the figure's claim: before it in the same clause ("Estimates show that
71,000"), or as the verb the figure depends on ("speculated that remittances were likely closer to
USD 8 billion"). The build sweeps the sentence of every row's own statement for hedge words. A hedge
word inside another row's figure ("up to" in "up to five years") belongs to that figure. Every other
one is either recorded in ``hedge`` (verbatim phrases of the quote, ``; ``-separated) or named in
``hedge_waived`` as ``'word': reason``, so that no hedge is lost silently and none is recorded by a
pattern alone.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import Problem
from ..parse.hedges import HEDGE, hedge_words, sentence_span
from .csvio import Row
from .report import Report

if TYPE_CHECKING:
    from .register import Figure

WAIVED = re.compile(r"'([^']+)':")


def hedge_parts(hedge: str) -> list[str]:
    return [p for p in (x.strip() for x in hedge.split(";")) if p]


def check_row_hedge(row: Row, figure_at: int | None) -> list[Problem]:
    """The recorded hedge: verbatim phrases of the quote, each with a hedge word, none inside the figure
    (which stands at ``figure_at`` in the quote; None for a list's length, whose figure follows it)."""
    out = []
    values, problem = row.values, row.problem
    quote = values["quote"]
    for part in hedge_parts(values["hedge"]):
        i = quote.find(part)
        if i == -1:
            out.append(problem("hedge", f"{part!r} is not in the quote", "the hedge words as the quote writes them"))
        elif not HEDGE.search(part):
            out.append(problem("hedge", f"{part!r} has no hedge word", "e.g. 'Estimates show that', 'likely'"))
        elif figure_at is not None and figure_at <= i < figure_at + len(values["figure"]):
            out.append(problem("hedge", f"{part!r} is part of the figure", "hedge words outside the figure"))
    return out


def check_hedges(report: Report, figures: list[Figure], problems: list[Problem]) -> None:
    """Sweep the sentence of each row's statement; append a problem for any hedge word not accounted for."""
    spans_by_line: dict[int, set[tuple[int, int]]] = {}
    for g in figures:
        for span in g.figure_spans:
            spans_by_line.setdefault(report.line_of(span[0]), set()).add(span)
    for f in figures:
        spans = spans_by_line.get(f.line, set())
        lstart = report.line_starts[f.line - 1]
        paragraph = report.lines[f.line - 1]
        a, b = f.statement_span
        s, e = sentence_span(paragraph, a - lstart, b - lstart)
        quote = f["quote"]
        recorded = [
            (f.offset + i, f.offset + i + len(part))
            for part in hedge_parts(f["hedge"])
            if (i := quote.find(part)) != -1
        ]
        waived = {w.lower() for w in WAIVED.findall(f["hedge_waived"])}
        open_words = set()
        for x, y, word in hedge_words(paragraph[s:e]):
            x, y = lstart + s + x, lstart + s + y
            if any(p <= x and y <= q for p, q in [*recorded, *spans]):
                continue
            open_words.add(word.lower())
            if word.lower() not in waived:
                problems.append(
                    f.row.problem(
                        "hedge",
                        f"the figure's sentence has {word!r}, neither recorded nor waived",
                        f"'{word}' in hedge if it governs the figure, or \"'{word}': why not\" in hedge_waived",
                    )
                )
        for word in sorted(waived - open_words):
            problems.append(
                f.row.problem("hedge_waived", f"waives {word!r}, which the figure's sentence does not leave open")
            )
