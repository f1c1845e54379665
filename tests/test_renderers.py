"""Both faces render every reply the engine can give, in words: a new reply type that a face
forgets fails here (and in mypy, through `assert_never`), instead of showing its Python repr."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

import tutor.app
from tutor.engine import replies as r
from tutor.model import GlossaryTerm, Mode, Note, Reference, Verdict
from tutor.session import open_course
from tutor.text_render import TextRenderer
from tutor.texts import msg

REF = Reference("ref1", "Doe J", "A trial", "J Vasc", 2020, number=1)
SAMPLES: dict[type, r.Reply] = {
    r.CaseStart: r.CaseStart("c", "A case", "A summary", 1, 2),
    r.StepText: r.StepText("A **bold** vignette.", (REF,), teaching=True),
    r.Ask: r.Ask("c/q", "choice", "Which one?", (("A", "this"), ("B", "that")), 1, 3, need=2),
    r.Graded: r.Graded("c/q", Verdict.PARTIAL, 0.5, (msg("grade.matched", accepted="x"),), found=("part one",),
                       feedback=("feedback text",), citations=(REF,)),
    r.Tutor: r.Tutor("pump", msg("ladder.pump")),
    r.DidYouMean: r.DidYouMean("anticoagulation"),
    r.Explanation: r.Explanation("c/q", "the answer", "Because.", (REF,),
                                 (Note("doubt", "A doubt.", ("ref1",)),), (("part one", True),)),
    r.DecisionAsk: r.DecisionAsk("s", "What now?", (("A", "filter"), ("B", "wait"))),
    r.Consequence: r.Consequence("A", "filter", False, "It harms.", (REF,)),
    r.Definition: r.Definition(GlossaryTerm("pts", "post-thrombotic syndrome", "A sequel.", zh="血栓后综合征"), (REF,)),
    r.References: r.References((REF,)),
    r.Notice: r.Notice(msg("exam.no_hints")),
    r.Progress: r.Progress(1, 3),
    r.Summary: r.Summary("q", "A quiz", Mode.TUTOR, 50.0, False, 70.0, 1, 2, skipped=1, planned=3,
                         missed=(r.Missed("c/q", "Which?", "partial", 0.5, "the answer", "Because."),),
                         path=(r.PathStep("c", "s", "a", "b", False, "filter", "wait"),)),
    r.Ended: r.Ended("quit"),
}
SHOWN_ELSEWHERE = {r.References, r.Progress, r.Summary, r.Ended}
"""Replies the app shows outside the transcript: a panel, the status line, the summary screen."""


def test_every_reply_type_has_a_sample() -> None:
    assert set(typing.get_args(r.Reply)) == set(SAMPLES)


@pytest.mark.parametrize("kind", list(SAMPLES), ids=lambda k: k.__name__)
def test_plain_face_renders_each_reply_in_words(kind: type) -> None:
    course = open_course().course
    text = TextRenderer(course).render(SAMPLES[kind])
    assert f"{kind.__name__}(" not in text and "Msg(" not in text
    if kind is not r.Progress:
        assert text.strip()
    assert "**" not in text  # Markdown reads as text


class Transcript(App[None]):
    CSS_PATH = str(Path(tutor.app.__file__).parent / "tutor.tcss")

    def __init__(self, replies: list[r.Reply]) -> None:
        super().__init__()
        self.replies = replies

    def compose(self) -> ComposeResult:
        from tutor.app.reply_widgets import widgets_for

        course = open_course().course
        with VerticalScroll():
            for reply in self.replies:
                yield from widgets_for(reply, course, TextRenderer(course))


async def test_app_face_renders_each_reply_in_words() -> None:
    from tutor.app.reply_widgets import widgets_for

    course = open_course().course
    for kind, sample in SAMPLES.items():
        made = widgets_for(sample, course, TextRenderer(course))
        assert bool(made) == (kind not in SHOWN_ELSEWHERE), kind
    app = Transcript([x for k, x in SAMPLES.items() if k not in SHOWN_ELSEWHERE])
    async with app.run_test(size=(120, 300)) as pilot:
        await pilot.pause()
        svg = app.export_screenshot()
    for kind in SAMPLES:
        assert f"{kind.__name__}(" not in svg
    assert "Msg(" not in svg and "What&#160;else?" in svg
