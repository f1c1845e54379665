"""`tutor progress export|import|reset|stats`: portable progress from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from ..safe_text import one_line, visible
from ..texts import msg, say


def _t(key: str, **args: object) -> str:
    return say(msg(key, **args))

NAME = "progress"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `progress` and its actions to the `tutor` command's subparsers."""
    p = subparsers.add_parser(
        "progress", parents=list(parents), help="your progress: export, import, reset or stats",
        description="Your progress is kept in the tutor's data folder (TUTOR_DATA_DIR moves it).",
    )
    actions = p.add_subparsers(dest="progress_action", metavar="ACTION", required=True)
    e = actions.add_parser("export", parents=list(parents),
                           help="write your progress, flags and contested verdicts (for your instructor)")
    e.add_argument("--format", choices=("json", "csv"), default="json",
                   help="json: everything, to import elsewhere; csv: one table for a spreadsheet")
    e.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    e.add_argument("--name", default="", help="json: your name, as your instructor's `tutor class` shows it")
    i = actions.add_parser("import", parents=list(parents), help="merge exported progress (never duplicating)")
    i.add_argument("file", metavar="FILE", help="a file written by `tutor progress export`")
    r = actions.add_parser("reset", parents=list(parents), help="forget progress, after a backup copy")
    r.add_argument("--quiz", metavar="ID", help="forget only this quiz (its sessions and its questions)")
    r.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    actions.add_parser("stats", parents=list(parents), help="print mastery, accuracy, due forecast, misconceptions")
    assert isinstance(p, argparse.ArgumentParser)
    return p


def run(
    args: argparse.Namespace, *, now: datetime | None = None, stdout: TextIO | None = None,
    stderr: TextIO | None = None, ask: Callable[[str], str] | None = None,
) -> int:
    """Run a `tutor progress` action; the exit status."""
    from ..store.db import open_store

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    moment = now or datetime.now(UTC)  # the command line is a face: it may read the clock
    store = open_store()
    try:
        for note in store.notices:
            print(visible(note), file=err)
        if store.problem:
            print(visible(store.problem), file=err)
        action = args.progress_action
        if action == "export":
            return _export(store, args, out, err)
        if action == "import":
            return _import(store, args, out, err)
        if action == "reset":
            return _reset(store, args, moment, out, err, ask or _ask)
        if action == "stats":
            from ..store.report import stats_text

            print(visible(stats_text(store.stats(_course(args), moment), lang=getattr(args, "lang", None))), end="",
                  file=out)
            return 0
        print(f"unknown action {action!r}", file=err)
        return 2
    finally:
        store.close()


def _export(store: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    name = " ".join(str(getattr(args, "name", "") or "").split())
    if name and (args.format != "json" or visible(name) != name or len(name) > 200):
        print(_t("progress.name_bad"), file=err)
        return 2
    text = store.export(args.format, name=name) if name else store.export(args.format)
    if not args.output:
        out.write(text)
        return 0
    target = Path(args.output)
    try:
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        print(one_line(_t("progress.cannot_write", path=target, why=error.strerror or error)), file=err)
        return 1
    print(one_line(_t("progress.exported", path=target, format=args.format, n=store.attempt_count())), file=err)
    return 0


def _import(store: Any, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        summary = store.import_(Path(args.file))
    except ValueError as error:
        print(one_line(_t("progress.import_failed", why=error)), file=err)
        return 1
    except (MemoryError, RecursionError):  # bounded before reading; this is the last guard
        print(_t("progress.import_too_large"), file=err)
        return 1
    print(visible(str(summary)), file=err if summary.failed else out)
    return 1 if summary.failed else 0


def _reset(store: Any, args: argparse.Namespace, now: datetime, out: TextIO, err: TextIO,
           ask: Callable[[str], str]) -> int:
    if not store.persistent:
        print(_t("progress.cannot_change"), file=err)
        return 1
    gids: list[str] | None = None
    what = _t("progress.what_all")
    if args.quiz:
        from ..selection import quiz_question_ids

        course = _course(args)
        quiz = course.quizzes.get(args.quiz)
        gids = quiz_question_ids(course, quiz) if quiz is not None else []
        known = {s["quiz_id"] for s in store.sessions(limit=100000)}
        if quiz is None and args.quiz not in known:
            names = ", ".join(course.quizzes) or _t("progress.none")
            print(_t("progress.no_quiz", quiz=args.quiz, names=names), file=err)
            return 2
        what = _t("progress.what_quiz", quiz=args.quiz, n=len(gids))
    if not args.yes:
        try:
            reply = ask(_t("progress.confirm", what=what))
        except EOFError:
            reply = ""
        if reply.strip().lower() not in ("y", "yes", "是", "是的", "确定"):
            print(_t("progress.not_reset"), file=err)
            return 1
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = store.path.parent / "backups" / f"progress-{stamp}.sqlite3"
    n = 1
    while backup.exists():
        n += 1
        backup = backup.with_name(f"progress-{stamp}-{n}.sqlite3")
    result = store.reset(backup, quiz_id=args.quiz, gids=gids)
    if result is None:
        print(_t("progress.reset_failed", why=store.problem or _t("progress.backup_failed")), file=err)
        return 1
    print(_t("progress.reset_done", attempts=result.attempts, sessions=result.sessions, cards=result.cards,
             backup=result.backup), file=out)
    return 0


def _course(args: argparse.Namespace) -> Any:
    from . import load_course

    return load_course(args).course


def _ask(prompt: str) -> str:
    print(prompt, end="", file=sys.stderr, flush=True)
    # Bytes that are not UTF-8 are only "not yes", never a UnicodeDecodeError.
    buffer = getattr(sys.stdin, "buffer", None)
    line = buffer.readline().decode("utf-8", "replace") if buffer is not None else sys.stdin.readline()
    if not line:
        raise EOFError
    return line
