"""`tutor export gift`: the course as GIFT, Moodle's plain-text question format.

The kinds map as in Moodle XML (see export_moodle). GIFT has no grader information, so a list
question's key for grading by hand is written into its general feedback.
"""

from __future__ import annotations

from ..model import Course, Question
from .export_common import Exported, Exporter, category_path, number, percent

# GIFT's own escapes, as Moodle's exporter writes them (qformat_gift::repchar).
_TEXT = str.maketrans({
    "\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n", "\r": "",
})
# In feedback the same, except = ~ { }: some GIFT readers end a feedback at any of them, escaped or
# not, so they are written as HTML character references, which Moodle's Markdown shows as the same
# character. The `#` inside a reference is escaped like any other.
_FEEDBACK = str.maketrans({
    "\\": "\\\\", "#": "\\#", ":": "\\:", "\n": "\\n", "\r": "",
    "=": "&\\#61;", "~": "&\\#126;", "{": "&\\#123;", "}": "&\\#125;",
})


def gift_text(text: str) -> str:
    return text.translate(_TEXT)


def gift_feedback(text: str) -> str:
    return text.translate(_FEEDBACK)


def export_gift(course: Course) -> Exported:
    ex = Exporter(course)
    blocks: list[str] = []
    count = 0
    for case in ex.cases():
        if not case.questions:
            continue
        blocks.append(f"$CATEGORY: {category_path(ex.category(case))}")
        for q in case.questions:
            blocks.append(_question(ex, q))
            count += 1
    return Exported("\n\n".join(blocks) + "\n", count, ex.warnings)


def _question(ex: Exporter, q: Question) -> str:
    # A blank line ends a question in GIFT, so every text is on one line (`\n` inside it).
    head = f"// {q.gid} ({q.kind})\n::{gift_text(q.gid)}::[markdown]{gift_text(ex.question_text(q))}"
    lines: list[str] = []
    if q.kind == "short":
        for a in ex.text_answers(q):
            weight = "" if a.fraction == 1.0 else f"%{percent(a.fraction)}%"
            # `*` is Moodle's wildcard in short answers; a literal one is written `\*`.
            text = gift_text(a.text.replace("*", "\\*"))
            lines.append(f"={weight}{text}" + (f"#{gift_feedback(a.feedback)}" if a.feedback else ""))
    elif q.kind == "numeric":
        answers = ex.numeric_answers(q)
        if len(answers) == 1:
            value, tolerance, _ = answers[0]
            lines.append(f"#{number(value)}:{number(tolerance)}")
        else:
            lines.append("#")
            for value, tolerance, fraction in answers:
                weight = "" if fraction == 1.0 else f"%{percent(fraction)}%"
                lines.append(f"={weight}{number(value)}:{number(tolerance)}")
    elif q.kind == "choice":
        for o in q.options:
            mark = "=" if o.correct else "~"
            fb = ex.cites(o.feedback)
            lines.append(f"{mark}{gift_text(ex.cites(o.text))}" + (f"#{gift_feedback(fb)}" if fb else ""))
    # a list question is an essay: no answers, the key in the general feedback
    general = ex.general_feedback(q, key=q.kind == "list")
    lines.append(f"####{gift_feedback(general)}")
    return head + "{\n" + "\n".join(lines) + "\n}"

