"""At a glance: the answers to a notebook's questions, as the report prints them.

The questions and the figures that answer them are editorial picks, kept in the reviewed file
``data/raw/editorial/glance.csv`` (verified by the build); where the report gives no answer, the file
says what is missing and the build checks that the tables indeed hold no such figure.

    mmn.glance("01_myanmar")
"""

from __future__ import annotations

from ..charts.style import clean, human_date
from ..trace import traced
from .prose import Prose, link, reading_minutes

#: What each kind of number is called in a sentence.
KIND_WORDS = {
    "official_count": "official figure",
    "estimate": "estimate",
    "study_finding": "study finding",
    "press_report": "press report",
    "legal_provision": "legal provision",
    "plan_or_target": "plan or target",
    "mmn_record": "MMN's record",
    "background": "background",
}


def _when(row) -> str:
    p = row.get("period")
    if not isinstance(p, str) or not p:
        return "no date given"
    start, _, end = p.partition("/")
    return human_date(start) + (f" to {human_date(end)}" if end else "")


def _kind(row) -> str:
    kind = KIND_WORDS.get(str(row.get("kind")), str(row.get("kind") or ""))
    who = row.get("attributed_to")
    return f"{kind}, according to {clean(who)}" if isinstance(who, str) and who else kind


@traced
def glance(notebook: str) -> Prose:
    """The notebook's questions, each answered by the figures picked for it or by what the report lacks."""
    from ..api import load
    from ..inputs.editorial import glance_picks

    figures = load("figures").astype(object)
    figures = figures.where(figures.notna(), None).set_index("id")
    md = [f"*About {reading_minutes(notebook)} minutes to read.*", ""]
    plain = [f"About {reading_minutes(notebook)} minutes to read.", ""]
    for pick in glance_picks(notebook):
        md.append(f"**{pick.question}**")
        md.append("")
        plain.append(pick.question)
        for fid in pick.ids:
            r = figures.loc[fid].to_dict()
            shown = clean(r["figure_display"] if r.get("figure_display") else r["figure"])
            what = clean(r["label"])
            when = "" if r["unit"] == "date" else f" · {_when(r)}"  # a date is its own when
            md.append(f"- **{shown}** · {what}{when} · *{_kind(r)}* · {link(fid)}")
            plain.append(f"- {shown} · {what}{when} · {_kind(r)} · [{fid}]")
        if pick.gap:
            md.append(f"- *{pick.gap}*")
            plain.append(f"- {pick.gap}")
        if pick.note:
            md.append(f"- Note: {pick.note}")
            plain.append(f"- Note: {pick.note}")
        md.append("")
    return Prose("\n".join(md).strip() + "\n", "\n".join(plain).strip())
