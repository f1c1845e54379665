"""The grader's reasons are catalogue messages: every key it can produce is in the catalogue, and
each template formats with exactly the parameters the grader gives it.

Two scans: the grader's source (every `msg("grade....")` call, with its keyword names), and the
reasons of every example answer of the built-in course, every answer of the development set, the
course's own accepted, misconception and partial phrasings, and a few answers written to reach
the rarer reasons.
"""

from __future__ import annotations

import ast
import dataclasses
import string
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_grading_devset import load_dev_set
from tests.test_grading_support import (
    BASELINE,
    COMBO,
    EUROPE,
    MORE,
    PTS_RATE,
    SIDES,
    SIGNS,
    THROMBOLYSIS,
    ZOU,
    grader,
    listq,
    short,
)
from tutor.course.loader import LoadResult
from tutor.grading import Grade, Grader
from tutor.grading.numbers import Quantity, compare
from tutor.measures import MEASURES
from tutor.model import Course, Misconception, NumericKey, Option, Question
from tutor.texts import Msg, join, msg, say
from tutor.texts.en import MESSAGES as EN
from tutor.texts.en_grading import MESSAGES
from tutor.texts.quantity import KEYS as QUANTITY_KEYS
from tutor.texts.quantity import MAGNITUDES, UNITS, quantity

GRADING = Path(__file__).resolve().parents[1] / "tutor" / "grading"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def messages_in(m: Msg) -> Iterator[Msg]:
    """A message and the messages inside its parameters (a list's items, a reason's reason)."""
    yield m
    for _, v in m.args:
        if isinstance(v, Msg):
            yield from messages_in(v)


# --- the grader's source ------------------------------------------------------------------------

def msg_calls() -> list[tuple[str, int, ast.Call]]:
    out = []
    for path in sorted(GRADING.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                out.append((path.name, node.lineno, node))
    return out


CALLS = msg_calls()


def test_the_source_scan_finds_the_grader_s_messages() -> None:
    assert len(CALLS) >= 40
    assert {"grader.py", "numbers.py"} <= {name for name, _, _ in CALLS}


@pytest.mark.parametrize(("name", "line", "call"), CALLS, ids=[f"{n}:{ln}" for n, ln, _ in CALLS])
def test_each_message_in_the_source_is_in_the_catalogue(name: str, line: int, call: ast.Call) -> None:
    first = call.args[0] if call.args else None
    # A literal key, so that this scan sees every key the grader can say.
    assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{name}:{line}: key is not a literal"
    key = first.value
    assert key.startswith("grade."), f"{name}:{line}: {key} is not a grading key"
    assert key in MESSAGES, f"{name}:{line}: {key} is not in tutor/texts/en_grading.py"
    given = {k.arg for k in call.keywords if k.arg is not None}
    assert len(given) == len(call.keywords), f"{name}:{line}: parameters must be named"
    assert fields(MESSAGES[key]) == given, f"{name}:{line}: {key} is given {sorted(given)}"


def test_every_grading_message_is_used_and_in_the_english_catalogue() -> None:
    used = {c.args[0].value for _, _, c in CALLS if isinstance(c.args[0], ast.Constant)}
    assert set(MESSAGES) == used | set(QUANTITY_KEYS)  # quantities: tutor/texts/quantity.py builds their keys
    assert all(key.startswith("grade.") for key in MESSAGES if key not in QUANTITY_KEYS)
    assert {k: EN[k] for k in MESSAGES} == MESSAGES


# --- the reasons the grader gives ---------------------------------------------------------------

LESS = short("less", ("less bleeding",))
BRACES = short("braces", ("{accepted} sign",))
CHOICE_WITH_MC = dataclasses.replace(SIGNS, misconceptions=(Misconception("lysis", ("thrombolysis",), "x"),))
SEMICOLON = dataclasses.replace(SIDES, options=(Option("A", "Nothing; the filter protects him", correct=True),
                                                 Option("B", "Restart heparin")))
RARE: list[tuple[Question, str]] = [
    (COMBO, "anticoagulation alone"), (BASELINE, "anticoagulation " + "blah " * 40),
    (BASELINE, "anticoagulation, stockings, walking"), (BASELINE, "anticoagulation or stockings"),
    (MORE, "less bleeding"), (LESS, "more bleeding"), (CHOICE_WITH_MC, "A, thrombolysis"),
    (EUROPE, "20 days"), (EUROPE, "2 billion dollars"), (PTS_RATE, "10 people"), (PTS_RATE, "5 euros"),
    (PTS_RATE, "35%"), (BASELINE, "antikoagulaton"), (SIGNS, "a rash or fever"), (SIGNS, "A, B"),
    (BRACES, "{accepted} sign"), (SEMICOLON, "a"), (SIGNS, "swellng of both lgs and the scrtum"),
    (listq("items", {"a": ("warfarin",), "b": ("heparin",)}, 2), "warfarin; {0}; plain water"),
    (BASELINE, ""), (ZOU, "86.84% or 50%"), (THROMBOLYSIS, "thrombosis"),
    (SIGNS, "new swelng of bth legs and the scrotm"),
]


def graded(builtin: LoadResult) -> Iterator[tuple[str, Grade]]:
    g = Grader(builtin.course)
    for q in builtin.course.questions():
        texts = [e.text for e in q.examples] + [a for e in q.expectations for a in e.accept]
        texts += [a for m in q.misconceptions for a in m.match] + [a for p in q.partial for a in p.accept]
        texts += [f"not {a}" for a in texts[:2]]
        for t in texts:
            yield f"{q.gid}: {t!r}", g.grade(q, t)
    for qid, answer, _, _ in load_dev_set():
        dev_q = builtin.course.question(qid)
        if dev_q is not None:
            yield f"{qid}: {answer!r}", g.grade(dev_q, answer)
    for rare_q, t in RARE:
        yield f"{rare_q.gid}: {t!r}", grader().grade(rare_q, t)


@pytest.fixture(scope="module")
def reasons(builtin: LoadResult) -> list[tuple[str, Grade]]:
    return list(graded(builtin))


def test_every_reason_is_in_the_catalogue_and_formats(reasons: list[tuple[str, Grade]]) -> None:
    seen: set[str] = set()
    for where, g in reasons:
        assert g.reasons, f"{where}: no reason"
        for part in g.reasons:
            for m in messages_in(part):
                assert m.key in MESSAGES, f"{where}: {m.key} is not in the catalogue"
                assert fields(MESSAGES[m.key]) == {k for k, _ in m.args}, f"{where}: {m}"
                seen.add(m.key)
            assert say(part).strip(), f"{where}: {part} says nothing"
        assert g.reason == join(g.reasons)
    # With the one reason only `compare` gives (the grader says what the learner wrote instead),
    # the answers reach every message of the catalogue.
    assert PTS_RATE.numeric is not None
    proportion = compare(Quantity(0.2, 0.5, None, is_range=True), PTS_RATE.numeric).reason
    assert proportion.key == "grade.number_as_proportion"
    assert say(proportion) == "0.2–0.5 as a proportion is 20–50%"
    seen.update(m.key for m in messages_in(proportion))
    around = compare(Quantity(3, 6, "months", is_range=True), NumericKey(3, 3, "months")).reason
    assert say(around) == "3–6 months: a range around the answer, 3 months, not the answer itself"
    seen.update(m.key for m in messages_in(around))
    other = Grader(Course()).grade(PTS_RATE, "30-40 msv")
    assert say(other.reasons[0]) == "30-40 msv is measured in another unit"
    seen.update(m.key for part in other.reasons for m in messages_in(part))
    volume = Grader(Course()).grade(PTS_RATE, "30-40 ml")
    assert say(volume.reasons[0]) == "30–40 mL is a volume (mL, L), not a rate or proportion"
    assert say(volume.reasons[0], "zh") == "30~40 mL是容量，而题目要的是比率或比例"
    # Every measure (tutor/measures.py): its family in words, its symbol after the number.
    for name in MEASURES:
        wrong = compare(Quantity(2, 2, name), NumericKey(2, 2, "percent")).reason
        assert wrong.key == "grade.number_family" and say(wrong).strip() and say(wrong, "zh").strip()
        seen.update(m.key for m in messages_in(wrong))
    said_again = Grader(Course()).grade(short("zh", ("因为气压低，水的沸点降低",)), "高原气压低，水沸点降低")
    assert say(said_again.reasons[0]) == "says what '因为气压低，水的沸点降低' says, in other words"
    seen.update(m.key for part in said_again.reasons for m in messages_in(part))
    # Every magnitude and unit a quantity can be written in (the course uses only some of them).
    for magnitude in MAGNITUDES:
        for unit in (*UNITS, None):
            for is_range in (False, True):
                said = quantity(2, 3, unit, scale=10.0**magnitude, is_range=is_range)
                assert say(said).strip() and say(said, "zh").strip()
                seen.update(m.key for m in messages_in(said))
    assert seen == set(MESSAGES)


def test_parameters_are_text_as_written_and_never_formatted() -> None:
    g = grader().grade(BRACES, "{accepted} sign")
    assert g.reasons == (msg("grade.matched", accepted="{accepted} sign"),)
    assert g.reason == "matched '{accepted} sign'"


def test_lists_are_series_of_quoted_items() -> None:
    g = grader().grade(BASELINE, "anticoagulation, stockings, walking")
    assert g.reasons == (msg("grade.several_answers", answers=msg(
        "grade.series", first=msg("grade.quoted", text="stockings"), rest=msg("grade.quoted", text="walking"))),)
    assert g.reason == "names several answers ('stockings', 'walking'): give one answer"


def test_the_missing_parts_are_filtered_by_key_not_by_splitting_text(reasons: list[tuple[str, Grade]]) -> None:
    def by_text(reason: str) -> str:  # what the engine did before the reasons were messages
        return "; ".join(p for p in reason.split("; ") if not p.startswith("missing"))

    n_missing = 0
    for where, g in reasons:
        kept = [m for m in g.reasons if not m.key.startswith("grade.missing")]
        n_missing += len(kept) < len(g.reasons)
        assert join(kept) == by_text(g.reason), where
    assert n_missing >= 20
    # An option's own "; " is part of one reason, not two.
    g = grader().grade(SEMICOLON, "a")
    assert g.reasons == (msg("grade.chose", letter="A", text="Nothing; the filter protects him"),)


def test_a_list_answer_s_reason_parts() -> None:
    q = listq("items", {"a": ("warfarin",), "b": ("heparin",), "c": ("rivaroxaban",)}, 3)
    g = grader().grade(q, "warfarin, plain water")
    assert [m.key for m in g.reasons] == ["grade.found_of", "grade.not_recognised", "grade.missing"]
    assert g.reasons[0] == msg("grade.found_of", found=1, need=3, match=msg("grade.matched", accepted="warfarin"))
    assert g.reason == "1 of 3 found: matched 'warfarin'; not recognised: 'plain water'; missing: heparin, rivaroxaban"


def test_the_english_reason_is_read_only_and_derived() -> None:
    g = grader().grade(BASELINE, "anticoagulaton")
    assert g.reasons == (msg("grade.matched_typo", accepted="anticoagulation"),)
    assert isinstance(Grade.reason, property) and Grade.reason.fset is None
    assert "reason" not in {f.name for f in dataclasses.fields(Grade)}
    assert dataclasses.replace(g, reasons=(msg("grade.none_found"),)).reason == "no accepted answer found"
