"""The length of a numbered list: a count the report shows rather than writes.

"The study focused on the following areas of policy and practice: (1) ... (7) ..." never writes
"seven", yet a reader asks how many areas. A register row with ``stated_in`` = ``list`` records it:
its ``quote`` is the sentence that introduces the list, its ``figure`` the list's last label as
printed ("(7)", "6.", "Panel 7"). The proof is the list itself: after the quote, in the same
section, the labels run 1, 2, ... up to the figure's number, in order, and the next number never
comes. A label "N." must open its line, as list items do. The last label is the figure's span, so
the coverage audit counts that number as the row's; the other labels stay list labels.
"""

from __future__ import annotations

import re

from .report import Report


def _label(figure: str, n: int) -> re.Pattern[str] | None:
    """The pattern of the figure's label with number ``n``: "(7)" -> "(n)", "6." -> "n." at a line start."""
    m = re.search(r"\d+", figure)
    if m is None:
        return None
    prefix, suffix = figure[: m.start()], figure[m.end() :]
    start = "^" if not prefix and suffix == "." else r"(?<!\d)"
    return re.compile(start + re.escape(prefix) + str(n) + re.escape(suffix) + r"(?!\d)", re.MULTILINE)


def last_label(report: Report, figure: str, after: int) -> tuple[int, int] | str:
    """Where the list's last label stands (start, end), or why the list does not prove the figure.

    ``after`` is where the introducing quote ends; the list must lie in the same section.
    """
    m = re.search(r"\d+", figure)
    if m is None or _label(figure, 1) is None:
        return "the figure is not a numbered list label such as '(7)', '6.' or 'Panel 7'"
    count = int(m.group())
    section = report.section_at(after)
    text = report.text[: section.end]
    at, span = after, (after, after)
    for n in range(1, count + 1):
        found = _label(figure, n).search(text, at)  # type: ignore[union-attr]
        if found is None:
            return f"label {n} of the list does not follow the quote in its section"
        at, span = found.end(), (found.start(), found.end())
    if _label(figure, count + 1).search(text, at):  # type: ignore[union-attr]
        return f"the list goes on past {count}"
    return span
