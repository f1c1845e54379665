"""`tutor validate`: check content files and report every problem, as path:line:column: message."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import load_course, report_problems

NAME = "validate"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    v = subparsers.add_parser("validate", parents=list(parents), help="check content files and report every problem")
    v.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to check (beside the built-in course)")
    v.add_argument("--json", action="store_true", help="print the problems as JSON")


def run(args: argparse.Namespace) -> int:
    from ..course.problems import sort_key
    from ..grading import Grader
    from ..grading.bank_cache import load_cache, save_cache
    from ..grading.bank_check import check_examples
    from ..safe_text import json_text

    result = load_course(args, extra=args.paths, cached=False)
    cache = load_cache()
    result.problems.extend(check_examples(result.course, Grader(result.course), cache))
    result.problems.sort(key=sort_key)
    save_cache(cache)
    errors = result.errors
    n_q = sum(len(c.questions) for c in result.course.cases.values())
    if args.json:
        print(json_text(json.dumps(
            {
                "ok": not errors,
                "files": len(result.files),
                "cases": len(result.course.cases),
                "questions": n_q,
                "problems": [p.as_dict() for p in result.problems],
            },
            indent=2, ensure_ascii=False,
        )))
    else:
        report_problems(result.problems, sys.stdout)
        summary = (
            f"{len(result.files)} files, {len(result.course.cases)} cases, {n_q} questions: "
            + ((f"{len(errors)} error" + ("s" if len(errors) > 1 else "")) if errors else "valid")
        )
        warnings = len(result.problems) - len(errors)
        if warnings:
            summary += f", {warnings} warning" + ("s" if warnings > 1 else "")
        print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
