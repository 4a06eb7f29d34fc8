"""Parse a figure as the report writes it into a value, bounds, a unit and a qualifier.

``parse_figure("more than 34,000")`` gives value 34000, lower bound 34000, qualifier ``at_least``.
Pure functions only: no files, no pandas. Dates are parsed in :mod:`mmn_analysis.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

#: qualifier phrase (as written, lower case) -> qualifier category
QUALIFIERS: dict[str, str] = {
    "an estimated": "approx",
    "estimated": "approx",
    "an average of": "approx",
    "about": "approx",
    "around": "approx",
    "approximately": "approx",
    "roughly": "approx",
    "some": "approx",
    "a couple of": "approx",
    "more than": "at_least",
    "over": "at_least",
    "at least": "at_least",
    "up to": "at_most",
    "less than": "at_most",
    "fewer than": "at_most",
    "nearly": "at_most",
    "almost": "at_most",
    "a mere": "exact",
    "just": "exact",
    "a total of": "exact",
}
QUALIFIER_CATEGORIES = ("exact", "approx", "at_least", "at_most", "range", "order_of_magnitude")

#: Order-of-magnitude phrases: (lower, upper) bounds. "tens of thousands" is at least ten thousand
#: and fewer than a hundred thousand; "several thousand" at least three thousand, fewer than ten.
MAGNITUDES: dict[str, tuple[int, int]] = {
    "tens of thousands": (10_000, 100_000),
    "hundreds of thousands": (100_000, 1_000_000),
    "several thousand": (3_000, 10_000),
    "thousands": (1_000, 10_000),
    "several hundred": (300, 1_000),
    "hundreds": (100, 1_000),
    "dozens": (24, 144),
}

WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozen": 12,
    "a": 1,
    "an": 1,
    "couple": 2,
    "single": 1,
}
ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "largest": 1,
    "biggest": 1,
}
FRACTIONS: dict[str, Decimal] = {
    "a third": Decimal(1) / Decimal(3),
    "one third": Decimal(1) / Decimal(3),
    "two thirds": Decimal(2) / Decimal(3),
    "a quarter": Decimal("0.25"),
    "half": Decimal("0.5"),
    "a half": Decimal("0.5"),
}
SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9}

CURRENCY_PREFIXES = [("usd$", "USD"), ("us$", "USD"), ("usd", "USD"), ("$", "USD")]
CURRENCY_SUFFIXES = [("us dollars", "USD"), ("usd", "USD"), ("baht", "THB")]
DURATION_UNITS = {
    "day": "days",
    "days": "days",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
    "decade": "years",
}
DURATION_FACTOR = {"decade": 10}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|"
    + "|".join(sorted((w for w in WORDS if w not in ("a", "an")), key=len, reverse=True))
)
_ORD_DIGITS = r"\d+(?:st|nd|rd|th)"
_ORD_WORD = "|".join(ORDINAL_WORDS)
NUMBER = re.compile(rf"(?<![\w.])(?:{_ORD_DIGITS}|{_DIGITS}|{_ORD_WORD}|(?:{_WORD}))(?![\w])", re.IGNORECASE)


class ParseError(ValueError):
    """A figure that does not read as a number; the message says what was expected."""


@dataclass(frozen=True)
class ParsedFigure:
    value: float | None  # the point value; None for a range or an order of magnitude
    lower: float | None  # lower bound, where the text gives one
    upper: float | None  # upper bound, where the text gives one
    qualifier: str  # one of QUALIFIER_CATEGORIES
    qualifier_text: str  # the words as written ("more than"), empty when exact
    unit: str | None  # unit the text itself states (percent, USD, THB, days ...), else None
    number_text: str  # the part of the figure that holds the number, as written


def _clean(text: str) -> str:
    """Same length as the figure (so offsets still point into it), stripped of outer blanks."""
    return text.replace("\u00a0", " ").replace("–", "-").replace("—", "-").strip()


def number_value(token: str) -> Decimal:
    """The value of one number as written: ``4.25``, ``1,248,611``, ``ten``, ``twenty-five``, ``31st``."""
    t = token.strip().lower()
    if re.fullmatch(_ORD_DIGITS, t):
        return Decimal(re.sub(r"\D", "", t))
    if re.fullmatch(_DIGITS, t):
        return Decimal(t.replace(",", ""))
    if t in ORDINAL_WORDS:
        return Decimal(ORDINAL_WORDS[t])
    if "-" in t:
        tens, _, ones = t.partition("-")
        if tens in WORDS and ones in WORDS:
            return Decimal(WORDS[tens] + WORDS[ones])
    if t in WORDS:
        return Decimal(WORDS[t])
    raise ParseError(f"{token!r} is not a number")


def _as_float(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def _unit_around(before: str, after: str) -> tuple[str | None, int]:
    """Unit stated next to a number: a currency before it, or a unit word after it.

    Returns the unit and a multiplier (a decade is ten years).
    """
    b = before.lower().replace("\\", "").rstrip()
    for prefix, unit in CURRENCY_PREFIXES:
        if b.endswith(prefix):
            return unit, 1
    a = after.lower().lstrip(" -")
    if after.lstrip().startswith("%") or a.startswith("percent"):
        return "percent", 1
    for suffix, unit in CURRENCY_SUFFIXES:
        if a.startswith(suffix):
            return unit, 1
    m = re.match(r"(day|days|month|months|year|years|decade)\b", a)
    if m:
        word = m.group(1)
        return DURATION_UNITS[word], DURATION_FACTOR.get(word, 1)
    return None, 1


def _scale_after(after: str) -> tuple[int, str]:
    m = re.match(r"\s*(thousand|million|billion)\b", after, re.IGNORECASE)
    return (SCALES[m.group(1).lower()], m.group(0)) if m else (1, "")


def _qualifier_before(before: str) -> tuple[str, str]:
    b = before.lower().replace("\\", "").rstrip()
    b = re.sub(r"\b(usd\$|us\$|usd|\$)$", "", b).rstrip()
    best = ""
    for phrase in QUALIFIERS:
        if (b == phrase or b.endswith(" " + phrase)) and len(phrase) > len(best):
            best = phrase
    if best:
        return QUALIFIERS[best], best
    return "exact", ""


def parse_figure(text: str) -> ParsedFigure:
    """Parse a figure as written. Raises :class:`ParseError` if no number can be read."""
    if not isinstance(text, str) or not text.strip():
        raise ParseError("an empty figure")
    t = _clean(text)
    low = t.lower()

    for phrase, (lo, hi) in sorted(MAGNITUDES.items(), key=lambda kv: -len(kv[0])):
        i = low.find(phrase)
        if i != -1:
            unit, _ = _unit_around(t[:i], t[i + len(phrase) :])
            return ParsedFigure(None, float(lo), float(hi), "order_of_magnitude", phrase, unit, t[i : i + len(phrase)])

    for phrase, frac in sorted(FRACTIONS.items(), key=lambda kv: -len(kv[0])):
        m = re.search(rf"(?<!\w){phrase}(?!\w)", low)
        if m:
            qual, qtext = _qualifier_before(t[: m.start()])
            v = float(frac)
            lower = v if qual == "at_least" else None
            upper = v if qual == "at_most" else None
            return ParsedFigure(v, lower, upper, qual, qtext, "fraction", t[m.start() : m.end()])

    numbers = list(NUMBER.finditer(t))
    # "a"/"an" count as one only right before a unit word ("a year after", "a 15-day" is not one).
    if not numbers:
        m = re.search(r"(?<!\w)(a|an|one)[\s-]+(day|month|year|decade)s?\b", low)
        if m:
            unit, factor = _unit_around("", t[m.end(1) :])
            v = Decimal(factor)
            return ParsedFigure(float(v), None, None, "exact", "", unit, t[m.start() : m.end()])
        m = re.search(r"(?<!\w)(day|decade)-long\b", low)
        if m:
            unit, factor = _unit_around("", t[m.start() :])
            return ParsedFigure(
                float(factor), None, None, "approx" if m.group(1) == "decade" else "exact", "", unit, m.group(0)
            )
        raise ParseError(f"no number in {text!r}")

    first = numbers[0]
    before = t[: first.start()]
    scale, scale_text = _scale_after(t[first.end() :])
    is_ordinal = bool(re.fullmatch(rf"{_ORD_DIGITS}|{_ORD_WORD}", first.group(), re.IGNORECASE))
    # An ordinal ranks ("the first day", "10th anniversary"): the word after it is not its unit.
    unit, factor = (None, 1) if is_ordinal else _unit_around(before, t[first.end() + len(scale_text) :])
    v1 = number_value(first.group()) * scale * factor

    # A range: "2,000 to 100,000 baht", "USD$60 to US$2,935", "23-28", "from 2014 to 2017".
    if len(numbers) >= 2:
        second = numbers[1]
        between = t[first.end() + len(scale_text) : second.start()]
        joiner = re.fullmatch(
            r"\s*(?:[a-zA-Z%]+\s*)?(?:-|to|and)\s*(?:usd\\?\$|us\\?\$|usd|\\?\$)?\s*", between, re.IGNORECASE
        )
        if joiner:
            scale2, scale2_text = _scale_after(t[second.end() :])
            unit2, factor2 = _unit_around(t[: second.start()], t[second.end() + len(scale2_text) :])
            if scale == 1 and scale2 != 1:
                scale = scale2  # "2 to 3 million"
                v1 = number_value(first.group()) * scale * factor
            unit = unit or unit2
            factor = factor if factor != 1 else factor2
            v2 = number_value(second.group()) * scale2 * factor2
            if v2 < v1:
                raise ParseError(f"range {text!r} runs backwards")
            qual, qtext = _qualifier_before(before)
            return ParsedFigure(
                None,
                _as_float(v1),
                _as_float(v2),
                "range",
                qtext or "range",
                unit,
                t[first.start() : second.end() + len(scale2_text)],
            )

    qual, qtext = _qualifier_before(before)
    if first.group().lower() == "couple":
        qual, qtext = "approx", "a couple of"
    v = _as_float(v1)
    lower = v if qual == "at_least" else None
    upper = v if qual == "at_most" else None
    if qual == "exact":
        lower = upper = None
    return ParsedFigure(v, lower, upper, qual, qtext, unit, t[first.start() : first.end() + len(scale_text)])
