"""Turn verified raw inputs into the tidy processed tables (as lists of records, in a stable order)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..inputs.editorial import Editorial
from ..inputs.references import Acronym, CalendarEntry, Footnote, Member
from ..inputs.register import Figure, period_precision
from ..parse.countries import Country, normalise_country
from ..parse.dates import parse_iso_period, period_bounds
from .schema import TABLES

Record = dict[str, object]


@dataclass
class Inputs:
    """Everything the build reads, verified."""

    figures: list[Figure]
    footnotes: list[Footnote]
    members: list[Member]
    calendar: list[CalendarEntry]
    acronyms: list[Acronym]
    editorial: Editorial


def _c(c: Country | None) -> tuple[str, str]:
    return (c.name, c.iso3) if c else ("", "")


def source_id(chapter: str, number: int | str) -> str:
    return f"{chapter}-{number}"


def as_read(text: str) -> str:
    """The report's words as a reader sees them: without the text conversion's ``\\$`` escapes and
    Markdown asterisks. Quotes stay verbatim; this is for what is displayed."""
    return text.replace("\\$", "$").replace("*", "")


def _bounds(period: str) -> tuple[str, str]:
    if not period:
        return "", ""
    first, last = period_bounds(period)
    return first.isoformat(), last.isoformat()


def figure_record(f: Figure) -> Record:
    v = f.row.values
    p = f.parsed
    period = v["period"].strip()
    period_start, period_end = _bounds(period)
    country, country_iso3 = _c(f.country)
    origin, origin_iso3 = _c(f.origin)
    dest, dest_iso3 = _c(f.destination)
    fn = v["footnote"].strip()
    return {
        "id": v["id"].strip(),
        "chapter": v["chapter"].strip(),
        "section": v["section"].strip(),
        "country": country,
        "country_iso3": country_iso3,
        "origin": origin,
        "origin_iso3": origin_iso3,
        "destination": dest,
        "destination_iso3": dest_iso3,
        "countries": ";".join(c.iso3 for c in f.countries),
        "sex": v["sex"].strip(),
        "theme": v["theme"].strip(),
        "indicator": v["indicator"].strip(),
        "label": v.get("label", "").strip(),
        "figure": v["figure"],
        "figure_display": f"a list of {p.value:g}" if p and v["stated_in"] == "list" else as_read(v["figure"]),
        "value": p.value if p else None,
        "lower": p.lower if p else None,
        "upper": p.upper if p else None,
        "unit": v["unit"].strip(),
        "qualifier": f.qualifier,
        "qualifier_text": p.qualifier_text if p else f.date_qualifier_text,
        "hedge": v["hedge"].strip(),
        "period": period,
        "period_precision": period_precision(period),
        "period_start": period_start,
        "period_end": period_end,
        "footnote": int(fn) if fn else None,
        "source_id": source_id(v["chapter"].strip(), fn) if fn else "",
        "stated_in": v["stated_in"].strip(),
        "kind": v["kind"].strip(),
        "attributed_to": v["attributed_to"].strip(),
        "same_as": v["same_as"].strip(),
        "event": v["event"].strip(),
        "quote": v["quote"],
        "line": f.line,
        "note": v["note"].strip(),
    }


def _iso(d) -> str:
    y, m, dd = d.year, d.month, d.day
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{dd:02d}" if dd else "")


def _pick(rec: Record, table: str) -> Record:
    return {c: rec.get(c, "") for c in TABLES[table].columns}


#: Precision ranks: the mention that dates an event most precisely speaks for it.
_PRECISE = {"day": 0, "month": 1, "year": 2, "decade": 3}
#: Themes of MMN's own work, kept out of the policy timeline.
_OWN_WORK = ("mmn_work", "network")


def policy_timeline(figures: list[Record]) -> list[Record]:
    """One row per dated event (not per mention): the most precise mention (the first printed among
    equals) gives its date, figure and quote; ``mentions`` lists every row that dates it, in report order."""
    events: dict[str, list[Record]] = {}
    for r in figures:
        if r["unit"] == "date":
            events.setdefault(str(r["event"]), []).append(r)
    rows = []
    for event, mentions in events.items():
        if all(m["theme"] in _OWN_WORK for m in mentions):
            continue
        lead = min(mentions, key=lambda m: _PRECISE[str(m["period_precision"])])  # min keeps the first of equals
        start, end = parse_iso_period(str(lead["period"]))
        countries = dict.fromkeys(c for m in mentions for c in str(m["countries"]).split(";") if c)
        rec = dict(
            lead,
            event=event,
            mentions=";".join(str(m["id"]) for m in mentions),
            countries=";".join(countries),
            date=_iso(start),
            date_end=_iso(end or start),
        )
        rows.append(_pick(rec, "policy_timeline"))
    return sorted(rows, key=lambda r: (r["period_start"], r["period_end"], r["event"]))


def build_tables(inputs: Inputs) -> dict[str, list[Record]]:
    # Report order: where a reader meets each figure in its own statement, then by id.
    placed = sorted(inputs.figures, key=lambda f: (f.position, f.row.values["id"].strip()))
    figures = [figure_record(f) for f in placed]
    out: dict[str, list[Record]] = {"figures": [_pick(r, "figures") for r in figures]}

    out["destinations"] = [
        _pick(r, "destinations")
        for r in figures
        if r["origin"]
        and r["destination"]
        and r["unit"] not in ("date", "ordinal")
        and r["theme"] in ("migration", "registration", "returns")
    ]
    out["remittances"] = [
        _pick(dict(r, estimator=r["attributed_to"]), "remittances") for r in figures if r["theme"] == "remittances"
    ]
    out["thai_registration"] = [_pick(r, "thai_registration") for r in figures if r["theme"] == "registration"]
    out["policy_timeline"] = policy_timeline(figures)
    out["penalties_fees"] = [
        _pick(r, "penalties_fees") for r in figures if r["theme"] in ("penalties", "fees") and r["unit"] != "date"
    ]
    out["participants"] = [
        _pick(r, "participants") for r in figures if r["chapter"] == "achievements" and r["unit"] == "persons"
    ]

    acts = []
    for e in sorted(inputs.calendar, key=lambda e: e.line):
        v = e.row.values
        start, end = v["start"].strip(), v["end"].strip()
        c = normalise_country(v["country"]) if v["country"].strip() else None
        name, iso3 = _c(c)
        acts.append(
            {
                "activity_id": v["id"].strip(),
                "month": v["month"],
                "days": v["days"],
                "start": start,
                "end": end,
                "duration_days": (date.fromisoformat(end) - date.fromisoformat(start)).days + 1,
                "activity": v["activity"],
                "role": v["role"],
                "city": v["city"],
                "country": name,
                "country_iso3": iso3,
                "quote": e.line_text,
                "line": e.line,
                "note": v["note"].strip(),
            }
        )
    out["activities"] = acts

    members = []
    for m in inputs.members:
        v = m.row.values
        c = normalise_country(v["country"]) if v["country"] != "Regional" else None
        name, iso3 = _c(c)
        members.append(
            {
                "country_heading": v["country"],
                "country": name,
                "country_iso3": iso3,
                "organisation": v["organisation"],
                "acronym": v["acronym"],
                "line": m.line,
            }
        )
    out["members"] = members

    sources = []
    for f in sorted(inputs.footnotes, key=lambda f: (f.line, f.number)):
        v = f.row.values
        sources.append(
            {
                "source_id": source_id(f.chapter, f.number),
                "chapter": f.chapter,
                "number": f.number,
                "author": v["author"],
                "title": v["title"],
                "outlet": v["outlet"],
                "date_text": v["date_text"],
                "date": v["date"].strip(),
                "url": v["url"],
                "locator": v["locator"],
                "ibid_of": int(v["ibid_of"]) if v["ibid_of"].strip() else None,
                "cites_source_id": source_id(f.chapter, f.cites),
                "quote": f.text,
                "line": f.line,
                "note": v["note"].strip(),
            }
        )
    out["sources"] = sources
    cites = {s["source_id"]: s["cites_source_id"] for s in sources}
    for r in out["figures"]:
        r["cited_source_id"] = cites.get(str(r["source_id"]), "") if r["source_id"] else ""
    out["acronyms"] = [{"acronym": a.acronym, "expansion": a.expansion, "line": a.line} for a in inputs.acronyms]
    return out
