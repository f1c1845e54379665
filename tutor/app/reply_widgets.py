"""Turn the engine's replies into transcript widgets."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from ..engine import replies as r
from ..model import NOTE_MARKERS, Course, Note
from ..safe_text import scrub
from ..text_render import VERDICT_WORDS, TextRenderer
from .widgets.chat_entry import PlainEntry, TutorEntry, VerdictBadge

# The sign before each kind of note, so a learner can tell them apart at a glance.
NOTE_SIGNS = {"doubt": "⚠", "beyond": "†", "guidance": "§"}

_MOVES = {"pump": "", "hint": "Hint", "prompt": "", "assertion": "", "correction": "Careful",
          "acknowledge": "", "remark": ""}


def _notes(notes: tuple[Note, ...], md: Callable[[str], str]) -> str:
    """Marked notes as quoted blocks, each kind with its own sign and name."""
    return "".join(f"\n\n> **{NOTE_SIGNS[n.kind]} {NOTE_MARKERS[n.kind]}:** {md(n.text)}" for n in notes)


def widgets_for(reply: r.Reply, course: Course, text: TextRenderer) -> list[Widget]:
    """The widgets that show one reply; an empty list for replies shown elsewhere."""
    md = text.cites
    # Markup is never parsed here, but a terminal would still obey a raw ESC or a bidi override.
    reply = scrub(reply)
    if isinstance(reply, r.CaseStart):
        head = f"Case {reply.number} of {reply.total}: {reply.title}"
        return [TutorEntry(f"*{reply.summary}*" if reply.summary else "", label=head, classes="case-start")]
    if isinstance(reply, r.StepText):
        label = "Why not" if reply.teaching else ""
        return [TutorEntry(md(reply.markdown), label=label, classes="teaching" if reply.teaching else "vignette")]
    if isinstance(reply, r.Ask):
        body = md(reply.prompt)
        if reply.options:
            body += "\n\n" + "\n".join(f"- **{letter}.** {t}" for letter, t in reply.options)
        if reply.need:
            body += f"\n\n*Name {reply.need}.*"
        return [TutorEntry(body, label=f"Question {reply.number} of {reply.total}", classes="question")]
    if isinstance(reply, r.Verdict):
        out: list[Widget] = [VerdictBadge(reply.verdict, reply.credit, reply.reason)]
        if reply.found and reply.verdict != "correct":
            out.append(PlainEntry("You named: " + "; ".join(reply.found)))
        for fb in reply.feedback:
            out.append(TutorEntry(md(fb), references=reply.citations, classes="feedback"))
        return out
    if isinstance(reply, r.Tutor):
        label = _MOVES.get(reply.move, "")
        return [TutorEntry(md(reply.text), label=label, classes=f"move -{reply.move}")]
    if isinstance(reply, r.DidYouMean):
        if reply.exam:
            return [PlainEntry("Check your spelling, or press Enter to keep your answer.", classes="confirm")]
        return [PlainEntry(f"Did you mean “{reply.suggestion}”? Type yes or no.", classes="confirm")]
    if isinstance(reply, r.Explanation):
        body = f"**Answer:** {reply.answer}\n\n"
        if reply.parts:
            body += "\n".join(f"- {'✓' if found else '·'} {label}" for label, found in reply.parts) + "\n\n"
        body += md(reply.markdown) + _notes(reply.notes, md)
        return [TutorEntry(body, label="Why", references=reply.citations, classes="explanation")]
    if isinstance(reply, r.DecisionAsk):
        body = md(reply.prompt) + "\n\n" + "\n".join(f"- **{letter}.** {t}" for letter, t in reply.choices)
        return [TutorEntry(body, label="Your decision", classes="decision")]
    if isinstance(reply, r.Consequence):
        verdict = "the recommended choice" if reply.recommended else "not the recommended choice"
        body = f"**{reply.choice}. {reply.text}** ({verdict})\n\n{md(reply.markdown)}" + _notes(reply.notes, md)
        return [TutorEntry(body, label="Consequence", references=reply.citations,
                           classes="consequence -good" if reply.recommended else "consequence -harm")]
    if isinstance(reply, r.Definition):
        t = reply.term
        names = ", ".join(n for n in (t.zh, *t.aliases) if n)
        body = f"**{t.term}**" + (f" ({names})" if names else "") + "\n\n" + md(t.definition)
        return [TutorEntry(body, label="Glossary", references=reply.citations, classes="definition")]
    if isinstance(reply, r.Notice):
        return [PlainEntry(reply.text, classes=f"notice -{reply.level}")]
    return []


__all__ = ["widgets_for", "VERDICT_WORDS"]
