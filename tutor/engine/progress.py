"""How many questions a session has: answered, and ahead along the recommended path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .paths import recommended_path
from .state import Item, Phase

if TYPE_CHECKING:
    from .context import Context


def planned_total(e: Context, *, asking: bool = False) -> int:
    """How many questions the session will have: those answered, and those ahead along the
    recommended path from where the learner is now. A decision that takes another path changes it."""
    s = e.state
    if s.phase == Phase.START or not s.items:
        return initial_total(e)
    ahead = 0
    if s.item_index < len(s.items):
        item = e.item
        answered_here = (not asking and s.phase in (Phase.DIALOGUE, Phase.CONFIDENCE))
        if item.questions is not None:
            ahead += len(item.questions) - s.question_index - (1 if answered_here else 0)
        else:
            path = recommended_path(e.case, s.step_id)
            if path:
                ahead += max(0, len(path[0].questions) - s.question_index - (1 if answered_here else 0))
                ahead += sum(len(st.questions) for st in path[1:])
    ahead += sum(_item_total(e, item) for item in s.items[s.item_index + 1:])
    return len(s.records) + max(0, ahead)


def initial_total(e: Context) -> int:
    """The questions of the whole session along the recommended path, as planned at its start."""
    return max(sum(_item_total(e, item) for item in e.state.items), len(e.state.records))


def _item_total(e: Context, item: Item) -> int:
    if item.questions is not None:
        return len(item.questions)
    case = e.course.cases.get(item.case_id)
    if case is None:
        return 0
    return sum(len(st.questions) for st in recommended_path(case, item.start_step))
