"""A class's results and item analysis as a terminal report, CSV or JSON (the `tutor class` verb is
tutor/commands/class_results.py).

    tutor class DIR                    the report: every question in one table, then the details
                                       of flagged, contested and reported questions, then decisions
    tutor class DIR --all              the details of every question
    tutor class DIR --question ID      the details of one question (case-id/question-id)
    tutor class DIR --csv | --json     one row per question and decision / everything, for scripts
    tutor class DIR --screen           the same in a keyboard-driven screen

The terminal report is plain text that fits 80 columns; colour only on a terminal, never with
NO_COLOR set or TERM=dumb. Student and course text is printed as text, its control characters
made visible. Problems with files go to standard error in CSV and JSON mode, so the output stays
parseable. Exit status: 0 when at least one student was read, 1 when none was.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..safe_text import json_text, one_line, visible
from ..texts import msg, say

if TYPE_CHECKING:  # `tutor` builds its parser at every start: the reading and statistics load on use
    from .class_results import ClassResults
    from .item_analysis import ClassAnalysis, Count, DecisionStats, ItemStats

DEFAULTS = {"min_discrimination": 0.20, "max_facility": 0.90, "min_students": 10}
"""Thresholds' defaults, for the help text: the parser is built at every start of `tutor`, so it
does not import the statistics (a test keeps these equal to `Thresholds()`)."""
WIDTH = 80
SPECIAL_LABELS = {"(skipped)": "class.label.skipped", "(no option)": "class.label.no_option"}
"""The item analysis's own labels among the answers, said in words of the report's language."""
VERDICTS = ("correct", "partial", "incorrect", "unclear", "skipped")
"""Verdicts the reports name in words (`class.verdict.*`)."""
BAR = 10
GID_W = 36


# the terminal report ------------------------------------------------------------------------------

Style = Callable[[str, str], str]


def _styler(stream: TextIO) -> Style:
    tty = getattr(stream, "isatty", lambda: False)()
    colour = tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    codes = {"bold": "1", "warn": "33;1", "bad": "31", "dim": "2"}

    def style(text: str, kind: str) -> str:
        return f"\x1b[{codes[kind]}m{text}\x1b[0m" if colour and kind in codes else text

    return style


def _plain_style(text: str, kind: str) -> str:
    return text


def bar(fraction: float | None, width: int = BAR) -> str:
    if fraction is None:
        return " " * width
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def clip(text: str, width: int) -> str:
    """One line of at most `width` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    indent = len(text) - len(text.lstrip(" "))
    text = " " * indent + " ".join(one_line(text).split())
    if cell_len(text) <= width:
        return text
    while text and cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def plain_markdown(markdown: str) -> str:
    """Course Markdown as plain words on one line (citations and emphasis marks dropped)."""
    return " ".join(re.sub(r"\[@[^\]]*\]|[*_`#>]", "", markdown).split())


def _t(lang: str | None) -> Callable[..., str]:
    """The report's words in `lang` (None: the language in use): `t(key, **parameters)`."""
    return lambda key, **args: say(msg(key, **args), lang)


def _n(key: str, n: int) -> str:
    """The key for a count: `.one` or `.many` (English has plurals; Chinese says both alike)."""
    return f"{key}.one" if n == 1 else f"{key}.many"


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded to `width` terminal cells (a Chinese column header takes two a character)."""
    from ..text_wrap import cells

    room = " " * max(0, width - cells(text))
    return room + text if align == ">" else text + room


def text_report(results: ClassResults, analysis: ClassAnalysis, *, every: bool = False, only: str | None = None,
                style: Style = _plain_style, lang: str | None = None) -> str:
    t = _t(lang)
    lines: list[str] = []
    lines += overview_lines(results, analysis, lang)
    for problem in results.problems:  # wrapped, never cut: each says what to fix in which file
        import textwrap

        for part in textwrap.wrap("! " + one_line(problem), WIDTH, subsequent_indent="  ", break_on_hyphens=False):
            lines.append(style(part, "warn"))
    if only:
        item = next((i for i in analysis.items if i.gid == only), None)
        lines.append("")
        lines += detail_lines(item, style, lang) if item else [t("class.not_answered", gid=one_line(only))]
        return "\n".join(visible(x) for x in lines) + "\n"
    lines.append("")
    lines += table_lines(analysis, style, lang)
    shown = [i for i in analysis.items if every or i.flags or i.remarks]
    if shown:
        lines.append("")
        lines.append(style(t("class.to_look_at") if not every else t("class.every_question"), "bold")
                     + ("" if every else t("class.to_look_at_why")))
        for item in shown:
            lines.append("")
            lines += detail_lines(item, style, lang)
    if analysis.decisions:
        lines.append("")
        lines.append(style(t("class.decisions"), "bold"))
        for d in analysis.decisions:
            lines.append("")
            lines += decision_lines(d, lang)
    return "\n".join(visible(x) for x in lines) + "\n"


def overview_lines(results: ClassResults, analysis: ClassAnalysis, lang: str | None = None) -> list[str]:
    t = _t(lang)
    th = analysis.thresholds
    n_q = len(analysis.items)
    head = t("class.head", students=t(_n("class.students", analysis.students), n=analysis.students),
             files=t(_n("class.files", results.files), n=results.files),
             questions=t(_n("class.questions_answered", n_q), n=n_q))
    if analysis.unanswered:
        head += t("class.not_yet", n=analysis.unanswered)
    lines = [t("class.results", head=head)]
    lines.append(t("class.mean_score", score=pct(analysis.mean_score),
                   flagged=t(_n("class.questions_flagged", len(analysis.flagged)), n=len(analysis.flagged))))
    lines.append(t("class.flagged_when", disc=f"{th.min_discrimination:.2f}", facility=f"{th.max_facility:.2f}",
                   students=th.min_students))
    if results.duplicates:
        lines.append(t("class.duplicates", n=results.duplicates))
    return lines


def table_lines(analysis: ClassAnalysis, style: Style, lang: str | None = None) -> list[str]:
    t = _t(lang)
    from ..text_wrap import cells

    disc_w = max(5, cells(t("class.col.disc")))  # the column as wide as its header in either language
    head = (f"{pad(t('class.col.question'), GID_W)} {pad('n', 4, '>')}  {pad(t('class.col.facility'), BAR + 5)} "
            f"{pad(t('class.col.disc'), disc_w, '>')} {pad('U-L', 5, '>')}  {t('class.col.note')}")
    out = [style(head, "bold")]
    for i in analysis.items:
        note = " ".join(x for x in ("⚑" if i.flags else "", f"{i.contests}c" if i.contests else "",
                                    f"{i.flag_reports}f" if i.flag_reports else "") if x)
        disc = f"{num(i.discrimination):>{disc_w}}"
        if i.discrimination is not None and i.discrimination < 0:
            disc = style(disc, "bad")
        row = (f"{clip(i.gid, GID_W):<{GID_W}} {i.students:>4}  {bar(i.facility)}{pct(i.facility):>5} "
               f"{disc} {num(i.upper_lower):>5}  ")
        out.append(row + (style(note, "warn") if i.flags else note))
    out.append(style(t("class.legend_disc"), "dim"))
    out.append(style(t("class.legend_flags"), "dim"))
    return out


def detail_lines(item: ItemStats, style: Style = _plain_style, lang: str | None = None) -> list[str]:
    t = _t(lang)
    head = t("class.item_head", gid=item.gid, kind=item.kind, quiz=item.quiz_id or t("class.whole_course"),
             students=t(_n("class.students_short", item.students), n=item.students))
    out = [style(clip(head, WIDTH), "bold")]
    for why in item.flag_reasons or item.flags:
        out.append(style(f"  ⚑ {why if isinstance(why, str) else say(why, lang)}", "warn"))
    out.append("  " + clip(plain_markdown(item.prompt), WIDTH - 2))
    out.append("  " + t("class.item_stats", bar=bar(item.facility), facility=pct(item.facility),
                        credit=num(item.mean_credit), disc=num(item.discrimination), ul=num(item.upper_lower)))
    out.append("  " + t("class.item_help", hinted=pct(item.hinted), hints=num(item.mean_hints, 1),
                        seconds=num(item.median_seconds, 0), skipped=item.skipped))
    if item.options:
        out.append("  " + t("class.options"))
        for o in item.options:
            mark = "*" if o.correct else " "
            label = t(SPECIAL_LABELS[o.label]) if o.label in SPECIAL_LABELS else o.label
            out.append(f"   {mark}{o.key or '–':>2} {bar(o.share)} {pct(o.share):>4}  {clip(label, WIDTH - 27)}")
    if not item.options:  # a choice question's wrong answers are its options, shown above
        out += _counts(t("class.wrong_answers"), [dataclasses.replace(c, label=t(SPECIAL_LABELS[c.label]))
                                                  if c.label in SPECIAL_LABELS else c for c in item.wrong_answers])
    from .item_analysis import Count

    out += _counts(t("class.misconceptions"), [Count(c.key, f"{c.key}: {plain_markdown(c.label)}", c.count, c.share)
                                                for c in item.misconceptions])
    for r in item.remarks:
        if r.kind == "contest":
            verdict = t(f"class.verdict.{r.verdict}") if r.verdict in VERDICTS else r.verdict
            said = t("class.contest", student=r.student, answer=r.answer, verdict=verdict)
            out.append(clip(f"  {said}" + (t("class.comment", comment=r.comment) if r.comment else ""), WIDTH))
        else:
            out.append(clip("  " + t("class.flag", student=r.student, comment=r.comment), WIDTH))
    return out


def _counts(title: str, counts: list[Count]) -> list[str]:
    if not counts:
        return []
    out = [f"  {title}"]
    for c in counts:
        out.append(clip(f"   {c.count:>4}× {c.label}", WIDTH))
    return out


def decision_lines(d: DecisionStats, lang: str | None = None) -> list[str]:
    t = _t(lang)
    students = t(_n("class.students_short", d.students), n=d.students)
    out = [clip(t("class.decision_head", id=f"{d.case_id}/{d.step_id}", students=students,
                  prompt=plain_markdown(d.prompt)), WIDTH)]
    for c in d.choices:
        mark = "*" if c.correct else " "
        out.append(f"  {mark} {bar(c.share)} {pct(c.share):>4}  {clip(c.label, WIDTH - 22)}")
    return out


# CSV and JSON ------------------------------------------------------------------------------------

CSV_FIELDS = (
    "kind", "id", "quiz", "students", "correct", "facility", "mean_credit", "discrimination", "upper_lower",
    "hinted", "mean_hints", "median_seconds", "skipped", "contests", "flag_reports", "flagged", "wrong_answers",
    "misconceptions", "options",
)
"""One row per question (kind = its question kind) and per decision (kind = decision, id =
case-id/step-id, options = each choice's share). Lists are `count× text` joined by ` | `;
options are `letter share` with `*` on the right one."""


def csv_report(analysis: ClassAnalysis, lang: str | None = None) -> str:
    """The CSV; its header row in `lang` (English: the field names scripts read, as always)."""
    import csv
    import io

    from ..store.csv_cells import MARK_FIELD, neutralise
    from ..texts import active_language

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=(*CSV_FIELDS, MARK_FIELD), lineterminator="\r\n")
    if (lang or active_language()) == "en":
        writer.writeheader()
    else:
        t = _t(lang)
        writer.writerow({f: t(f"class.csv.{f}") for f in (*CSV_FIELDS, MARK_FIELD)})

    def joined(counts: list[Count]) -> str:
        return " | ".join(f"{c.count}× {one_line(c.label)}" for c in counts)

    def shares(counts: list[Count]) -> str:
        return " | ".join(f"{c.key or '-'}{'*' if c.correct else ''} {c.share:.3f}" for c in counts)

    for i in analysis.items:
        row = {
            "kind": i.kind, "id": i.gid, "quiz": i.quiz_id, "students": i.students, "correct": i.correct,
            "facility": _r(i.facility), "mean_credit": _r(i.mean_credit), "discrimination": _r(i.discrimination),
            "upper_lower": _r(i.upper_lower), "hinted": _r(i.hinted), "mean_hints": _r(i.mean_hints),
            "median_seconds": _r(i.median_seconds, 1), "skipped": i.skipped, "contests": i.contests,
            "flag_reports": i.flag_reports, "flagged": "; ".join(i.flags), "wrong_answers": joined(i.wrong_answers),
            "misconceptions": " | ".join(f"{c.count}× {c.key}" for c in i.misconceptions),
            "options": shares(i.options),
        }
        # Students' answers reach a spreadsheet here: a cell such as `=HYPERLINK(...)` is made text.
        writer.writerow(neutralise(row))
    for d in analysis.decisions:
        writer.writerow(neutralise({"kind": "decision", "id": f"{d.case_id}/{d.step_id}", "students": d.students,
                                    "options": shares(d.choices)}))
    return out.getvalue()


def _r(value: float | None, digits: int = 4) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def json_report(results: ClassResults, analysis: ClassAnalysis) -> str:
    import json
    from dataclasses import asdict
    doc = {
        "students": [
            {"id": s.id, "name": s.name, "files": [str(p) for p in s.sources], "answers": len(s.attempts),
             "first_answers": len(first := s.first_answers()),
             "mean_credit": (sum(a.record.credit for a in first.values()) / len(first)) if first else None,
             "contests": len(s.contests), "flags": len(s.flags), "sessions": len(s.sessions)}
            for s in results.students
        ],
        "problems": results.problems,
        "files": results.files,
        "duplicates": results.duplicates,
        "thresholds": asdict(analysis.thresholds),
        "mean_score": analysis.mean_score,
        "unanswered": analysis.unanswered,
        "items": (items := [asdict(i) for i in analysis.items]),
        "decisions": [asdict(d) for d in analysis.decisions],
    }
    for item in items:
        item.pop("flag_reasons", None)  # the words of `flags`, for the text report; JSON keeps its English
    return json_text(json.dumps(doc, ensure_ascii=False, indent=1)) + "\n"
