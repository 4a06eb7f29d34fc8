"""One command line for every step of the collection.

python -m mmn_analysis build        data/raw/ -> data/processed/ (verified, atomic, idempotent)
python -m mmn_analysis check        verify data/raw/ and that data/processed/ is current; write nothing
python -m mmn_analysis audit        numeric mentions of the report that no row accounts for
python -m mmn_analysis tables       the processed tables;  describe TABLE: one table's columns
python -m mmn_analysis notebooks    execute the notebooks whose inputs changed (--force: all)
python -m mmn_analysis charts       export every chart to figures/
python -m mmn_analysis site         build the reader's edition in site/
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from .audit.coverage import summary
from .errors import MAX_SHOWN, InputError, display_path, os_problem, printable
from .outputs.build import AUDITED_CHAPTERS, differences, foreign, make, write
from .paths import IN_CHECKOUT, PROCESSED, RAW, ROOT

UNCHANGED = "nothing was written: data/processed/ is as it was."
PARTLY = "data/processed/ holds whole files, some new and some old: run the build again."


def _audit_lines(mentions) -> list[str]:
    lines = []
    for chapter, s in summary(mentions).items():
        lines.append(
            f"  {chapter:<20} {s['accounted']:>4} accounted  {s['excluded']:>3} excluded  "
            f"{s['unaccounted']:>3} unaccounted"
        )
    return lines


def _unaccounted(mentions, chapters=None):
    return [m for m in mentions if m.status == "unaccounted" and (not chapters or m.chapter in chapters)]


def cmd_build(args) -> int:
    result = args.result = make(args.raw)
    changed = write(result.files, args.processed)
    for name, data in sorted(result.files.items()):
        state = "written" if name in changed else "unchanged"
        print(f"data/processed/{name:<34} {len(data):>8} bytes  {state}")
    for name in foreign(result.files, args.processed):
        print(f"warning: data/processed/{printable(name)} is not produced by the build: kept as it is", file=sys.stderr)
    n = len(result.tables["figures"])
    print(f"{n} figures from the register; coverage audit of numeric mentions:")
    print("\n".join(_audit_lines(result.mentions)))
    gaps = _unaccounted(result.mentions, AUDITED_CHAPTERS)
    if gaps:
        print(
            f"warning: {len(gaps)} mention(s) in {', '.join(AUDITED_CHAPTERS)} have no register row; "
            "run 'python -m mmn_analysis audit'",
            file=sys.stderr,
        )
    return 0


def cmd_check(args) -> int:
    result = make(args.raw)
    ok = True
    print("raw report checksum, register, footnotes, members, calendar, editorial files: verified")
    stale = differences(result.files, args.processed)
    if stale:
        ok = False
        print(f"data/processed/ differs from a fresh build in: {', '.join(stale)} (run 'python -m mmn_analysis build')")
    else:
        print(f"data/processed/ equals a fresh build ({len(result.files)} files)")
    extra = foreign(result.files, args.processed)
    if extra:
        ok = False
        names = ", ".join(printable(n) for n in extra)
        print(f"data/processed/ holds files the build does not produce: {names} (keep them elsewhere)")
    print("coverage audit:")
    print("\n".join(_audit_lines(result.mentions)))
    gaps = _unaccounted(result.mentions, AUDITED_CHAPTERS)
    if gaps:
        ok = False
        print(f"{len(gaps)} numeric mention(s) in {', '.join(AUDITED_CHAPTERS)} have no register row:")
        for m in gaps:
            print(f"  line {m.line}, column {m.column}: {m.text!r} in ...{m.context}...")
    print("check passed" if ok else "check FAILED")
    return 0 if ok else 1


def cmd_audit(args) -> int:
    result = make(args.raw)
    shown = [m for m in result.mentions if args.all or m.status == "unaccounted"]
    for m in shown:
        extra = m.accounted_by or m.rule
        print(f"{m.chapter:<14} line {m.line:>3} col {m.column:>4}  {m.status:<11} {m.text!r:<24} {extra}")
    print("\n".join(_audit_lines(result.mentions)))
    return 1 if _unaccounted(result.mentions, AUDITED_CHAPTERS) else 0


def cmd_tables(args) -> int:
    from .api import tables

    print(tables().drop(columns=["description"]).to_string(index=False))
    return 0


def cmd_describe(args) -> int:
    from .api import describe

    try:
        print(describe(args.table).to_string(index=False))
    except KeyError as e:
        print(f"error: {printable(str(e.args[0]))}", file=sys.stderr)
        return 2
    return 0


def cmd_notebooks(args) -> int:
    from .edition.notebooks import run
    from .paths import ROOT

    return run(
        args.paths or sorted((ROOT / "notebooks").glob("*.ipynb")), force=args.force, check=args.check, jobs=args.jobs
    )


def cmd_charts(args) -> int:
    from .charts.export import ExportError, run

    try:
        return run()
    except ExportError as e:  # two charts of one name, or a chart output without its image: one line
        print(f"error: {printable(str(e))}; figures/ is as it was.", file=sys.stderr)
        return 2


def cmd_site(args) -> int:
    from .edition.site import SITE_DIR, run

    return run(args.out or SITE_DIR)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mmn_analysis", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="regenerate data/processed/ from data/raw/").set_defaults(func=cmd_build)
    sub.add_parser("check", help="verify raw, register and processed without writing").set_defaults(func=cmd_check)
    a = sub.add_parser("audit", help="list numeric mentions no register row accounts for")
    a.add_argument("--all", action="store_true", help="list every mention with what accounts for it")
    a.set_defaults(func=cmd_audit)
    sub.add_parser("tables", help="list the processed tables").set_defaults(func=cmd_tables)
    d = sub.add_parser("describe", help="describe a table's columns")
    d.add_argument("table")
    d.set_defaults(func=cmd_describe)
    n = sub.add_parser("notebooks", help="execute in place the notebooks whose inputs changed")
    n.add_argument("paths", nargs="*", type=Path, help="notebooks to consider (default: every notebook)")
    n.add_argument("--force", action="store_true", help="execute them whether or not their inputs changed")
    n.add_argument("--check", action="store_true", help="list the notebooks out of date; execute nothing")
    n.add_argument("--jobs", type=int, default=None, help="notebooks to run at once (default: one per core)")
    n.set_defaults(func=cmd_notebooks)
    sub.add_parser("charts", help="export every chart to figures/").set_defaults(func=cmd_charts)
    s = sub.add_parser("site", help="build the reader's edition in site/")
    s.add_argument("--out", type=Path, default=None, help="where to build the site (default: site/)")
    s.set_defaults(func=cmd_site)
    parser.add_argument("--raw", type=Path, default=RAW, help="folder of raw inputs (default data/raw)")
    parser.add_argument(
        "--processed", type=Path, default=PROCESSED, help="folder of processed outputs (default data/processed)"
    )
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets an escape, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if (
        args.func in (cmd_build, cmd_check, cmd_audit)
        and not IN_CHECKOUT
        and (args.raw == RAW or args.processed == PROCESSED)
    ):
        print(
            "error: this copy of mmn_analysis is installed without data/raw/: run the build in a clone of the "
            "repository, or pass --raw DIR and --processed DIR",
            file=sys.stderr,
        )
        return 2
    return _run(args)


def _run(args) -> int:
    """Run a command; turn every refusal, OS fault and interrupt into a short message and an exit code."""
    try:
        return args.func(args)
    except InputError as e:
        for problem in e.problems[:MAX_SHOWN]:
            print(f"error: {problem}", file=sys.stderr)
        if len(e.problems) > MAX_SHOWN:
            print(f"error: ... and {len(e.problems) - MAX_SHOWN} more problems", file=sys.stderr)
        print(UNCHANGED if e.untouched else PARTLY, file=sys.stderr)
        return 2
    except OSError as e:
        if isinstance(e, BrokenPipeError):  # the reader of our output went away (e.g. `| head`)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        named = isinstance(e.filename, str | os.PathLike)
        where = display_path(e.filename, ROOT) if named else "python -m mmn_analysis"
        print(f"error: {os_problem(e, where, 'access it' if named else 'go on')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: {_after_interrupt(args)}", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: one line that says where, the traceback on request
        if os.environ.get("MMN_TRACEBACK"):
            raise
        frame = traceback.extract_tb(e.__traceback__)[-1]
        print(
            f"error: internal error {type(e).__name__}: {printable(str(e))} ({Path(frame.filename).name}, "
            f"line {frame.lineno}); data/processed/ is complete (it is only ever replaced whole). "
            "This is a bug: please report it, with the traceback MMN_TRACEBACK=1 shows.",
            file=sys.stderr,
        )
        return 70


def _after_interrupt(args) -> str:
    """What an interrupted command left in data/processed/, as observed."""
    result = getattr(args, "result", None)
    try:
        if result is not None and not differences(result.files, args.processed):
            return "data/processed/ holds the new tables, complete."
    except (InputError, KeyboardInterrupt):
        pass
    return UNCHANGED


if __name__ == "__main__":
    sys.exit(main())
