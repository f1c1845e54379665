"""Numeric keys in units of measurement (tutor/measures.py): doses, pressures, lengths, laboratory
values, flows and drug units, converted within their family and refused across families."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_with
from tests.test_grading_support import numeric
from tutor.grading import Grader
from tutor.model import Course
from tutor.texts import say


def verdict(unit: str, value: float, answer: str, *, tolerance: float = 0.0) -> str:
    q = numeric("q", value, value, unit, tolerance=tolerance, is_range=False)
    return Grader(Course()).grade(q, answer).verdict


@pytest.mark.parametrize(
    ("unit", "value", "tolerance", "answer"),
    [
        ("mL/min", 27, 1.5, "27 mL/min"),
        ("mL/min", 27, 1.5, "about 27 ml/min"),
        ("mL/min", 27, 1.5, "0.45 mL/s"),  # the same clearance per second
        ("mL/min", 27, 1.5, "1.6 L/h"),
        ("mL/min", 27, 1.5, "27"),  # no unit: the key's
        ("mg", 20, 0, "20 mg"),
        ("mg", 20, 0, "20mg of protamine"),
        ("mg", 20, 0, "20,000 micrograms"),
        ("mg", 20, 0, "0.02 g"),
        ("mg", 20, 0, "20毫克"),
        ("mmHg", 65, 1, "65 mmHg"),
        ("mmHg", 65, 1, "8.7 kPa"),
        ("cm", 5.5, 0, "55 mm"),
        ("cm", 5.5, 0, "5.5厘米"),
        ("g/L", 1.5, 0, "150 mg/dL"),
        ("g/L", 1, 0, "1克每升"),
        ("ug/L", 500, 0, "0.5 mg/L"),
        ("ug/L", 500, 0, "500 ng/mL"),
        ("mmol/L", 130, 0, "130 mmol/L"),
        ("units", 200_000, 0, "20万U"),
        ("units", 200_000, 0, "200,000 units"),
        ("units", 200_000, 0, "200000 IU"),
        ("units/kg", 80, 0, "80 units/kg"),
        ("units/kg/h", 18, 0, "18 units per kg per hour"),
        ("mL/kg/h", 0.5, 0, "0.5 ml/kg/h"),
        ("mg/h", 1, 0, "1 mg/hr"),
        ("celsius", 38, 0, "38℃"),
        ("celsius", 38, 0, "38 degrees celsius"),
        ("per_minute", 100, 0, "100 bpm"),
        ("per_minute", 100, 0, "100/min"),
        ("per_minute", 100, 0, "100次/分"),
    ],
)
def test_a_measure_is_read_and_converted_within_its_family(unit: str, value: float, tolerance: float,
                                                           answer: str) -> None:
    assert verdict(unit, value, answer, tolerance=tolerance) == "correct"


@pytest.mark.parametrize(
    ("unit", "value", "answer"),
    [
        ("mg", 20, "20 mL"),  # a volume for a dose
        ("mg", 20, "20 g"),  # a thousand times the dose
        ("mg", 20, "2 mg"),
        ("mg", 20, "20 mg/kg"),  # a dose by weight is another dose
        ("g/L", 1.5, "1.5 mmol/L"),  # mmol and mg depend on the substance: not converted
        ("mL/min", 27, "27 mg"),
        ("cm", 5.5, "5.5 m"),
        ("mmHg", 65, "65 kPa"),
        ("units/kg", 80, "80 units"),
        ("celsius", 38, "38 mmHg"),
    ],
)
def test_another_family_or_magnitude_is_wrong(unit: str, value: float, answer: str) -> None:
    assert verdict(unit, value, answer) == "incorrect"


def test_the_reason_names_both_families() -> None:
    q = numeric("q", 20, 20, "mg", is_range=False)
    g = Grader(Course()).grade(q, "20 ml")
    assert say(g.reasons[0]) == "20 mL is a volume (mL, L), not a mass or dose (mg, g)"


def test_a_count_key_keeps_reading_the_learner_s_unit_as_its_own() -> None:
    # Banks written before these units key `30 mL/kg` as `30` (count): the unit is still read as none.
    assert verdict("count", 30, "thirty mL per kg") == "correct"
    assert verdict("count", 360, "360 µmol/L") == "correct"
    assert verdict("count", 360, "36 µmol/L") == "incorrect"


BANK = """\
format: 1
cases:
  - id: t-protamine
    title: A bleed on heparin
    tags: [anticoagulation, acute]
    steps:
      - id: s1
        text: He bleeds an hour after a dose of heparin.
        questions:
          - id: dose
            kind: numeric
            prompt: How much protamine?
            answer: {value: 25, unit: mg, tolerance: 0}
            explanation: About 1 mg for each 100 units given in the last hours [@review].
            cite: [review]
"""


def test_a_bank_may_key_a_measure(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"t.yaml": BANK})
    assert result.errors == []
    q = result.course.question("t-protamine/dose")
    assert q is not None and q.numeric is not None and q.numeric.label == "25 mg"
    grader = Grader(result.course)
    assert grader.grade(q, "25 mg IV slowly").verdict == "correct"
    assert grader.grade(q, "25 ml").verdict == "incorrect"
