"""Stats as plain text sections, shared by the stats screen, plain mode and `tutor progress stats`.

Everything returned is plain text (no markup): learner and course text inside it must be shown
with markup parsing off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .stats import Stats

BAR = 20


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _plain(markdown: str, limit: int) -> str:
    """Course Markdown reduced to one short plain line."""
    text = re.sub(r"\[@[^\]]*\]|[*_`#>]", "", markdown)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _label(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def stats_sections(stats: Stats, *, width: int = 78) -> list[Section]:
    label_w = 24
    out: list[Section] = []
    answers = "1 answer" if stats.attempts == 1 else f"{stats.attempts} answers"
    head = f"{answers} stored · {stats.due} due for review now · {stats.new} questions not yet tried"
    out.append(Section("Overview", (head,)))

    def mastery_lines(rows: list[Any]) -> tuple[str, ...]:
        lines = []
        for t in rows:
            shown = f"{t.mastery:4.0%}" if t.answered else "  – "
            lines.append(f"{_label(t.label, label_w):<{label_w}} {bar(t.mastery if t.answered else 0)} {shown}"
                         f"  {t.answered}/{t.questions} tried")
        return tuple(lines) or ("No questions yet.",)

    out.append(Section("Mastery by topic (latest answers)", mastery_lines(stats.topics)))
    if stats.themes:
        out.append(Section("By theme", mastery_lines(stats.themes)))

    if stats.days:
        lines = [f"{d.day}  {bar(d.accuracy)} {d.accuracy:4.0%}  {d.attempts} answers" for d in stats.days[-14:]]
        out.append(Section("Accuracy over time (first answers, per day)", tuple(lines)))
    else:
        out.append(Section("Accuracy over time (first answers, per day)", ("No answers yet.",)))

    peak = max((f.due for f in stats.forecast), default=0)
    forecast = []
    for i, f in enumerate(stats.forecast):
        name = "today" if i == 0 else ("tomorrow" if i == 1 else f.day)
        forecast.append(f"{name:<10} {bar(f.due / peak if peak else 0, 14)} {f.due}")
    out.append(Section("Due in the next 14 days", tuple(forecast)))

    if stats.misconceptions:
        lines = []
        for m in stats.misconceptions:
            where = "(question removed)" if m.removed else _plain(m.prompt, max(20, width - 8))
            lines.append(f"{m.count:>3}×  {m.misconception} — {m.gid}")
            lines.append(f"      {where}")
        out.append(Section("Misconceptions you fall for most", tuple(lines)))
    else:
        out.append(Section("Misconceptions you fall for most", ("None so far.",)))

    notes = []
    if stats.edited:
        notes.append(f"{len(stats.edited)} questions were edited since you answered them; "
                     "their history is from an older version.")
    if stats.removed:
        notes.append(f"{len(stats.removed)} questions you answered are no longer in the course: "
                     + ", ".join(stats.removed[:5]) + ("…" if len(stats.removed) > 5 else ""))
    if notes:
        out.append(Section("Notes", tuple(notes)))
    return out


def stats_text(stats: Stats, *, width: int = 78) -> str:
    parts = []
    for s in stats_sections(stats, width=width):
        parts.append(s.title)
        parts.extend(f"  {line}" for line in s.lines)
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
