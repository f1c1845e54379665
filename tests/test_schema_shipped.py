"""Every shipped content and quiz file is valid against `tutor schema`, as an editor would check it.

An editor (through yaml-language-server and the like) reads YAML by the 1.2 core schema and checks
the result against the JSON Schema that `tutor schema` prints; `tutor validate` reads every scalar
as text and types each field itself. A file the tutor accepts must not be marked wrong in an editor.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted([*(ROOT / "content").rglob("*.yaml"), *(ROOT / "quizzes").rglob("*.yaml")])


class Core12Loader(yaml.SafeLoader):
    """PyYAML with YAML 1.2's core schema, as editors read YAML: only true/false are booleans,
    no sexagesimal numbers, no timestamps (`2026-11-25` stays text)."""


Core12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Core12Loader.add_implicit_resolver(f"tag:yaml.org,2002:{tag}", re.compile(pattern), list(first))


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    done = subprocess.run([sys.executable, "-m", "tutor", "schema"], capture_output=True, text=True, timeout=120,
                          check=True)
    schema = json.loads(done.stdout)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _data(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Core12Loader)  # noqa: S506 - a safe loader


def test_every_shipped_file_is_checked() -> None:
    assert len(SHIPPED) >= 13
    assert ROOT / "quizzes" / "parts.yaml" in SHIPPED


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_shipped_file_is_valid_against_tutor_schema(validator: Draft202012Validator, path: Path) -> None:
    errors = sorted(validator.iter_errors(_data(path)), key=lambda e: list(e.absolute_path))
    shown = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:160]}" for e in errors[:10]]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(shown)


def test_the_schema_still_refuses_a_wrong_answer(validator: Draft202012Validator) -> None:
    """The fix must not make `answer` accept anything: each kind's answer keeps its own shape."""
    case = _data(ROOT / "content" / "cases" / "basics.yaml")
    short = next(q for c in case["cases"] for s in c["steps"] for q in s.get("questions", [])
                 if q["kind"] == "short")
    assert not list(validator.iter_errors(case))
    short["answer"] = {"low": 1, "high": 2}  # a numeric answer on a short question
    assert list(validator.iter_errors(case))
    short["answer"] = {"accept": ["fine"], "nonsense": 1}
    assert list(validator.iter_errors(case))
