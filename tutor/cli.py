"""The `tutor` command: the app by default, and verbs for instructors and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .safe_text import json_text, one_line, visible

if TYPE_CHECKING:
    from .course.loader import LoadResult


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", metavar="DIR", action="append", default=argparse.SUPPRESS,
        help="a folder of your own cases, used beside the built-in course (repeatable)",
    )
    common.add_argument(
        "--only", action="store_true", default=argparse.SUPPRESS,
        help="with --content: use your folders instead of the built-in course",
    )
    p = argparse.ArgumentParser(
        prog="tutor", parents=[common],
        description="A chat-style tutor for the endovascular treatment of lower-extremity DVT.",
    )
    p.add_argument("--version", action="store_true", help="print the version and the course's source")
    sub = p.add_subparsers(dest="verb", metavar="VERB")

    app = sub.add_parser("app", parents=[common], help="open the chat tutor (the default)")
    app.add_argument("--quiz", help="start this quiz at once")
    plain = sub.add_parser("plain", parents=[common], help="the tutor as a line-by-line chat on stdin/stdout")
    plain.add_argument("--quiz", help="the quiz to take (default: the first)")
    plain.add_argument("--mode", choices=("tutor", "exam"), help="override the quiz's mode")
    plain.add_argument("--confidence", action="store_true", help="ask how sure you are before each verdict")
    plain.add_argument("--review", action="store_true", help="the questions due for spaced review")
    plain.add_argument("--continue", dest="resume", action="store_true", help="continue the unfinished session")

    v = sub.add_parser("validate", parents=[common], help="check content files and report every problem")
    v.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to check (beside the built-in course)")
    v.add_argument("--json", action="store_true", help="print the problems as JSON")

    e = sub.add_parser("export", parents=[common], help="export the course for other tools")
    e.add_argument("format", choices=("json",))

    sub.add_parser("schema", parents=[common], help="print the content format as JSON Schema")

    g = sub.add_parser(
        "grade", parents=[common], help="grade an answer as the tutor would",
        description="Grade one answer, or with no arguments many: JSON lines on standard input, each "
                    '{"question": "case-id/question-id", "answer": "..."}, one verdict object per line out.',
    )
    g.add_argument("question", metavar="QUESTION_ID", nargs="?", help="case-id/question-id")
    g.add_argument("answer", nargs="?")
    g.add_argument("--json", action="store_true")

    from .store.cli_progress import add_parser as add_progress_parser

    add_progress_parser(sub, [common])
    from .instructor.review_command import add_parser as add_review_parser

    add_review_parser(sub, [common])
    return p


def load_course(args: argparse.Namespace, extra: list[str] | None = None) -> LoadResult:
    from .course.loader import load
    from .course.resources import builtin_sources, user_sources

    folders = list(getattr(args, "content", []) or []) + list(extra or [])
    # `tutor --content X validate X` names one folder twice: read it once.
    folders = list({str(Path(f).resolve()): f for f in folders}.values())
    sources = [] if (getattr(args, "only", False) and folders) else builtin_sources()
    return load(sources + user_sources(folders))


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`tutor export json | head`): stop quietly, as Unix tools do.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.version:
        return _version(args)
    verb = args.verb or "app"
    if verb == "validate":
        return _validate(args)
    if verb == "schema":
        from .course.spec import json_schema

        print(json_text(json.dumps(json_schema(), indent=2, ensure_ascii=False)))
        return 0
    if verb == "export":
        from .export import export_json

        result = load_course(args)
        _report(result.problems, stream=sys.stderr)
        print(json_text(json.dumps(export_json(result.course), indent=2, ensure_ascii=False)))
        return 0
    if verb == "grade":
        from .grading.report import grade_batch, grade_command

        if args.question is None:
            return grade_batch(load_course(args), sys.stdin, sys.stdout)
        if args.answer is None:
            print("tutor grade: give an answer after the question id, or no arguments to grade JSON lines "
                  "from standard input", file=sys.stderr)
            return 2
        return grade_command(load_course(args), args.question, args.answer, as_json=args.json)
    if verb == "plain":
        from .plain import run_plain

        return run_plain(load_course(args), quiz_id=args.quiz, mode=args.mode, confidence=args.confidence,
                         review=args.review, resume=args.resume)
    if verb == "progress":
        from .store.cli_progress import run as run_progress

        return run_progress(args)
    if verb == "review":
        from .instructor.review_command import run as run_review

        return run_review(args, load_course)
    from .app.run import run_app

    return run_app(args, quiz_id=getattr(args, "quiz", None))


def _version(args: argparse.Namespace) -> int:
    result = load_course(args)
    info = result.course.info
    print(f"tutor {__version__}")
    if info is not None:
        ref = result.course.references.get(info.source)
        print(one_line(f"course: {info.title} (content updated {info.updated})"))
        if ref is not None:
            doi = f" https://doi.org/{ref.doi}" if ref.doi else ""
            print(one_line(f"source: {ref.authors} ({ref.year}). {ref.title}. {ref.journal} {ref.details}.{doi}"))
    return 0


def _report(problems: list, stream: object = sys.stdout) -> None:
    for p in problems:
        print(visible(str(p)), file=stream)  # type: ignore[call-overload]


def _validate(args: argparse.Namespace) -> int:
    from .course.problems import sort_key
    from .grading import Grader
    from .grading.bank_cache import load_cache, save_cache
    from .grading.bank_check import check_examples

    result = load_course(args, extra=args.paths)
    cache = load_cache()
    result.problems.extend(check_examples(result.course, Grader(result.course), cache))
    result.problems.sort(key=sort_key)
    save_cache(cache)
    errors = result.errors
    if args.json:
        print(json_text(json.dumps(
            {
                "ok": not errors,
                "files": len(result.files),
                "cases": len(result.course.cases),
                "questions": sum(len(c.questions) for c in result.course.cases.values()),
                "problems": [p.as_dict() for p in result.problems],
            },
            indent=2, ensure_ascii=False,
        )))
    else:
        _report(result.problems)
        n_q = sum(len(c.questions) for c in result.course.cases.values())
        summary = (
            f"{len(result.files)} files, {len(result.course.cases)} cases, {n_q} questions: "
            + ((f"{len(errors)} error" + ("s" if len(errors) > 1 else "")) if errors else "valid")
        )
        warnings = len(result.problems) - len(errors)
        if warnings:
            summary += f", {warnings} warning" + ("s" if warnings > 1 else "")
        print(summary, file=sys.stderr if errors else sys.stdout)
    return 1 if errors else 0
