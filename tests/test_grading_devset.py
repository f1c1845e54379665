"""The labelled development set: every learner answer graded as a careful instructor would.

`tests/grading_dev_set.yaml` holds learner answers to the shipped questions, each with the
instructor's verdict. Each one is a test. The few where the grader disagrees are known and
listed below, with the reason; they are expected to fail (strictly, so a fix is noticed).
`bench/grading.py` reports the agreement figure on the same set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.course.loader import LoadResult
from tutor.grading import Grader

DEV_SET = Path(__file__).with_name("grading_dev_set.yaml")

KNOWN_DISAGREEMENTS = {
    ("ac-patient-question/baseline", "antikoagulasin"): "three slips: the grader asks 'Did you mean ...?'",
    ("ac-patient-question/agents", "warfrn, rivaroxaban, LMWH"): "two slips in an 8-letter word: 'Did you mean ...?'",
    ("ivcf-brain-bleed/retrieval-plan", "filter retreivle"): "three slips in 'retrieval': 'Did you mean ...?'",
}


def load_dev_set() -> list[tuple[str, str, str, str]]:
    """(question id, answer, instructor's verdict, kind) for every entry."""
    data: dict[str, list[list[Any]]] = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))
    return [(qid.split("#")[0], str(a), v, k) for qid, items in data.items() for a, v, k in items]


ENTRIES = load_dev_set()


def _param(entry: tuple[str, str, str, str]) -> Any:
    qid, answer, _, _ = entry
    reason = KNOWN_DISAGREEMENTS.get((qid, answer))
    marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
    return pytest.param(*entry, id=f"{qid}:{answer[:40]}", marks=marks)


@pytest.fixture(scope="module")
def grader(builtin: LoadResult) -> Grader:
    return Grader(builtin.course)


def test_the_set_is_large_and_varied() -> None:
    assert len(ENTRIES) >= 300
    kinds = {k for *_, k in ENTRIES}
    assert {"typo", "abbrev", "chinese", "order", "negation", "opposite", "different", "number", "unit",
            "list", "choice", "misconception"} <= kinds
    assert {v for _, _, v, _ in ENTRIES} == {"correct", "partial", "incorrect"}


@pytest.mark.parametrize(("qid", "answer", "expected", "kind"), [_param(e) for e in ENTRIES])
def test_dev_set(grader: Grader, builtin: LoadResult, qid: str, answer: str, expected: str, kind: str) -> None:
    question = builtin.course.question(qid)
    if question is None:
        pytest.skip(f"{qid} is not in the shipped course (content changed?)")
    g = grader.grade(question, answer)
    assert g.verdict == expected, f"{kind}: {g.reason}"
