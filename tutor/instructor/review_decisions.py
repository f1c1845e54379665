"""Review decisions: their file format, what each one changes in the answer bank, and applying them.

A decision is about one cluster of answers to one question:

- `accept`: `answer` becomes an accepted answer of the question's expectation (for a list
  question, of the group named by `expectation`; for a choice question, of its right option);
- `partial`: `answer` earns `credit` (between 0 and 1), with optional `feedback`;
- `misconception`: `answer` is a misconception (`id`, made from the answer when absent) with `feedback`;
- `wrong`: the grader was right; nothing in the bank changes.

In every case the cluster's answers (`examples`, default: `answer`) are added to the question's
`examples` as the decision says they must be graded, so the bank's self-test keeps them:
accepted ones under `accept`, partial ones under `partial`, the rest under `reject`. For a list
question, where one accepted item does not make a whole answer right, each example goes where
the changed question grades it.

Decisions about an instructor's own question are written into their file at that question; about
a built-in question, into an `amend:` entry of an instructor's file (the built-in course is never
edited). Each file is rewritten atomically with its previous version kept beside it, then the
course is loaded and its bank checked again; a file that validates loses that copy.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..course.amend import Amendment, amend_question
from ..model import NOWHERE, Example, Misconception, PartialAnswer, Question

if TYPE_CHECKING:
    from ..course.problems import Problem
    from ..course.result import LoadResult
    from ..grading.grader import Grader
    from ..model import Course
    from .review_queue import ReviewAnswer
    from .yaml_write_back import Addition, PathPart

ACTIONS = ("accept", "partial", "misconception", "wrong")
FORMAT = "tutor-review-decisions"
VERSION = 1
AMEND_HEADER = ("# Review decisions about questions of the built-in course, written by `tutor review`.\n"
                "# Use them with: tutor --content FOLDER (the folder holding this file).\n"
                "format: 1\n")


class DecisionError(ValueError):
    """A decisions file, or one decision in it, that cannot be used: the message says where and why."""


@dataclass
class ReviewDecision:
    """An instructor's decision about one cluster of answers to one question."""

    question: str
    """The question's global id, case-id/question-id."""
    action: str
    """accept, partial, misconception or wrong."""
    answer: str = ""
    """The phrasing written into the bank (the cluster's leader, or what the instructor typed)."""
    examples: tuple[str, ...] = ()
    """The cluster's answers that go into the question's examples (default: the answer)."""
    expectation: str = ""
    """accept: the group (list questions) or expectation that gains the answer."""
    credit: float = 0.0
    """partial: the credit, between 0 and 1."""
    feedback: str = ""
    """partial (optional), misconception (required): what the learner is told."""
    misconception_id: str = ""
    """misconception: its id (made from the answer when empty)."""
    cluster: str = ""
    """The cluster it came from (for the record)."""

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"question": self.question, "action": self.action}
        if self.cluster:
            d["cluster"] = self.cluster
        if self.answer:
            d["answer"] = self.answer
        if self.examples:
            d["examples"] = list(self.examples)
        if self.expectation:
            d["expectation"] = self.expectation
        if self.action == "partial":
            d["credit"] = self.credit
        if self.feedback:
            d["feedback"] = self.feedback
        if self.misconception_id:
            d["id"] = self.misconception_id
        return d

    @property
    def example_texts(self) -> tuple[str, ...]:
        return self.examples or ((self.answer,) if self.answer else ())


def decisions_document(decisions: Iterable[ReviewDecision]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "decisions": [d.as_dict() for d in decisions]}


_FIELDS = {"question", "action", "cluster", "answer", "examples", "expectation", "credit", "feedback", "id"}


def read_decisions(text: str, shown: str) -> list[ReviewDecision]:
    """Decisions from a JSON file (`{"decisions": [...]}` or a bare list); DecisionError names the
    decision and field that is wrong."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise DecisionError(f"{shown}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from None
    items = doc.get("decisions") if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and doc.get("format") not in (None, FORMAT):
        raise DecisionError(f"{shown}: this is not a decisions file (its format is {doc.get('format')!r}); "
                            f"`tutor review --json` writes clusters, and decisions say what to do with them")
    if not isinstance(items, list):
        raise DecisionError(f"{shown}: expected a list of decisions under \"decisions\"")
    return [_decision(item, f"{shown}: decision {i + 1}") for i, item in enumerate(items)]


def _decision(item: Any, where: str) -> ReviewDecision:
    if not isinstance(item, dict):
        raise DecisionError(f"{where}: expected an object with \"question\" and \"action\"")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise DecisionError(f"{where}: unknown field {unknown[0]!r}; the fields are: {', '.join(sorted(_FIELDS))}")

    def text(name: str, required: bool = False) -> str:
        value = item.get(name, "")
        if not isinstance(value, str):
            raise DecisionError(f"{where}: {name!r} must be a text")
        if required and not value.strip():
            raise DecisionError(f"{where}: {name!r} is required here")
        return value.strip()

    question, action = text("question", True), text("action", True)
    if action not in ACTIONS:
        raise DecisionError(f"{where}: action {action!r} is not one of {', '.join(ACTIONS)}")
    examples = item.get("examples", [])
    if not (isinstance(examples, list) and all(isinstance(x, str) and x.strip() for x in examples)):
        raise DecisionError(f"{where}: 'examples' must be a list of answers (texts)")
    credit = item.get("credit", 0.0)
    if action == "partial" and (isinstance(credit, bool) or not isinstance(credit, int | float)
                                or not 0 < credit < 1):
        raise DecisionError(f"{where}: a partial decision needs 'credit', a number between 0 and 1 (as 0.5)")
    d = ReviewDecision(
        question=question, action=action, answer=text("answer", action in ("accept", "partial", "misconception")),
        examples=tuple(x.strip() for x in examples), expectation=text("expectation"),
        credit=float(credit) if action == "partial" else 0.0,
        feedback=text("feedback", action == "misconception"), misconception_id=text("id"), cluster=text("cluster"),
    )
    if not d.example_texts:
        raise DecisionError(f"{where}: give 'examples', the answers the grader must keep judging this way")
    return d


# -- what a decision changes -------------------------------------------------------------------------------


@dataclass
class Planned:
    """One decision checked against its question: what goes into the bank, and where examples go."""

    decision: ReviewDecision
    question: Question
    amendment: Amendment
    """The bank part (accept, partial, misconception) as an amendment of the question."""
    examples: list[tuple[str, str]] = field(default_factory=list)
    """(answer, accept | partial | reject)."""


def plan(course: Course, grader: Grader, decisions: Sequence[ReviewDecision]) -> list[Planned]:
    """Check each decision against its question (DecisionError if one does not fit) and work out
    the examples each adds."""
    out: list[Planned] = []
    taken: dict[str, set[str]] = {}
    for n, d in enumerate(decisions, start=1):
        where = f"decision {n} ({d.question})"
        q = course.question(d.question)
        if q is None:
            raise DecisionError(f"{where}: no such question in the course")
        a = Amendment(q.gid, NOWHERE)
        if d.action == "accept":
            if q.kind == "numeric":
                raise DecisionError(f"{where}: a numeric question's key is its value or range; change it in the "
                                    "question's file, or make this answer partial")
            if q.kind == "list":
                groups = [e.id for e in q.expectations]
                if d.expectation not in groups:
                    raise DecisionError(f"{where}: say which group accepts it: 'expectation' is one of "
                                        f"{', '.join(groups)}")
                a.groups.append((d.expectation, (d.answer,), NOWHERE))
            else:
                if d.expectation and q.kind == "short" and d.expectation != q.expectations[0].id:
                    raise DecisionError(f"{where}: the question's expectation is {q.expectations[0].id!r}")
                a.accept = (d.answer,)
        elif d.action == "partial":
            a.partial = (PartialAnswer((d.answer,), d.credit, d.feedback),)
        elif d.action == "misconception":
            ids = taken.setdefault(q.gid, {m.id for m in q.misconceptions})
            mid = d.misconception_id or _new_id(d.answer, ids)
            if mid in ids and d.misconception_id:
                raise DecisionError(f"{where}: the question already has a misconception {mid!r}")
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", mid):
                raise DecisionError(f"{where}: id {mid!r}: use lower-case letters, digits and '-'")
            ids.add(mid)
            d.misconception_id = mid
            a.misconceptions = (Misconception(mid, (d.answer,), d.feedback),)
        p = Planned(d, q, a)
        if q.kind == "list" and d.action == "accept":
            changed = what_if(q, [p])
            for text in d.example_texts:
                verdict = grader.grade(changed, text).verdict
                p.examples.append((text, {"correct": "accept", "partial": "partial"}.get(verdict, "reject")))
        else:
            expect = {"accept": "accept", "partial": "partial"}.get(d.action, "reject")
            p.examples = [(text, expect) for text in d.example_texts]
        known = {(ex.text, ex.expect) for ex in q.examples}
        p.examples = [e for e in p.examples if e not in known]
        out.append(p)
    return out


def _new_id(answer: str, taken: set[str]) -> str:
    base = "-".join(re.findall(r"[a-z0-9]+", answer.lower()))[:40].strip("-") or "from-review"
    mid, n = base, 2
    while mid in taken:
        mid, n = f"{base}-{n}", n + 1
    return mid


def what_if(q: Question, planned: Sequence[Planned]) -> Question:
    """A copy of `q` with the planned changes, for regrading before anything is written."""
    changed = copy.copy(q)
    for p in planned:
        amend_question(changed, p.amendment)
    # each planned example is accept, partial or reject: made so where it is planned
    changed.examples = q.examples + tuple(Example(t, e) for p in planned for t, e in p.examples)  # type: ignore[arg-type]  # see above
    return changed


# -- where it is written -------------------------------------------------------------------------------------


def question_path(q: Question) -> tuple[PathPart, ...]:
    return ("cases", ("id", q.case_id), "steps", ("id", q.step_id), "questions", ("id", q.id))


def additions(p: Planned, *, amend: bool) -> list[Addition]:
    """The YAML additions for one planned decision, at the question itself or at its `amend:` entry."""
    from .yaml_write_back import Addition

    q, d = p.question, p.decision
    base: tuple[PathPart, ...] = ("amend", ("question", q.gid)) if amend else question_path(q)
    out: list[Addition] = []
    if d.action == "accept":
        if q.kind == "list":
            out.append(Addition(base + ("groups", ("id", d.expectation), "accept"), d.answer))
        elif amend:
            out.append(Addition(base + ("accept",), d.answer))
        elif q.kind == "short":
            out.append(Addition(base + ("answer", "accept"), d.answer))
        else:
            index = next(i for i, o in enumerate(q.options) if o.correct)
            out.append(Addition(base + ("options", index, "accept"), d.answer))
    elif d.action == "partial":
        item: dict[str, Any] = {"accept": [d.answer], "credit": d.credit}
        if d.feedback:
            item["feedback"] = d.feedback
        out.append(Addition(base + ("partial",), item))
    elif d.action == "misconception":
        out.append(Addition(base + ("misconceptions",), {"id": d.misconception_id, "match": [d.answer],
                                                         "feedback": d.feedback}))
    for text, expect in p.examples:
        out.append(Addition(base + ("examples", expect), text))
    return out


def own_file(q: Question, folders: Sequence[str]) -> Path | None:
    """The instructor's file that defines `q`, or None for a built-in question (never edited)."""
    from ..course.resources import builtin_root

    root = builtin_root().resolve()
    shipped = [root / "content", root / "quizzes"]
    for f in folders:
        label = f.rstrip("/")
        if q.loc.path == label or q.loc.path.startswith(label + "/"):
            path = Path(q.loc.path)
            real = path.resolve()
            if any(real.is_relative_to(s) for s in shipped):
                return None
            return path
    return None


def default_amend_file(folders: Sequence[str]) -> Path:
    """Where decisions about built-in questions go unless `--amend FILE` says: the first
    `--content` folder, else a folder `review-amendments` here (to pass with `--content`)."""
    return Path(folders[0]) / "review-amendments.yaml" if folders else Path("review-amendments") / "built-in.yaml"


# -- applying -----------------------------------------------------------------------------------------------


@dataclass
class Effect:
    """How today's stored answers would be graded before and after."""

    before: Counter[str] = field(default_factory=Counter)
    after: Counter[str] = field(default_factory=Counter)
    changed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"before": dict(self.before), "after": dict(self.after), "regraded": self.changed}


@dataclass
class ApplyReport:
    files: dict[str, list[str]] = field(default_factory=dict)
    """Each file written, with the problems validation found in it (empty: it validated)."""
    decisions: list[tuple[ReviewDecision, Effect]] = field(default_factory=list)
    questions: dict[str, Effect] = field(default_factory=dict)
    backups: list[str] = field(default_factory=list)
    """Previous versions kept because their file did not validate."""
    loaded: LoadResult | None = None
    """The course as it reads after the decisions were written."""

    @property
    def ok(self) -> bool:
        return not any(self.files.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files": [{"path": p, "problems": probs} for p, probs in self.files.items()],
            "decisions": [{**d.as_dict(), "effect": e.as_dict()} for d, e in self.decisions],
            "questions": {gid: e.as_dict() for gid, e in self.questions.items()},
            "backups": self.backups,
        }

    def lines(self) -> list[str]:
        out = []
        for d, e in self.decisions:
            what = f"{d.action} {d.answer!r}" if d.answer else d.action
            if d.action == "accept" and d.expectation:
                what += f" into {d.expectation}"
            out.append(f"{d.question}: {what}: {_effect_text(e)}")
        for gid, e in self.questions.items():
            out.append(f"{gid}: all {sum(e.before.values())} stored answers: {_effect_text(e)}")
        for path, problems in self.files.items():
            if problems:
                out.extend(problems)
                out.append(f"{path}: written, but it does not validate: fix the problems above "
                           f"(the previous version is kept as {path}.before-review)")
            else:
                out.append(f"{path}: written and validated")
        return out


def _effect_text(e: Effect) -> str:
    def counts(c: Counter[str]) -> str:
        return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "none"

    return f"{e.changed} regraded (before: {counts(e.before)}; after: {counts(e.after)})"


def effect(grader_before: Grader, q_before: Question, grader_after: Grader, q_after: Question,
           answers: Iterable[str]) -> Effect:
    e = Effect()
    cache: dict[str, tuple[str, str]] = {}
    for text in answers:
        if text not in cache:
            cache[text] = (grader_before.grade(q_before, text).verdict, grader_after.grade(q_after, text).verdict)
        b, a = cache[text]
        e.before[b] += 1
        e.after[a] += 1
        e.changed += b != a
    return e


def apply_decisions(
    result: LoadResult, decisions: Sequence[ReviewDecision], folders: Sequence[str], amend_file: Path,
    stored: Sequence[ReviewAnswer], reload: Any,
) -> ApplyReport:
    """Write the decisions, validate what was written and report the effect on `stored` answers.

    `reload(extra_paths)` loads the course again from disk (with the amend file when it lies
    outside the `--content` folders)."""
    from ..grading.grader import Grader
    from .yaml_write_back import WriteBackError, add_items, discard_backup, write_atomically

    course = result.course
    grader = Grader(course)
    planned = plan(course, grader, decisions)
    by_file: dict[Path, list[Addition]] = {}
    for p in planned:
        path = own_file(p.question, folders)
        by_file.setdefault(path or amend_file, []).extend(additions(p, amend=path is None))
    texts: dict[Path, str] = {}
    for path, adds in by_file.items():
        before = path.read_text(encoding="utf-8") if path.exists() else AMEND_HEADER
        try:
            texts[path] = add_items(before, adds)
        except WriteBackError as e:
            raise DecisionError(f"{path}: {e}") from None
    for path, text in texts.items():  # every edit is worked out before the first file is written
        if path.exists():
            write_atomically(path, text)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            _write_new(path, text)
    inside = any(amend_file.resolve().is_relative_to(Path(f).resolve()) for f in folders)
    after = reload([] if inside or amend_file not in texts else [str(amend_file)])
    grader_after = Grader(after.course)
    report = ApplyReport(loaded=after)
    report.files = _problems_by_file(after, grader_after, list(texts), {p.question.gid for p in planned},
                                     amend_file if amend_file in texts else None)
    for shown, problems in report.files.items():
        if not problems:
            discard_backup(Path(shown))
        elif Path(shown + ".before-review").exists():
            report.backups.append(shown + ".before-review")
    by_gid: dict[str, list[str]] = {}
    for a in stored:
        by_gid.setdefault(a.gid, []).append(a.answer)
    for p in planned:
        answers = by_gid.get(p.question.gid, [])
        report.decisions.append((p.decision, effect(grader, p.question, grader, what_if(p.question, [p]), answers)))
    for gid in dict.fromkeys(p.question.gid for p in planned):
        q_after = after.course.question(gid)
        q_before = course.question(gid)
        if q_after is not None and q_before is not None:
            report.questions[gid] = effect(grader, q_before, grader_after, q_after, by_gid.get(gid, []))
    return report


def _write_new(path: Path, text: str) -> None:
    import os
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # an ordinary new file, not mkstemp's private one
    os.replace(tmp, path)


def _problems_by_file(result: LoadResult, grader: Grader, paths: list[Path], gids: set[str],
                      amend_file: Path | None) -> dict[str, list[str]]:
    """Each written file's validation errors: the loader's, and the bank check's for the decided questions."""
    from ..grading.bank_cache import load_cache, save_cache
    from ..grading.bank_check import check_examples
    from ..model import Course

    touched = {p.resolve(): str(p) for p in paths}
    problems: list[Problem] = [p for p in result.problems if p.severity == "error"]
    cases = {gid.partition("/")[0] for gid in gids}
    view = Course(cases={cid: c for cid, c in result.course.cases.items() if cid in cases})
    cache = load_cache()
    problems += [p for p in check_examples(view, grader, cache) if p.severity == "error"]
    save_cache(cache)
    out: dict[str, list[str]] = {shown: [] for shown in touched.values()}
    found = (result.course.question(g) for g in gids)
    decided = {q.loc.path for q in found if q is not None}
    for p in problems:
        shown = touched.get(Path(p.loc.path).resolve())
        if shown is None and p.loc.path in decided and amend_file is not None:
            shown = str(amend_file)  # at a built-in question's own line: its amendment made it fail
        if shown is not None:
            out[shown].append(str(p))
    return out
