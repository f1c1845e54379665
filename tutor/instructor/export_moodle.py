"""`tutor export moodle-xml`: the course as Moodle XML, the format Moodle's question bank imports whole.

Short questions become shortanswer, numeric ones numerical (a range as its midpoint and tolerance),
single-best-answer ones multichoice with one answer, and list questions essays graded by hand with
the key in the grader information: Moodle grades one typed answer per field and in a fixed order,
so "any two of these, in any order, in your own words" cannot be graded by it automatically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Course, Question
from .export_common import Exported, Exporter, category_path, number, percent

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MARKDOWN = "markdown"
PLAIN = "moodle_auto_format"


def export_moodle_xml(course: Course) -> Exported:
    import xml.etree.ElementTree as ET  # only this verb builds XML

    ex = Exporter(course)
    quiz = ET.Element("quiz")
    count = 0
    for case in ex.cases():
        if not case.questions:
            continue
        cat = sub(quiz, "question", type="category")
        sub(sub(cat, "category"), "text", category_path(ex.category(case)))
        text_field(cat, "info", case.summary and ex.cites(case.summary))
        for q in case.questions:
            _question(ex, q, quiz)
            count += 1

    ET.indent(quiz)
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(quiz, encoding="unicode") + "\n"
    return Exported(xml, count, ex.warnings)


def sub(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    from xml.etree.ElementTree import SubElement

    el = SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def text_field(parent: Element, tag: str, text: str, fmt: str = MARKDOWN) -> Element:
    """Moodle's text element: `<tag format="..."><text>...</text></tag>`."""
    el = sub(parent, tag, format=fmt)
    sub(el, "text", text)
    return el


def _question(ex: Exporter, q: Question, quiz: Element) -> None:
    kind = {"short": "shortanswer", "numeric": "numerical", "choice": "multichoice", "list": "essay"}[q.kind]
    el = sub(quiz, "question", type=kind)
    sub(sub(el, "name"), "text", q.gid)
    text_field(el, "questiontext", ex.question_text(q))
    text_field(el, "generalfeedback", ex.general_feedback(q))
    sub(el, "defaultgrade", "1")
    sub(el, "penalty", "0.3333333")
    sub(el, "hidden", "0")
    sub(el, "idnumber", q.gid)

    def answer(fraction: float, text: str, feedback: str, fmt: str = PLAIN) -> Element:
        a = sub(el, "answer", fraction=percent(fraction), format=fmt)
        sub(a, "text", text)
        text_field(a, "feedback", feedback)
        return a

    if q.kind == "short":
        sub(el, "usecase", "0")
        for a in ex.text_answers(q):
            # `*` is Moodle's wildcard in short answers; a literal one is written `\*`.
            answer(a.fraction, a.text.replace("*", "\\*"), a.feedback)
    elif q.kind == "numeric":
        for value, tolerance, fraction in ex.numeric_answers(q):
            sub(answer(fraction, number(value), ""), "tolerance", number(tolerance))
        sub(el, "unitgradingtype", "0")
        sub(el, "unitpenalty", "0.1000000")
        sub(el, "showunits", "3")  # no unit field: the question text names the unit
        sub(el, "unitsleft", "0")
    elif q.kind == "choice":
        sub(el, "single", "true")
        sub(el, "shuffleanswers", "false")  # the author's order: options may refer to each other
        sub(el, "answernumbering", "ABCD")
        for o in q.options:
            answer(1.0 if o.correct else 0.0, ex.cites(o.text), ex.cites(o.feedback), MARKDOWN)
    else:
        sub(el, "responseformat", "editor")
        sub(el, "responserequired", "1")
        sub(el, "responsefieldlines", "5")
        sub(el, "attachments", "0")
        sub(el, "attachmentsrequired", "0")
        text_field(el, "graderinfo", ex.list_key(q))
        text_field(el, "responsetemplate", "")
    for hint in q.hints:
        text_field(el, "hint", ex.cites(hint))
    tags = ex.tags(q)
    if tags:
        box = sub(el, "tags")
        for t in tags:
            sub(sub(box, "tag"), "text", t)
