"""A simulated class: students of varying ability take the course in the real plain mode, each in
their own data folder, and export their progress with `tutor progress export`.

Each student is a `Learner`: a standard input whose next line depends on what the engine asks now
(a question, a "Did you mean ...?", the dialogue ladder, a decision). How good an answer is follows
a simple item-response model (the chance of a right answer rises with the student's ability and
falls with the question's difficulty), so the item statistics of a simulated class behave like a
real one's: better students do better on most questions. Answers are built from the question's
own key (right ones), one group of a list (partial ones), its misconceptions and other questions'
answers (wrong ones), so the grader grades every one of them for real.

Used by the class tests and by bench/class_results.py.
"""

from __future__ import annotations

import io
import math
import os
import random
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO, cast

from tutor.engine.engine import Engine
from tutor.model import Course, Question, without_marks

PARTS = ("basics", "anticoagulation", "cdt", "ivcf", "mat", "pmt", "combined")
"""The built-in course's parts: together, every question once."""
MAX_LINES = 3000
"""A session that has not ended after this many lines is stopped (/quit): a guard, never reached."""


@dataclass
class Profile:
    name: str
    ability: float
    """On the logit scale: 0 is an average student, +2 a very good one."""
    seed: int
    flag_rate: float = 0.0
    contest_rate: float = 0.0
    hint_rate: float = 0.1


def difficulty(q: Question) -> float:
    """The simulated difficulty of a question: its declared level, and a stable per-question jitter."""
    base = {"easy": -1.0, "medium": 0.0, "hard": 1.0}[q.difficulty]
    return base + (random.Random(q.gid).random() - 0.5)


class Learner(io.TextIOBase):
    """Standard input for one session: each line answers what the engine asks at that moment."""

    def __init__(self, engine: Engine, profile: Profile, course: Course, rng: random.Random) -> None:
        self.engine = engine
        self.p = profile
        self.course = course
        self.rng = rng
        self.clock = 0.0
        self.lines = 0
        self._planned: dict[int, list[str]] = {}
        """Lines still to type for the question at records index n (a hint, then the answer)."""
        self._dialogue_turns = 0
        self._contested: set[int] = set()
        self._flagged: set[str] = set()

    def isatty(self) -> bool:
        return False

    def now(self) -> float:
        return self.clock

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]  # stands in for stdin's
        self.lines += 1
        if self.lines > MAX_LINES:
            return "/quit\n"
        line = self._next()
        self.clock += self.rng.lognormvariate(math.log(25.0), 0.6)  # seconds a line takes to write
        return line + "\n"

    def _next(self) -> str:
        s = self.engine.state
        if s.phase == "question":
            q = self.engine.question
            n = len(s.records)
            if q.gid not in self._flagged and self.rng.random() < self.p.flag_rate:
                self._flagged.add(q.gid)
                return self.rng.choice(FLAG_COMMENTS)
            if n not in self._planned:
                self._planned[n] = self._plan(q)
                self._dialogue_turns = 0
            plan = self._planned[n]
            return plan.pop(0) if plan else "skip"
        if s.phase in ("confirm", "decision_confirm"):
            return "yes"
        if s.phase == "confidence":
            return ""
        if s.phase == "dialogue":
            n = len(s.records) - 1
            rec = s.records[-1]
            if rec.verdict != "correct" and n not in self._contested and self.rng.random() < self.p.contest_rate:
                self._contested.add(n)
                return "I was right"
            self._dialogue_turns += 1
            if self._dialogue_turns == 1 and self.rng.random() < 0.5:
                q = self.engine.question
                return self._answer(q, "right")  # the ladder helps: they get there
            return "skip"
        if s.phase == "decision":
            d = self.engine.step.decision
            assert d is not None
            best = d.recommended
            others = [c for c in d.choices if c is not best]
            if best is not None and (not others or self.rng.random() < _chance(self.p.ability, 0.0)):
                return best.letter
            return self.rng.choice(others).letter
        return "/quit"

    def _plan(self, q: Question) -> list[str]:
        chance = _chance(self.p.ability, difficulty(q))
        roll = self.rng.random()
        hint = ["hint"] if (self.rng.random() < self.p.hint_rate and q.hints) else []
        if roll < chance:
            quality = "right"
        elif roll < chance + (1 - chance) * 0.3 and q.kind == "list":
            quality = "partial"
        elif roll > 0.97:
            return ["skip"]
        else:
            quality = "wrong"
        return [*hint, self._answer(q, quality)]

    def _answer(self, q: Question, quality: str) -> str:
        rng = self.rng
        if q.kind == "choice":
            right = [o for o in q.options if o.correct]
            wrong = [o for o in q.options if not o.correct]
            if quality == "right" or not wrong:
                return right[0].letter
            # the first distractor is the attractive one
            weights = [3.0] + [1.0] * (len(wrong) - 1)
            return rng.choices(wrong, weights=weights)[0].letter
        if q.kind == "numeric" and q.numeric is not None:
            if quality == "right":
                return q.numeric.label
            return re.sub(r"\d+(?:\.\d+)?", lambda m: _wrong_number(float(m.group()), rng), q.numeric.label)
        groups = [e for e in q.expectations if e.accept]
        if quality == "right" and groups:
            picked = rng.sample(groups, min(len(groups), max(q.need, 1)))
            return ", ".join(without_marks(rng.choice(e.accept)) for e in picked)
        if quality == "partial" and groups:
            return without_marks(rng.choice(groups[0].accept))
        if q.misconceptions and rng.random() < 0.6:
            return without_marks(rng.choice(q.misconceptions[0].match))
        other = rng.choice([x for x in self.course.questions() if x.gid != q.gid and x.kind in ("short", "list")])
        return without_marks(other.expectations[0].accept[0])


FLAG_COMMENTS = (
    "/flag the wording of this question is unclear",
    "/flag I think the review gives a different figure",
    "/flag typo in the question",
)


def _chance(ability: float, difficulty: float) -> float:
    return 1.0 / (1.0 + math.exp(-(1.3 * (ability - difficulty))))


def _wrong_number(value: float, rng: random.Random) -> str:
    factor = rng.choice((3.0, 0.2, 10.0))
    x = value * factor + 7
    return f"{x:.0f}"


@contextmanager
def data_dir(path: Path) -> Iterator[None]:
    """TUTOR_DATA_DIR pointed at `path` for the block (each student has their own)."""
    old = os.environ.get("TUTOR_DATA_DIR")
    os.environ["TUTOR_DATA_DIR"] = str(path)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TUTOR_DATA_DIR", None)
        else:
            os.environ["TUTOR_DATA_DIR"] = old


def take_quiz(course: Course, grader: Any, quiz_id: str, profile: Profile, rng: random.Random,
              *, mode: str | None = None) -> str:
    """One session of plain mode over the quiz, in the current data folder; the transcript."""
    from tutor import plain
    from tutor.course.result import LoadResult
    from tutor.session import Session, Tutoring
    from tutor.store import open_store

    store = open_store()
    out = io.StringIO()
    session = None
    try:
        service = Tutoring(LoadResult(course), grader, store)
        engine = Engine.for_quiz(course, grader, course.quizzes[quiz_id], mode=mode, rng=rng)
        session = Session(service, engine)
        learner = Learner(engine, profile, course, rng)
        # the loop `tutor plain` runs; typeshed does not count an io.TextIOBase subclass as a typing.TextIO
        plain._chat(session, cast(TextIO, learner), out, learner.now)
    finally:
        if session is not None:
            plain._end(session, out)
        store.close()
    return out.getvalue()


def export(target: Path, name: str = "") -> None:
    """`tutor progress export -o TARGET [--name NAME]` over the current data folder."""
    from tutor.cli import main

    code = main(["progress", "export", "-o", str(target), *(["--name", name] if name else [])])
    assert code == 0, f"tutor progress export failed for {target}"


def simulate_student(course: Course, grader: Any, profile: Profile, folder: Path, target: Path,
                     quizzes: Sequence[str] = PARTS, *, fmt: str = "json") -> Path:
    """A student (their own data folder under `folder`) takes `quizzes`; their export at `target`."""
    rng = random.Random(profile.seed)
    home = folder / f"data-{profile.name}"
    with data_dir(home):
        for quiz in quizzes:
            take_quiz(course, grader, quiz, profile, rng)
        if fmt == "json":
            export(target)
        else:
            from tutor.cli import main

            assert main(["progress", "export", "--format", fmt, "-o", str(target)]) == 0
    return target


def profiles(n: int, seed: int = 1) -> list[Profile]:
    """`n` students with abilities spread like a class's (normal), a few who flag or contest."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(Profile(
            name=f"student-{i + 1:03d}", ability=rng.gauss(0.3, 1.0), seed=seed * 100_000 + i,
            flag_rate=0.02 if i % 7 == 0 else 0.0, contest_rate=0.15 if i % 5 == 0 else 0.0,
            hint_rate=0.15,
        ))
    return out


_MADE: dict[tuple[int, tuple[str, ...], int], Path] = {}


def simulated_class(n: int = 6, quizzes: Sequence[str] = ("anticoagulation", "cdt"), seed: int = 7) -> Path:
    """A folder holding `n` students' exports (`student-001.json`, ...), made once per test run and
    shared by the test modules that ask for the same class (their data folders are kept apart, in
    `stores/`)."""
    key = (n, tuple(quizzes), seed)
    if key not in _MADE:
        import atexit
        import shutil
        import tempfile

        from tutor.course.loader import load
        from tutor.course.resources import builtin_sources
        from tutor.grading import Grader

        root = Path(tempfile.mkdtemp(prefix="tutor-class-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        course = load(builtin_sources()).course
        grader = Grader(course)
        (root / "exports").mkdir()
        for p in profiles(n, seed):
            simulate_student(course, grader, p, root / "stores", root / "exports" / f"{p.name}.json", quizzes)
        _MADE[key] = root / "exports"
    return _MADE[key]
