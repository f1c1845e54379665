"""What the Moodle XML, GIFT and Anki exports share: the questions in course order, their texts
with citations resolved, snapped credits, and the feedback that travels with each answer."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from ..course.citations import CITATION, inline_keys
from ..engine.paths import context
from ..model import NOTE_MARKERS, Case, Course, Expectation, Question, without_marks
from ..text_render import reference_line

# Moodle's importer accepts only these grades (question_bank::fraction_options_full in
# question/engine/bank.php): fractions p/q for q <= 6, p/10, 1/q for q <= 10, 1/20, and their
# negatives, written to 7 decimal places; any other grade makes it refuse the question.
MOODLE_FRACTIONS: tuple[float, ...] = (
    1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0,
)
MOODLE_GRADES: tuple[float, ...] = MOODLE_FRACTIONS + tuple(-f for f in reversed(MOODLE_FRACTIONS[:-1]))

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Content text without control characters, which no quiz format may carry (XML forbids them)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def markdown_text(text: str) -> str:
    """Course text for a Markdown field: `&` and `<` escaped, so HTML in a course file shows as the
    text it is (as it does in the tutor) and never becomes markup on the site that imports it."""
    return clean(text).replace("&", "&amp;").replace("<", "&lt;")


def snap_credit(credit: float) -> float:
    """The Moodle grade nearest to `credit` (a fraction); a tie goes to the lower grade, never more credit."""
    return min(MOODLE_GRADES, key=lambda g: (abs(g - credit), g))


def percent(fraction: float) -> str:
    """A Moodle grade as its importers read it: `100`, `50`, `83.33333`, `-50`."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def number(x: float) -> str:
    """A number without float noise: 0.8999999999 becomes 0.9."""
    return f"{x:.10g}"


@dataclass
class Answer:
    """One answer a quiz format can match literally: its text, its grade and its feedback (Markdown)."""

    text: str
    fraction: float
    feedback: str = ""


@dataclass
class ExportWarning:
    """Something an export had to change, reported at the author's line."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Exporter:
    """Reads a course for the quiz formats; each format writes what it gets from here."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.warnings: list[ExportWarning] = []

    # the course, in order -----------------------------------------------------------------------

    def cases(self) -> list[Case]:
        """Cases in course order; a case that validation rejected is left out, as the tutor never starts it."""
        return [c for c in self.course.cases.values() if c.id not in self.course.rejected]

    def questions(self) -> list[Question]:
        return [q for c in self.cases() for q in c.questions]

    def category(self, case: Case) -> list[str]:
        """Where a case's questions go in a question bank: course, topic (the modality), case."""
        info = self.course.info
        topic = self.course.tags.get(self.course.topic(case))
        return [
            info.title if info else "Tutor course",
            topic.label if topic else self.course.topic(case),
            case.title,
        ]

    def tags(self, q: Question) -> list[str]:
        case = self.course.cases.get(q.case_id)
        return list(dict.fromkeys([*(case.tags if case else ()), *q.tags]))

    # texts --------------------------------------------------------------------------------------

    def cites(self, text: str) -> str:
        """`[@key]` written as the reference's label, `[1]` or `[†key]`, as the tutor shows it."""

        def label(m: re.Match[str]) -> str:
            ref = self.course.references.get(m.group(1))
            return ref.label if ref else m.group(0)

        return markdown_text(CITATION.sub(label, text) if "[@" in text else text).strip()

    def context(self, q: Question) -> str:
        """The case so far, as a learner reads it before the question (the recommended path)."""
        case = self.course.cases.get(q.case_id)
        if case is None:
            return ""
        steps = context(case, q.step_id)
        body = "\n\n".join(self.cites(s.text) for s in steps if s.text)
        title = f"**{markdown_text(case.title)}**"
        return f"{title}\n\n{body}" if body else title

    def prompt(self, q: Question, *, graded: bool = True) -> str:
        """The question itself, with what the learner is told beside it in the tutor. `graded`: for a
        quiz that grades a typed number, which must be told the unit (a flashcard need not be)."""
        text = self.cites(q.prompt)
        if q.kind == "list":
            text += f" (Name {q.need}.)"
        if graded and q.kind == "numeric" and q.numeric is not None:
            unit = dataclasses.replace(q.numeric, low=0.0, high=0.0, is_range=False).label[1:].strip()
            text += f" (Give one number, in {unit}.)" if unit else " (Give one number.)"
        return text

    def question_text(self, q: Question, *, graded: bool = True) -> str:
        return f"{self.context(q)}\n\n{self.prompt(q, graded=graded)}"

    def keys(self, q: Question) -> list[str]:
        """Every reference the question's texts cite, in order of first mention."""
        keys: list[str] = [*q.cite, *inline_keys(q.explanation)]
        for m in q.misconceptions:
            keys += [*inline_keys(m.feedback), *m.cite]
        for p in q.partial:
            keys += inline_keys(p.feedback)
        for o in q.options:
            keys += inline_keys(o.feedback)
        for n in q.notes:
            keys += [*inline_keys(n.text), *n.cite]
        return [k for k in dict.fromkeys(keys) if k in self.course.references]

    def reference_lines(self, q: Question) -> list[str]:
        """Each cited source in full, `[1] Khan, F. ... (2021) Venous Thromboembolism. ...` (plain text)."""
        refs = (self.course.references[k] for k in self.keys(q))
        return [clean(f"{r.label} {reference_line(r)}") for r in refs]

    def notes(self, q: Question) -> list[str]:
        return [f"*{NOTE_MARKERS[n.kind]}:* {self.cites(n.text)}" for n in q.notes]

    def answer_line(self, q: Question) -> str:
        if q.kind == "list":
            parts = "; ".join(markdown_text(e.label) for e in q.expectations)
            return f"**Answer** (any {q.need} of {len(q.expectations)}): {parts}"
        return f"**Answer:** {markdown_text(q.answer_label)}"

    def general_feedback(self, q: Question, *, key: bool = False) -> str:
        """The answer, the explanation, the marked notes and the full reference lines, as Markdown.

        With `key`, also every answer the tutor accepts for each part (for formats whose only place for
        a hand-graded question's key is the feedback)."""
        blocks = [self.answer_line(q), self.cites(q.explanation), *self.notes(q)]
        if key:
            blocks.append(self.list_key(q))
        refs = self.reference_lines(q)
        if refs:
            blocks.append("**References**\n\n" + "\n".join(f"- {markdown_text(line)}" for line in refs))
        return "\n\n".join(b for b in blocks if b)

    def list_key(self, q: Question) -> str:
        """A list question's key for grading by hand: each part with the answers accepted for it."""
        lines = [f"Full credit needs {q.need} of these {len(q.expectations)} parts, in any order:"]
        lines += [f"- {markdown_text(e.label)}: {markdown_text(' / '.join(accepted(e)))}" for e in q.expectations]
        for p in q.partial:
            fraction = self.fraction(p.credit, p.loc)
            fb = f" ({self.cites(p.feedback)})" if p.feedback else ""
            alts = markdown_text(" / ".join(plain(a) for a in p.accept))
            lines.append(f"- partial credit ({percent(fraction)}%): {alts}{fb}")
        for m in q.misconceptions:
            alts = markdown_text(" / ".join(plain(a) for a in m.match))
            lines.append(f"- misconception, no credit: {alts} ({self.cites(m.feedback)})")
        return "\n".join(lines)

    # grades -------------------------------------------------------------------------------------

    def fraction(self, credit: float, where: object) -> float:
        """A credit as a Moodle grade; a credit Moodle would refuse is snapped, and the change reported."""
        snapped = snap_credit(credit)
        if abs(snapped - credit) >= 0.00001:
            self.warnings.append(ExportWarning(
                str(where), f"partial credit {number(credit)} exported as {percent(snapped)}%, "
                            "the nearest grade Moodle accepts"))
        return snapped

    def text_answers(self, q: Question) -> list[Answer]:
        """A short question's answers for literal matching: accepted (full credit), partial (snapped
        credit, with feedback), misconceptions (no credit, with their feedback). A text listed twice
        keeps its first, highest, grade: Moodle grades by the first answer that matches."""
        out: list[Answer] = []
        for e in q.expectations:
            out += [Answer(a, 1.0) for a in accepted(e)]
        for p in q.partial:
            fraction = self.fraction(p.credit, p.loc)
            out += [Answer(plain(a), fraction, self.cites(p.feedback)) for a in p.accept]
        for m in q.misconceptions:
            out += [Answer(plain(a), 0.0, self.cites(m.feedback)) for a in m.match]
        seen: set[str] = set()
        unique: list[Answer] = []
        for a in out:
            k = " ".join(a.text.casefold().split())
            if a.text and k not in seen:
                seen.add(k)
                unique.append(a)
        return unique

    def numeric_answers(self, q: Question) -> list[tuple[float, float, float]]:
        """(value, tolerance, fraction) for a numeric question: the key, then any partial answer that
        is a plain number. A range becomes its midpoint with half its width as tolerance, so any number
        in the range (widened by the key's tolerance) is right, which is how Moodle reads `min..max`."""
        n = q.numeric
        if n is None:
            return []
        mid = (n.low + n.high) / 2
        out = [(mid, (n.high - n.low) / 2 + n.tolerance, 1.0)]
        for p in q.partial:
            for a in p.accept:
                try:
                    value = float(plain(a))
                except ValueError:
                    continue
                out.append((value, n.tolerance, self.fraction(p.credit, p.loc)))
        return out


def plain(text: str) -> str:
    """An accepted answer as a learner would type it: no grading marks, no control characters."""
    return " ".join(clean(without_marks(text)).split())


def accepted(e: Expectation) -> list[str]:
    return [plain(a) for a in e.accept if plain(a)]


@dataclass
class Exported:
    """A written export: its text (for the text formats), how many questions it holds, what changed."""

    text: str
    questions: int
    warnings: list[ExportWarning]


def category_path(names: list[str]) -> str:
    """A question-bank category as Moodle's importers read it; a `/` inside a name is written `//`."""
    return "$course$/top/" + "/".join(clean(n).replace("/", "//") for n in names)
