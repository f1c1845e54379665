"""`tutor export FORMAT`: the course for other tools."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import load_course, report_problems

NAME = "export"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", parents=list(parents), help="export the course for other tools")
    p.add_argument("format", choices=("json",))


def run(args: argparse.Namespace) -> int:
    from ..export import export_json
    from ..safe_text import json_text

    result = load_course(args)
    report_problems(result.problems, sys.stderr)
    print(json_text(json.dumps(export_json(result.course), indent=2, ensure_ascii=False)))
    return 0
