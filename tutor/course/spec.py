"""The content format, declared once.

The same declaration drives validation (with line and column, in `shape.py`), the JSON Schema
that editors use (`tutor schema`), and the authoring guide's field tables are written from it.
The fields of each question kind are declared by the kind, in `tutor/kinds/`.
"""

from __future__ import annotations

from typing import Any

from ..fields import (
    ID,
    ID_PATTERN,
    MD,
    TEXT_LANGUAGES,
    Bool,
    Enum,
    F,
    Int,
    ListOf,
    MapOf,
    Num,
    Obj,
    Spec,
    Str,
    keys,
    strs,
)
from ..kinds import KIND_NAMES, VARIANTS

FORMAT_VERSION = 2

__all__ = ["FILE", "FORMAT_VERSION", "ID_PATTERN", "QUESTION", "json_schema"]


NOTE = Obj(
    name="note",
    doc="A marked note: a doubt about a figure in the review, evidence beyond it, or current guidance that differs.",
    fields={
        "kind": F(Enum(values=("doubt", "beyond", "guidance")), True, "doubt, beyond or guidance"),
        "text": F(MD, True, "The note."),
        "cite": F(keys(), False, "Sources; a beyond or guidance note cites a beyond_review reference."),
    },
)

REFERENCE = Obj(
    name="reference",
    doc="A source that explanations cite.",
    fields={
        "key": F(ID, True, "Stable citation key, used in cite lists and as [@key]."),
        "number": F(Int(minimum=1), False, "The review's own reference number [1]-[34]."),
        "authors": F(Str(max_len=2000), True, "Authors as printed."),
        "year": F(Int(minimum=1800, maximum=2100), False, "Year of publication."),
        "title": F(Str(max_len=2000), True, "Title as printed."),
        "journal": F(Str(max_len=500), False, "Journal as printed."),
        "details": F(Str(max_len=500), False, "Volume, issue, pages or article number."),
        "doi": F(Str(max_len=500), False, "DOI without the https://doi.org/ prefix."),
        "url": F(Str(max_len=2000), False, "A web address, for sources without a DOI."),
        "beyond_review": F(Bool(), False, "True for a source that is not in the review."),
    },
)

GLOSSARY = Obj(
    name="glossary term",
    doc="A term learners can look up; its names count as synonyms in grading.",
    fields={
        "id": F(ID, True, "Unique id."),
        "term": F(Str(max_len=200), True, "The English term."),
        "zh": F(Str(max_len=200), False, "The Chinese term."),
        "aliases": F(strs("Other names: abbreviations, spellings, Chinese."), False),
        "definition": F(MD, True, "A definition in our own words."),
        "cite": F(keys(), True, "Sources of the definition."),
    },
)

MISCONCEPTION = Obj(
    name="misconception",
    doc="A recognisably wrong answer with its own feedback.",
    fields={
        "id": F(ID, True, "Unique within the question."),
        "match": F(strs("Phrasings of the wrong idea.", 1), True),
        "feedback": F(MD, True, "Why it is wrong."),
        "cite": F(keys(), False, "Sources of the feedback."),
    },
)

PARTIAL = Obj(
    name="partial answer",
    doc="An answer that earns part of the credit.",
    fields={
        "accept": F(strs("Phrasings.", 1), True),
        "credit": F(Num(minimum=0, maximum=1), True, "Between 0 and 1."),
        "feedback": F(MD, False, "What is missing."),
    },
)

EXAMPLES = Obj(
    name="examples",
    doc="Learner answers that validation grades as tests of the answer bank.",
    fields={
        "accept": F(strs("Must be graded correct."), False),
        "reject": F(strs("Must not be graded correct."), False),
        "partial": F(strs("Must be graded partial."), False),
    },
)

QUESTION = Obj(
    name="question",
    doc="A question asked at a step.",
    discriminator="kind",
    fields={
        "id": F(ID, True, "Unique within the case; globally case-id/question-id."),
        "kind": F(Enum(values=KIND_NAMES), True, "The kind of question; each kind has fields of its own."),
        "prompt": F(MD, True, "The question."),
        "explanation": F(MD, True, "Why the answer is what it is; shown after the answer."),
        "cite": F(keys(), True, "Citation keys supporting the explanation (at least one)."),
        "difficulty": F(Enum(values=("easy", "medium", "hard")), False, "`easy`, `medium` (default) or `hard`."),
        "tags": F(ListOf(item=ID), False, "Extra tags for this question."),
        "hints": F(ListOf(item=Str(max_len=2000, learner=True), max_items=5), False,
                   "Progressive hints, mildest first (one to three)."),
        "misconceptions": F(ListOf(item=MISCONCEPTION), False, "Recognisably wrong answers with their own feedback."),
        "partial": F(ListOf(item=PARTIAL), False, "Answers that earn part of the credit."),
        "notes": F(ListOf(item=NOTE), False, "Doubts about the review, evidence beyond it, current guidance."),
        "examples": F(EXAMPLES, False, "Learner answers the grader must accept, reject, or count as partial."),
    },
    variants=VARIANTS,
)

CHOICE = Obj(
    name="choice",
    doc="One way to manage the patient at a decision.",
    fields={
        "id": F(ID, True, "Unique within the decision."),
        "text": F(Str(max_len=2000, learner=True), True, "The choice as shown, lettered A, B, C..."),
        "accept": F(strs("Other phrasings a learner may type (graded like a short answer)."), False),
        "next": F(ID, True, "The step this choice leads to."),
        "recommended": F(Bool(), False, "`true` for the choice the review supports; exactly one per decision."),
        "consequence": F(MD, False, "What happens, and why."),
        "cite": F(keys(), False, "Sources for the consequence."),
    },
)

DECISION = Obj(
    name="decision",
    doc="A management decision; each choice leads to a step.",
    fields={
        "prompt": F(MD, True, "The question put to the learner."),
        "choices": F(ListOf(item=CHOICE, min_items=2, max_items=26), True, "Two to 26 ways to manage the patient."),
    },
)

STEP = Obj(
    name="step",
    doc="A stage of the case: text, then questions, then a decision or the next step.",
    fields={
        "id": F(ID, True, "Unique within the case."),
        "text": F(MD, False, "What the learner reads when the step begins."),
        "questions": F(ListOf(item=QUESTION), False, "The questions asked at this step (may be empty)."),
        "decision": F(DECISION, False, "Makes the step a decision point (see decisions below)."),
        "next": F(ID, False, "The id of the step that follows; without it, the next step in the list."),
        "end": F(Bool(), False, "`true`: the case ends after this step."),
        "returns_to": F(ID, False, "Makes the step a teaching branch that returns to the named decision step."),
    },
)

CASE = Obj(
    name="case",
    doc="A clinical vignette revealed in steps.",
    fields={
        "id": F(ID, True, "Globally unique."),
        "title": F(Str(max_len=300, learner=True), True, "The case's title, shown in lists."),
        "tags": F(ListOf(item=ID, min_items=1), True, "At least one modality tag."),
        "summary": F(Str(max_len=1000, learner=True), False, "One line about the case."),
        "notes": F(ListOf(item=NOTE), False, "Notes on the case as a whole."),
        "steps": F(ListOf(item=STEP, min_items=1), True, "The case's steps, in order."),
    },
)

SELECT = Obj(
    name="quiz selection",
    doc="Which cases or questions a quiz asks.",
    fields={
        "tags": F(ListOf(item=ID), False, "Every case with any of these tags."),
        "cases": F(ListOf(item=ID), False, "These cases."),
        "questions": F(ListOf(item=Str(max_len=300)), False, "These case-id/question-id."),
    },
)

QUIZ = Obj(
    name="quiz",
    doc="A set of cases or questions asked in one mode.",
    fields={
        "id": F(ID, True, "Globally unique."),
        "title": F(Str(max_len=300, learner=True), True, "The quiz's title."),
        "description": F(Str(max_len=2000, learner=True), False, "What the quiz covers."),
        "select": F(SELECT, True, "Which cases or questions it asks."),
        "mode": F(Enum(values=("tutor", "exam")), False,
                  "`tutor` (default): feedback after each answer; `exam`: at the end."),
        "mode_locked": F(Bool(), False, "`true`: the learner may not switch mode (an exam you set)."),
        "time_limit": F(Int(minimum=1, maximum=1440), False, "Minutes; exam mode only."),
        "pass_mark": F(Num(minimum=0, maximum=100), False, "Percent of the total credit."),
        "order": F(Enum(values=("fixed", "shuffle")), False, "`fixed` (default) or `shuffle`."),
        "max_questions": F(Int(minimum=1), False, "At most this many questions."),
    },
)

LABEL = Str(max_len=200, learner=True, doc="A tag's label, as learners see it.")

TAGS = Obj(
    name="tags",
    doc="The tag vocabulary: id and label for each kind.",
    fields={
        "modality": F(MapOf(value=LABEL), False, "The treatments: every case names at least one."),
        "phase": F(MapOf(value=LABEL), False, "The stages of the disease (acute, subacute, chronic)."),
        "theme": F(MapOf(value=LABEL), False, "What a question is about (indications, evidence...)."),
    },
)

COURSE = Obj(
    name="course",
    doc="About the course as a whole: shown by tutor --version and in the references panel.",
    fields={
        "title": F(Str(max_len=300, learner=True), True, "The course's title."),
        "source": F(ID, True, "Citation key of the work the course is built on."),
        "updated": F(Str(max_len=40), True, "When the content was last revised (YYYY-MM-DD)."),
        "notice": F(Str(max_len=2000, learner=True), False, "A short notice shown on the home screen."),
        "source_name": F(Str(max_len=80, learner=True), False,
                         "How the tutor names the main source in its own sentences, e.g. `the review` "
                         "(default: `the course's sources`)."),
        "example_term": F(Str(max_len=60, learner=True), False,
                          "A glossary term the help shows as its example of a look-up (default: the first "
                          "glossary entry)."),
        "language": F(Enum(values=TEXT_LANGUAGES), False,
                      "The language of the course's plain texts (default: en); a text written as "
                      "`{en: ..., zh: ...}` (format 2) names its languages itself."),
        "languages": F(ListOf(item=Enum(values=TEXT_LANGUAGES), max_items=len(TEXT_LANGUAGES)), False,
                       "The languages the course is written in; with two, tutor validate warns at every "
                       "text that lacks one."),
    },
)

AMEND_GROUP = Obj(
    name="amended group",
    doc="More accepted answers for one group of a list question.",
    fields={
        "id": F(ID, True, "The group's id in the amended question."),
        "accept": F(strs("Phrasings to accept for this group.", 1), True),
    },
)

AMEND = Obj(
    name="amendment",
    doc="Adds answers to a question defined in another file (the built-in course), which is never edited.",
    fields={
        "question": F(Str(max_len=300), True, "The amended question: case-id/question-id."),
        "accept": F(strs("More accepted answers of a short question, or of a choice question's right option."),
                    False),
        "groups": F(ListOf(item=AMEND_GROUP), False, "More accepted answers of a list question's groups."),
        "partial": F(ListOf(item=PARTIAL), False),
        "misconceptions": F(ListOf(item=MISCONCEPTION), False, "Recognisably wrong answers with their own feedback."),
        "examples": F(EXAMPLES, False),
    },
)

FILE = Obj(
    name="content file",
    doc="A tutor content file.",
    fields={
        "format": F(Int(minimum=1), True, f"The format version: 1, or {FORMAT_VERSION} for texts given in "
                    "several languages (`{en: ..., zh: ...}`); this tutor reads both."),
        "course": F(COURSE, False, "About the course (one file of a course has it)."),
        "references": F(ListOf(item=REFERENCE), False, "The sources that explanations cite."),
        "glossary": F(ListOf(item=GLOSSARY), False,
                      "Terms a learner can look up (\"what is PTS?\") and that grading treats as synonyms."),
        "tags": F(TAGS, False, "The tag vocabulary (the built-in course defines it in `content/tags.yaml`)."),
        "cases": F(ListOf(item=CASE), False, "Case vignettes with their questions."),
        "quizzes": F(ListOf(item=QUIZ), False, "Which cases or questions to ask, and how."),
        "amend": F(ListOf(item=AMEND), False,
                   "Answers added to a question of another file, such as the built-in course (`tutor review` "
                   "writes them)."),
    },
)


def json_schema() -> dict[str, Any]:
    """The format as JSON Schema (draft 2020-12), for editors."""
    defs: dict[str, Any] = {}

    def ref(obj: Obj) -> dict[str, Any]:
        name = obj.name.replace(" ", "_")
        if name not in defs:
            defs[name] = {}
            defs[name] = emit_obj(obj)
        return {"$ref": f"#/$defs/{name}"}

    def emit(spec: Spec) -> dict[str, Any]:
        out: dict[str, Any]
        if isinstance(spec, Obj):
            return ref(spec)
        if isinstance(spec, Str):
            out = {"type": "string", "maxLength": spec.max_len}
            if spec.is_id:
                out["pattern"] = ID_PATTERN
            if spec.learner:  # format 2: the text in each of its languages
                forms = {"type": "object", "properties": {lang: dict(out) for lang in TEXT_LANGUAGES},
                         "additionalProperties": False, "minProperties": 1}
                out = {"anyOf": [out, forms]}
        elif isinstance(spec, Bool):
            out = {"type": "boolean"}
        elif isinstance(spec, Int):
            out = {"type": "integer"}
            if spec.minimum is not None:
                out["minimum"] = spec.minimum
            if spec.maximum is not None:
                out["maximum"] = spec.maximum
        elif isinstance(spec, Num):
            out = {"type": "number"}
            if spec.minimum is not None:
                out["minimum"] = spec.minimum
            if spec.maximum is not None:
                out["maximum"] = spec.maximum
        elif isinstance(spec, Enum):
            out = {"enum": list(spec.values)}
        elif isinstance(spec, ListOf):
            out = {"type": "array", "items": emit(spec.item), "minItems": spec.min_items}
            if spec.max_items < 100_000:
                out["maxItems"] = spec.max_items
        elif isinstance(spec, MapOf):
            out = {
                "type": "object",
                "propertyNames": {"pattern": ID_PATTERN},
                "additionalProperties": emit(spec.value),
            }
        else:  # pragma: no cover - every spec kind is handled above
            raise TypeError(spec)
        if spec.doc:
            out["description"] = spec.doc
        return out

    def props(fields: dict[str, F]) -> dict[str, Any]:
        result = {}
        for name, f in fields.items():
            schema = emit(f.spec)
            if f.doc:
                schema = {**schema, "description": f.doc}
            result[name] = schema
        return result

    def emit_obj(obj: Obj) -> dict[str, Any]:
        properties = props(obj.fields)
        # A field that several variants declare differently (a short question's `answer` is a
        # mapping of phrasings, a numeric one's a number or range) is any of them here, and
        # each variant's own rule below holds it to that variant's shape.
        shapes: dict[str, list[dict[str, Any]]] = {}
        for extra in obj.variants.values():
            for name, schema in props(extra).items():
                if schema not in shapes.setdefault(name, []):
                    shapes[name].append(schema)
        for name, options in shapes.items():
            properties[name] = options[0] if len(options) == 1 else {"anyOf": options}
        out: dict[str, Any] = {
            "type": "object",
            "description": obj.doc,
            "properties": properties,
            "required": [n for n, f in obj.fields.items() if f.required],
            "additionalProperties": False,
        }
        if obj.variants:
            rules = []
            for kind, extra in obj.variants.items():
                others = {n for k, e in obj.variants.items() if k != kind for n in e} - set(extra)
                then: dict[str, Any] = {"required": [n for n, f in extra.items() if f.required]}
                shared = {n: schema for n, schema in props(extra).items() if len(shapes[n]) > 1}
                if shared:
                    then["properties"] = shared
                if others:
                    then["not"] = {"anyOf": [{"required": [n]} for n in sorted(others)]}
                rules.append(
                    {"if": {"properties": {obj.discriminator: {"const": kind}}}, "then": then}
                )
            out["allOf"] = rules
        return out

    root = emit_obj(FILE)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "LEDVT tutor content file",
        **root,
        "$defs": defs,
    }
