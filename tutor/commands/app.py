"""`tutor app` (the default): the chat tutor in the terminal."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

NAME = "app"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("app", parents=list(parents), help="open the chat tutor (the default)")
    p.add_argument("--quiz", help="start this quiz at once")


def run(args: argparse.Namespace) -> int:
    from ..app.run import run_app

    return run_app(args, quiz_id=getattr(args, "quiz", None))
