"""The interchange format: the whole course as JSON, with citations resolved, in every language
it is written in."""

from __future__ import annotations

from typing import Any

from . import __version__
from .course.citations import inline_keys
from .kinds import kind_of
from .model import Course, Question, Reference


def _ref(ref: Reference) -> dict[str, Any]:
    return {
        "key": ref.key, "number": ref.number, "label": ref.label, "authors": ref.authors,
        "year": ref.year, "title": ref.title, "journal": ref.journal, "details": ref.details,
        "doi": ref.doi, "url": ref.url, "beyond_review": ref.beyond_review,
    }


def _question(course: Course, q: Question) -> dict[str, Any]:
    keys = list(dict.fromkeys([*q.cite, *inline_keys(q.explanation)]))
    out: dict[str, Any] = {
        "id": q.gid, "kind": q.kind, "step": q.step_id, "prompt": q.prompt,
        "difficulty": q.difficulty, "tags": list(q.tags), "answer": q.answer_label,
        "explanation": q.explanation, "hints": list(q.hints),
        "citations": keys,
        "references": [_ref(course.references[k]) for k in keys if k in course.references],
        "content_hash": q.graded_hash,
    }
    out.update(kind_of(q).export(q))
    out["partial"] = [{"accept": list(p.accept), "credit": p.credit, "feedback": p.feedback} for p in q.partial]
    out["misconceptions"] = [{"id": m.id, "match": list(m.match), "feedback": m.feedback, "citations": list(m.cite)}
                             for m in q.misconceptions]
    out["notes"] = [{"kind": n.kind, "text": n.text, "citations": list(n.cite)} for n in q.notes]
    return out


FORMAT = 2
"""2: a text the course gives in several languages is `{"en": ..., "zh": ...}`, others a string."""


def export_languages(courses: dict[str, Course]) -> dict[str, Any]:
    """The course read once per language (the same files), as one document: where a text differs
    between the readings it is given as a mapping of language to text."""
    docs = [(lang, export_json(course)) for lang, course in courses.items()]
    merged = _merge(docs)
    merged["languages"] = [lang for lang, _ in docs]
    return merged  # type: ignore[no-any-return]  # a dict in, a dict out


def _merge(docs: list[tuple[str, Any]]) -> Any:
    first = docs[0][1]
    if isinstance(first, dict):
        return {k: _merge([(lang, d[k]) for lang, d in docs]) for k in first}
    if isinstance(first, list) and all(isinstance(d, list) and len(d) == len(first) for _, d in docs):
        return [_merge([(lang, d[i]) for lang, d in docs]) for i in range(len(first))]
    if isinstance(first, str) and any(d != first for _, d in docs):
        return {lang: d for lang, d in docs}
    return first


def export_json(course: Course) -> dict[str, Any]:
    """The course as read in one language."""
    info = course.info
    return {
        "tutor_version": __version__,
        "format": FORMAT,
        "course": {"title": info.title, "source": info.source, "updated": info.updated} if info else None,
        "references": [_ref(r) for r in course.references.values()],
        "glossary": [{"id": t.id, "term": t.term, "zh": t.zh, "aliases": list(t.aliases),
                      "definition": t.definition, "citations": list(t.cite)} for t in course.glossary.values()],
        "tags": [{"id": t.id, "kind": t.kind, "label": t.label} for t in course.tags.values()],
        "cases": [
            {
                "id": c.id, "title": c.title, "summary": c.summary, "tags": list(c.tags), "topic": course.topic(c),
                "steps": [
                    {
                        "id": s.id, "text": s.text, "next": c.successor(s) if not s.decision else None,
                        "returns_to": s.returns_to,
                        "decision": {
                            "prompt": s.decision.prompt,
                            "choices": [{"id": ch.id, "letter": ch.letter, "text": ch.text, "next": ch.next,
                                         "recommended": ch.recommended, "consequence": ch.consequence,
                                         "citations": list(ch.cite)} for ch in s.decision.choices],
                        } if s.decision else None,
                        "questions": [_question(course, q) for q in s.questions],
                    }
                    for s in c.steps
                ],
            }
            for c in course.cases.values()
        ],
        "quizzes": [{"id": z.id, "title": z.title, "description": z.description, "mode": z.mode,
                     "mode_locked": z.mode_locked, "time_limit": z.time_limit, "pass_mark": z.pass_mark,
                     "order": z.order, "max_questions": z.max_questions,
                     "select": {"tags": list(z.select.tags), "cases": list(z.select.cases),
                                "questions": list(z.select.questions)}} for z in course.quizzes.values()],
    }
