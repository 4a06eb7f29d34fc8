"""Asking for a country gives every figure about it, whichever section of the report states it."""

from __future__ import annotations

import pytest
from register_edit import complaint

import mmn_analysis as mmn


def test_vietnamese_workers_registered_in_thailand_are_about_vietnam():
    v = mmn.about("Vietnam")
    registered = v[v["id"] == "ov-tha-19"]
    assert len(registered) == 1
    assert registered["section"].iloc[0] == "Thailand"  # stated in Thailand's section, not Vietnam's


@pytest.mark.parametrize("spelling", ["Vietnam", "Viet Nam", "VNM", "viet nam"])
def test_the_report_s_spellings_and_the_iso_code_give_the_same_figures(spelling):
    assert mmn.about(spelling)["id"].tolist() == mmn.about("Vietnam")["id"].tolist()


def test_burma_myanmar_and_laos_are_understood():
    assert mmn.about("Burma/ Myanmar")["id"].tolist() == mmn.about("Myanmar")["id"].tolist()
    assert mmn.about("Laos")["id"].tolist() == mmn.about("Lao PDR")["id"].tolist()


def test_about_gives_every_figure_whose_country_origin_or_destination_is_it():
    f = mmn.load("figures")
    named = f[(f["country_iso3"] == "KHM") | (f["origin_iso3"] == "KHM") | (f["destination_iso3"] == "KHM")]
    got = set(mmn.about("Cambodia")["id"])
    assert set(named["id"]) <= got
    assert len(got) > len(named)  # and more: figures whose sentence concerns Cambodia too


def test_a_figure_about_several_countries_lists_each_once():
    f = mmn.load("figures").set_index("id")
    fled = f.loc["ov-khm-21", "countries"].split(";")
    assert sorted(fled) == ["KHM", "LAO", "MMR", "THA", "VNM"]
    assert all(len(c.split(";")) == len(set(c.split(";"))) for c in f["countries"].dropna())


def test_about_keeps_report_order():
    lines = mmn.about("Thailand")["line"]
    assert lines.is_monotonic_increasing and len(lines) > 50


def test_an_unknown_country_is_refused():
    with pytest.raises(LookupError, match="Atlantis"):
        mmn.about("Atlantis")


def test_an_unknown_country_in_also_about_is_refused_with_its_place(tmp_path):
    problem = complaint(tmp_path, "ov-khm-21", also_about="Cambodia; Atlantis")
    assert "register/overview.csv" in problem and "column 'also_about'" in problem and "Atlantis" in problem
