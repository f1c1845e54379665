"""Item analysis: how each question performed over a class (statistics only; no I/O, no terminal).

What is counted: each student's *first current answer* to a question (`Student.first_answers`):
the first meeting measures the question, as scores and the spaced-repetition rating use first
answers; later answers follow feedback. Answers to an older version of a question are left out.

Per question:

- `students`: students with a first answer; `facility`: the share of them correct (a skipped
  question counts as not correct); `mean_credit`: their mean credit (list questions earn part).
- `discrimination`: the point-biserial correlation between the item score (its credit: 0 or 1 on
  most questions, a fraction on list questions, where it is Pearson's r) and the student's rest
  score: their mean first-answer credit over the *other* questions of the question's quiz (the quiz
  most of the class answered it in; the item itself is left out, so a short quiz does not flatter
  it). None when everyone scored the same, or fewer than `MIN_FOR_STATS` students answered.
- `upper_lower`: Kelley's index: mean item credit of the top 27% of students by rest score minus
  that of the bottom 27%.
- hints (taken before the first answer), time (median seconds to the first answer), the most
  frequent wrong answers (grouped by the grader's normalisation) and misconceptions, and every
  contest and flag on the question with its comment.
- choice questions: each option's share of the first answers; decisions: each choice's share of
  the students' first decisions at that step.

A question is flagged when its discrimination is below `Thresholds.min_discrimination` (default
0.20: the usual floor for a question that tells stronger from weaker students; a negative value
often means a wrong key) or its facility above `Thresholds.max_facility` (default 0.90: nearly
everyone right, so it teaches little about who needs help); never with fewer than
`Thresholds.min_students` (default 10) students, where these figures are noise.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..texts import Msg, msg, say

if TYPE_CHECKING:  # kept light: `tutor` builds its parser, and with it Thresholds' defaults, at start-up
    from ..engine.state import Record
    from ..model import Course, Question
    from .class_results import ClassAttempt, ClassResults

__all__ = ["ClassAnalysis", "DecisionStats", "ItemStats", "Thresholds", "analyse"]

UPPER_LOWER = 0.27
MIN_FOR_STATS = 3
"""Fewer students than this give no discrimination figure at all."""
TOP_ANSWERS = 5


@dataclass(frozen=True)
class Thresholds:
    min_discrimination: float = 0.20
    """Flag a question whose point-biserial discrimination is below this."""
    max_facility: float = 0.90
    """Flag a question more students than this share answer correctly."""
    min_students: int = 10
    """Flag nothing on fewer students than this."""


@dataclass(frozen=True)
class Count:
    """A wrong answer, misconception, option or choice, and how many students gave it."""

    key: str
    """The option letter, choice id or misconception id; for an answer, its normalised text."""
    label: str
    """What to show: the answer as first typed, the option's text, the misconception's feedback."""
    count: int
    share: float
    """count / the question's (or decision's) students."""
    correct: bool = False
    """The right option, or the recommended choice."""


@dataclass(frozen=True)
class Remark:
    """A contest or flag on a question, with who made it."""

    kind: str
    """contest or flag"""
    student: str
    comment: str
    answer: str = ""
    verdict: str = ""
    at: str = ""


@dataclass
class ItemStats:
    gid: str
    kind: str
    prompt: str
    quiz_id: str
    """The quiz whose other questions make the rest score ('' for the whole course)."""
    students: int = 0
    correct: int = 0
    facility: float | None = None
    mean_credit: float | None = None
    discrimination: float | None = None
    """Point-biserial of the item score against the rest of the quiz; None when undefined."""
    upper_lower: float | None = None
    """Upper-lower 27% index; None with too few students."""
    hinted: float | None = None
    """The share of students who took a hint before their first answer."""
    mean_hints: float | None = None
    median_seconds: float | None = None
    skipped: int = 0
    wrong_answers: list[Count] = field(default_factory=list)
    misconceptions: list[Count] = field(default_factory=list)
    options: list[Count] = field(default_factory=list)
    """Choice questions: every option, in order, with its share (and `(no option)` when some
    answers named none)."""
    remarks: list[Remark] = field(default_factory=list)
    """Every contest and flag on the question (not only first answers'), oldest first."""
    flags: list[str] = field(default_factory=list)
    flag_reasons: list[Msg] = field(default_factory=list, repr=False)
    """`flags` as messages, for a report in the language it speaks (`flags` stays English, for JSON)."""
    """Why the question is flagged for review ("discrimination 0.05 below 0.20"); empty if not."""

    @property
    def contests(self) -> int:
        return sum(1 for r in self.remarks if r.kind == "contest")

    @property
    def flag_reports(self) -> int:
        return sum(1 for r in self.remarks if r.kind == "flag")


@dataclass
class DecisionStats:
    case_id: str
    step_id: str
    prompt: str
    students: int
    choices: list[Count]
    """Every choice in order, with its share; `correct` marks the recommended one."""


@dataclass
class ClassAnalysis:
    students: int
    """Students in the class (whether or not they answered a given question)."""
    items: list[ItemStats]
    """Every question of the course that at least one student answered, in course order."""
    decisions: list[DecisionStats]
    thresholds: Thresholds
    mean_score: float | None = None
    """The mean over students of their mean first-answer credit."""
    unanswered: int = 0
    """Questions of the course no student has answered."""

    @property
    def flagged(self) -> list[ItemStats]:
        return [i for i in self.items if i.flags]


# the statistics -----------------------------------------------------------------------------------

def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r; None when either side does not vary (or fewer than two pairs)."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def upper_lower(items: list[float], rests: list[float], share: float = UPPER_LOWER) -> float | None:
    """Mean item score of the top `share` of students by rest score minus the bottom `share`'s.

    Ties in rest score are broken by position, so the result does not depend on luck: pass the
    students in a fixed order (the analysis passes them sorted by id)."""
    n = len(items)
    k = round(share * n)
    if n < MIN_FOR_STATS or k < 1:
        return None
    order = sorted(range(n), key=lambda i: rests[i])
    low = [items[i] for i in order[:k]]
    high = [items[i] for i in order[-k:]]
    return sum(high) / k - sum(low) / k


def median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# the analysis --------------------------------------------------------------------------------------

_LETTER = re.compile(r"^\s*(?:option\s+)?[(\[]?([a-z])[)\].:]?\s*$", re.IGNORECASE)


def analyse(results: ClassResults, thresholds: Thresholds | None = None, *, grader: Any = None) -> ClassAnalysis:
    """Item statistics for every question the class answered, and every decision it made.

    `grader` (a tutor.grading.Grader) reads which option a choice answer named when it is not a
    bare letter; one is made on first need when none is given.
    """
    from ..selection import quiz_question_ids

    th = thresholds or Thresholds()
    course = results.course
    students = sorted(results.students, key=lambda s: s.id)
    firsts = [s.first_answers() for s in students]
    quiz_of = _quiz_of(course, firsts)
    members = {z: set(quiz_question_ids(course, course.quizzes[z])) for z in set(quiz_of.values()) if z}
    # Each student's credit sum and count over each quiz's questions: the rest score is then one
    # subtraction per answer, whatever the size of the class.
    totals: list[dict[str, tuple[float, int]]] = []
    for first in firsts:
        sums: dict[str, tuple[float, int]] = {}
        everything = (sum(a.record.credit for a in first.values()), len(first))
        for z, gids in members.items():
            picked = [a.record.credit for g, a in first.items() if g in gids]
            sums[z] = (sum(picked), len(picked))
        sums[""] = everything
        totals.append(sums)

    remarks = _remarks(results)
    option_of = _option_reader(course, grader)
    items: list[ItemStats] = []
    unanswered = 0
    for q in course.questions():
        z = quiz_of.get(q.gid, "")
        answers: list[ClassAttempt] = []
        rests: list[float | None] = []
        for first, total in zip(firsts, totals, strict=True):
            a = first.get(q.gid)
            if a is None:
                continue
            answers.append(a)
            s, n = total[z]
            rests.append((s - a.record.credit) / (n - 1) if n > 1 else None)
        if not answers:
            unanswered += 1
            continue
        items.append(_item(q, z, answers, rests, remarks.get(q.gid, []), option_of, th))
    scores = [sum(a.record.credit for a in f.values()) / len(f) for f in firsts if f]
    return ClassAnalysis(
        students=len(students), items=items, decisions=_decisions(course, results), thresholds=th,
        mean_score=sum(scores) / len(scores) if scores else None, unanswered=unanswered,
    )


def _quiz_of(course: Course, firsts: list[dict[str, ClassAttempt]]) -> dict[str, str]:
    """Each question's quiz: the one most of its first answers were given in, when that quiz still
    holds it; else the first quiz of the course that does; '' (the whole course) when none does."""
    from ..selection import quiz_question_ids

    holding: dict[str, list[str]] = {}
    for z, quiz in course.quizzes.items():
        for gid in quiz_question_ids(course, quiz):
            holding.setdefault(gid, []).append(z)
    seen: dict[str, Counter[str]] = {}
    for first in firsts:
        for gid, a in first.items():
            seen.setdefault(gid, Counter())[a.quiz_id] += 1
    out: dict[str, str] = {}
    for gid, zs in holding.items():
        counts = seen.get(gid, Counter())
        ranked = sorted(zs, key=lambda z: -counts[z])  # stable: course order among equals
        out[gid] = ranked[0]
    return out


def _item(q: Question, quiz_id: str, answers: list[ClassAttempt], rests: list[float | None],
          remarks: list[Remark], option_of: Callable[[Question, str], str | None], th: Thresholds) -> ItemStats:
    n = len(answers)
    records = [a.record for a in answers]
    correct = sum(1 for r in records if r.verdict == "correct" and not r.skipped)
    st = ItemStats(gid=q.gid, kind=q.kind, prompt=q.prompt, quiz_id=quiz_id, students=n, correct=correct,
                   facility=correct / n, mean_credit=sum(r.credit for r in records) / n,
                   hinted=sum(1 for r in records if r.hints_before) / n,
                   mean_hints=sum(r.hints_before for r in records) / n,
                   median_seconds=median([r.seconds for r in records]),
                   skipped=sum(1 for r in records if r.skipped), remarks=remarks)
    pairs = [(a.credit, rest) for a, rest in zip(records, rests, strict=True) if rest is not None]
    if len(pairs) >= MIN_FOR_STATS:
        xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
        st.discrimination = pearson(xs, ys)
        st.upper_lower = upper_lower(xs, ys)
    st.wrong_answers = _wrong_answers(records, n)
    st.misconceptions = _misconceptions(q, records, n)
    if q.kind == "choice":
        st.options = _options(q, records, n, option_of)
    if n >= th.min_students:
        if st.discrimination is not None and st.discrimination < th.min_discrimination:
            st.flag_reasons.append(msg("class.flag.discrimination", value=f"{st.discrimination:.2f}",
                                       limit=f"{th.min_discrimination:.2f}"))
        if st.facility is not None and st.facility > th.max_facility:
            st.flag_reasons.append(msg("class.flag.facility", value=f"{st.facility:.2f}",
                                       limit=f"{th.max_facility:.2f}"))
        st.flags = [say(m, "en") for m in st.flag_reasons]
    return st


def _wrong_answers(answers: list[Record], n: int) -> list[Count]:
    from ..grading.normalize import normalise

    counts: Counter[str] = Counter()
    shown: dict[str, str] = {}
    for a in answers:
        if a.verdict == "correct" and not a.skipped:
            continue
        text = a.answer.strip()
        key = "(skipped)" if a.skipped or not text else normalise(text).text
        counts[key] += 1
        shown.setdefault(key, "(skipped)" if key == "(skipped)" else text)
    return [Count(k, shown[k], c, c / n) for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            [:TOP_ANSWERS]]


def _misconceptions(q: Question, answers: list[Record], n: int) -> list[Count]:
    counts: Counter[str] = Counter(m for a in answers for m in dict.fromkeys(a.misconceptions))
    feedback = {m.id: m.feedback for m in q.misconceptions}
    return [Count(k, feedback.get(k, k), c, c / n) for k, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _options(q: Question, answers: list[Record], n: int,
             option_of: Callable[[Question, str], str | None]) -> list[Count]:
    counts: Counter[str] = Counter()
    for a in answers:
        counts[(option_of(q, a.answer) if not a.skipped else None) or ""] += 1
    out = [Count(o.letter, o.text, counts[o.letter], counts[o.letter] / n, o.correct) for o in q.options]
    if counts[""]:
        out.append(Count("", "(no option)", counts[""], counts[""] / n))
    return out


def _option_reader(course: Course, grader: Any) -> Callable[[Question, str], str | None]:
    """The letter of the option a choice answer names: a bare letter read here, anything else as
    the grader reads it (once per distinct answer)."""
    cache: dict[tuple[str, str], str | None] = {}
    made: list[Any] = [grader]

    def read(q: Question, text: str) -> str | None:
        m = _LETTER.match(text)
        if m:
            letter = m.group(1).upper()
            return letter if any(o.letter.upper() == letter for o in q.options) else None
        key = (q.gid, text)
        if key not in cache:
            if made[0] is None:
                from ..grading import Grader

                made[0] = Grader(course)
            option = made[0].grade(q, text).option if text.strip() else None
            cache[key] = option.letter if option is not None else None
        return cache[key]

    return read


def _remarks(results: ClassResults) -> dict[str, list[Remark]]:
    out: dict[str, list[Remark]] = {}
    for s in results.students:
        for x in s.contests:
            out.setdefault(x.gid, []).append(Remark("contest", s.name, x.comment, x.answer, x.verdict, x.at))
        for f in s.flags:
            out.setdefault(f.gid, []).append(Remark("flag", s.name, f.comment, at=f.at))
    for items in out.values():
        items.sort(key=lambda r: (r.at, r.student))
    return out


def _decisions(course: Course, results: ClassResults) -> list[DecisionStats]:
    picks: dict[tuple[str, str], Counter[str]] = {}
    for s in results.students:
        for key, d in s.decisions().items():
            picks.setdefault(key, Counter())[d.choice_id] += 1
    out = []
    for case in course.cases.values():
        for step in case.steps:
            counts = picks.get((case.id, step.id))
            if step.decision is None or not counts:
                continue
            known = {c.id for c in step.decision.choices}
            n = sum(k for c, k in counts.items() if c in known)  # a choice since removed is not counted
            if not n:
                continue
            out.append(DecisionStats(case.id, step.id, step.decision.prompt, n, [
                Count(c.id, f"{c.letter}. {c.text}", counts[c.id], counts[c.id] / n, c.recommended)
                for c in step.decision.choices]))
    return out
