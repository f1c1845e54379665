"""The `tutor` command's verbs, one module each. A verb module has `NAME`, `add_parser(subparsers,
parents)` and `run(args) -> int`; `tutor/cli.py` only builds the parser from `VERBS` and dispatches.
A new verb is a new module here and one line in `VERBS`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..course.result import LoadResult

VERBS = {
    "app": "app", "plain": "plain", "validate": "validate", "export": "export", "schema": "schema",
    "grade": "grade", "progress": "progress", "class": "class_results", "review": "review", "serve": "serve",
}
"""Each verb, in the order `tutor --help` lists them, and its module in tutor/commands/."""


def load_course(args: argparse.Namespace, extra: list[str] | None = None, *, cached: bool = True,
                lang: str | None = None) -> LoadResult:
    """The course a verb works on: the built-in one and `--content` folders (or only those), from
    the course cache unless `cached` is False (validation reads every file afresh), its texts in
    `lang` (default: the language chosen with --lang, else English)."""
    from ..session import open_course

    folders = list(getattr(args, "content", []) or []) + list(extra or [])
    lang = lang or getattr(args, "lang", None) or "en"
    return open_course(folders, only=getattr(args, "only", False), cached=cached, lang=lang)


def report_problems(problems: list[Any], stream: TextIO) -> None:
    from ..safe_text import visible

    for p in problems:
        print(visible(str(p)), file=stream)
