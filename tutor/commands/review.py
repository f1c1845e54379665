"""`tutor review`: the review queue as a screen, as text or JSON, and decisions applied from a file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..safe_text import json_text, one_line, visible

NAME = "review"

if TYPE_CHECKING:
    from ..course.result import LoadResult
    from ..instructor.review_queue import QuestionQueue, ReviewAnswer


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    r = subparsers.add_parser(
        "review", parents=list(parents), help="cluster the answers the grader did not accept; decide; improve the bank",
        description="Every answer graded incorrect, partial or unclear, and every contested one, clustered per "
                    "question, largest cluster first. Without --json or --apply: a screen in a terminal, else text.",
    )
    r.add_argument("--class", dest="class_dir", metavar="DIR",
                   help="a folder of students' progress exports (default: the progress on this machine)")
    r.add_argument("--json", action="store_true", help="write the clusters (or, with --apply, the report) as JSON")
    r.add_argument("--text", action="store_true", help="print the clusters as text, even in a terminal")
    r.add_argument("--apply", metavar="DECISIONS.json", help="apply the decisions in this file to the answer bank")
    r.add_argument("--amend", metavar="FILE",
                   help="where decisions about built-in questions are written (default: review-amendments.yaml "
                        "in the first --content folder, else review-amendments/built-in.yaml here)")
    r.add_argument("--question", metavar="ID", action="append", help="only this question, case-id/question-id")
    assert isinstance(r, argparse.ArgumentParser)
    return r


def run(args: argparse.Namespace, load_course: Callable[..., LoadResult] | None = None, *,
        stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    if load_course is None:
        from . import load_course as course_of_args

        load_course = course_of_args
    out, err = stdout or sys.stdout, stderr or sys.stderr
    result = load_course(args)
    answers = gather(args, result, err)
    if answers is None:
        return 1
    folders = list(getattr(args, "content", []) or [])
    if args.apply:
        return _apply(args, result, answers, folders, load_course, out, err)
    from ..grading import Grader
    from ..instructor.review_queue import build_queue

    grader = Grader(result.course)
    queues, notes = build_queue(result.course, grader, answers, set(args.question) if args.question else None)
    for note in notes:
        print(visible(note), file=err)
    if args.json:
        from ..instructor.review_decisions import own_file

        amend = _amend_file(args, folders)
        questions = [{**qq.as_dict(), "writes_to": str(own_file(qq.question, folders) or amend)} for qq in queues]
        print(json_text(json.dumps({"format": "tutor-review-queue", "version": 1, "questions": questions},
                                   indent=2, ensure_ascii=False)), file=out)
        return 0
    if not args.text and out is sys.stdout and sys.stdout.isatty():
        from ..app.screens.review_screen import run_review_app

        return run_review_app(result, queues, answers, folders, _amend_file(args, folders),
                              lambda extra: load_course(args, extra))
    print_queue(queues, out, getattr(args, "lang", None))
    return 0


def gather(args: argparse.Namespace, result: LoadResult, err: TextIO) -> list[ReviewAnswer] | None:
    """Every stored answer: of the class's exports, or of this machine's progress."""
    from ..instructor.review_queue import answers_from_class, answers_from_store

    if args.class_dir:
        from ..instructor.class_results import load_class

        folder = Path(args.class_dir)
        if not folder.exists():
            print(visible(f"tutor review: {args.class_dir}: no such file or folder"), file=err)
            return None
        results = load_class([folder], result.course)
        for problem in results.problems:
            print(visible(problem), file=err)
        return list(answers_from_class(results))
    from ..store.db import open_store

    store = open_store()
    try:
        if store.problem:
            print(visible(store.problem), file=err)
        return list(answers_from_store(store))
    finally:
        store.close()


def _amend_file(args: argparse.Namespace, folders: list[str]) -> Path:
    from ..instructor.review_decisions import default_amend_file

    return Path(args.amend) if args.amend else default_amend_file(folders)


def _apply(args: argparse.Namespace, result: LoadResult, answers: list[ReviewAnswer], folders: list[str],
           load_course: Callable[..., LoadResult], out: TextIO, err: TextIO) -> int:
    from ..instructor.review_decisions import DecisionError, apply_decisions, read_decisions

    path = Path(args.apply)
    try:
        decisions = read_decisions(path.read_text(encoding="utf-8"), args.apply)
        report = apply_decisions(result, decisions, folders, _amend_file(args, folders), answers,
                                 lambda extra: load_course(args, extra))
    except OSError as e:
        print(visible(f"tutor review: {args.apply}: {e.strerror or e}"), file=err)
        return 1
    except (DecisionError, UnicodeDecodeError) as e:
        print(visible(f"tutor review: {e}"), file=err)
        return 1
    if args.json:
        print(json_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False)), file=out)
    else:
        for line in report.lines():
            print(visible(line), file=out)
        if not args.content and any(p.endswith(".yaml") for p in report.files):
            amend = _amend_file(args, folders)
            print(visible(f"use the decisions with: tutor --content {amend.parent}"), file=out)
    return 0 if report.ok else 1


def print_queue(queues: list[QuestionQueue], out: TextIO, lang: str | None = None) -> None:
    from ..instructor.class_report import VERDICTS
    from ..texts import join, msg, say

    def t(key: str, **args: object) -> str:
        return say(msg(key, **args), lang)

    if not queues:
        print(t("review.nothing"), file=out)
        return
    for qq in queues:
        q = qq.question
        n = sum(c.count for c in qq.clusters)
        head = t("review.head", gid=q.gid, kind=q.kind, n=n, clusters=len(qq.clusters))
        if qq.resolved:
            head += t("review.resolved", n=qq.resolved)
        print(visible(one_line(head)), file=out)
        for c in qq.clusters:
            verdict = t(f"class.verdict.{c.verdict}") if c.verdict in VERDICTS else c.verdict
            reason = join(c.reasons, lang) if c.reasons else c.reason
            line = t("review.cluster", id=c.id, count=c.count, answer=repr(c.answer), verdict=verdict, reason=reason)
            if c.contested:
                line += t("review.contested", n=c.contested)
            print(visible(one_line(line)), file=out)
            if len(c.members) > 1:
                shown = ", ".join(t("review.member", answer=repr(m.answer), count=m.count) for m in c.members[:8])
                more = t("review.more", n=len(c.members) - 8) if len(c.members) > 8 else ""
                print(visible(one_line(f"      {shown}{more}")), file=out)
            for comment in c.comments[:3]:
                print(visible(one_line(t("review.contest_comment", comment=comment))), file=out)
