"""`tutor grade`: what instructors see when they try their answer banks."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.cli import main
from tutor.grading.report import grade_command

CASE = """\
format: 1
cases:
  - id: rg-case
    title: A test case
    tags: [ivcf, acute]
    steps:
      - id: s1
        text: A patient after a filter.
        questions:
          - id: shock
            kind: short
            prompt: What kind of shock?
            answer:
              accept: [obstructive shock]
            misconceptions:
              - id: septic
                match: [septic shock]
                feedback: No infection.
            explanation: A blocked cava [@review].
            cite: [review]
          - id: rate
            kind: numeric
            prompt: What proportion?
            answer:
              range: [20, 50]
              unit: percent
            explanation: Twenty to fifty [@review].
            cite: [review]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "c.yaml").write_text(textwrap.dedent(CASE), encoding="utf-8")
    return tmp_path


def test_text_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "rg-case/shock", "obstuctive shock"]) == 0
    out = capsys.readouterr().out
    assert "verdict:  correct (credit 1)" in out
    assert "reason:   matched 'obstructive shock' with one typo" in out
    assert "matched:  answer: 'obstructive shock' at 0-16 (via typo, 1 edit)" in out


def test_misconception_and_missing(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "rg-case/shock", "septic shock"]) == 0
    out = capsys.readouterr().out
    assert "verdict:  incorrect (credit 0)" in out
    assert "missing:  answer (obstructive shock)" in out
    assert "misconception: septic: No infection." in out


def test_json_output(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "rg-case/rate", "20–50 %", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "correct" and data["credit"] == 1.0 and data["question"] == "rg-case/rate"
    assert data["matched"][0]["via"] == "number"


def test_unknown_question(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "rg-case/shok", "x"]) == 2
    err = capsys.readouterr().err
    assert "no question 'rg-case/shock'" not in err and "no question 'rg-case/shok'" in err
    assert "rg-case/shock" in err


def test_unknown_question_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "nothing/here", "x", "--json"]) == 2
    assert "error" in json.loads(capsys.readouterr().out)


def test_a_bare_question_id_works_when_unique(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = load_with(tmp_path, {"c.yaml": CASE}, builtin_too=False)
    assert grade_command(result, "rate", "0.2-0.5", as_json=False) == 0
    assert "verdict:  correct" in capsys.readouterr().out


def test_markup_in_answers_is_printed_as_is(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--content", str(folder), "grade", "rg-case/shock", "[bold]septic[/bold"]) == 0
    assert "[bold]septic[/bold" in capsys.readouterr().out
