"""`tutor grade`: grade an answer as the tutor would (one, or JSON lines on standard input)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from . import load_course

NAME = "grade"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    g = subparsers.add_parser(
        "grade", parents=list(parents), help="grade an answer as the tutor would",
        description="Grade one answer, or with no arguments many: JSON lines on standard input, each "
                    '{"question": "case-id/question-id", "answer": "..."}, one verdict object per line out.',
    )
    g.add_argument("question", metavar="QUESTION_ID", nargs="?", help="case-id/question-id")
    g.add_argument("answer", nargs="?")
    g.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from ..grading.report import grade_batch, grade_command

    if args.question is None:
        return grade_batch(load_course(args), sys.stdin, sys.stdout)
    if args.answer is None:
        print("tutor grade: give an answer after the question id, or no arguments to grade JSON lines "
              "from standard input", file=sys.stderr)
        return 2
    return grade_command(load_course(args), args.question, args.answer, as_json=args.json)
