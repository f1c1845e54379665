"""The summary at the end of a session: the score from first answers, by topic and theme, the
questions to review, and the path the learner's decisions took."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import replies as r
from .progress import initial_total, planned_total
from .state import Choice

if TYPE_CHECKING:
    from .context import Context


def build(e: Context, *, final: bool) -> r.Summary:
    """`final`: the session has ended; questions never reached count only if it ended early."""
    s = e.state
    cut_short = s.timed_out or s.finished_early or not final
    total = max(planned_total(e) if cut_short else len(s.records), len(s.records))
    credit = sum(rec.credit for rec in s.records)
    score = 100.0 * credit / total if total else 0.0
    by_topic: dict[str, list[float]] = {}
    by_theme: dict[str, list[float]] = {}
    missed: list[r.Missed] = []
    course = e.course
    for rec in s.records:
        q = course.question(rec.gid)
        if q is None:
            continue
        case = course.cases[q.case_id]
        by_topic.setdefault(course.topic(case), []).append(rec.credit)
        for tag in (*case.tags, *q.tags):
            t = course.tags.get(tag)
            if t is not None and t.kind == "theme":
                by_theme.setdefault(tag, []).append(rec.credit)
        if rec.verdict != "correct":
            missed.append(r.Missed(
                q.gid, q.prompt, "skipped" if rec.skipped else rec.verdict, rec.credit, q.answer_label,
                q.explanation, e.cites(q.cite, q.explanation),
            ))

    def scores(groups: dict[str, list[float]]) -> tuple[r.TopicScore, ...]:
        return tuple(
            r.TopicScore(k, course.tags[k].label if k in course.tags else k, sum(v), len(v))
            for k, v in groups.items()
        )

    skipped = sum(1 for rec in s.records if rec.skipped)
    return r.Summary(
        quiz_id=s.quiz_id, title=s.title, mode=s.mode, score=round(score, 1),
        passed=score >= s.pass_mark, pass_mark=s.pass_mark, answered=len(s.records) - skipped, total=total,
        skipped=skipped, planned=initial_total(e),
        by_topic=scores(by_topic), by_theme=scores(by_theme), missed=tuple(missed),
        path=tuple(_path_step(e, c) for c in s.choices), timed_out=s.timed_out, finished_early=s.finished_early,
    )


def _path_step(e: Context, c: Choice) -> r.PathStep:
    case = e.course.cases.get(c.case_id)
    step = case.step(c.step_id) if case else None
    texts = {ch.id: ch.text for ch in step.decision.choices} if step and step.decision else {}
    return r.PathStep(
        c.case_id, c.step_id, c.choice_id, c.recommended_id, c.choice_id == c.recommended_id,
        texts.get(c.choice_id, c.choice_id), texts.get(c.recommended_id, c.recommended_id),
    )
