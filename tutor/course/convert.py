"""Checked YAML data (`shape.Data`) to domain objects (`tutor.model`)."""

from __future__ import annotations

import string
from typing import Any

from .. import kinds
from ..fields import other_forms
from ..model import (
    Case,
    Choice,
    Decision,
    Example,
    Expectation,
    GlossaryTerm,
    Loc,
    Misconception,
    Mode,
    Note,
    PartialAnswer,
    Prompt,
    Question,
    Quiz,
    QuizSelect,
    Reference,
    Step,
    TagDef,
)
from .shape import Data

LETTERS = string.ascii_uppercase


class Converter:
    def __init__(self, path: str) -> None:
        self.path = path

    def loc(self, data: Data | Any, field: str | None = None) -> Loc:
        mark = data.marks.get(field, data.mark) if field else data.mark
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def reference(self, d: Data) -> Reference:
        return Reference(
            key=d["key"], authors=d["authors"], title=d["title"], journal=d.get("journal", ""),
            year=d.get("year"), details=d.get("details", ""), doi=d.get("doi"), url=d.get("url"),
            number=d.get("number"), beyond_review=d.get("beyond_review", False), loc=self.loc(d),
        )

    def glossary(self, d: Data) -> GlossaryTerm:
        return GlossaryTerm(
            id=d["id"], term=d["term"], definition=d["definition"], zh=d.get("zh", ""),
            aliases=tuple(d.get("aliases", ())), cite=tuple(d["cite"]), loc=self.loc(d),
        )

    def tags(self, d: Data) -> list[TagDef]:
        out = []
        for kind in ("modality", "phase", "theme"):
            group = d.get(kind)
            if group:
                for tag_id, label in group.items():
                    mark = group.marks[tag_id]
                    out.append(TagDef(tag_id, kind, label, Loc(self.path, mark.line + 1, mark.column + 1)))
        return out

    def note(self, d: Data) -> Note:
        return Note(kind=d["kind"], text=d["text"], cite=tuple(d.get("cite", ())), loc=self.loc(d))

    def expectation(self, d: Data, default_id: str, accept: tuple[str, ...] | None = None) -> Expectation:
        """One part of an answer, with its dialogue; `accept` for a part whose phrasings are not written."""
        prompt = d.get("prompt")
        return Expectation(
            id=d.get("id", default_id), accept=tuple(d["accept"]) if accept is None else accept,
            hint=d.get("hint", ""),
            prompt=Prompt(prompt["text"], tuple(prompt["accept"])) if prompt else None,
            assertion=d.get("assertion", ""), loc=self.loc(d),
        )

    def question(self, d: Data, case_id: str, step_id: str) -> Question:
        parts = kinds.get(d["kind"]).convert(d, self)
        examples: list[Example] = []
        ex = d.get("examples")
        if ex:
            for expect in ("accept", "reject", "partial"):
                items = ex.get(expect)
                if items:
                    for text, mark in zip(items, items.marks, strict=True):
                        examples.append(Example(text, expect, Loc(self.path, mark.line + 1, mark.column + 1)))
        return Question(
            id=d["id"], case_id=case_id, kind=d["kind"], prompt=d["prompt"], explanation=d["explanation"],
            cite=tuple(d["cite"]), difficulty=d.get("difficulty", "medium"), tags=tuple(d.get("tags", ())),
            expectations=parts.expectations, need=parts.need, numeric=parts.numeric, options=parts.options,
            partial=tuple(
                PartialAnswer(tuple(p["accept"]), float(p["credit"]), p.get("feedback", ""), self.loc(p))
                for p in d.get("partial", ())
            ),
            misconceptions=tuple(
                Misconception(m["id"], tuple(m["match"]), m["feedback"], tuple(m.get("cite", ())), self.loc(m))
                for m in d.get("misconceptions", ())
            ),
            hints=tuple(d.get("hints", ())),
            notes=tuple(self.note(n) for n in d.get("notes", ())),
            examples=tuple(examples),
            step_id=step_id,
            loc=self.loc(d),
        )

    def step(self, d: Data, case_id: str) -> Step:
        decision = None
        dd = d.get("decision")
        if dd:
            decision = Decision(
                prompt=dd["prompt"],
                choices=tuple(
                    Choice(
                        id=c["id"], letter=LETTERS[i], text=c["text"], also=other_forms(c, "text"), next=c["next"],
                        accept=tuple(c.get("accept", ())), recommended=c.get("recommended", False),
                        consequence=c.get("consequence", ""), cite=tuple(c.get("cite", ())), loc=self.loc(c),
                    )
                    for i, c in enumerate(dd["choices"])
                ),
                loc=self.loc(dd),
            )
        return Step(
            id=d["id"], text=d.get("text", ""),
            questions=tuple(self.question(q, case_id, d["id"]) for q in d.get("questions", ())),
            decision=decision, next=d.get("next"), end=d.get("end", False),
            returns_to=d.get("returns_to"), loc=self.loc(d),
        )

    def case(self, d: Data) -> Case:
        return Case(
            id=d["id"], title=d["title"], tags=tuple(d["tags"]),
            steps=tuple(self.step(s, d["id"]) for s in d["steps"]),
            summary=d.get("summary", ""), notes=tuple(self.note(n) for n in d.get("notes", ())),
            loc=self.loc(d),
        )

    def quiz(self, d: Data) -> Quiz:
        s = d["select"]
        return Quiz(
            id=d["id"], title=d["title"], description=d.get("description", ""),
            select=QuizSelect(tuple(s.get("tags", ())), tuple(s.get("cases", ())), tuple(s.get("questions", ()))),
            mode=Mode(d.get("mode", "tutor")), mode_locked=d.get("mode_locked", False),
            time_limit=d.get("time_limit"), pass_mark=float(d.get("pass_mark", 70.0)),
            order=d.get("order", "fixed"), max_questions=d.get("max_questions"), loc=self.loc(d),
        )

