"""Grading benchmark: agreement with an instructor, false accepts, and latency, in one run.

    .venv/bin/python bench/grading.py            # the figures
    .venv/bin/python bench/grading.py dev set-a  # and the disagreements on those sets

On the labelled development set (`tests/grading_dev_set.yaml`: learner answers to the shipped
questions with the verdict a careful instructor gives), and on each frozen unseen set under
`bench/unseen/` (a bank and answers written by people who never saw the grader), it compares
three graders:

- exact: the answer equals an accepted answer after strip + casefold (Moodle's short answer);
- naive fuzzy: rapidfuzz `fuzz.WRatio(answer, accepted, processor=utils.default_process) >= 85`
  against each accepted answer (DECISIONS.md, "Grading");
- ours: `tutor.grading.Grader`.

Both baselines split a list answer on `and , ; + plus 、` and count each group once. Agreement is
the share of answers given the instructor's verdict (`unclear` counts as a disagreement); a false
accept is an answer the instructor does not accept that a grader marks correct.

Latency is measured per answer, p50 and p99, in wall-clock time and in CPU time of the grading
thread (which leaves out time the process spent descheduled on a busy machine), on the
development set and on a synthetic question with 50 accepted answers; the floor is the naive
fuzzy grader timed on the same answers in the same run.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml
from rapidfuzz import fuzz, utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.course.loader import load  # noqa: E402
from tutor.course.resources import builtin_sources, user_sources  # noqa: E402
from tutor.grading import Grader  # noqa: E402
from tutor.model import Expectation, Misconception, Question  # noqa: E402

SPLIT = re.compile(r"\s*(?:\band\b|,|;|\+|\bplus\b|、)\s*", re.IGNORECASE)


def accepted_texts(q: Question) -> list[list[str]]:
    """The accepted answers, one list per group (one group for short, numeric and choice)."""
    if q.kind in ("short", "list"):
        return [list(e.accept) for e in q.expectations]
    if q.kind == "numeric":
        assert q.numeric is not None
        return [[q.numeric.label, *(a for e in q.expectations for a in e.accept)]]
    correct = next(o for o in q.options if o.correct)
    return [[correct.letter, correct.text, *correct.accept]]


def baseline(q: Question, answer: str, same: Callable[[str, str], bool]) -> str:
    groups = accepted_texts(q)
    if q.kind == "list":
        items = [i for i in SPLIT.split(answer) if i.strip()]
        found = sum(1 for g in groups if any(same(i, a) for i in items for a in g))
        if found >= q.need:
            return "correct"
        return "partial" if found else "incorrect"
    if any(same(answer, a) for a in groups[0]):
        return "correct"
    if any(same(answer, a) for p in q.partial for a in p.accept):
        return "partial"
    return "incorrect"


def exact(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def wratio(a: str, b: str) -> bool:
    return fuzz.WRatio(a, b, processor=utils.default_process) >= 85


def load_dev_set() -> list[tuple[str, str, str, str]]:
    data = yaml.safe_load((ROOT / "tests" / "grading_dev_set.yaml").read_text(encoding="utf-8"))
    return [(qid.split("#")[0], str(a), v, k) for qid, items in data.items() for a, v, k in items]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn: Callable[[], object], rounds: int) -> tuple[list[float], list[float]]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(rounds):
        c0, w0 = time.thread_time_ns(), time.perf_counter_ns()
        fn()
        w1, c1 = time.perf_counter_ns(), time.thread_time_ns()
        wall.append((w1 - w0) / 1e6)
        cpu.append((c1 - c0) / 1e6)
    return wall, cpu


def synthetic_question() -> tuple[Question, list[str]]:
    words = re.findall(r"\S+", (
        "anticoagulation thrombolysis catheter directed filter inferior vena cava pulmonary embolism heparin "
        "warfarin rivaroxaban aspiration mechanical thrombectomy stent angioplasty venous iliac femoral popliteal "
        "syndrome compression stockings elevation urokinase alteplase bleeding haemorrhage intracranial"
    ))
    aliases = tuple(" ".join(words[(i * 7 + j * 3) % len(words)] for j in range(1 + i % 3)) for i in range(50))
    q = Question(
        id="fifty", case_id="bench", kind="short", prompt="?", explanation="", cite=(),
        expectations=(Expectation("answer", aliases),),
        misconceptions=(Misconception("m", ("systemic thrombolysis", "no anticoagulation"), "x"),),
    )
    answers = [
        aliases[0], aliases[17].replace("a", "e", 1), "not " + aliases[5], "I would give " + aliases[33] + " now",
        "凝血治疗", "x", "the pulmonary embolsm risk is high so a filter in the inferior vena cava",
        "stent and angioplasty of the iliac vein", aliases[49] + ", not " + aliases[2],
    ]
    return q, answers


UNSEEN = ROOT / "bench" / "unseen"
"""Frozen evaluation sets, written by people who never saw the grader (see bench/unseen/README.md)."""

Row = tuple[Question, str, str, str]


def load_unseen(name: str) -> tuple[list[Row], int, Grader]:
    """A frozen set: its bank alone (as `--only`), and its answers with the instructor's verdicts."""
    folder = UNSEEN / name
    if (folder / "bank").is_dir():
        result = load(user_sources([str(folder / "bank")]))
    else:  # a set written for the built-in course itself: `set.yaml` says in which language it is read
        about = yaml.safe_load((folder / "set.yaml").read_text(encoding="utf-8"))
        result = load(builtin_sources(), about.get("lang", "en"))
    course = result.course
    data = yaml.safe_load((folder / "answers.yaml").read_text(encoding="utf-8"))
    rows: list[Row] = []
    skipped = 0
    for qid, items in data.items():
        q = course.question(qid)
        for a, v, k in items:
            if q is None:
                skipped += 1
            else:
                rows.append((q, str(a), v, k))
    return rows, skipped, Grader(course)


def report(title: str, rows: list[Row], grader: Grader, *, show_failures: bool) -> None:
    graders: dict[str, Callable[[Question, str], str]] = {
        "exact match": lambda q, a: baseline(q, a, exact),
        "naive WRatio>=85": lambda q, a: baseline(q, a, wratio),
        "ours": lambda q, a: grader.grade(q, a).verdict,
    }
    n = len(rows)
    n_right = sum(1 for r in rows if r[2] == "correct")
    n_wrong = n - n_right
    print(f"{title}: {n} answers to {len({id(r[0]) for r in rows})} questions "
          f"({n_right} right, {n_wrong} not right: partial or incorrect)")
    print(f"{'grader':<18} {'agreement':>10} {'false accepts':>14} {'right ones rejected':>20} {'unclear':>8}")
    results: dict[str, list[str]] = {}
    for name, fn in graders.items():
        verdicts = [fn(q, a) for q, a, _, _ in rows]
        results[name] = verdicts
        agree = sum(1 for v, r in zip(verdicts, rows, strict=True) if v == r[2])
        false_acc = sum(1 for v, r in zip(verdicts, rows, strict=True) if v == "correct" and r[2] != "correct")
        missed = sum(1 for v, r in zip(verdicts, rows, strict=True) if v != "correct" and r[2] == "correct")
        unclear = sum(1 for v in verdicts if v == "unclear")
        print(f"{name:<18} {agree / n:>9.1%} {false_acc:>6} of {n_wrong:<5} {missed:>9} of {n_right:<6} {unclear:>8}"
              f"   (false accepts {false_acc / n:.1%} of all answers)")
    ours = results["ours"]
    kinds = Counter(r[3] for v, r in zip(ours, rows, strict=True) if v != r[2])
    if kinds:
        print("ours disagrees, by kind of answer: " + ", ".join(f"{k} {c}" for k, c in kinds.most_common()))
    if show_failures:
        for (q, a, label, kind), v in ((r, v) for v, r in zip(ours, rows, strict=True) if v != r[2]):
            print(f"  {q.gid}: {a!r}: instructor {label}, grader {v} ({kind}): {grader.grade(q, a).reason}")
    print()


def main() -> int:
    show = set(sys.argv[1:])
    """Names of the sets whose disagreements to list (`dev`, `set-a`...): never a set kept unseen."""
    result = load(builtin_sources())
    course = result.course
    grader = Grader(course)
    rows: list[Row] = []
    for qid, answer, label, kind in load_dev_set():
        q = course.question(qid)
        if q is not None:
            rows.append((q, answer, label, kind))
    report("development set (tests/grading_dev_set.yaml)", rows, grader, show_failures="dev" in show)
    for name in sorted(p.name for p in UNSEEN.iterdir() if (p / "answers.yaml").is_file()):
        unseen, skipped, unseen_grader = load_unseen(name)
        report(f"{name} (bench/unseen/{name})" + (f", {skipped} skipped" if skipped else ""), unseen,
               unseen_grader, show_failures=name in show)

    # --- latency ---
    for q, a, _, _ in rows:  # compile every question first: the app compiles once per question
        grader.grade(q, a)
    rounds = 5
    ours_wall: list[float] = []
    ours_cpu: list[float] = []
    naive_wall: list[float] = []
    naive_cpu: list[float] = []
    for _ in range(rounds):
        for q, a, _, _ in rows:
            w, c = timed(partial(grader.grade, q, a), 1)
            ours_wall += w
            ours_cpu += c
            w, c = timed(partial(baseline, q, a, wratio), 1)
            naive_wall += w
            naive_cpu += c
    syn, syn_answers = synthetic_question()
    for a in syn_answers:
        grader.grade(syn, a)
    syn_wall: list[float] = []
    syn_cpu: list[float] = []
    syn_naive: list[float] = []
    for i in range(3000):
        a = syn_answers[i % len(syn_answers)]
        w, c = timed(partial(grader.grade, syn, a), 1)
        syn_wall += w
        syn_cpu += c
        w, _ = timed(partial(baseline, syn, a, wratio), 1)
        syn_naive += w

    def line(label: str, values: list[float], floor: list[float] | None) -> str:
        p50, p99 = percentile(values, 50), percentile(values, 99)
        text = f"{label:<44} p50 {p50:6.3f} ms   p99 {p99:6.3f} ms"
        if floor is not None:
            f50, f99 = percentile(floor, 50), percentile(floor, 99)
            text += f"   ({p50 / f50:4.1f}x / {p99 / f99:4.1f}x the naive grader's {f50:.3f} / {f99:.3f} ms)"
        return text

    print("latency per answer (target: p99 <= 2 ms for a question with 50 accepted answers)")
    print(line("dev set, ours, wall clock", ours_wall, naive_wall))
    print(line("dev set, ours, CPU time", ours_cpu, naive_cpu))
    print(line("50 accepted answers, ours, wall clock", syn_wall, syn_naive))
    print(line("50 accepted answers, ours, CPU time", syn_cpu, None))
    print(f"{'(mean over the dev set, ours)':<44} {statistics.mean(ours_wall):.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
