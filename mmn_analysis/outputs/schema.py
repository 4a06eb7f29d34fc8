"""The processed tables' schemas: one definition serves load(), describe(), the workbook and datapackage.json."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..inputs.editorial import CATEGORIES
from ..inputs.references import ROLES
from ..inputs.register import KINDS, STATED_IN, THEMES, UNITS
from ..parse.numbers import QUALIFIER_CATEGORIES


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless types: string, number, integer
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: list[Field]
    primary_key: list[str]
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


ISO3 = r"^[A-Z]{3}$"
ISO_PERIOD = r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$"
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PRECISIONS = ("day", "month", "year", "decade")


def _f(name: str, type_: str, description: str, **kw) -> Field:
    return Field(name, type_, description, **kw)


# Fields shared by the tables that hold figures.
ID = _f("id", "string", "Stable identifier of the figure in the register (data/raw/register).", required=True)
COUNTRY = _f(
    "country",
    "string",
    "The country the figure is mainly about, one spelling (blank: regional or network-wide); for a figure of the "
    "Overview, usually its section's country. Every country a figure concerns is in countries.",
)
COUNTRY_ISO3 = _f("country_iso3", "string", "ISO 3166-1 alpha-3 code of country.", pattern=ISO3)
ORIGIN = _f("origin", "string", "For a migrant stock or flow: the country people come from.")
ORIGIN_ISO3 = _f("origin_iso3", "string", "ISO 3166-1 alpha-3 code of origin.", pattern=ISO3)
DEST = _f("destination", "string", "For a migrant stock or flow: the country people are in or go to.")
DEST_ISO3 = _f("destination_iso3", "string", "ISO 3166-1 alpha-3 code of destination.", pattern=ISO3)
COUNTRIES = _f(
    "countries",
    "string",
    "ISO 3166-1 alpha-3 codes of every country the figure concerns, ';'-separated: country, origin and "
    "destination, then any other country its sentence is about (Vietnamese workers registered in Thailand: "
    "THA;VNM), whichever section states it. mmn_analysis.about(name) selects by this column.",
    pattern=r"^[A-Z]{3}(;[A-Z]{3})*$",
)
SEX = _f(
    "sex", "string", "female or male where the report counts one sex only; blank otherwise.", enum=("female", "male")
)
THEME = _f("theme", "string", "Theme of the figure.", required=True, enum=THEMES)
INDICATOR = _f(
    "indicator",
    "string",
    "What is measured (snake_case); the same name wherever the same thing is measured.",
    required=True,
)
LABEL = _f(
    "label",
    "string",
    "Short description of what is measured or what event is dated, for charts and "
    "timelines (written by the register's editors, not quoted).",
    required=True,
)
FIGURE = _f(
    "figure", "string", "The figure exactly as the report writes it, qualifier and unit words included.", required=True
)
FIGURE_DISPLAY = _f(
    "figure_display",
    "string",
    "The figure as a reader should see it: figure without the text conversion's '\\$' escapes and Markdown "
    "asterisks ('US$124' for 'US\\$124'); for a list's length, 'a list of 7'. For labels and charts; figure and "
    "quote stay verbatim.",
    required=True,
)
VALUE = _f(
    "value",
    "number",
    "The figure's value in `unit` (blank for a range, an order of magnitude or a date). "
    "Scale words are applied: '4.25 million' is 4250000.",
    unit="see column unit",
)
LOWER = _f(
    "lower",
    "number",
    "Lower bound the text gives ('more than 34,000': 34000; a range's start).",
    unit="see column unit",
)
UPPER = _f(
    "upper",
    "number",
    "Upper bound the text gives ('up to five years': 5; 'nearly 67,000': 67000).",
    unit="see column unit",
)
UNIT = _f(
    "unit",
    "string",
    "Unit of value, lower and upper: persons, percent, fraction, USD, THB, days, months, "
    "years, date, ordinal, or the things counted.",
    required=True,
    enum=UNITS,
)
QUALIFIER = _f(
    "qualifier",
    "string",
    "How exact the figure is: exact, approx, at_least, at_most, range, order_of_magnitude. Read from the figure's "
    "own words (qualifier_text), and approx when a hedge in its sentence governs an otherwise exact figure (hedge).",
    required=True,
    enum=QUALIFIER_CATEGORIES,
)
QUALIFIER_TEXT = _f(
    "qualifier_text",
    "string",
    "The qualifier words as written ('an estimated', 'more than', 'early'); blank when exact.",
)
HEDGE = _f(
    "hedge",
    "string",
    "Hedge words of the figure's sentence that govern it, verbatim from the quote, '; '-separated ('Estimates "
    "show that', 'speculated; likely closer to'). A hedged figure is never exact: its qualifier is approx unless "
    "its own words bound it. Blank when the sentence does not hedge the figure.",
)
PERIOD = _f(
    "period",
    "string",
    "ISO 8601 date or interval the figure refers to, at the precision the report gives "
    "(for a date figure: the date itself). Blank when the report gives none.",
    pattern=ISO_PERIOD,
)
PRECISION = _f("period_precision", "string", "Precision of period: day, month, year or decade.", enum=PRECISIONS)
FULL_DATE = r"^\d{4}-\d{2}-\d{2}$"
PERIOD_START = _f(
    "period_start",
    "string",
    "First day period covers, as a full ISO date (a month starts on its 1st, a year on 1 January), so that "
    "pandas.to_datetime reads the column without a format. Blank when period is.",
    pattern=FULL_DATE,
)
PERIOD_END = _f(
    "period_end",
    "string",
    "Last day period covers, as a full ISO date (a month ends on its last day, a year on 31 December; an "
    "interval on its end's last day). Blank when period is.",
    pattern=FULL_DATE,
)
FOOTNOTE = _f("footnote", "integer", "Number of the footnote printed after the quote (numbered per chapter).")
SOURCE_ID = _f("source_id", "string", "Key of that footnote in the sources table ('overview-51').")
CITED_ID = _f(
    "cited_source_id",
    "string",
    "The footnote whose work backs the figure: source_id itself, or for an "
    "'Ibid.' the note it points back to. Its author, title, outlet, date and URL are in sources.",
)
QUOTE = _f("quote", "string", "Verbatim passage of the report that states the figure.", required=True)
LINE = _f("line", "integer", "Line of data/raw/mmn_annual_report_2017.txt where the quote starts.", required=True)
NOTE = _f("note", "string", "Reviewer's note: contradictions, ambiguities, how the figure was read.")

FIGURE_FK = (["id"], "figures", ["id"])
SOURCE_FK = (["source_id"], "sources", ["source_id"])

STATED_IN_FIELD = _f(
    "stated_in",
    "string",
    "Where the figure is printed: body, footnote_title (the cited source's claim, not the report's), caption, "
    "table, or list (the length of a numbered list: quote is the sentence introducing it, figure its last label, "
    "e.g. '(7)').",
    required=True,
    enum=STATED_IN,
)
KIND = _f(
    "kind",
    "string",
    "What kind of number the figure is: "
    + "; ".join(f"{name}: {meaning}" for name, meaning in KINDS.items())
    + ". A date's kind follows who reports it.",
    required=True,
    enum=tuple(KINDS),
)
ATTRIBUTED_TO = _f(
    "attributed_to",
    "string",
    "Who produced or stated the figure, as printed: the body the sentence names ('World Bank', 'Ministry of "
    "Labour'), else the author or outlet of the work its footnote cites. Blank when the report names no one "
    "and cites nothing (MMN's own record, background).",
)
ESTIMATOR = _f(
    "estimator",
    "string",
    "Who made the estimate, as printed (the figure's attributed_to): for Myanmar the World Bank (official "
    "flows) against the Ministry of Labour, Employment and Social Security (official and unofficial flows).",
    required=True,
)
SAME_AS = _f(
    "same_as",
    "string",
    "For a figure the report prints again (in the body, or in the title of the article its footnote cites): "
    "the id of the row that states the same fact first, the body row when there is one. To count or add "
    "figures without counting a fact twice, keep the rows whose same_as is blank.",
)
EVENT = _f(
    "event",
    "string",
    "For a date: the event it dates (an id such as thai-royal-ordinance-2017). Rows with one event date the "
    "same event, each at its own precision; policy_timeline has one row per event.",
    pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
)
_value_fields = [
    FIGURE,
    FIGURE_DISPLAY,
    VALUE,
    LOWER,
    UPPER,
    UNIT,
    QUALIFIER,
    QUALIFIER_TEXT,
    HEDGE,
    PERIOD,
    PRECISION,
    PERIOD_START,
    PERIOD_END,
    STATED_IN_FIELD,
    KIND,
    SAME_AS,
]

TABLES: dict[str, Table] = {}


def _table(t: Table) -> None:
    TABLES[t.name] = t


_table(
    Table(
        "figures",
        "Every figure in the report",
        "One row per quantitative statement of the report: counts, amounts, shares, durations, dates and ranks, "
        "each with its verbatim quote, footnote and cited source.",
        [
            ID,
            _f("chapter", "string", "Chapter of the report.", required=True),
            _f("section", "string", "Section heading the quote sits under, verbatim.", required=True),
            COUNTRY,
            COUNTRY_ISO3,
            ORIGIN,
            ORIGIN_ISO3,
            DEST,
            DEST_ISO3,
            COUNTRIES,
            SEX,
            THEME,
            INDICATOR,
            LABEL,
            *_value_fields,
            ATTRIBUTED_TO,
            EVENT,
            FOOTNOTE,
            SOURCE_ID,
            CITED_ID,
            QUOTE,
            LINE,
            NOTE,
        ],
        ["id"],
        [SOURCE_FK, (["cited_source_id"], "sources", ["source_id"])],
    )
)

_table(
    Table(
        "destinations",
        "Where migrants are and go",
        "Every origin-to-destination figure: shares and counts of migrants by destination, deployments by sex, trainees, "
        "cross-border workers. Shares (unit percent) and counts (unit persons) are different measures: never add them.",
        [
            ID,
            ORIGIN,
            ORIGIN_ISO3,
            DEST,
            DEST_ISO3,
            SEX,
            INDICATOR,
            LABEL,
            *_value_fields,
            ATTRIBUTED_TO,
            SOURCE_ID,
            QUOTE,
            NOTE,
        ],
        ["id"],
        [FIGURE_FK, SOURCE_FK],
    )
)

_table(
    Table(
        "remittances",
        "Remittances",
        "Remittance amounts and shares of GDP as the report states them, each with its estimator and period. "
        "Estimates by different estimators measure different flows: compare them, never add them.",
        [ID, COUNTRY, COUNTRY_ISO3, INDICATOR, LABEL, *_value_fields, ESTIMATOR, SOURCE_ID, QUOTE, NOTE],
        ["id"],
        [FIGURE_FK, SOURCE_FK],
    )
)

_table(
    Table(
        "thai_registration",
        "Thailand's 2017 migrant-worker registration drive",
        "Registrations, windows, locations and deadlines of Thailand's 2017 registration and National Verification drive.",
        [
            ID,
            COUNTRY,
            COUNTRY_ISO3,
            ORIGIN,
            ORIGIN_ISO3,
            INDICATOR,
            LABEL,
            *_value_fields,
            ATTRIBUTED_TO,
            SOURCE_ID,
            QUOTE,
            NOTE,
        ],
        ["id"],
        [FIGURE_FK, SOURCE_FK],
    )
)

_table(
    Table(
        "policy_timeline",
        "Policy events",
        "One row per policy event the report dates (laws, decrees, MOUs, deadlines and their extensions, meetings), "
        "however many times it dates it: the most precise date given, and every mention.",
        [
            _f("event", "string", "Identifier of the event (the register's event).", required=True),
            _f(
                "id",
                "string",
                "The mention that dates the event most precisely (the first printed among equals): figure, "
                "quote, source and note are this row's.",
                required=True,
            ),
            _f(
                "mentions",
                "string",
                "Every register row that dates the event, ';'-separated, in report order (id among them).",
                required=True,
            ),
            COUNTRY,
            COUNTRY_ISO3,
            _f(
                "countries",
                "string",
                "ISO 3166-1 alpha-3 codes of every country any mention concerns, ';'-separated.",
                pattern=r"^[A-Z]{3}(;[A-Z]{3})*$",
            ),
            THEME,
            INDICATOR,
            LABEL,
            FIGURE,
            FIGURE_DISPLAY,
            _f(
                "date",
                "string",
                "Start of the event's date, ISO 8601 at the precision given.",
                required=True,
                pattern=ISO_DATE,
            ),
            _f(
                "date_end",
                "string",
                "End of the event's date for a span; equal to date otherwise.",
                required=True,
                pattern=ISO_DATE,
            ),
            PRECISION,
            replace(PERIOD_START, description="First day of the event's date (date), as a full ISO date."),
            replace(PERIOD_END, description="Last day of the event's date (date_end), as a full ISO date."),
            QUALIFIER,
            QUALIFIER_TEXT,
            KIND,
            SOURCE_ID,
            QUOTE,
            NOTE,
        ],
        ["event"],
        [FIGURE_FK, SOURCE_FK],
    )
)

_table(
    Table(
        "penalties_fees",
        "Penalties and fees",
        "Fines, prison terms and fees, in the currency and unit the report gives (baht and USD are kept apart; "
        "no conversion is made).",
        [ID, COUNTRY, COUNTRY_ISO3, THEME, INDICATOR, LABEL, *_value_fields, ATTRIBUTED_TO, SOURCE_ID, QUOTE, NOTE],
        ["id"],
        [FIGURE_FK, SOURCE_FK],
    )
)

_table(
    Table(
        "participants",
        "Participants in MMN's 2017 work",
        "People taking part in MMN's consultations, dialogues, panels, workshops and events.",
        [
            ID,
            _f("section", "string", "Section of the Achievements chapter.", required=True),
            COUNTRY,
            COUNTRY_ISO3,
            ORIGIN,
            ORIGIN_ISO3,
            INDICATOR,
            LABEL,
            *_value_fields,
            QUOTE,
            NOTE,
        ],
        ["id"],
        [FIGURE_FK],
    )
)

_table(
    Table(
        "activities",
        "Secretariat calendar 2017",
        "One row per entry of the Secretariat Calendar 2017.",
        [
            _f(
                "activity_id",
                "string",
                "Stable identifier of the calendar entry, kept in data/raw/calendar.csv (never renumbered).",
                required=True,
                pattern=r"^cal-[0-9]{2,}$",
            ),
            _f("month", "string", "Month heading as written.", required=True),
            _f("days", "string", "Day or day range as written.", required=True),
            _f("start", "string", "First day, ISO 8601.", required=True, pattern=ISO_DATE),
            _f("end", "string", "Last day, ISO 8601.", required=True, pattern=ISO_DATE),
            _f("duration_days", "integer", "Days from start to end, both included.", required=True),
            _f("activity", "string", "The entry's text, verbatim."),
            _f("role", "string", "MMN's role, from the entry's first verb.", enum=tuple(r for r in ROLES if r)),
            _f("city", "string", "City as written."),
            COUNTRY,
            COUNTRY_ISO3,
            _f("quote", "string", "The calendar line, verbatim.", required=True),
            LINE,
            NOTE,
        ],
        ["activity_id"],
    )
)

_table(
    Table(
        "members",
        "MMN member organisations",
        "Member organisations by country, as listed under 'MMN Members'.",
        [
            _f("country_heading", "string", "The heading as written (Regional, Burma/ Myanmar, ...).", required=True),
            COUNTRY,
            COUNTRY_ISO3,
            _f("organisation", "string", "Organisation's name as written.", required=True),
            _f("acronym", "string", "Acronym as written in brackets."),
            LINE,
        ],
        ["country_heading", "organisation"],
    )
)

_table(
    Table(
        "sources",
        "Footnotes and the works they cite",
        "One row per footnote, identified by chapter and number (the Achievements chapter numbers its own notes 49-52).",
        [
            _f("source_id", "string", "chapter-number, e.g. overview-51.", required=True),
            _f("chapter", "string", "Chapter whose numbering the note belongs to.", required=True),
            _f("number", "integer", "Footnote number as printed.", required=True),
            _f("author", "string", "Author or organisation as written."),
            _f("title", "string", "Title of the cited work as written."),
            _f("outlet", "string", "Outlet, publisher or series as written."),
            _f("date_text", "string", "Publication date as written."),
            _f("date", "string", "Publication date, ISO 8601 at the precision given.", pattern=ISO_DATE),
            _f("url", "string", "URL as printed (typos kept)."),
            _f("locator", "string", "Page or other locator as written."),
            _f("ibid_of", "integer", "For an Ibid note: the note it refers back to."),
            _f(
                "cites_source_id",
                "string",
                "The note whose work this note cites: itself, or for a bare Ibid the note it points back to.",
                required=True,
            ),
            _f("quote", "string", "The footnote as printed.", required=True),
            LINE,
            NOTE,
        ],
        ["source_id"],
        [(["cites_source_id"], "sources", ["source_id"])],
    )
)

_table(
    Table(
        "acronyms",
        "Acronyms",
        "The report's list of acronyms.",
        [
            _f("acronym", "string", "Acronym.", required=True),
            _f("expansion", "string", "Expansion as written.", required=True),
            LINE,
        ],
        ["acronym"],
    )
)

_table(
    Table(
        "fact_checks",
        "Fact-checks: where the report agrees and disagrees with itself",
        "One row per check: what the report's figures imply (computed) against what it states, with the verbatim "
        "quotes on each side and a verdict. Inconsistent checks come first; consistent checks stay as evidence. "
        "No figure is altered by a check.",
        [
            _f("check_id", "string", "Stable identifier of the check.", required=True),
            _f(
                "category",
                "string",
                "Kind of check.",
                required=True,
                enum=CATEGORIES,
            ),
            _f("subject", "string", "What was compared.", required=True),
            _f("left_ids", "string", "Register ids (or calendar activity ids) on the computed side, space-separated."),
            _f("left_quote", "string", "Verbatim passages of the report on the computed side, one per line."),
            _f("right_ids", "string", "Register ids (or calendar activity ids) on the stated side, space-separated."),
            _f("right_quote", "string", "Verbatim passages of the report on the stated side, one per line."),
            _f("computed", "string", "What the figures imply, in words.", required=True),
            _f("stated", "string", "What the report states, as written.", required=True),
            _f("computed_value", "number", "The computed value, where numeric.", unit="see column unit"),
            _f("stated_value", "number", "The stated value, where numeric.", unit="see column unit"),
            _f("difference", "number", "computed_value minus stated_value.", unit="see column unit"),
            _f("unit", "string", "Unit of the values."),
            _f(
                "verdict",
                "string",
                "consistent, inconsistent, or cannot_tell (nothing to compare with).",
                required=True,
                enum=("inconsistent", "cannot_tell", "consistent"),
            ),
            _f("explanation", "string", "One line on what the check found.", required=True),
            _f("for_readers", "string", "For an inconsistency: what it changes for a reader of the report."),
        ],
        ["check_id"],
    )
)

_table(
    Table(
        "coverage",
        "Coverage audit",
        "Every numeric mention (digits and number words) in the report, and what accounts for it: a register row, a "
        "reference table, or an exclusion rule. Mentions with status unaccounted have no row yet.",
        [
            _f("chapter", "string", "Chapter of the report.", required=True),
            _f("section", "string", "Section heading.", required=True),
            LINE,
            _f("column", "integer", "1-based character position of the mention in its line.", required=True),
            _f("mention", "string", "The number as written.", required=True),
            _f(
                "status",
                "string",
                "accounted, excluded or unaccounted.",
                required=True,
                enum=("accounted", "excluded", "unaccounted"),
            ),
            _f("accounted_by", "string", "Register ids, or the reference table and key, that account for it."),
            _f("rule", "string", "The exclusion rule that applies."),
            _f("context", "string", "The mention with up to 40 characters either side.", required=True),
        ],
        ["line", "column"],
    )
)

TABLE_ORDER = list(TABLES)
