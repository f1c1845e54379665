"""The tutor's replies as plain text lines, for plain mode and screen readers.

Markdown from the course is shown as written (it reads well as text); citations `[@key]`
become the review's numbers; colour only when the terminal wants it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import assert_never

from .course.citations import CITATION
from .engine import replies as r
from .model import Course, Note, Reference
from .safe_text import scrub
from .text_wrap import cells, fill
from .texts import Msg, active_language, join, msg, phrase, say

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


_COLOURS = {"correct": "32", "partial": "33", "incorrect": "31", "unclear": "36", "dim": "2", "bold": "1"}

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_CODE = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\[([^\]\n]+)\]\((\S+?)\)")
_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)


def markdown_text(text: str, strong: Callable[[str], str] = lambda t: t) -> str:
    """Course Markdown as it reads in plain text: emphasis marks and code ticks dropped (bold
    through `strong`, for a terminal that shows it), a link as its text and address."""
    text = _HEADING.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _LINK.sub(lambda m: m.group(1) if m.group(1) == m.group(2) else f"{m.group(1)} ({m.group(2)})", text)
    text = _STRONG.sub(lambda m: strong(m.group(1) or m.group(2)), text)
    return _EMPH.sub(lambda m: m.group(1) or m.group(2), text)


class TextRenderer:
    def __init__(self, course: Course, *, colour: bool = False, width: int = 78,
                 lang: str | None = None) -> None:
        self.course = course
        self.colour = colour
        self.width = width
        self._lang = lang

    @property
    def lang(self) -> str:
        """The language given, else the one in use (tutor/texts `use_language`)."""
        return self._lang or active_language()

    @lang.setter
    def lang(self, value: str | None) -> None:
        self._lang = value

    def say(self, m: Msg | str) -> str:
        """The tutor's own words (a catalogue key), or course text as it is (an answer's part in
        the phrasing of the language: `phrase`)."""
        return say(m, self.lang) if isinstance(m, Msg) else phrase(m, self.lang)

    def paint(self, text: str, style: str) -> str:
        return f"\x1b[{_COLOURS[style]}m{text}\x1b[0m" if self.colour else text

    def cites(self, text: str) -> str:
        def label(m: re.Match[str]) -> str:
            ref = self.course.references.get(m.group(1))
            return ref.label if ref else m.group(0)

        return CITATION.sub(label, text)

    def wrap(self, text: str, indent: str = "") -> str:
        out = []
        for para in paragraphs(markdown_text(self.cites(text), lambda t: self.paint(t, "bold"))):
            if not para:
                out.append("")
                continue
            lead = _LIST_ITEM.match(para)
            sub = " " * cells(lead.group(0)) if lead else ""
            out.append(fill(para, self.width, initial_indent=indent, subsequent_indent=indent + sub))
        return "\n".join(out)

    def line(self, text: str, indent: str = "") -> str:
        """One line of the tutor's own (no Markdown), folded within the width."""
        return fill(text, self.width, initial_indent=indent, subsequent_indent=indent)

    def refs(self, refs: tuple[Reference, ...]) -> str:
        return "\n".join(f"  {ref.label} {reference_line(ref)}" for ref in refs)

    def note_lines(self, notes: tuple[Note, ...]) -> list[str]:
        """Marked notes, each named by its kind, indented under the text they qualify."""
        return [self.wrap(self.say(msg("face.note", kind=msg(f"note.{n.kind}"), text=n.text)), "  ") for n in notes]

    def render(self, reply: r.Reply) -> str:
        # Neutralised before colour is added, so the only escape sequences printed are our own.
        return self._render(scrub(reply))

    def _render(self, reply: r.Reply) -> str:
        t = self.say
        if isinstance(reply, r.CaseStart):
            head = t(msg("face.case_head", number=reply.number, total=reply.total, title=reply.title))
            return "\n" + self.paint(head, "bold") + (f"\n{self.wrap(reply.summary)}" if reply.summary else "")
        if isinstance(reply, r.StepText):
            label = t(msg("face.why_not")) + ":\n" if reply.teaching else ""
            return label + self.wrap(reply.markdown)
        if isinstance(reply, r.Ask):
            head = t(msg("face.question_head", number=reply.number, total=reply.total))
            lines = [self.paint(t(msg("face.aside", text=head, aside=reply.gid)), "dim"), self.wrap(reply.prompt)]
            lines += [self.wrap(f"{letter}. {text}", "  ") for letter, text in reply.options]
            if reply.need:
                lines.append(self.paint(t(msg("face.parenthesis", text=msg("face.name_n", need=reply.need))), "dim"))
            return "\n".join(lines)
        if isinstance(reply, r.Graded):
            word = t(msg(f"verdict.{reply.verdict}"))
            head = self.paint(t(msg("face.aside", text=word, aside=f"{reply.credit:.0%}")), str(reply.verdict))
            reason = join(reply.reasons, self.lang)
            lines = [self.line(t(msg("face.labelled", label=head, text=reason))) if reason else head]
            lines += [self.wrap(f, "  ") for f in reply.feedback]
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.Tutor):
            return self.wrap(t(reply.text))
        if isinstance(reply, r.DidYouMean):
            if reply.exam:
                return t(msg("face.check_spelling"))
            return t(msg("face.did_you_mean", suggestion=reply.suggestion))
        if isinstance(reply, r.Explanation):
            lines = [self.line(t(msg("face.label_text", label=self.paint(t(msg("face.answer")), "bold"),
                                     text=t(reply.answer))))]
            for label, found in reply.parts:
                lines.append("  " + t(msg("face.part_named" if found else "face.part_not_named", label=t(label))))
            lines.append(self.wrap(reply.markdown))
            lines += self.note_lines(reply.notes)
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.DecisionAsk):
            lines = [self.wrap(t(msg("face.label_text", label=t(msg("face.decision_line")), text=reply.prompt)))]
            lines += [self.wrap(f"{letter}. {text}", "  ") for letter, text in reply.choices]
            return "\n".join(lines)
        if isinstance(reply, r.Consequence):
            verdict = t(msg("face.chose_recommended" if reply.recommended else "face.chose_other"))
            lines = [self.paint(t(msg("face.you_chose", letter=reply.choice, text=reply.text, verdict=verdict)),
                                "bold")]
            if reply.markdown:
                lines.append(self.wrap(reply.markdown))
            lines += self.note_lines(reply.notes)
            if reply.citations:
                lines.append(self.refs(reply.citations))
            return "\n".join(lines)
        if isinstance(reply, r.Definition):
            term = reply.term
            # In Chinese the Chinese name leads, the English one follows it with the other names.
            first = term.zh if (self.lang == "zh" and term.zh) else term.term
            others = [n for n in (term.term, term.zh, *term.aliases) if n and n != first]
            names = t(msg("list.names_joiner")).join(others)
            head = t(msg("face.aside", text=first, aside=names)) if names else first
            out = [self.paint(self.line(head), "bold"), self.wrap(term.definition)]
            if reply.citations:
                out.append(self.refs(reply.citations))
            return "\n".join(out)
        if isinstance(reply, r.References):
            return self.refs(reply.references)
        if isinstance(reply, r.Notice):
            # Line by line as written (the help is one command a line), each within the width.
            text = "\n".join(fill(line, self.width) for line in t(reply.msg).splitlines())
            return self.paint(text, "dim") if reply.level == "info" else text
        if isinstance(reply, r.Progress):
            return ""
        if isinstance(reply, r.Summary):
            return self.summary(reply)
        if isinstance(reply, r.Ended):
            # whether the answers are kept is the face's to say: only the saver knows
            return "" if reply.reason == "done" else t(msg("face.stopped"))
        assert_never(reply)

    def summary(self, s: r.Summary) -> str:
        t = self.say
        verdict = t(msg("summary.passed" if s.passed else "summary.not_passed"))
        line = t(msg("summary.score", score=s.score, verdict=verdict, pass_mark=s.pass_mark, answered=s.answered,
                     total=s.total)) + "".join(t(m) for m in score_qualifiers(s))
        lines = ["", self.paint(t(msg("summary.title", title=s.title)), "bold"), self.line(line)]
        path = path_note(s)
        if path is not None:
            lines.append(self.wrap(t(path)))
        if s.by_topic:
            lines.append(t(msg("summary.by_topic")))
            lines += ["  " + t(msg("face.labelled", label=x.label, text=f"{x.credit:.1f}/{x.questions}"))
                      for x in s.by_topic]
        if s.path:
            lines.append(t(msg("summary.decisions")))
            for p in s.path:
                mark = "✓" if p.followed_recommendation else "✗"
                item = f"  {mark} {p.chosen_text}"
                if not p.followed_recommendation:
                    item = t(msg("face.aside", text=item, aside=msg("summary.recommended", text=p.recommended_text)))
                lines.append(item)
        if s.missed:
            lines.append(t(msg("summary.to_review")))
            for m in s.missed:
                verdict_word = t(msg("summary.skipped_word" if m.verdict == "skipped" else f"verdict.{m.verdict}"))
                head = t(msg("face.aside", text=f"- {m.gid}", aside=verdict_word))
                lines.append(self.wrap(t(msg("face.labelled", label=head, text=m.prompt.strip())), "  "))
                answer = t(msg("face.label_text", label=t(msg("face.answer")), text=t(m.answer)))
                lines.append(self.line(answer, "    "))
                lines.append(self.wrap(m.explanation, "    "))
        return "\n".join(lines)


def score_qualifiers(s: r.Summary) -> list[Msg]:
    """What the score line adds, in every face: skipped questions, and how the session ended."""
    out = [msg("summary.skipped", skipped=s.skipped)] if s.skipped else []
    if s.timed_out:
        out.append(msg("summary.time_ran_out"))
    elif s.finished_early:
        out.append(msg("summary.finished_early"))
    return out


def path_note(s: r.Summary) -> Msg | None:
    """Said when decisions took the session along a path other than the recommended one."""
    if s.planned and s.total != s.planned and not (s.timed_out or s.finished_early):
        return msg("summary.path_shorter", total=s.total, planned=s.planned)
    return None


def reference_line(ref: Reference) -> str:
    parts = [ref.authors, f"({ref.year})" if ref.year else "", ref.title + ".", ref.journal, ref.details]
    text = " ".join(p for p in parts if p)
    if ref.doi:
        text += f" https://doi.org/{ref.doi}"
    elif ref.url:
        text += f" {ref.url}"
    if ref.beyond_review:
        text += " " + say(msg("face.beyond_review"))
    return text
