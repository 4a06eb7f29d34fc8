"""One spelling per country, with ISO 3166 codes."""

from __future__ import annotations

import pytest

from mmn_analysis.parse.countries import UnknownCountry, normalise_country


@pytest.mark.parametrize(
    "written, name, iso3",
    [
        ("Burma/ Myanmar", "Myanmar", "MMR"),
        ("Myanmar", "Myanmar", "MMR"),
        ("Lao PDR", "Lao PDR", "LAO"),
        ("Laos", "Lao PDR", "LAO"),
        ("Viet Nam", "Vietnam", "VNM"),
        ("Vietnam", "Vietnam", "VNM"),
        ("the USA", "United States", "USA"),
        ("Taiwan", "Taiwan", "TWN"),
        ("Hong Kong", "Hong Kong", "HKG"),
    ],
)
def test_report_spellings_become_one_name_and_code(written, name, iso3):
    c = normalise_country(written)
    assert (c.name, c.iso3) == (name, iso3)


@pytest.mark.parametrize("written", ["Loa", "Mekong", "Atlantis", ""])
def test_unknown_names_are_refused(written):
    with pytest.raises(UnknownCountry):
        normalise_country(written)
