"""The tutor's replies as plain text lines, for plain mode and screen readers.

Markdown from the course is shown as written (it reads well as text); citations `[@key]`
become the review's numbers; colour only when the terminal wants it.
"""

from __future__ import annotations

import re
import textwrap

from .course.citations import CITATION
from .engine import replies as r
from .model import NOTE_MARKERS, Course, Note, Reference
from .safe_text import scrub

_LIST_ITEM = re.compile(r"\s*(?:[-*+] |\d+[.)] |> |\|)")


def paragraphs(text: str) -> list[str]:
    """Markdown's reading of line breaks: lines of a paragraph join; blank lines and list items break."""
    out: list[str] = []
    current: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip():
            if current:
                out.append(" ".join(current))
                current = []
            out.append("")
        elif _LIST_ITEM.match(line):
            if current:
                out.append(" ".join(current))
            current = [line.rstrip()]
        else:
            current.append(line.strip())
    if current:
        out.append(" ".join(current))
    return out


VERDICT_WORDS = {"correct": "Correct", "partial": "Partly right", "incorrect": "Not right", "unclear": "Unclear"}
_COLOURS = {"correct": "32", "partial": "33", "incorrect": "31", "unclear": "36", "dim": "2", "bold": "1"}


class TextRenderer:
    def __init__(self, course: Course, *, colour: bool = False, width: int = 78) -> None:
        self.course = course
        self.colour = colour
        self.width = width

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.colour else text

    def cites(self, text: str) -> str:
        def label(m: re.Match[str]) -> str:
            ref = self.course.references.get(m.group(1))
            return ref.label if ref else m.group(0)

        return CITATION.sub(label, text)

    def wrap(self, text: str, indent: str = "") -> str:
        out = []
        for para in paragraphs(self.cites(text)):
            if not para:
                out.append("")
                continue
            lead = _LIST_ITEM.match(para)
            sub = " " * len(lead.group(0)) if lead else ""
            out.append(textwrap.fill(para, self.width, initial_indent=indent,
                                     subsequent_indent=indent + sub, break_on_hyphens=False))
        return "\n".join(out)

    def refs(self, refs: tuple[Reference, ...]) -> str:
        return "\n".join(f"  {ref.label} {reference_line(ref)}" for ref in refs)

    def note_lines(self, notes: tuple[Note, ...]) -> list[str]:
        """Marked notes, each named by its kind, indented under the text they qualify."""
        return [self.wrap(f"{NOTE_MARKERS[n.kind]}: {n.text}", "  ") for n in notes]

    def render(self, reply: r.Reply) -> str:
        # Neutralised before colour is added, so the only escape sequences printed are our own.
        return self._render(scrub(reply))

    def _render(self, reply: r.Reply) -> str:
        if isinstance(reply, r.CaseStart):
            head = f"Case {reply.number} of {reply.total}: {reply.title}"
            return "\n" + self.paint(head, "bold") + (f"\n{reply.summary}" if reply.summary else "")
        if isinstance(reply, r.StepText):
            label = "Why not:\n" if reply.teaching else ""
            return label + self.wrap(reply.markdown)
        if isinstance(reply, r.Ask):
            lines = [self.paint(f"Question {reply.number} of {reply.total} ({reply.gid})", "dim"),
                     self.wrap(reply.prompt)]
            lines += [f"  {letter}. {text}" for letter, text in reply.options]
            if reply.need:
                lines.append(self.paint(f"(name {reply.need})", "dim"))
            return "\n".join(lines)
        if isinstance(reply, r.Verdict):
            word = VERDICT_WORDS.get(reply.verdict, reply.verdict)
            head = self.paint(f"{word} ({reply.credit:.0%})", reply.verdict)
            lines = [f"{head}: {reply.reason}" if reply.reason else head]
            lines += [self.wrap(f, "  ") for f in reply.feedback]
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.Tutor):
            return self.wrap(reply.text)
        if isinstance(reply, r.DidYouMean):
            if reply.exam:
                return "Check your spelling, or press Enter to keep your answer."
            return f"Did you mean “{reply.suggestion}”? (yes / no)"
        if isinstance(reply, r.Explanation):
            lines = [self.paint("Answer: ", "bold") + reply.answer]
            for label, found in reply.parts:
                lines.append(f"  {'✓' if found else '·'} {label}")
            lines.append(self.wrap(reply.markdown))
            lines += self.note_lines(reply.notes)
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.DecisionAsk):
            lines = ["Decision: " + self.cites(reply.prompt)]
            lines += [f"  {letter}. {text}" for letter, text in reply.choices]
            return "\n".join(lines)
        if isinstance(reply, r.Consequence):
            tag = "recommended" if reply.recommended else "not the recommended choice"
            lines = [self.paint(f"You chose {reply.choice}. {reply.text} ({tag})", "bold")]
            if reply.markdown:
                lines.append(self.wrap(reply.markdown))
            lines += self.note_lines(reply.notes)
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.Definition):
            t = reply.term
            names = ", ".join(n for n in (t.zh, *t.aliases) if n)
            head = f"{t.term}" + (f" ({names})" if names else "")
            out = [self.paint(head, "bold"), self.wrap(t.definition)]
            if reply.citations:
                out.append(self.refs(reply.citations))
            return "\n".join(out)
        if isinstance(reply, r.References):
            return self.refs(reply.references)
        if isinstance(reply, r.Notice):
            return self.paint(reply.text, "dim") if reply.level == "info" else reply.text
        if isinstance(reply, r.Progress):
            return ""
        if isinstance(reply, r.Summary):
            return self.summary(reply)
        if isinstance(reply, r.Ended):
            # whether the answers are kept is the face's to say: only the saver knows
            return "" if reply.reason == "done" else "Stopped."
        return str(reply)  # pragma: no cover

    def summary(self, s: r.Summary) -> str:
        verdict = "passed" if s.passed else "not passed"
        lines = ["", self.paint(f"Summary: {s.title}", "bold"),
                 f"Score {s.score:.0f}% ({verdict}; pass mark {s.pass_mark:.0f}%), "
                 f"{s.answered} of {s.total} questions answered" + (", time ran out" if s.timed_out else "")]
        if s.by_topic:
            lines.append("By topic:")
            lines += [f"  {t.label}: {t.credit:.1f}/{t.questions}" for t in s.by_topic]
        if s.path:
            lines.append("Your decisions:")
            for p in s.path:
                mark = "✓" if p.followed_recommendation else "✗"
                line = f"  {mark} {p.chosen_text}"
                if not p.followed_recommendation:
                    line += f" (recommended: {p.recommended_text})"
                lines.append(line)
        if s.missed:
            lines.append("To review:")
            for m in s.missed:
                lines.append(f"  - {m.gid} ({m.verdict}): {self.cites(m.prompt).strip()}")
                lines.append(f"    Answer: {m.answer}")
                lines.append(self.wrap(m.explanation, "    "))
        return "\n".join(lines)


def reference_line(ref: Reference) -> str:
    parts = [ref.authors, f"({ref.year})" if ref.year else "", ref.title + ".", ref.journal, ref.details]
    text = " ".join(p for p in parts if p)
    if ref.doi:
        text += f" https://doi.org/{ref.doi}"
    elif ref.url:
        text += f" {ref.url}"
    if ref.beyond_review:
        text += " [beyond the review]"
    return text
