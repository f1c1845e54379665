"""The `tutor` command: the app by default, and verbs for instructors and scripts.

This module only parses and dispatches: each verb lives in its own module in tutor/commands/.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Any

from . import __version__
from .commands import VERBS, load_course
from .safe_text import one_line


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
    common.add_argument(
        "--lang", choices=("zh", "en"), default=argparse.SUPPRESS,
        help="the language of the interface and the course (default: TUTOR_LANG, the remembered choice, "
             "the system locale, else en)",
    )
    p = argparse.ArgumentParser(
        prog="tutor", parents=[common],
        description="A chat-style tutor for the endovascular treatment of lower-extremity DVT.",
    )
    p.add_argument("--version", action="store_true", help="print the version and the course's source")
    sub = p.add_subparsers(dest="verb", metavar="VERB")
    for name in VERBS:
        _verb(name).add_parser(sub, [common])
    return p


def _verb(name: str) -> Any:
    return importlib.import_module(f".commands.{VERBS[name]}", __package__)


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
    from .texts import use_language
    from .texts.language import resolve_language

    # One language for the whole run, every verb: `args.lang` for those that pass it on.
    args.lang = use_language(resolve_language(getattr(args, "lang", None)))
    if args.version:
        return _version(args)
    return int(_verb(args.verb or "app").run(args))


def _version(args: argparse.Namespace) -> int:
    result = load_course(args)
    info = result.course.info
    from .texts import msg, say

    print(f"tutor {__version__}")
    if info is not None:
        ref = result.course.references.get(info.source)
        print(one_line(say(msg("version.course", title=info.title, updated=info.updated))))
        if ref is not None:
            doi = f" https://doi.org/{ref.doi}" if ref.doi else ""
            work = f"{ref.authors} ({ref.year}). {ref.title}. {ref.journal} {ref.details}.{doi}"
            print(one_line(say(msg("version.source", work=work))))
    return 0
