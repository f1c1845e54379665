"""`tutor export FORMAT`: the course for other tools."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from ..course.result import LoadResult
from ..model import Course
from . import load_course, report_problems

NAME = "export"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", parents=list(parents), help="export the course for other tools")
    p.add_argument("format", choices=("json", "moodle-xml", "gift", "anki"))
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE instead of standard output (anki: the .apkg; default <course>.apkg here)")


def run(args: argparse.Namespace) -> int:
    from ..export import export_languages
    from ..safe_text import json_text

    result = load_course(args)
    report_problems(result.problems, sys.stderr)
    languages = both_languages(args, result) if args.format == "json" else None
    if args.format != "json" or args.output:
        from ..instructor.export_command import run_export

        return run_export(result.course, args.format, args.output, languages)
    assert languages is not None
    print(json_text(json.dumps(export_languages(languages), indent=2, ensure_ascii=False)))
    return 0


def both_languages(args: argparse.Namespace, result: LoadResult) -> dict[str, Course]:
    """The course in the language asked for first, then in the other: JSON carries both."""
    from ..fields import TEXT_LANGUAGES

    courses = {result.lang: result.course}
    for lang in TEXT_LANGUAGES:
        if lang not in courses:
            courses[lang] = load_course(args, lang=lang).course
    return courses
