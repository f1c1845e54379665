"""Validation of large but allowed content against the same amount of ordinary content.

For each hostile case of issue 18 (item 7), the time of `load` + the answer-bank check
(what `tutor validate` does) on one file, against a file holding the same amount of content
written as banks usually are, measured in one run. Target: each ratio at most 2.

1. 10,000 misconceptions on one question, against 10,000 misconceptions four to a question.
2. One 20,000-character prompt, against 20,000 characters of 200-character prompts.
3. One case of 20,000 steps, against 1,000 cases of 20 steps.
4. First grading of a question with 100,000 misconceptions, against 100,000 misconceptions
   four to a question, each question graded once.

    python bench/hostile_content.py           # the sizes above
    python bench/hostile_content.py quick     # a tenth of each
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hostile import generate  # noqa: E402
from tutor.course.loader import load  # noqa: E402
from tutor.course.result import Source  # noqa: E402
from tutor.grading import Grader  # noqa: E402
from tutor.grading.bank_check import check_examples  # noqa: E402
from tutor.model import Misconception  # noqa: E402

BASE = "format: 1\nreferences:\n  - key: review\n    authors: A\n    title: T\ntags:\n  modality:\n    cdt: CDT\n"
"""The one reference and tag the generated cases use, so the built-in course is not timed too."""


def _validate(path: Path) -> float:
    base = path.with_name("base.yaml")
    base.write_text(BASE, encoding="utf-8")
    start = time.perf_counter()
    result = load([Source(base, base.name), Source(path, path.name)])
    check_examples(result.course, Grader(result.course), None)
    took = time.perf_counter() - start
    assert not result.errors, result.errors[:3]
    return took


def _first_grading(n: int, per_question: int) -> Callable[[Path], float]:
    """100,000 misconceptions do not fit in one 4 MiB file, so the questions are built in memory,
    from the one question of a small file."""
    def measure(path: Path) -> float:
        result = load([Source(path, path.name)])
        (case,) = result.course.cases.values()
        base = case.questions[0]
        questions = [
            dataclasses.replace(base, id=f"q{k}", misconceptions=tuple(
                Misconception(f"m{i}", (f"wrong idea {i}",), "No.") for i in range(k, min(n, k + per_question))))
            for k in range(0, n, per_question)
        ]
        grader = Grader(result.course)
        start = time.perf_counter()
        for q in questions:
            grader.grade(q, "wrong idea 7")
        return time.perf_counter() - start
    return measure


def _pair(folder: Path, name: str, hostile: str, ordinary: str, measure: Callable[[Path], float]) -> None:
    a, b = folder / f"{name}-hostile.yaml", folder / f"{name}-ordinary.yaml"
    a.write_text(hostile, encoding="utf-8")
    b.write_text(ordinary, encoding="utf-8")
    measure(b)  # warm imports and the built-in course's caches
    times_a = [measure(a) for _ in range(2)]
    times_b = [measure(b) for _ in range(2)]
    ta, tb = min(times_a), min(times_b)
    print(f"{name}: {ta * 1000:.0f} ms, ordinary {tb * 1000:.0f} ms, ratio {ta / tb:.2f} (target <= 2)")


def main() -> None:
    scale = 10 if sys.argv[1:] == ["quick"] else 1
    m, chars, steps, first = 10_000 // scale, 20_000 // scale, 20_000 // scale, 100_000 // scale
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _pair(folder, f"{m:,} misconceptions", generate.many_misconceptions(m),
              generate.ordinary_misconceptions(m), _validate)
        _pair(folder, f"a {chars:,}-character prompt", generate.long_prompt(chars),
              generate.ordinary_prompts(chars), _validate)
        _pair(folder, f"a {steps:,}-step case", generate.many_steps(steps), generate.ordinary_steps(steps), _validate)
        small = generate.many_misconceptions(1)
        for label, per in ((f"first grading, {first:,} misconceptions on one question", first),
                           ("the same, four to a question", 4)):
            path = folder / "small.yaml"
            path.write_text(small, encoding="utf-8")
            took = min(_first_grading(first, per)(path) for _ in range(2))
            print(f"{label}: {took * 1000:.0f} ms")


if __name__ == "__main__":
    main()
