"""Reading the raw report: checksum, chapters, sections, footnotes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from mmn_analysis.inputs.report import CHAPTER_NAMES, load_report
from mmn_analysis.paths import RAW, REPORT_FILE, REPORT_SHA256

SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources" / REPORT_FILE


def test_raw_report_is_the_published_text_byte_for_byte():
    data = (RAW / REPORT_FILE).read_bytes()
    assert hashlib.sha256(data).hexdigest() == REPORT_SHA256
    if SHARED.exists():  # beside the checkout, where the project's source was handed over
        assert SHARED.read_bytes() == data


def test_every_chapter_is_found_in_order():
    r = load_report()
    assert r.chapters == CHAPTER_NAMES


def test_overview_has_one_section_per_country():
    r = load_report()
    titles = [s.title for s in r.sections if s.chapter == "overview"]
    assert titles == ["Introduction", "Burma/ Myanmar", "Cambodia", "China", "Lao PDR", "Thailand", "Vietnam"]


def test_numbered_list_items_are_not_taken_for_headings():
    r = load_report()
    titles = [s.title for s in r.sections if s.chapter == "achievements"]
    assert [t.split(" ")[0] for t in titles[1:]] == [
        "1.",
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "2.",
        "3.",
        "3.1",
        "3.2",
        "3.3",
        "4.",
        "5.",
    ]


def test_footnotes_are_identified_by_chapter_and_number():
    r = load_report()
    overview = sorted(n for (c, n) in r.footnotes if c == "overview")
    achievements = sorted(n for (c, n) in r.footnotes if c == "achievements")
    assert overview == list(range(1, 57))
    assert achievements == [49, 50, 51, 52]


def test_the_report_cites_note_51_twice_and_never_cites_46():
    r = load_report()
    cited = [m.number for m in r.markers if m.chapter == "overview"]
    assert cited.count(51) == 2
    assert 46 not in cited
