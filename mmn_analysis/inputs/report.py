"""Read the raw report: verify it, then find its chapters, sections and footnotes.

The report is plain text converted from a PDF. Each line is a paragraph, a heading, a caption or a
footnote. Chapters and sections are found by their heading lines; footnote definitions are lines
that begin with superscript digits; footnote markers are superscript digits anywhere else.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import InputError, Problem
from ..parse.dates import MONTH_NAMES
from ..paths import RAW, REPORT_FILE, REPORT_SHA256

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")

#: Chapters in the order they appear, with the heading line that opens each (None: see below).
CHAPTERS: list[tuple[str, str | None]] = [
    ("front_matter", None),  # from the first line
    ("about", None),  # the unheaded paragraph "The Mekong Migration Network (MMN) is a ..."
    ("members", "MMN Members"),
    ("steering_committee", "MMN Steering Committee"),
    ("secretariat", "MMN Secretariat"),
    ("acknowledgements", "Acknowledgement and Message from the Steering Committee"),
    ("foreword", None),  # the unheaded message after the acknowledgements' signature
    ("overview", "Overview of Migration in the Greater Mekong Subregion in 2017"),
    ("achievements", "Achievements in 2017"),
    ("calendar", "Secretariat Calendar 2017"),
]
CHAPTER_NAMES = [name for name, _ in CHAPTERS]
ABOUT_OPENING = "The Mekong Migration Network (MMN) is a subregional network"
ACKNOWLEDGEMENTS_END = "Regional Coordinator, Mekong Migration Network"

SECTION_HEADINGS: dict[str, list[str]] = {
    "front_matter": ["Table of Contents", "Acronyms"],
    "secretariat": ["MMN Secretariat Team 2017", "Consultants", "Interns and Volunteers"],
    "overview": ["Burma/ Myanmar", "Cambodia", "China", "Lao PDR", "Thailand", "Vietnam"],
    "calendar": list(MONTH_NAMES),
}
#: Achievements headings are numbered ("1. ...", "1.2 ..."). Unlike numbered list items they do
#: not end in punctuation, and each continues the numbering of the one before (1, 1.1, 1.2, 2, ...).
NUMBERED_HEADING = re.compile(r"^(\d)\.(\d)?\s+[A-Z*]")
INTRODUCTION = "Introduction"


def superscript_to_int(text: str) -> int:
    return int(text.translate(_SUPER_TO_DIGIT))


@dataclass(frozen=True)
class Section:
    chapter: str
    title: str
    start: int  # character offset of the section's first character (its heading line)
    end: int  # offset one past its last character
    heading_line: int | None  # 1-based line number of the heading; None for an Introduction


@dataclass(frozen=True)
class FootnoteDef:
    chapter: str
    number: int
    line: int  # 1-based
    start: int  # offset of the line's first character
    text: str  # the whole line, marker included


@dataclass(frozen=True)
class FootnoteMarker:
    chapter: str
    number: int
    line: int
    start: int
    end: int


@dataclass
class Report:
    """The report's text with its structure. Offsets are character offsets into ``text``."""

    text: str
    path: str
    sections: list[Section] = field(default_factory=list)
    footnotes: dict[tuple[str, int], FootnoteDef] = field(default_factory=dict)
    markers: list[FootnoteMarker] = field(default_factory=list)
    heading_lines: set[int] = field(default_factory=set)

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        for m in re.finditer("\n", self.text):
            starts.append(m.end())
        return starts

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset."""
        return bisect.bisect_right(self.line_starts, offset)

    def line_span(self, line: int) -> tuple[int, int]:
        start = self.line_starts[line - 1]
        return start, start + len(self.lines[line - 1])

    def section_at(self, offset: int) -> Section:
        for s in self.sections:
            if s.start <= offset < s.end:
                return s
        return self.sections[-1]

    def chapter_span(self, chapter: str) -> tuple[int, int]:
        secs = [s for s in self.sections if s.chapter == chapter]
        return secs[0].start, secs[-1].end

    def find_all(self, needle: str) -> list[int]:
        """Offsets of every occurrence of ``needle`` (overlaps included)."""
        out, i = [], self.text.find(needle)
        while i != -1 and needle:
            out.append(i)
            i = self.text.find(needle, i + 1)
        return out

    @cached_property
    def chapters(self) -> list[str]:
        seen: list[str] = []
        for s in self.sections:
            if s.chapter not in seen:
                seen.append(s.chapter)
        return seen


def read_report_bytes(path: Path, *, verify_checksum: bool = True) -> str:
    """Read and decode the report, refusing a changed, truncated or non-UTF-8 file."""
    shown = f"data/raw/{path.name}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(shown, "the raw report is missing")) from None
    if verify_checksum:
        digest = hashlib.sha256(data).hexdigest()
        if digest != REPORT_SHA256:
            raise InputError(
                Problem(
                    shown,
                    f"checksum changed: sha256 is {digest} ({len(data)} bytes); raw data is never edited",
                    expected=f"sha256 {REPORT_SHA256}",
                )
            )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(
            Problem(shown, f"not valid UTF-8 at byte {e.start}", row=line, expected="UTF-8 text")
        ) from None


def _exact_line(lines: list[str], wanted: str, after: int, shown: str, what: str) -> int:
    """Index of the first line after ``after`` equal to ``wanted``; an error if there is none."""
    for i in range(after + 1, len(lines)):
        if lines[i].strip() == wanted:
            return i
    raise InputError(Problem(shown, f"{what} not found", expected=f"a line reading {wanted!r}"))


def parse_report(text: str, path: str = f"data/raw/{REPORT_FILE}") -> Report:
    """Split the report into chapters, sections and footnotes."""
    lines = text.split("\n")
    report = Report(text=text, path=path)
    starts = report.line_starts

    # Chapter openings (line indexes, 0-based).
    open_at: dict[str, int] = {"front_matter": 0}
    cursor = 0
    for name, heading in CHAPTERS[1:]:
        if name == "about":
            idx = next((i for i, line in enumerate(lines) if line.startswith(ABOUT_OPENING)), None)
            if idx is None:
                raise InputError(
                    Problem(
                        path, "the 'About MMN' paragraph was not found", expected=f"a line starting {ABOUT_OPENING!r}"
                    )
                )
        elif name == "foreword":
            sig = _exact_line(lines, ACKNOWLEDGEMENTS_END, cursor, path, "end of the acknowledgements")
            idx = next((i for i in range(sig + 1, len(lines)) if lines[i].strip()), len(lines) - 1)
        else:
            assert heading is not None
            idx = _exact_line(lines, heading, cursor, path, f"chapter heading for {name}")
        open_at[name] = idx
        cursor = idx

    names = CHAPTER_NAMES
    for k, name in enumerate(names):
        first = open_at[name]
        last = open_at[names[k + 1]] if k + 1 < len(names) else len(lines)
        heading = CHAPTERS[k][1]
        if heading is not None:
            report.heading_lines.add(first + 1)
        # Section headings inside the chapter.
        heads: list[tuple[int, str]] = []
        wanted = SECTION_HEADINGS.get(name, [])
        number = (0, 0)
        for i in range(first + 1, last):
            line = lines[i].strip()
            m = NUMBERED_HEADING.match(line) if name == "achievements" else None
            if m and not line.endswith((".", ";", ":")) and len(line) < 200:
                major, minor = int(m.group(1)), int(m.group(2) or 0)
                if (major, minor) not in ((number[0], number[1] + 1), (number[0] + 1, 0)):
                    continue  # a numbered list item, not the next heading
                number = (major, minor)
            elif line not in wanted:
                continue
            heads.append((i, line))
            report.heading_lines.add(i + 1)
        bounds = [(first, INTRODUCTION, None)] + [(i, t, i + 1) for i, t in heads]
        for j, (i, title, hline) in enumerate(bounds):
            end_line = bounds[j + 1][0] if j + 1 < len(bounds) else last
            end = starts[end_line] if end_line < len(starts) else len(text)
            report.sections.append(Section(name, title, starts[i], end, hline))
    # Drop empty introductions (a chapter whose first line is a section heading has none).
    report.sections = [s for s in report.sections if s.end > s.start]

    # Footnote definitions and markers.
    for i, line in enumerate(lines):
        offset = starts[i]
        chapter = report.section_at(offset).chapter
        m = SUPERSCRIPT_RUN.match(line)
        if m:
            number = superscript_to_int(m.group())
            key = (chapter, number)
            if key in report.footnotes:
                raise InputError(Problem(path, f"footnote {number} is defined twice in {chapter}", row=i + 1))
            report.footnotes[key] = FootnoteDef(chapter, number, i + 1, offset, line)
        for mm in SUPERSCRIPT_RUN.finditer(line):
            if mm.start() == 0:
                continue
            report.markers.append(
                FootnoteMarker(chapter, superscript_to_int(mm.group()), i + 1, offset + mm.start(), offset + mm.end())
            )
    return report


def load_report(raw_dir: Path = RAW, *, verify_checksum: bool = True) -> Report:
    path = raw_dir / REPORT_FILE
    return parse_report(read_report_bytes(path, verify_checksum=verify_checksum), path=f"data/raw/{REPORT_FILE}")
