"""Fact-checks as cards a reader can follow: what was compared, both quotes, and what it changes.

mmn.fact_check_cards(checks)   # checks: rows of the fact_checks table, picked with pandas
"""

from __future__ import annotations

import pandas as pd

from ..charts.style import clean
from .prose import Prose


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def fact_check_cards(checks: pd.DataFrame) -> Prose:
    """One card per row of ``checks``: subject, computed against stated, the quotes on each side, the verdict's
    explanation and, for an inconsistency, what it changes for a reader."""
    md, plain = [], []
    for _, r in checks.iterrows():
        head = f"{r['subject']} ({r['check_id']})"
        values = f"{r['category']} · computed: {clean(r['computed'])} · stated: {clean(r['stated'])}"
        card_md = [f"#### {head}", "", f"*{values}*", ""]
        card_plain = [head, values]
        for side in ("left", "right"):
            ids = _text(r[f"{side}_ids"])
            for q in _text(r[f"{side}_quote"]).split("\n"):
                if q:
                    card_md += [f"> {q}" + (f" — `{ids}`" if ids else ""), ""]
                    card_plain.append(f"  > {q}" + (f" [{ids}]" if ids else ""))
        card_md.append(clean(r["explanation"]))
        card_plain.append(clean(r["explanation"]))
        if _text(r["for_readers"]):
            card_md += ["", f"**For readers:** {clean(r['for_readers'])}"]
            card_plain.append(f"For readers: {clean(r['for_readers'])}")
        md.append("\n".join(card_md))
        plain.append("\n".join(card_plain))
    if not md:
        return Prose("*None.*", "None.")
    return Prose("\n\n---\n\n".join(md), "\n\n".join(plain))
