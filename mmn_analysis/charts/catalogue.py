"""The collection's charts, by name: each loads its rows from a processed table and draws them in
the house style. Notebooks call these; ``python -m mmn_analysis charts`` exports every chart
as PNG and SVG to ``figures/``.

Titles that state a finding are filled from the rows they describe, never typed as numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..api import load
from ..inputs import editorial
from ..parse.dates import MONTH_NAMES
from ..paths import ROOT
from . import style as charts
from .style import clean

FIGURES_DIR = ROOT / "figures"

#: A country's figures in one unit are charted together by topic, so that a population and a
#: count of returnees, or a passport fee and a trade target, never share an axis.
TOPICS = {
    "population": "migration",
    "migration": "migration",
    "registration": "registration",
    "returns": "returns",
    "remittances": "remittances",
    "fees": "fees",
    "penalties": "penalties",
    "trade": "trade",
    "recruitment": "recruitment",
    "programmes": "programmes",
    "policy": "policy",
    "demography": "demography",
    "labour_market": "labour_market",
}
UNIT_WORDS = {
    "persons": "people",
    "percent": "shares (percent)",
    "fraction": "shares (fraction)",
    "USD": "amounts in US dollars",
    "THB": "amounts in Thai baht",
    "days": "durations in days",
    "months": "durations in months",
    "years": "durations in years",
}


def period_phrase(rows: pd.DataFrame) -> str:
    """'2017', '2014-2017', or 'period not stated' from the rows' ISO periods."""
    years = sorted(
        {p[:4] for p in rows["period"].dropna()}
        | {p[-4:] for p in rows["period"].dropna() if "/" in p if len(p.split("/")[1]) == 4}
    )
    if not years:
        return "period not stated in the report"
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    missing = rows["period"].isna().sum()
    return span + (" (some figures undated)" if missing else "")


def _top(rows: pd.DataFrame) -> pd.Series:
    key = rows["value"].fillna(rows["upper"])
    return rows.loc[key.idxmax()]


def _finding(rows: pd.DataFrame) -> str:
    """'<label>: <figure as written>' for the group's headline row (data/raw/editorial/headlines.csv),
    or its largest value."""
    headlines = editorial.headline_ids()
    heads = [i for i in rows["id"] if i in headlines]
    top = rows.set_index("id").loc[heads[0]] if heads else _top(rows)
    return f"{clean(top['label'])}: {clean(top['figure'])}"


# Countries ------------------------------------------------------------------------------------


def section_figures(country: str) -> pd.DataFrame:
    """Every figure of a country's section of the Overview (data/raw/editorial/country_sections.csv), in report order."""
    f = load("figures")
    section = editorial.country_sections()[country]
    return f[(f["chapter"] == "overview") & (f["section"] == section)].reset_index(drop=True)


def country_rows(country: str) -> pd.DataFrame:
    """The non-date figures of a country's section of the Overview, in report order."""
    rows = section_figures(country)
    return rows[~rows["unit"].isin(["date", "ordinal"])].reset_index(drop=True)


def country_groups(country: str) -> list[tuple[str, str]]:
    """The (unit, topic) groups of a country's charted figures, in a stable order."""
    rows = country_rows(country)
    rows = rows[rows["unit"].isin(list(UNIT_WORDS))]
    keys = {(u, TOPICS[t]) for u, t in zip(rows["unit"], rows["theme"])}
    return sorted(keys, key=lambda k: (list(UNIT_WORDS).index(k[0]), list(dict.fromkeys(TOPICS.values())).index(k[1])))


def country_chart(country: str, unit: str, topic: str) -> charts.Chart:
    """A country's figures in one unit and on one topic, labelled as the report writes them."""
    rows = country_rows(country)
    rows = rows[(rows["unit"] == unit) & (rows["theme"].map(TOPICS) == topic)]
    note = ""
    if (rows["stated_in"] == "footnote_title").any():
        note = (
            "Rows marked 'headline' are numbers in the title of a cited article: that source's claim, not the report's."
        )
        rows = rows.assign(
            label=[
                f"{lab} [headline]" if s == "footnote_title" else lab
                for lab, s in zip(rows["label"], rows["stated_in"])
            ]
        )
    return charts.bars(
        rows,
        title=_finding(rows),
        subtitle=f"{country}, {topic.replace('_', ' ')}: {UNIT_WORDS[unit]} in the report's {country} "
        f"section; {period_phrase(rows)}",
        note=note,
    )


def country_counts(country: str) -> pd.DataFrame:
    """Counts of other things (agencies, locations, orders, countries, ranks) as a small table."""
    rows = section_figures(country)
    rows = rows[~rows["unit"].isin(list(UNIT_WORDS) + ["date"])]
    return rows[["id", "label", "figure", "value", "unit", "period", "source_id"]].reset_index(drop=True)


def policy_events(country: str | None = None) -> pd.DataFrame:
    """The policy events (one row each), or those a country's section dates in any of its mentions."""
    t = load("policy_timeline")
    if country is not None:
        ids = set(section_figures(country)["id"])
        t = t[t["mentions"].str.split(";").map(lambda mentions: not ids.isdisjoint(mentions)).astype(bool)]
    return t.reset_index(drop=True)


def country_timeline(country: str) -> charts.Chart:
    rows = policy_events(country)
    first, last = rows["date"].min()[:4], rows["date_end"].max()[:4]
    span = first if first == last else f"{first}–{last}"
    return charts.timeline(
        rows,
        title=f"{country}: {len(rows)} dated policy events, {span}",
        subtitle=f"Events the report's {country} section dates, at the precision it gives",
    )


# Destinations ---------------------------------------------------------------------------------


def myanmar_destination_shares() -> charts.Chart:
    d = load("destinations")
    rows = d[(d["origin"] == "Myanmar") & (d["indicator"] == "share_of_migrants_abroad")]
    top = _top(rows)
    return charts.bars(
        rows.assign(label=rows["destination"]),
        title=f"{top['destination']} hosts {clean(top['figure'])} of Myanmar's migrants abroad",
        subtitle=f"Share of Myanmar's migrant population by country of residence (percent); {period_phrase(rows)}",
        note="The five shares are the report's; the rest of the world is not broken down.",
    )


def vietnam_deployments() -> charts.Chart:
    d = load("destinations")
    rows = d[(d["origin"] == "Vietnam") & (d["indicator"] == "workers_deployed")].copy()
    rows["label"] = [
        f"{dst}, {'women' if s == 'female' else 'all workers'}"
        for dst, s in zip(rows["destination"], rows["sex"].fillna(""))
    ]
    rows["group"] = rows["sex"].map({"female": "women"}).fillna("all workers")
    top = _top(rows)
    return charts.bars(
        rows,
        title=f"{top['destination']} took {clean(top['figure'])} Vietnamese workers in {top['period']}",
        subtitle=f"Vietnamese workers deployed, by destination and sex (persons); {period_phrase(rows)}",
        colour_by="group",
        sort=False,
        note="Women are a part of all workers, not an addition.",
    )


def destination_counts() -> charts.Chart:
    d = load("destinations")
    rows = d[(d["unit"] == "persons") & (d["stated_in"] == "body")].copy()
    rows["label"] = [
        f"{o} → {dst}: {clean(lab)}" for o, dst, lab in zip(rows["origin"], rows["destination"], rows["label"])
    ]
    top = _top(rows)
    return charts.bars(
        rows,
        title=f"The largest origin-to-destination count: {clean(top['label'])}",
        subtitle=f"Every origin-to-destination count the report states (persons); {period_phrase(rows)}",
        colour_by="origin",
        note="Counts measure different things (stocks, registrations, deployments, voters): "
        "compare within a row's own measure.",
    )


# Remittances ----------------------------------------------------------------------------------


def remittance_amounts() -> charts.Chart:
    rows = load("remittances")
    rows = rows[rows["unit"] == "USD"].copy()
    rows["label"] = [f"{c}: {clean(lab)}" for c, lab in zip(rows["country"], rows["label"])]
    return charts.bars(
        rows,
        title="Counting informal flows more than doubles Myanmar's remittance estimate",
        subtitle=f"Remittances received (US dollars a year); {period_phrase(rows)}",
        colour_by="country",
    )


def remittance_gdp_shares() -> charts.Chart:
    rows = load("remittances")
    rows = rows[rows["unit"] == "percent"].copy()
    return charts.bars(
        rows, title=f"{_finding(rows)}", subtitle=f"Remittances as a share of GDP (percent); {period_phrase(rows)}"
    )


def implied_gdp_chart() -> charts.Chart:
    """Derived: the GDP each remittance estimate implies (amount / share)."""
    from ..audit.derived import implied_gdp

    d = implied_gdp()
    sources = load("remittances").set_index("id")["source_id"]
    rows = pd.DataFrame(
        {
            "id": d["amount_id"],
            "label": [f"{e} ({p})" for e, p in zip(d["estimate"], d["period"])],
            "value": d["implied_gdp_usd"],
            "lower": None,
            "upper": None,
            "unit": "USD",
            "qualifier": "exact",
            "source_id": [sources[i] for i in d["amount_id"]],
            "figure": [
                f"derived: about USD {v / 1e9:.1f} billion ({clean(a)} ÷ {clean(s)})"
                for v, a, s in zip(d["implied_gdp_usd"], d["amount_figure"], d["share_figure"])
            ],
        }
    )
    return charts.bars(
        rows,
        title="The two Myanmar remittance estimates assume GDPs of similar size",
        subtitle="GDP implied by each remittance estimate: amount ÷ share of GDP (US dollars); derived, "
        "not stated in the report",
        note="Derived values, rounded to 0.1 billion for the label; the report states only the amounts "
        "and the shares, for different years.",
    )


# Thailand's registration drive ----------------------------------------------------------------


def registration_channels() -> charts.Chart:
    t = load("thai_registration")
    rows = t[
        t["indicator"].isin(["migrants_completed_nv", "migrants_via_mou", "migrants_registered"])
        & (t["period"] == "2017-12")
    ]
    top = _top(rows)
    return charts.bars(
        rows,
        title=f"Most migrant workers in Thailand were regularised through National "
        f"Verification: {clean(top['figure'])}",
        subtitle=f"Migrant workers by channel, Ministry of Labour (persons); as of {charts.human_date(top['period'])}",
    )


def registration_by_nationality() -> charts.Chart:
    t = load("thai_registration")
    rows = t[(t["unit"] == "persons") & t["origin"].notna() & (t["stated_in"] == "body")].copy()
    rows["label"] = [f"{o}: {clean(lab)}" for o, lab in zip(rows["origin"], rows["label"])]
    return charts.bars(
        rows,
        title="Vietnamese workers were left out of the 2017 registration drive",
        subtitle=f"Registrations in Thailand by nationality, as the report states them (persons); "
        f"{period_phrase(rows)}",
        colour_by="origin",
        note="These counts measure different things at different dates; they are not a breakdown of one total.",
    )


def thai_timeline() -> charts.Chart:
    f = load("figures")
    ids = f[(f["chapter"] == "overview") & (f["country"] == "Thailand")]["id"]
    t = load("policy_timeline")
    rows = t[t["id"].isin(ids) | (t["theme"].isin(["registration", "penalties"]))]
    return charts.timeline(
        rows,
        title="Thailand's 2017 law: from the Royal Ordinance to the extended deadlines",
        subtitle="Dates of Thailand's migrant-worker policy events as the report gives them",
    )


def thai_windows() -> charts.Chart:
    """The registration window inside the grace period: durations the 2017 law gave (days)."""
    rows = section_figures("Thailand")
    rows = rows[rows["unit"] == "days"]
    short, long_ = rows.loc[rows["value"].idxmin()], rows.loc[rows["value"].idxmax()]
    never = load("fact_checks").set_index("check_id").loc["footnotes-overview-never-cited", "computed"]
    return charts.bars(
        rows,
        title=f"Employers had a {clean(short['figure'])} window to register workers, "
        f"inside a {clean(long_['figure'])} grace period",
        subtitle="Durations Thailand set after its 2017 law on foreign workers (days)",
        note=f"The report prints footnote {long_['footnote']} after the grace period; note {never} is "
        "never cited. The fact-check notebook compares the grace period with its dates.",
    )


def thai_penalties() -> charts.Chart:
    p = load("penalties_fees")
    rows = p[(p["country"] == "Thailand") & (p["unit"] == "THB")]
    return charts.bars(
        rows,
        title="The 2017 law doubled the fine on employers for each undocumented worker",
        subtitle="Fines under Thailand's migrant-worker law (Thai baht)",
        note="The report states the workers' fine both as up to 100,000 baht and as 2,000 to 100,000 baht.",
    )


# MMN's work -----------------------------------------------------------------------------------


def calendar_by_month() -> charts.Chart:
    a = load("activities")
    counts = a["month"].value_counts().reindex(list(MONTH_NAMES), fill_value=0)
    busiest = counts.idxmax()
    return charts.columns(
        counts,
        title=f"The Secretariat was busiest in {busiest}",
        subtitle="Entries in the Secretariat Calendar 2017, by month (entries)",
        note="Counted from the calendar's entries; an entry may span several days.",
    )


def calendar_by_country() -> charts.Chart:
    a = load("activities")
    counts = a["country"].fillna("not stated").value_counts()
    lead = "Most of" if counts.iloc[0] > counts.sum() / 2 else "More of"
    tail = "" if lead == "Most of" else " than anywhere else"
    return charts.columns(
        counts,
        title=f"{lead} the Secretariat's 2017 calendar took place in {counts.index[0]}{tail}",
        subtitle="Entries in the Secretariat Calendar 2017, by country (entries)",
        note="Counted from the calendar's entries.",
    )


def participants_chart() -> charts.Chart:
    rows = load("participants")
    rows = rows[(rows["indicator"] == "participants") & rows["origin"].isna()]  # totals, not their breakdown
    return charts.bars(
        rows,
        title=f"{_finding(rows)}",
        subtitle="Participants in MMN's 2017 consultations, dialogues and events (persons)",
    )


def consultation_breakdown() -> charts.Chart:
    rows = load("participants")
    rows = rows[rows["section"].str.startswith("1.1") & rows["origin"].notna()].copy()
    rows["label"] = [clean(lab) for lab in rows["label"]]
    return charts.bars(
        rows,
        title="Burmese migrants in Thailand were the largest group consulted",
        subtitle="Migrants and returnees in MMN's consultations for 'Safe from the Start' (persons)",
        sort=True,
    )


def members_by_country() -> charts.Chart:
    m = load("members")
    counts = m["country_heading"].value_counts(sort=False)
    return charts.columns(
        counts,
        title=f"{counts.idxmax()} has the most MMN member organisations",
        subtitle="MMN member organisations by country (organisations)",
        note="Counted from the report's list of members.",
    )


# Fact-checks ----------------------------------------------------------------------------------


def fact_check_overview() -> charts.Chart:
    checks = load("fact_checks")
    bad = checks[checks["verdict"] == "inconsistent"]
    counts = bad["category"].value_counts().sort_index()
    return charts.columns(
        counts,
        title=f"The report disagrees with itself in {len(bad)} places",
        subtitle=f"Inconsistent fact-checks by kind (checks); {len(checks)} checks in all",
        note="Consistent checks and those with nothing to compare with are listed in the fact_checks table.",
    )


def fact_check_cards(verdict: str = "inconsistent", category: str | None = None):
    """The checks with one verdict as readable cards: both quotes, the computed and stated values, what it
    changes for a reader. Returns an IPython Markdown object (notebooks display it)."""
    from IPython.display import Markdown

    checks = load("fact_checks")
    rows = checks[checks["verdict"] == verdict]
    if category:
        rows = rows[rows["category"] == category]
    parts = []
    for _, r in rows.iterrows():
        card = [
            f"#### {r['subject']}",
            "",
            f"*{r['category']}* · computed: **{r['computed']}** · stated: **{r['stated']}**",
            "",
        ]
        for side in ("left", "right"):
            if isinstance(r[f"{side}_quote"], str) and r[f"{side}_quote"]:
                ids = r[f"{side}_ids"] if isinstance(r[f"{side}_ids"], str) else ""
                for q in r[f"{side}_quote"].split("\n"):
                    card.append(f"> {q}" + (f" — `{ids}`" if ids else ""))
                    card.append("")
        card.append(str(r["explanation"]))
        if isinstance(r["for_readers"], str) and r["for_readers"]:
            card += ["", f"**For readers:** {r['for_readers']}"]
        parts.append("\n".join(card))
    return Markdown("\n\n---\n\n".join(parts) if parts else "*None.*")


# The catalogue --------------------------------------------------------------------------------


def catalogue() -> dict[str, Callable[[], charts.Chart]]:
    """Every chart of the collection by file name."""
    out: dict[str, Callable[[], charts.Chart]] = {}
    for country in editorial.country_sections():
        slug = country.lower().replace(" ", "_")
        for unit, topic in country_groups(country):
            out[f"{slug}_{unit.lower()}_{topic}"] = lambda c=country, u=unit, t=topic: country_chart(c, u, t)
        out[f"{slug}_timeline"] = lambda c=country: country_timeline(c)
    for fn in (
        myanmar_destination_shares,
        vietnam_deployments,
        destination_counts,
        remittance_amounts,
        remittance_gdp_shares,
        implied_gdp_chart,
        registration_channels,
        registration_by_nationality,
        thai_timeline,
        thai_windows,
        thai_penalties,
        calendar_by_month,
        calendar_by_country,
        participants_chart,
        consultation_breakdown,
        members_by_country,
        fact_check_overview,
    ):
        out[fn.__name__] = fn
    return out


def export(directory: Path = FIGURES_DIR) -> list[Path]:
    """Save every chart as PNG and SVG, byte-stable across runs; remove charts no longer in the catalogue."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in catalogue().items():
        chart = make()
        for ext in ("png", "svg"):
            path = directory / f"{name}.{ext}"
            chart.save(path, ext)
            written.append(path)
    for stale in sorted((set(directory.glob("*.png")) | set(directory.glob("*.svg"))) - set(written)):
        stale.unlink()
    return written


def country_charts(country: str) -> list[charts.Chart]:
    """Every figure of a country's section, one chart per unit and topic (see :func:`country_chart`)."""
    return [country_chart(country, unit, topic) for unit, topic in country_groups(country)]


def run() -> int:
    """Export every chart and list the files (``python -m mmn_analysis charts``)."""
    paths = export()
    for p in paths:
        print(p.relative_to(ROOT).as_posix())
    print(f"{len(paths)} chart files in figures/", file=sys.stderr)
    return 0
