"""The figure parser: numbers as the report writes them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mmn_analysis.parse.numbers import QUALIFIERS, ParseError, parse_figure


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("an estimated 4.25 million", 4_250_000, None),
        ("53.9 million", 53_900_000, None),
        ("USD 3.3 billion", 3_300_000_000, "USD"),
        ("US\\$124", 124, "USD"),
        ("\\$15 billion", 15_000_000_000, "USD"),
        ("around 2 billion USD", 2_000_000_000, "USD"),
        ("800,000 baht", 800_000, "THB"),
        ("1,248,611", 1_248_611, None),
        ("36.47%", 36.47, "percent"),
        ("70 percent", 70, "percent"),
        ("almost ten percent", 10, "percent"),
        ("five years", 5, "years"),
        ("180-day", 180, "days"),
        ("six-month", 6, "months"),
        ("a mere 1500", 1500, None),
    ],
)
def test_reads_value_and_unit_as_written(text, value, unit):
    p = parse_figure(text)
    assert p.value == value
    assert p.unit == unit


def test_more_than_is_a_lower_bound():
    p = parse_figure("more than 34,000")
    assert (p.qualifier, p.qualifier_text, p.lower, p.upper) == ("at_least", "more than", 34_000, None)


def test_nearly_is_an_upper_bound():
    p = parse_figure("nearly 67,000")
    assert (p.qualifier, p.value, p.upper, p.lower) == ("at_most", 67_000, 67_000, None)


def test_up_to_is_an_upper_bound():
    p = parse_figure("up to 100,000 baht")
    assert (p.qualifier, p.upper, p.unit) == ("at_most", 100_000, "THB")


def test_an_estimated_is_approximate_without_bounds():
    p = parse_figure("an estimated 50,000")
    assert (p.qualifier, p.qualifier_text, p.lower, p.upper) == ("approx", "an estimated", None, None)


def test_a_range_has_two_bounds_and_no_point_value():
    p = parse_figure("2,000 to 100,000 baht")
    assert (p.value, p.lower, p.upper, p.unit, p.qualifier) == (None, 2_000, 100_000, "THB", "range")


def test_a_range_with_currency_on_both_ends():
    p = parse_figure("USD\\$60 to US\\$2,935")
    assert (p.lower, p.upper, p.unit) == (60, 2_935, "USD")


def test_less_than_a_third_is_a_fraction_below_one_third():
    p = parse_figure("less than a third")
    assert p.unit == "fraction" and p.qualifier == "at_most" and p.upper == pytest.approx(1 / 3)


def test_tens_of_thousands_is_an_order_of_magnitude():
    p = parse_figure("tens of thousands")
    assert (p.value, p.lower, p.upper, p.qualifier) == (None, 10_000, 100_000, "order_of_magnitude")


def test_an_ordinal_is_a_rank_and_its_next_word_is_not_a_unit():
    assert parse_figure("31st").value == 31
    p = parse_figure("the first day")
    assert (p.value, p.unit) == (1, None)


def test_number_text_is_a_substring_of_the_figure():
    for text in ["USD\\$60 to US\\$2,935", "an estimated 4.25 million", "less than a third"]:
        assert parse_figure(text).number_text in text


@pytest.mark.parametrize("text", ["", "   ", "no number here", "a lot"])
def test_text_without_a_number_is_refused(text):
    with pytest.raises(ParseError):
        parse_figure(text)


def test_a_backwards_range_is_refused():
    with pytest.raises(ParseError, match="backwards"):
        parse_figure("100,000 to 2,000 baht")


# Properties -----------------------------------------------------------------------------------

integers = st.integers(min_value=0, max_value=10**12)


@given(integers)
def test_any_integer_with_thousands_separators_round_trips(n):
    assert parse_figure(f"{n:,}").value == n


@given(integers)
def test_any_integer_without_separators_round_trips(n):
    assert parse_figure(str(n)).value == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["thousand", "million", "billion"]))
def test_scale_words_multiply(n, scale):
    factor = {"thousand": 10**3, "million": 10**6, "billion": 10**9}[scale]
    assert parse_figure(f"{n} {scale}").value == n * factor


@given(integers, st.sampled_from(sorted(QUALIFIERS)))
def test_every_qualifier_is_recognised_and_keeps_the_value(n, phrase):
    p = parse_figure(f"{phrase} {n:,}")
    assert p.qualifier == QUALIFIERS[phrase] or (phrase == "a couple of")
    assert p.value == n or phrase == "a couple of"


@given(integers, integers)
def test_ranges_are_ordered_or_refused(a, b):
    text = f"{a:,} to {b:,} baht"
    if b < a:
        with pytest.raises(ParseError):
            parse_figure(text)
    else:
        p = parse_figure(text)
        assert (p.lower, p.upper, p.unit) == (a, b, "THB")


@given(st.text(max_size=40))
def test_arbitrary_text_either_parses_or_raises_parse_error(text):
    try:
        p = parse_figure(text)
    except ParseError:
        return
    assert p.qualifier in {"exact", "approx", "at_least", "at_most", "range", "order_of_magnitude"}
    assert p.number_text in text
