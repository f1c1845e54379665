"""`tutor schema`: the content format as JSON Schema, for editors and other tools."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

NAME = "schema"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> None:
    subparsers.add_parser("schema", parents=list(parents), help="print the content format as JSON Schema")


def run(args: argparse.Namespace) -> int:
    from ..course.spec import json_schema
    from ..safe_text import json_text

    print(json_text(json.dumps(json_schema(), indent=2, ensure_ascii=False)))
    return 0
