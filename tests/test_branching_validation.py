"""Broken branching in a case is reported at the line where the step or choice was written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_with

CASE = """\
format: 1
cases:
  - id: b-case
    title: Branching
    tags: [ivcf, acute]
    steps:
      - id: start
        text: A patient.
        decision:
          prompt: What now?
          choices:
            - id: good
              text: The right thing
              recommended: true
              next: good-path
            - id: bad
              text: The wrong thing
              next: harm
      - id: harm
        returns_to: start
        text: Why not.
      - id: good-path
        text: It went well.
        end: true
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    result = load_with(tmp_path, {"b.yaml": text})
    return [str(p).replace(str(tmp_path) + "/", "") for p in result.errors]


def test_the_valid_branching_case_loads(tmp_path: Path) -> None:
    assert problems(tmp_path, CASE) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("              next: harm", "              next: hram",
         "b.yaml:16:15: choice 'bad' leads to step 'hram', which does not exist; did you mean 'harm'?"),
        ("              recommended: true\n", "",
         "b.yaml:10:11: the decision at step 'start' has no recommended choice"),
        ("              next: harm", "              next: harm\n              recommended: true",
         "b.yaml:16:15: the decision at step 'start' has more than one recommended choice"),
        ("        returns_to: start", "        returns_to: good-path",
         "b.yaml:19:9: step 'harm' returns to 'good-path', which is not a decision step"),
        ("        end: true\n", "        end: true\n      - id: orphan\n        text: Nobody comes here.\n",
         "b.yaml:25:9: step 'orphan' cannot be reached from the start of case 'b-case'"),
        ("        text: It went well.\n        end: true\n", "        text: It went well.\n        next: good-path\n",
         "b.yaml:22:9: step 'good-path' is in a loop with no way out to the end of the case"),
        ("      - id: good-path\n        text: It went well.\n        end: true\n",
         "      - id: good-path\n        text: It went well.\n        next: also-harm\n"
         "      - id: also-harm\n        returns_to: start\n        text: x\n      - id: fine\n        text: y\n",
         None),
    ],
)
def test_broken_branching_at_its_line(tmp_path: Path, old: str, new: str, expected: str | None) -> None:
    assert old in CASE
    found = problems(tmp_path, CASE.replace(old, new, 1))
    if expected is None:  # a branch that leads on into a teaching step by `next` is allowed
        assert not any("falls through" in p for p in found), found
        return
    assert any(p.startswith(expected) for p in found), found


def test_falling_through_into_a_teaching_branch(tmp_path: Path) -> None:
    text = CASE.replace("      - id: harm\n        returns_to: start\n        text: Why not.\n", "").replace(
        "        end: true\n",
        "      - id: harm\n        returns_to: start\n        text: Why not.\n",
    ).replace("        text: It went well.\n", "        text: It went well.\n", 1)
    found = problems(tmp_path, text)
    assert any(p.startswith("b.yaml:19:9: step 'good-path' falls through into the teaching branch 'harm'") for p in found), found


def test_decision_step_may_not_say_where_to_go(tmp_path: Path) -> None:
    found = problems(tmp_path, CASE.replace("        text: A patient.\n", "        text: A patient.\n        next: harm\n"))
    assert any(p.startswith("b.yaml:7:9: step 'start' is a decision, so its choices say where to go") for p in found), found
