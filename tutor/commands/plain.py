"""`tutor plain`: the tutor as a line-by-line chat on standard input and output."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from . import load_course

NAME = "plain"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("plain", parents=list(parents), help="the tutor as a line-by-line chat on stdin/stdout")
    p.add_argument("--quiz", help="the quiz to take (default: the first)")
    p.add_argument("--mode", choices=("tutor", "exam"), help="override the quiz's mode")
    p.add_argument("--confidence", action="store_true", help="ask how sure you are before each verdict")
    p.add_argument("--review", action="store_true", help="the questions due for spaced review")
    p.add_argument("--continue", dest="resume", action="store_true", help="continue the unfinished session")


def run(args: argparse.Namespace) -> int:
    from ..plain import run_plain

    return run_plain(load_course(args), quiz_id=args.quiz, mode=args.mode, confidence=args.confidence,
                     review=args.review, resume=args.resume)
