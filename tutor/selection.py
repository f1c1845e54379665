"""Which cases and questions a quiz asks, in order."""

from __future__ import annotations

from .model import Case, Course, Quiz


def quiz_cases(course: Course, quiz: Quiz) -> list[Case]:
    """The cases a quiz draws on, in the order they were written, each once."""
    sel = quiz.select
    wanted_cases = set(sel.cases)
    wanted_tags = set(sel.tags)
    wanted_from_questions = {gid.partition("/")[0] for gid in sel.questions}
    # By id and tags first: a case is only built (from the cache) when the quiz takes it.
    return [
        course.cases[case_id]
        for case_id in course.cases
        if case_id not in course.rejected
        and (case_id in wanted_cases
        or case_id in wanted_from_questions
        or wanted_tags.intersection(course.case_tags(case_id)))
    ]


def quiz_question_ids(course: Course, quiz: Quiz) -> list[str]:
    """Global ids of the questions a quiz asks when it is taken question by question."""
    sel = quiz.select
    if sel.questions and not (sel.cases or sel.tags):
        ids = [gid for gid in sel.questions if _startable(course, gid)]
    else:
        ids = [q.gid for case in quiz_cases(course, quiz) for q in case.questions]
        ids += [gid for gid in sel.questions if gid not in ids and _startable(course, gid)]
    if quiz.max_questions:
        ids = ids[: quiz.max_questions]
    return ids


def _startable(course: Course, gid: str) -> bool:
    """The question exists, in a case without errors."""
    return course.question(gid) is not None and gid.partition("/")[0] not in course.rejected
