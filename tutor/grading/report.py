"""`tutor grade QUESTION_ID "answer"`: how instructors try their answer banks."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from rapidfuzz import process

from ..course.result import LoadResult
from ..kinds import kind_of
from ..model import Question
from ..safe_text import json_text, one_line, visible
from .grader import Grade, Grader


def grade_command(result: LoadResult, qid: str, answer: str, as_json: bool, out: TextIO | None = None) -> int:
    """Grade `answer` to question `qid` and print the verdict; exit 2 for an unknown question."""
    stream = out or sys.stdout
    course = result.course
    question = _find(course.questions(), qid)
    if question is None:
        ids = [q.gid for q in course.questions()]
        close = [m[0] for m in process.extract(qid, ids, limit=5, score_cutoff=50)]
        msg = f"no question {qid!r}"
        if "/" not in qid:
            msg += " (question ids are written case-id/question-id)"
        if as_json:
            print(json_text(json.dumps({"error": msg, "close": close}, ensure_ascii=False)), file=stream)
        else:
            print(one_line(f"tutor grade: {msg}"), file=sys.stderr)
            if close:
                print(one_line("did you mean: " + ", ".join(close)), file=sys.stderr)
            elif not ids:
                print("the course has no questions", file=sys.stderr)
        return 2
    grade = Grader(course).grade(question, answer)
    if as_json:
        print(json_text(json.dumps(verdict_object(question, answer, grade), indent=2, ensure_ascii=False)),
              file=stream)
    else:
        # The answer and the course's words are echoed: neither may drive the terminal.
        print(visible(render(question, answer, grade)), file=stream)
    return 0


def verdict_object(question: Question, answer: str, grade: Grade) -> dict[str, object]:
    """What `tutor grade --json` writes for one answer."""
    return {"question": question.gid, "kind": question.kind, "answer": answer, **grade.as_dict()}


MAX_LINE = 1 << 20
"""A batch line longer than this is refused (an answer is at most a few thousand characters)."""


def grade_batch(result: LoadResult, lines: TextIO, out: TextIO) -> int:
    """Grade JSON lines `{"question": ..., "answer": ...}` in one process, a verdict object per
    line in the same order; a line that cannot be graded gets `{"line": n, "error": ...}`.
    Exit 0 when every line was graded, 1 when some were not."""
    course = result.course
    by_id = {q.gid: q for q in course.questions()}
    grader = Grader(course)
    failed = 0
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = _batch_item(line, by_id)
        if isinstance(data, str):
            failed += 1
            print(json_text(json.dumps({"line": n, "error": data}, ensure_ascii=False)), file=out)
            continue
        question, answer = data
        print(json_text(json.dumps(verdict_object(question, answer, grader.grade(question, answer)),
                                   ensure_ascii=False)), file=out)
    return 1 if failed else 0


def _batch_item(line: str, by_id: dict[str, Question]) -> tuple[Question, str] | str:
    """The question and answer a batch line names, or why it cannot be graded."""
    if len(line) > MAX_LINE:
        return f"the line is longer than {MAX_LINE} characters"
    try:
        item = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as e:
        return f"not a JSON object: {getattr(e, 'msg', 'nested too deeply')}"
    if not isinstance(item, dict) or not isinstance(item.get("question"), str) \
            or not isinstance(item.get("answer"), str):
        return 'each line is a JSON object {"question": "case-id/question-id", "answer": "..."}'
    question = by_id.get(item["question"]) or _find(list(by_id.values()), item["question"])
    if question is None:
        return f"no question {item['question']!r}"
    return question, item["answer"]


def _find(questions: list[Question], qid: str) -> Question | None:
    for q in questions:
        if q.gid == qid:
            return q
    if "/" not in qid:
        only = [q for q in questions if q.id == qid]
        if len(only) == 1:
            return only[0]
    return None


def render(question: Question, answer: str, g: Grade) -> str:
    """The grade as plain text for a terminal (never parsed as markup)."""
    lines = [f"question: {question.gid} ({question.kind})", f"answer:   {one_line(answer)}",
             f"verdict:  {g.verdict} (credit {g.credit:g})"]
    if g.reason:
        lines.append(f"reason:   {g.reason}")
    for m in g.matched:
        typo = f", {m.edits} edit{'s' if m.edits != 1 else ''}" if m.edits else ""
        lines.append(f"matched:  {m.expectation_id}: {m.accepted!r} at {m.span[0]}-{m.span[1]} (via {m.via}{typo})")
    if g.missing and kind_of(question).by_parts:
        labels = {e.id: e.label for e in question.expectations}
        lines.append("missing:  " + ", ".join(f"{i} ({labels.get(i, i)})" for i in g.missing))
    for u in g.unrecognised:
        lines.append(f"not recognised: {u!r}")
    for n in g.negated:
        lines.append(f"negated:  {n!r}")
    if g.option is not None:
        lines.append(f"option:   {g.option.letter}. {g.option.text}" + (" (correct)" if g.option.correct else ""))
        if g.option.feedback:
            lines.append(f"feedback: {g.option.feedback}")
    for mc in g.misconceptions:
        lines.append(f"misconception: {mc.id}: {mc.feedback}")
    if g.partial_answer is not None and g.partial_answer.feedback:
        lines.append(f"feedback: {g.partial_answer.feedback}")
    if g.suggestion:
        lines.append(f"did you mean: {g.suggestion}?")
    return "\n".join(lines)
