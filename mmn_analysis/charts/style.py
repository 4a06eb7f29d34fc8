"""The house style: every chart has a title that states the finding, a subtitle with measure, unit and
period, direct value labels in the report's own words, colour-blind-safe colours, and a footer with
``Source:`` (the report and the works its footnotes cite) and ``Note:``.

Chart functions take rows of a processed table and draw them; they never compute or invent a
figure. A value label is the report's figure as written ("nearly 67,000", "more than 34,000").
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import matplotlib as mpl
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from ..api import load
from ..parse.dates import MONTH_NAMES
from ..paths import REPORT_SHORT

#: Okabe & Ito's palette, distinguishable with every common form of colour blindness.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GREY = "#6E6E6E"
INK = "#222222"
WIDTH = 9.0  # inches

STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "xtick.color": GREY,
    "ytick.color": INK,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.hashsalt": "mmn-annual-report-2017",
    "svg.fonttype": "none",  # text stays text: searchable, selectable, small
    "text.parse_math": False,  # the report writes dollar signs; never read them as maths
}


def styled(draw):
    """Draw in the house style without changing the reader's own matplotlib settings."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with mpl.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


QUALIFIER_NOTES = {
    "approx": "estimates ('about', 'an estimated', 'around')",
    "at_least": "lower bounds ('more than', 'over')",
    "at_most": "upper bounds ('up to', 'nearly', 'less than')",
    "range": "ranges, drawn from their lower to their upper end",
    "order_of_magnitude": "orders of magnitude ('tens of thousands'), drawn as a range",
}


def clean(text: str) -> str:
    """The report's text as a reader should see it: without the conversion's Markdown escapes."""
    return str(text).replace("\\$", "$").replace("*", "")


def human_date(iso: str) -> str:
    """'2017-12' -> 'December 2017'; '2017-06-23' -> '23 June 2017'; '2017' -> '2017'."""
    parts = [int(p) for p in str(iso).split("-")]
    if len(parts) == 1:
        return str(parts[0])
    text = f"{MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {text}" if len(parts) == 3 else text


def source_text(source_ids: Iterable[str]) -> str:
    """'Source: MMN Annual Report 2017, citing <author>, "<title>", <outlet>, <date>; ...'."""
    sources = load("sources").set_index("source_id")
    cited: list[str] = []
    for sid in source_ids:
        if not isinstance(sid, str) or not sid or sid not in sources.index:
            continue
        note = sources.loc[sid]
        # A pure "Ibid." credits the work it points back to; a note with a title of its own, its own work.
        work = note if isinstance(note["title"], str) and note["title"] else sources.loc[note["cites_source_id"]]
        parts = [work[c] for c in ("author", "title", "outlet", "date_text") if isinstance(work[c], str) and work[c]]
        if isinstance(work["title"], str) and work["title"]:
            parts[parts.index(work["title"])] = f"“{work['title']}”"
        entry = clean(", ".join(parts)) + f" (footnote {int(note['number'])})"
        if entry not in cited:
            cited.append(entry)
    text = f"Source: {REPORT_SHORT} (Mekong Migration Network)"
    if cited:
        text += ", citing " + "; ".join(cited)
    return text + "."


def qualifier_note(qualifiers: Iterable[str]) -> str:
    kinds = [QUALIFIER_NOTES[q] for q in dict.fromkeys(qualifiers) if q in QUALIFIER_NOTES]
    return ("Labels are the report's own words; some figures are " + ", ".join(kinds) + ".") if kinds else ""


@dataclass
class Chart:
    """A drawn chart with what a reader needs beside the picture: its title, subtitle, footer and
    rows, and an alt text built from them. In a notebook it displays as a PNG with that alt text."""

    fig: Figure
    rows: object = None

    @property
    def title(self) -> str:
        return self.fig._mmn_title  # type: ignore[attr-defined]

    @property
    def subtitle(self) -> str:
        return self.fig._mmn_subtitle  # type: ignore[attr-defined]

    @property
    def footer(self) -> str:
        return self.fig._mmn_footer  # type: ignore[attr-defined]

    @property
    def alt(self) -> str:
        """Title, subtitle and every plotted value in the report's words, then the source."""
        values = ""
        rows = self.rows
        if isinstance(rows, pd.DataFrame) and {"label", "figure"} <= set(rows.columns):
            values = (
                " Values: " + "; ".join(f"{clean(a)}: {clean(b)}" for a, b in zip(rows["label"], rows["figure"])) + "."
            )
        elif isinstance(rows, pd.Series):
            values = " Values: " + "; ".join(f"{k}: {int(v)}" for k, v in rows.items()) + "."
        return f"Chart: {self.title}. {self.subtitle}.{values} {' '.join(self.footer.split())}"

    def png(self, dpi: int = 100) -> bytes:
        buf = io.BytesIO()
        with mpl.rc_context(STYLE):
            self.fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
        return buf.getvalue()

    def save(self, path, fmt: str) -> None:
        """Write the chart as PNG or SVG, byte-stable (no timestamps, fixed SVG ids)."""
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        with mpl.rc_context(STYLE):
            self.fig.savefig(path, format=fmt, metadata=meta)

    def _repr_mimebundle_(self, include=None, exclude=None):
        alt = self.alt
        data = {"image/png": base64.b64encode(self.png()).decode("ascii"), "text/plain": alt}
        return data, {"image/png": {"alt": alt}}


def new_figure(title: str, subtitle: str, height: float) -> tuple[Figure, Axes]:
    """A figure with the title (the finding) and subtitle (measure, unit, period) at its top left.

    Drawn outside pyplot, so a notebook shows it once, through :class:`Chart`, with its alt text."""
    fig = Figure(figsize=(WIDTH, height))
    ax = fig.subplots()
    title_lines = textwrap.wrap(title, 70)
    sub_lines = textwrap.wrap(subtitle, 110)
    fig.text(
        0.01, 1 - 0.12 / height, "\n".join(title_lines), ha="left", va="top", fontsize=14, fontweight="bold", color=INK
    )
    fig.text(
        0.01,
        1 - (0.2 + 0.25 * len(title_lines)) / height,
        "\n".join(sub_lines),
        ha="left",
        va="top",
        fontsize=10,
        color=GREY,
    )
    fig._mmn_title = title  # type: ignore[attr-defined]
    fig._mmn_subtitle = subtitle  # type: ignore[attr-defined]
    fig._mmn_head = 0.3 + 0.25 * len(title_lines) + 0.17 * len(sub_lines)  # type: ignore[attr-defined]
    return fig, ax


def add_footer(fig: Figure, source_ids: Iterable[str] = (), note: str = "", height: float = 5.0) -> None:
    lines = textwrap.wrap(source_text(source_ids), 140)
    if note:
        lines += textwrap.wrap("Note: " + note, 140)
    fig.text(0.01, 0.005, "\n".join(lines), ha="left", va="bottom", fontsize=7.5, color=GREY)
    fig._mmn_footer = "\n".join(lines)  # type: ignore[attr-defined]


def _layout(fig: Figure, height: float, left: float = 0.34, right: float = 0.86, gap: float = 0.3) -> None:
    """Leave room for the heading above the axes and the footer below them."""
    footer_lines = len(fig._mmn_footer.split("\n"))  # type: ignore[attr-defined]
    top = 1 - (fig._mmn_head + 0.1) / height  # type: ignore[attr-defined]
    bottom = (gap + 0.14 * footer_lines) / height
    fig.subplots_adjust(left=left, right=right, top=top, bottom=bottom)


@styled
def bars(
    rows: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    label: str = "label",
    note: str = "",
    colour_by: str | None = None,
    sort: bool = True,
) -> Chart:
    """Horizontal bars, one per row, labelled with the report's figure as written.

    A point value is a bar; a range or an order of magnitude is a bar from its lower to its upper
    end; a lower bound ('more than') gets an open arrow; rows must share one unit.
    """
    if rows.empty:
        raise ValueError("no rows to chart")
    units = rows["unit"].dropna().unique()
    if len(units) != 1:
        raise ValueError(f"one unit per chart; got {list(units)}")
    df = rows.copy()
    df["_end"] = df["value"].fillna(df["upper"])
    df["_start"] = df["lower"].where(df["value"].isna(), 0).fillna(0)
    if sort:
        df = df.sort_values("_end", kind="stable")
    n = len(df)
    height = max(3.2, 1.9 + 0.42 * n)
    fig, ax = new_figure(title, subtitle, height)
    groups = list(dict.fromkeys(df[colour_by])) if colour_by else []
    colours = [
        PALETTE[groups.index(g) % len(PALETTE)] if colour_by else PALETTE[0]
        for g in (df[colour_by] if colour_by else [None] * n)
    ]
    ys = range(n)
    for y, (_, r), c in zip(ys, df.iterrows(), colours):
        ranged = pd.isna(r["value"])
        ax.barh(
            y,
            r["_end"] - r["_start"],
            left=r["_start"],
            color=c,
            height=0.62,
            hatch="///" if ranged else None,
            edgecolor="white" if not ranged else c,
            alpha=0.55 if ranged else 1.0,
        )
        text = textwrap.fill(clean(r["figure"]), 30)
        ax.annotate(text, (r["_end"], y), xytext=(4, 0), textcoords="offset points", va="center", fontsize=9, color=INK)
        if r["qualifier"] == "at_least":
            ax.annotate(
                "",
                (r["_end"] * 1.04 if r["_end"] else 1, y),
                (r["_end"], y),
                arrowprops={"arrowstyle": "->", "color": c},
            )
    ax.set_yticks(list(ys), [textwrap.fill(clean(t), 40) for t in df[label]], fontsize=9)
    longest = max(len(line) for t in df["figure"] for line in textwrap.fill(clean(t), 30).split("\n"))
    ax.set_xlim(0, float(df["_end"].max()) * (1.04 + 0.017 * longest))  # room for the value labels
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if colour_by:
        handles = [Rectangle((0, 0), 1, 1, color=PALETTE[i % len(PALETTE)]) for i in range(len(groups))]
        ax.legend(
            handles, groups, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(groups), frameon=False, fontsize=8
        )
    auto = qualifier_note(df["qualifier"])
    full_note = " ".join(x for x in (note, auto) if x)
    add_footer(fig, df.get("source_id", []), full_note, height)
    _layout(fig, height, left=0.38, right=0.97)
    return Chart(fig, df)


def _to_date(iso: str, end: bool = False) -> date:
    parts = [int(p) for p in iso.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        return date(y, m, parts[2])
    if not end:
        return date(y, m, 1)
    nxt = date(y + (m == 12), m % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


@styled
def timeline(
    rows: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    note: str = "",
    colour_by: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> Chart:
    """Events on a date axis, one per line, labelled on the left with the date as the report writes it.

    A day is a dot; a month or a year is a bar spanning it (the report does not say which day);
    an approximate date ('early August') is hollow.
    """
    if rows.empty:
        raise ValueError("no events to chart")
    df = rows.copy()
    df["_start"] = [_to_date(d) for d in df["date"]]
    df["_end"] = [_to_date(d, end=True) for d in df["date_end"]]
    df = df.sort_values(["_start", "_end", "id"], kind="stable").reset_index(drop=True)
    n = len(df)
    height = max(3.4, 2.2 + 0.34 * n)
    fig, ax = new_figure(title, subtitle, height)
    groups = list(dict.fromkeys(df[colour_by])) if colour_by else []
    labels = []
    for i, r in df.iterrows():
        y = n - 1 - i
        c = PALETTE[groups.index(r[colour_by]) % len(PALETTE)] if colour_by else PALETTE[0]
        s, e = mdates.date2num(r["_start"]), mdates.date2num(r["_end"])
        hollow = r["qualifier"] not in ("exact", "range")
        if r["period_precision"] == "day" and s == e:
            ax.plot([s], [y], "o", color=c, markersize=6, markerfacecolor="white" if hollow else c)
        else:
            ax.barh(y, e - s + 1, left=s, height=0.5, color="white" if hollow else c, edgecolor=c, linewidth=1.2)
        labels.append(textwrap.shorten(f"{clean(r['figure'])} · {clean(r['label'])}", 78, placeholder="…"))
    ax.set_yticks(list(range(n - 1, -1, -1)), labels, fontsize=8.5)
    ax.tick_params(axis="y", length=0)
    lo = _to_date(start) if start else min(df["_start"])
    hi = _to_date(end, end=True) if end else max(df["_end"])
    pad = max(20, (mdates.date2num(hi) - mdates.date2num(lo)) * 0.03)
    ax.set_xlim(mdates.date2num(lo) - pad, mdates.date2num(hi) + pad)
    ax.set_ylim(-0.7, n - 0.3)
    ax.grid(axis="x", color="#DDDDDD", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines["left"].set_visible(False)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if colour_by:
        handles = [Line2D([], [], marker="o", ls="", color=PALETTE[i % len(PALETTE)]) for i in range(len(groups))]
        ax.legend(
            handles, groups, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=len(groups), frameon=False, fontsize=8
        )
    auto = (
        "Dots are days; bars span the month or year when the report gives no day; hollow marks are "
        "approximate dates ('early', 'toward the end of')."
    )
    add_footer(fig, df.get("source_id", []), " ".join(x for x in (note, auto) if x), height)
    _layout(fig, height, left=0.56, right=0.97, gap=0.55)
    return Chart(fig, df.assign(figure=df["figure"], label=df["label"]))


@styled
def columns(
    counts: pd.Series,
    *,
    title: str,
    subtitle: str,
    note: str = "",
    source_ids: Sequence[str] = (),
    colour: str = PALETTE[0],
) -> Chart:
    """Vertical columns for counts derived from a table (rows per month, members per country)."""
    height = 4.2
    fig, ax = new_figure(title, subtitle, height)
    xs = range(len(counts))
    ax.bar(list(xs), counts.to_numpy(), color=colour, width=0.65)
    for x, v in zip(xs, counts.to_numpy()):
        ax.annotate(f"{int(v)}", (x, v), xytext=(0, 3), textcoords="offset points", ha="center", fontsize=9)
    ax.set_xticks(list(xs), [textwrap.fill(str(i), 12) for i in counts.index], fontsize=8.5)
    ax.yaxis.set_visible(False)
    ax.spines["left"].set_visible(False)
    ax.set_ylim(0, max(1, counts.max()) * 1.15)
    add_footer(fig, source_ids, note, height)
    _layout(fig, height, left=0.04, right=0.98, gap=0.75)
    return Chart(fig, counts)
