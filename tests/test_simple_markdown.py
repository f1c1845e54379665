"""The simple Markdown renderer draws exactly what Rich's Markdown draws, or hands the text over."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console, RenderableType
from rich.markdown import Markdown
from rich.style import Style

from tutor.app.reply_widgets import widgets_for
from tutor.app.simple_markdown import _Blocks, markdown
from tutor.app.widgets.chat_entry import TutorEntry
from tutor.course.loader import load
from tutor.course.resources import builtin_sources
from tutor.engine import replies as r
from tutor.model import Course
from tutor.text_render import TextRenderer

WIDTHS = (12, 30, 57, 100)


def cells(renderable: RenderableType, width: int) -> list[list[tuple[str, Style]]]:
    """Every character drawn, line by line, with its style."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    lines = console.render_lines(renderable, console.options.update(width=width), pad=False)
    return [[(ch, seg.style or Style()) for seg in line for ch in seg.text] for line in lines]


def assert_drawn_as_rich_draws(text: str, widths: tuple[int, ...] = WIDTHS) -> None:
    for width in widths:
        assert cells(markdown(text), width) == cells(Markdown(text, hyperlinks=False), width), (width, text)


@pytest.mark.parametrize("text", [
    "a**b**c", "*a* b *c*", "x *y*z", "x*y* z", "**a** **b**", " **x** ", "*Name 2.*",
    "é **ü** 中文 **中文**", "**中文**中文", "e.g. (**see [9]**)", "“**quoted**”", "a < b", "x & y",
    "100% < 5 mm", "≥3 **and** ≤5", "**a**\n**b**", "line one\nline two\n  line three", "a\n\n\n\nb",
    "\n\nlead", "tail\n\n", "[@ref] x", "x ~ y",
    "- **a.** Option one\n- **b.** Option *two*",
    "**Answer:** x\n\n- ✓ a long part name that wraps around the narrow width\n- · b\n\nmore\n\n"
    "> **⚠ Doubt about the review:** a note that is long enough to wrap at thirty columns",
    "> a quote first\n\n- then a list",
])
def test_simple_texts_are_drawn_here_exactly_as_rich_draws_them(text: str) -> None:
    assert isinstance(markdown(text), _Blocks)
    assert_drawn_as_rich_draws(text)


@pytest.mark.parametrize("text", [
    "2 * 3 * 4", "5 * 3", "**bold.**then", "*a**b*", "a *b **c** d* e", "*", "**", "****", "***x***",
    "- item\ncontinuation", "> quote\nlazy", "A\n- b", "- a\n\n- b", "* item", "+ item", "1. x",
    "# heading", "---", "a\n---", "a\n===", "    code", "`code`", "[x](y)", "[9]: http://x", "<b>x</b>",
    "snake_case", "text  \nhard", "a\\*b", "a &amp; b", "~~gone~~", "a\tb", ">", "- ",
])
def test_anything_else_goes_to_richs_markdown(text: str) -> None:
    drawn = markdown(text)
    assert isinstance(drawn, Markdown)
    assert drawn.markup == text


@pytest.fixture(scope="module")
def course() -> Course:
    return load(builtin_sources()).course


def course_strings(node: Any, depth: int = 0) -> set[str]:
    if depth > 8:
        return set()
    if isinstance(node, str):
        return {node}
    children = node.values() if isinstance(node, dict) else node if isinstance(node, (list, tuple)) else (
        vars(node).values() if hasattr(node, "__dict__") else ())
    return {s for child in children for s in course_strings(child, depth + 1)}


def test_every_course_text_is_drawn_as_rich_draws_it_and_nearly_all_without_it(course: Course) -> None:
    texts = course_strings(course)
    simple = [t for t in texts if isinstance(markdown(t), _Blocks)]
    assert len(simple) >= 0.95 * len(texts)  # the point of the module: the parser is rarely needed
    for text in simple:
        assert_drawn_as_rich_draws(text, (33, 71))


def test_every_tutor_message_built_from_the_course_is_drawn_as_rich_draws_it(course: Course) -> None:
    """The bodies the chat builds around course text: options, answer parts, notes, choices."""
    text = TextRenderer(course)
    replies: list[r.Reply] = []
    for q in course.questions():
        options = tuple((o.letter, o.text) for o in q.options)
        replies.append(r.Ask(q.gid, q.kind, q.prompt, options, 1, 9, q.need if q.kind == "list" else 0))
        parts = tuple((e.label, i % 2 == 0) for i, e in enumerate(q.expectations)) if q.kind == "list" else ()
        replies.append(r.Explanation(q.gid, q.answer_label, q.explanation, (), q.notes, parts))
    for case in course.cases.values():
        for step in case.steps:
            if step.decision is not None:
                d = step.decision
                replies.append(r.DecisionAsk(step.id, d.prompt, tuple((c.letter, c.text) for c in d.choices)))
                replies += [r.Consequence(c.letter, c.text, c.recommended, c.consequence) for c in d.choices]
    replies += [r.Definition(term) for term in course.glossary.values()]
    bodies = [w.markdown for reply in replies for w in widgets_for(reply, course, text) if isinstance(w, TutorEntry)]
    assert len(bodies) >= len(replies)
    drawn_here = [b for b in bodies if isinstance(markdown(b), _Blocks)]
    assert len(drawn_here) >= 0.95 * len(bodies)
    for body in drawn_here:
        assert_drawn_as_rich_draws(body, (33, 71))
