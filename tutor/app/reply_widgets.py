"""Turn the engine's replies into transcript widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from textual.widget import Widget

from ..engine import replies as r
from ..model import Course, Note
from ..safe_text import scrub
from ..text_render import TextRenderer
from ..texts import Msg, join, msg
from .widgets.chat_entry import PlainEntry, TutorEntry, VerdictBadge
from .words import phrased

# The sign before each kind of note, so a learner can tell them apart at a glance.
NOTE_SIGNS = {"doubt": "⚠", "beyond": "†", "guidance": "§"}
NOTE_NAMES = {"doubt": "app.note.doubt", "beyond": "app.note.beyond", "guidance": "app.note.guidance"}
"""The catalogue key of each kind of note's name."""

_MOVES = {"hint": "face.hint", "correction": "face.careful"}
"""The label a dialogue move is shown with, if any."""


def _notes(notes: tuple[Note, ...], md: Callable[[str], str], say: Callable[[Msg], str]) -> str:
    """Marked notes as quoted blocks, each kind with its own sign and name."""
    return "".join(f"\n\n> **{NOTE_SIGNS[n.kind]} {say(msg(NOTE_NAMES[n.kind]))}:** {md(n.text)}" for n in notes)


def widgets_for(reply: r.Reply, course: Course, text: TextRenderer) -> list[Widget]:
    """The widgets that show one reply; an empty list for replies shown elsewhere."""
    md = text.cites
    t = text.say
    # Markup is never parsed here, but a terminal would still obey a raw ESC or a bidi override.
    reply = scrub(reply)
    if isinstance(reply, r.CaseStart):
        head = t(msg("face.case_head", number=reply.number, total=reply.total, title=reply.title))
        return [TutorEntry(f"*{reply.summary}*" if reply.summary else "", label=head, classes="case-start",
                           lang=text.lang)]
    if isinstance(reply, r.StepText):
        label = t(msg("face.why_not")) if reply.teaching else ""
        return [TutorEntry(md(reply.markdown), label=label, classes="teaching" if reply.teaching else "vignette",
                           lang=text.lang)]
    if isinstance(reply, r.Ask):
        body = md(reply.prompt)
        if reply.options:
            body += "\n\n" + "\n".join(f"- **{letter}.** {t}" for letter, t in reply.options)
        if reply.need:
            body += "\n\n*" + t(msg("face.name_n", need=reply.need)) + "*"
        head = t(msg("face.question_head", number=reply.number, total=reply.total))
        return [TutorEntry(body, label=head, classes="question", lang=text.lang)]
    if isinstance(reply, r.Graded):
        out: list[Widget] = [VerdictBadge(reply.verdict, reply.credit, join(reply.reasons, text.lang), lang=text.lang)]
        if reply.found and reply.verdict != "correct":
            named = t(msg("list.joiner")).join(phrased(part, text.lang) for part in reply.found)
            out.append(PlainEntry(t(msg("face.you_named", parts=named))))
        for fb in reply.feedback:
            out.append(TutorEntry(md(fb), references=reply.citations, classes="feedback", lang=text.lang))
        return out
    if isinstance(reply, r.Tutor):
        label_key = _MOVES.get(reply.move, "")
        label = t(msg(label_key)) if label_key else ""
        return [TutorEntry(md(t(reply.text)), label=label, classes=f"move -{reply.move}", lang=text.lang)]
    if isinstance(reply, r.DidYouMean):
        if reply.exam:
            return [PlainEntry(t(msg("face.check_spelling")), classes="confirm")]
        return [PlainEntry(t(msg("face.did_you_mean", suggestion=reply.suggestion)), classes="confirm")]
    if isinstance(reply, r.Explanation):
        body = f"**{t(msg('face.answer'))}** {phrased(reply.answer, text.lang)}\n\n"
        if reply.parts:
            body += "\n".join(f"- {'✓' if found else '·'} {phrased(label, text.lang)}"
                              for label, found in reply.parts) + "\n\n"
        body += md(reply.markdown) + _notes(reply.notes, md, t)
        return [TutorEntry(body, label=t(msg("face.why")), references=reply.citations, classes="explanation",
                           lang=text.lang)]
    if isinstance(reply, r.DecisionAsk):
        body = md(reply.prompt) + "\n\n" + "\n".join(f"- **{letter}.** {t}" for letter, t in reply.choices)
        return [TutorEntry(body, label=t(msg("face.decision")), classes="decision", lang=text.lang)]
    if isinstance(reply, r.Consequence):
        verdict = t(msg("face.chose_recommended" if reply.recommended else "face.chose_other"))
        head = t(msg("app.chat.choice_made", letter=reply.choice, text=reply.text, verdict=verdict))
        body = f"{head}\n\n{md(reply.markdown)}" + _notes(reply.notes, md, t)
        return [TutorEntry(body, label=t(msg("face.consequence")), references=reply.citations,
                           classes="consequence -good" if reply.recommended else "consequence -harm", lang=text.lang)]
    if isinstance(reply, r.Definition):
        term = reply.term
        names = ", ".join(n for n in (term.zh, *term.aliases) if n)
        body = f"**{term.term}**" + (f" ({names})" if names else "") + "\n\n" + md(term.definition)
        return [TutorEntry(body, label=t(msg("face.glossary")), references=reply.citations, classes="definition",
                           lang=text.lang)]
    if isinstance(reply, r.Notice):
        return [PlainEntry(t(reply.msg), classes=f"notice -{reply.level}")]
    if isinstance(reply, (r.References, r.Progress, r.Summary, r.Ended)):
        return []  # shown by the chat screen itself: a panel, the status line, the summary screen
    assert_never(reply)


__all__ = ["widgets_for"]
