"""Which cases and questions a quiz asks, in order."""

from __future__ import annotations

from .model import Case, Course, Quiz


def quiz_case_ids(course: Course, quiz: Quiz) -> list[str]:
    """The ids of the cases a quiz draws on, in the order they were written, each once, chosen
    by id and tags alone: no case is built (from the cache) to choose it."""
    sel = quiz.select
    wanted_cases = set(sel.cases)
    wanted_tags = set(sel.tags)
    wanted_from_questions = {gid.partition("/")[0] for gid in sel.questions}
    return [
        case_id
        for case_id in course.cases
        if case_id not in course.rejected
        and (case_id in wanted_cases
        or case_id in wanted_from_questions
        or wanted_tags.intersection(course.case_tags(case_id)))
    ]


def quiz_cases(course: Course, quiz: Quiz) -> list[Case]:
    """The cases a quiz draws on (see `quiz_case_ids`), built."""
    return [course.cases[case_id] for case_id in quiz_case_ids(course, quiz)]


def quiz_question_ids(course: Course, quiz: Quiz) -> list[str]:
    """Global ids of the questions a quiz asks when it is taken question by question."""
    sel = quiz.select
    if sel.questions and not (sel.cases or sel.tags):
        ids = [gid for gid in sel.questions if _startable(course, gid)]
    else:
        ids = [gid for case_id in quiz_case_ids(course, quiz) for gid in course.case_question_ids(case_id)]
        ids += [gid for gid in sel.questions if gid not in ids and _startable(course, gid)]
    if quiz.max_questions:
        ids = ids[: quiz.max_questions]
    return ids


def _startable(course: Course, gid: str) -> bool:
    """The question exists, in a case without errors (known without building the case)."""
    case_id = gid.partition("/")[0]
    return case_id in course.cases and case_id not in course.rejected and gid in course.case_question_ids(case_id)
