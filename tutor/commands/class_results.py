"""`tutor class FILES... | DIR`: a class's results from their progress exports, and how each
question performs: a terminal report, CSV, JSON, or a keyboard-driven screen."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..instructor.class_report import DEFAULTS, _styler, csv_report, json_report, text_report
from ..safe_text import one_line, visible

NAME = "class"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `class` to the `tutor` command's subparsers."""
    th = argparse.Namespace(**DEFAULTS)
    p = subparsers.add_parser(
        "class", parents=list(parents), help="a class's results and item analysis, from progress exports",
        description="Read students' progress exports (the files `tutor progress export` writes, or folders of "
                    "them) and report how each question performed. Nothing is written to any student's store.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="export files, or folders of them (read recursively)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--csv", action="store_true", help="one CSV row per question and per decision")
    out.add_argument("--json", action="store_true", help="everything, as JSON")
    out.add_argument("--screen", action="store_true", help="browse the analysis in a keyboard-driven screen")
    p.add_argument("--all", action="store_true", help="show the details of every question, not only flagged ones")
    p.add_argument("--question", metavar="ID", help="show the details of this question only (case-id/question-id)")
    p.add_argument("--min-discrimination", type=float, default=th.min_discrimination, metavar="R",
                   help=f"flag questions whose discrimination is below R (default {th.min_discrimination})")
    p.add_argument("--max-facility", type=float, default=th.max_facility, metavar="F",
                   help=f"flag questions more than this share answer correctly (default {th.max_facility})")
    p.add_argument("--min-students", type=int, default=th.min_students, metavar="N",
                   help=f"flag nothing answered by fewer than N students (default {th.min_students})")
    assert isinstance(p, argparse.ArgumentParser)
    return p


def run(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run `tutor class`; the exit status."""
    from ..instructor.class_results import load_class
    from ..instructor.item_analysis import Thresholds, analyse
    from ..texts import msg, say
    from . import load_course

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    lang = getattr(args, "lang", None)  # `--lang` (the cli resolves it); None: the language in use
    loaded = load_course(args)
    course = loaded.course
    if args.question and course.question(args.question) is None:
        print(one_line(say(msg("class.no_question", gid=args.question))), file=err)
        return 2
    results = load_class([Path(p) for p in args.paths], course)
    thresholds = Thresholds(args.min_discrimination, args.max_facility, args.min_students)
    analysis = analyse(results, thresholds)
    if not results.students:
        for line in results.problems:
            print(visible(line), file=err)
        print(say(msg("class.nothing_read")), file=err)
        return 1
    if args.screen:
        from ..app.screens.item_analysis_screen import run_screen

        run_screen(results, analysis)
        return 0
    if args.csv or args.json:
        for line in results.problems:
            print(visible(line), file=err)
        out.write(csv_report(analysis, lang) if args.csv else json_report(results, analysis))
        return 0
    style = _styler(out)
    out.write(text_report(results, analysis, every=args.all, only=args.question, style=style, lang=lang))
    return 0
