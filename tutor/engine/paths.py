"""Paths through a case and the items of a session: which steps a learner meets, in what order."""

from __future__ import annotations

from ..model import Case, Course, Step
from .state import Item


def recommended_path(case: Case, start: str | None = None) -> list[Step]:
    """The steps met when every decision takes its recommended choice."""
    out: list[Step] = []
    step = case.step(start) if start else (case.steps[0] if case.steps else None)
    seen: set[str] = set()
    while step is not None and step.id not in seen:
        seen.add(step.id)
        out.append(step)
        if step.decision is not None:
            best = step.decision.recommended
            nxt = best.next if best else None
        else:
            nxt = case.successor(step)
        step = case.step(nxt) if nxt else None
    return out


def context(case: Case, step_id: str) -> list[Step]:
    """The steps a learner would have read before reaching `step_id` on the recommended path."""
    path = recommended_path(case)
    for i, st in enumerate(path):
        if st.id == step_id:
            return path[: i + 1]
    target = case.step(step_id)
    return [target] if target else []


def items_for_questions(course: Course, gids: list[str]) -> list[Item]:
    items: list[Item] = []
    for gid in gids:
        q = course.question(gid)
        if q is None or q.case_id in course.rejected:  # a case with errors is never started
            continue
        if items and items[-1].case_id == q.case_id and items[-1].questions is not None:
            items[-1].questions.append(q.id)
        else:
            items.append(Item(q.case_id, [q.id]))
    return items


def cap_items(course: Course, items: list[Item], limit: int) -> list[Item]:
    """Whole cases until the question cap is reached; the last case is cut to fit."""
    out: list[Item] = []
    left = limit
    for item in items:
        case = course.cases[item.case_id]
        n = sum(len(st.questions) for st in recommended_path(case))
        if n <= left:
            out.append(item)
            left -= n
        else:
            ids = [q.id for st in recommended_path(case) for q in st.questions][:left]
            if ids:
                out.append(Item(case.id, ids))
            left = 0
        if left <= 0:
            break
    return out
