"""The chart kinds of the collection, each refusing what would mislead a reader.

- :func:`bars`: two or more figures of one unit, labelled in the report's words. A figure the report
  gives only in words ("tens of thousands") is written on its row, never drawn as a length; a range is
  drawn from its lower to its upper end; a lower bound gets an arrow.
- :func:`timeline`: one row per event on a time axis, at the precision the report gives; earlier
  anchors and dates printed in error are named in the note, not plotted.
- :func:`counts`: things counted from a table (calendar entries per month, members per country).

Each returns a :class:`~mmn_analysis.charts.chart.Chart`; the notebook displays it.
"""

from __future__ import annotations

import textwrap
from datetime import date

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from ..parse.dates import period_bounds
from .chart import Chart
from .style import (
    GREY,
    INK,
    NARROW,
    NEUTRAL,
    WIDE,
    clean,
    colour_of,
    footer_lines,
    footer_size,
    qualifier_note,
    source_line,
)

UNIT_WORDS = {
    "persons": "people",
    "percent": "percent",
    "fraction": "fraction",
    "USD": "US dollars",
    "THB": "Thai baht",
    "days": "days",
    "months": "months",
    "years": "years",
}
#: A bar chart needs at least this many figures: a lone number belongs in a sentence.
MIN_BARS = 2
ARROW_PT = 14  # length of the arrow after a lower bound's bar, in points
CHAR_IN = 0.072  # inches per character of a 9-point value label (DejaVu Sans, on average)
FOOTER_CHARS_ASIDE = 130  # characters per line of a timeline's aside at the wide width


class ChartError(ValueError):
    """A chart that would mislead: a lone number, mixed units, words drawn as lengths, repeated events."""


def _wrap(text: str, chars: int) -> list[str]:
    return textwrap.wrap(clean(text), max(12, chars)) or [""]


class Frame:
    """The page of a chart: title and subtitle on top, the footer below, the plot in between.

    ``axis`` leaves room under the plot for tick labels; ``aside`` lines sit between the plot and the
    footer (what a timeline does not plot, and why).
    """

    def __init__(
        self,
        width: float,
        title: str,
        subtitle: str,
        footer: list[str],
        body: float,
        axis: bool = False,
        aside: list[str] | None = None,
    ):
        self.width = width
        self.title = _wrap(title, int(66 * width / WIDE))
        self.subtitle = _wrap(subtitle, int(112 * width / WIDE))
        self.footer = footer
        self.aside = aside or []
        self.head = 0.22 + 0.27 * len(self.title) + 0.19 * len(self.subtitle) + 0.12
        self.foot = (
            0.18 + 0.145 * footer_size(width) / 7.5 * len(footer) + 0.16 * len(self.aside) + (0.1 if self.aside else 0)
        )
        self.below = self.foot + (0.38 if axis else 0.0)
        self.height = self.head + body + self.below
        self.fig = Figure(figsize=(width, self.height))

    def axes(self, left: float, right: float):
        """Axes spanning the body, from ``left`` to ``right`` inches of the width."""
        h, w = self.height, self.width
        ax = self.fig.add_axes((left / w, self.below / h, (right - left) / w, (h - self.head - self.below) / h))
        f = self.fig
        f.text(
            0.12 / w,
            1 - 0.16 / h,
            "\n".join(self.title),
            ha="left",
            va="top",
            fontsize=14,
            fontweight="bold",
            color=INK,
            linespacing=1.15,
        )
        f.text(
            0.12 / w,
            1 - (0.2 + 0.27 * len(self.title)) / h,
            "\n".join(self.subtitle),
            ha="left",
            va="top",
            fontsize=10,
            color=GREY,
        )
        if self.aside:
            f.text(0.12 / w, self.foot / h, "\n".join(self.aside), ha="left", va="top", fontsize=8.5, color=INK)
        f.text(0.12 / w, 0.06 / h, "\n".join(self.footer), ha="left", va="bottom", fontsize=footer_size(w), color=GREY)
        return ax


def _one_unit(rows: pd.DataFrame) -> str:
    units = list(dict.fromkeys(rows["unit"].dropna()))
    if len(units) != 1:
        raise ChartError(f"one measure per axis: these rows have units {units}; split them into separate charts")
    return str(units[0])


def _period(rows: pd.DataFrame) -> str:
    if "period" not in rows:
        return ""
    periods = [str(p) for p in rows["period"].dropna()]
    years = sorted({y for p in periods for y in (p[:4], p.split("/")[-1][:4])})
    if not years:
        return "period not stated in the report"
    span = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    return span + (" (some figures undated)" if rows["period"].isna().any() else "")


def bars(
    rows: pd.DataFrame,
    *,
    name: str,
    title: str,
    measure: str,
    label: str | pd.Series = "label",
    colour_by: str | None = "country",
    colour: str | None = None,
    note: str = "",
    sort: bool = True,
) -> Chart:
    """Horizontal bars, one per figure, labelled with the figure as the report writes it.

    ``measure`` says what the bars measure ("Share of Myanmar's migrants abroad"); the subtitle adds
    the unit and period. ``label`` names the column (or a Series) that labels each bar. Bars take the
    colour of the country in ``colour_by`` (or one ``colour``).
    """
    if len(rows) < MIN_BARS:
        raise ChartError(f"{name}: a bar chart of {len(rows)} figure(s); a lone number belongs in a sentence")
    unit = _one_unit(rows)
    df = rows.copy()
    df["_label"] = label if isinstance(label, pd.Series) else df[label]
    words = df["qualifier"].eq("order_of_magnitude")
    if words.all():
        raise ChartError(f"{name}: every figure is given in words; write them in a sentence, not as bars")
    df["_end"] = df["value"].fillna(df["upper"]).where(~words)
    df["_start"] = df["lower"].where(df["value"].isna() & ~words, 0).fillna(0)
    if sort:
        df = df.assign(_key=df["_end"].fillna(-1)).sort_values("_key", kind="stable")
    df["_colour"] = [
        colour or (colour_of(c) if colour_by else NEUTRAL) for c in (df[colour_by] if colour_by else [None] * len(df))
    ]
    colours = {}
    if colour_by and colour is None:
        colours = {str(c): colour_of(c) for c in df[colour_by].dropna().unique()}
    subtitle = f"{measure} ({UNIT_WORDS.get(unit, unit)})" + (f"; {_period(df)}" if "period" in df else "")
    quoted = ~df["derived"].fillna(False).astype(bool) if "derived" in df else pd.Series(True, df.index)
    auto = qualifier_note(df.loc[quoted, "qualifier"])  # derived labels are ours, not the report's words
    full_note = " ".join(x for x in (note, auto) if x)
    source = source_line(df["source_id"]) if "source_id" in df else source_line([])
    values = [(str(lab), str(fig)) for lab, fig in zip(df["_label"], df["figure"])]
    top = float(df["_end"].max())

    def draw(width: float) -> Figure:
        narrow = width < (WIDE + NARROW) / 2
        n = len(df)
        row_h = 0.62 if narrow else 0.44
        frame = Frame(width, title, subtitle, footer_lines(source, full_note, width), 0.25 + row_h * n)
        left = 0.12 if narrow else min(3.6, width * 0.4)
        ax = frame.axes(left, width - 0.15)
        label_chars = int((width - 0.3) * 11) if narrow else int(left * 11)
        # Room for each value label after its bar. A label's width is fixed in inches while bars stretch
        # with the axis, so the axis must reach end / (1 - label share) for every bar.
        axis_in = (width - 0.15) - left
        limits = [top * 1.02]
        for end, f, q in zip(df["_end"], df["figure"], df["qualifier"]):
            label = (CHAR_IN * len(clean(f)) + 0.1 + (ARROW_PT / 72 if q == "at_least" else 0)) / axis_in
            if not pd.isna(end):
                limits.append(end / max(0.1, 0.98 - label))
        ax.set_xlim(0, max(limits))
        ax.set_ylim(-0.6, n - 0.4)
        for y, (_, r) in zip(range(n - 1, -1, -1), df.iterrows()):
            text = clean(r["figure"])
            if pd.isna(r["_end"]):  # given in words: written, never drawn as a length
                ax.annotate(
                    text + " (in words)",
                    (0, y),
                    xytext=(2, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                    color=INK,
                    style="italic",
                )
            else:
                ranged = pd.isna(r["value"])
                ax.barh(
                    y,
                    r["_end"] - r["_start"],
                    left=r["_start"],
                    color=r["_colour"],
                    height=0.55,
                    hatch="///" if ranged else None,
                    edgecolor="white" if not ranged else r["_colour"],
                    alpha=0.55 if ranged else 1.0,
                )
                lower_bound = r["qualifier"] == "at_least"
                if lower_bound:  # an arrow past the bar's end: the figure is at least this
                    ax.annotate(
                        "",
                        (r["_end"], y),
                        xytext=(ARROW_PT, 0),
                        textcoords="offset points",
                        arrowprops={"arrowstyle": "<-", "color": r["_colour"], "shrinkA": 0, "shrinkB": 0},
                    )
                ax.annotate(
                    text,
                    (r["_end"], y),
                    xytext=(4 + (ARROW_PT if lower_bound else 0), 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                    color=INK,
                )
            if narrow:
                ax.text(
                    0,
                    y + 0.31,
                    textwrap.shorten(clean(r["_label"]), label_chars, placeholder="…"),
                    fontsize=8.5,
                    color=INK,
                    va="bottom",
                )
        if not narrow:
            labels = ["\n".join(_wrap(str(t), label_chars)[:2]) for t in df["_label"]]
            ax.set_yticks(list(range(n - 1, -1, -1)), labels, fontsize=9)
        else:
            ax.set_yticks([])
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_visible(not narrow)
        ax.tick_params(axis="y", length=0)
        return frame.fig

    return Chart(name, "bars", title, subtitle, rows.copy(), source, full_note, draw, colours, values)


def counts(
    table: pd.Series, *, name: str, title: str, measure: str, unit: str, note: str = "", sort: bool = False
) -> Chart:
    """Things counted from a table (entries per month, members per country), one bar per group."""
    rows = pd.DataFrame(
        {
            "label": [str(i) for i in table.index],
            "value": table.to_numpy(dtype=float),
            "lower": None,
            "upper": None,
            "unit": unit,
            "qualifier": "exact",
            "figure": [f"{int(v):,}" for v in table.to_numpy()],
            "derived": True,
        }
    )
    chart = bars(rows, name=name, title=title, measure=measure, colour_by=None, colour=NEUTRAL, note=note, sort=sort)
    chart.kind = "counts"
    return chart


# Timelines ---------------------------------------------------------------------------------------


def _day(iso: str, end: bool = False) -> date:
    """The first (or last) day a date at any precision covers."""
    first, last = period_bounds(str(iso))
    return last if end else first


def timeline(
    events: pd.DataFrame,
    *,
    name: str,
    title: str,
    measure: str,
    start: str | None = None,
    misprinted: pd.Series | None = None,
    note: str = "",
) -> Chart:
    """Events on a time axis, one row each, at the precision the report gives.

    ``events`` has one row per event (columns ``event`` or ``id``, ``date``, ``date_end``,
    ``period_precision``, ``qualifier``, ``figure``, ``label``). Events before ``start`` (an ISO date)
    are named in the note instead of squeezing the axis; rows flagged in ``misprinted`` are named
    there as printed and not plotted.
    """
    key = "event" if "event" in events else "id"
    if events[key].duplicated().any():
        dup = events.loc[events[key].duplicated(), key].tolist()
        raise ChartError(f"{name}: one row per event; repeated: {dup}")
    df = events.copy()
    bad = misprinted.reindex(df.index, fill_value=False) if misprinted is not None else pd.Series(False, df.index)
    early = df["date"].map(lambda d: start is not None and _day(d, end=True) < _day(start))
    plotted = df[~bad & ~early].copy()
    if len(plotted) < MIN_BARS:
        raise ChartError(f"{name}: a timeline of {len(plotted)} event(s) is a sentence, not a chart")
    plotted["_s"] = [_day(d) for d in plotted["date"]]
    plotted["_e"] = [_day(d, end=True) for d in plotted["date_end"]]
    plotted = plotted.sort_values(["_s", "_e", key], kind="stable")
    aside = []
    if early.any():
        aside.append(
            "Earlier: "
            + "; ".join(f"{clean(r['label'])} ({clean(r['figure'])})" for _, r in df[early & ~bad].iterrows())
            + "."
        )
    if bad.any():
        aside.append(
            "Not plotted, the date as printed looks wrong (see the fact-check): "
            + "; ".join(f"{clean(r['label'])} ('{clean(r['figure'])}')" for _, r in df[bad].iterrows())
            + "."
        )
    legend = "Dots are days, bars a month or year the report gives without a day; hollow marks are approximate."
    full_note = " ".join(p for p in (note, legend) if p)
    first, last = plotted["_s"].min(), plotted["_e"].max()
    span = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    subtitle = f"{measure}; {span}"
    source = source_line(df["source_id"]) if "source_id" in df else source_line([])
    values = [(str(r["label"]), str(r["figure"])) for _, r in plotted.iterrows()]

    def draw(width: float) -> Figure:
        narrow = width < (WIDE + NARROW) / 2
        n = len(plotted)
        row_h = 0.78 if narrow else 0.4
        chars_aside = int(FOOTER_CHARS_ASIDE * width / WIDE)
        aside_lines = [line for a in aside for line in textwrap.wrap(a, chars_aside)]
        frame = Frame(
            width,
            title,
            subtitle,
            footer_lines(source, full_note, width),
            0.3 + row_h * n,
            axis=True,
            aside=aside_lines,
        )
        left = 0.15 if narrow else min(4.4, width * 0.5)
        ax = frame.axes(left, width - 0.25)
        chars = int((width - 0.4) * 12) if narrow else int(left * 12)
        lo = mdates.date2num(first)
        hi = mdates.date2num(last)
        pad = max(10.0, (hi - lo) * 0.04)
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylim(-0.6, n - 0.4 + (0.55 if narrow else 0))
        labels = []
        for i, (_, r) in enumerate(plotted.iterrows()):
            y = n - 1 - i
            c = colour_of(r.get("country"))
            s, e = mdates.date2num(r["_s"]), mdates.date2num(r["_e"])
            hollow = r["qualifier"] not in ("exact", "range")
            if r["period_precision"] == "day" and s == e:
                ax.plot([s], [y], "o", color=c, markersize=6, markerfacecolor="white" if hollow else c)
            else:  # a month or a year: a light band across it, since the report gives no day
                ax.barh(
                    y,
                    e - s + 1,
                    left=s,
                    height=0.34,
                    color="white" if hollow else c,
                    edgecolor=c,
                    linewidth=1.0,
                    alpha=1.0 if hollow else 0.35,
                )
            text = f"{clean(r['figure'])} · {clean(r['label'])}"
            if narrow:
                lines = _wrap(text, chars)
                shown = lines if len(lines) <= 2 else [lines[0], textwrap.shorten(" ".join(lines[1:]), chars)]
                ax.text(lo - pad, y + 0.24, "\n".join(shown), fontsize=8, color=INK, va="bottom", linespacing=1.1)
            labels.append(textwrap.shorten(text, chars * 2, placeholder="…"))
        if narrow:
            ax.set_yticks([])
        else:
            ax.set_yticks(list(range(n - 1, -1, -1)), ["\n".join(_wrap(t, chars)[:2]) for t in labels], fontsize=8.5)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        locator = mdates.AutoDateLocator(minticks=3, maxticks=5 if narrow else 8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return frame.fig

    colours = {}
    if "country" in plotted:
        colours = {str(c): colour_of(c) for c in plotted["country"].dropna().unique()}
    chart = Chart(
        name,
        "timeline",
        title,
        subtitle,
        df.drop(columns=[], errors="ignore"),
        source,
        full_note,
        draw,
        colours,
        values,
    )
    return chart
