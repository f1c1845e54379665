"""WCAG 2 contrast of what a screen draws: every segment of text, as the terminal gets it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.color import Color as RichColor
from textual.app import App
from textual.color import Color
from textual.screen import ModalScreen

AA_TEXT = 4.5
"""WCAG 2.x level AA for normal text."""


def luminance(color: Color) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@dataclass(frozen=True)
class Drawn:
    text: str
    fg: Color
    bg: Color

    @property
    def ratio(self) -> float:
        return contrast(self.fg, self.bg)


def _colour(color: RichColor | None, default: Color) -> Color:
    if color is None or color.is_default:
        return default
    r, g, b = color.get_truecolor()
    return Color(r, g, b)


def drawn_text(app: App[Any]) -> list[Drawn]:
    """Each run of text on the screen (letters or digits in it) with the colours it is drawn in,
    after the app's own line filters (dim text is drawn as a blend of its colours)."""
    screen = app.screen
    background = Color.parse(app.current_theme.background or "black")
    foreground = Color.parse(app.current_theme.foreground or "white")
    # Over a dialog, the screen beneath is dimmed on purpose: inactive, so only the dialog counts.
    areas = [child.region for child in screen.children] if isinstance(screen, ModalScreen) else [screen.region]
    out: list[Drawn] = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        for line_filter in app.get_line_filters():
            strip = strip.apply_filter(line_filter, background)
        x = 0
        for segment in strip:
            style, at = segment.style, x
            x += segment.cell_length
            if style is None or not any(ch.isalnum() for ch in segment.text):
                continue
            if not any(area.contains(at, y) for area in areas):
                continue
            fg, bg = _colour(style.color, foreground), _colour(style.bgcolor, background)
            if style.reverse:
                fg, bg = bg, fg
            out.append(Drawn(segment.text.strip(), fg, bg))
    return out


def too_faint(app: App[Any], minimum: float = AA_TEXT) -> list[str]:
    """Text drawn below the contrast `minimum`, one line each: ratio, colours, text."""
    return sorted({f"{d.ratio:.2f}:1 {d.fg.hex} on {d.bg.hex}: {d.text[:40]!r}"
                   for d in drawn_text(app) if d.ratio < minimum})
