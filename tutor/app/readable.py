"""Theme colours made readable as text: WCAG AA contrast against every background text sits on.

Textual's own themes draw some text below AA: in textual-light the accent (headings, the notice)
is orange on light grey at about 1.5:1 and the footer's key letters blue on grey at about 2.9:1;
in textual-dark the error red is about 3.4:1. Each colour here keeps its hue and is moved toward
black (light themes) or white (dark ones) only as far as it must.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.color import Color, ColorParseError

AA_TEXT = 4.6
"""WCAG AA asks 4.5:1 for text; a little more, so rounding in a terminal's colours never drops below."""

TEXT_ON = ("background", "surface", "panel")
"""The backgrounds the app draws text on: screens, the answer line and dialogs, header and key bar."""

TEXT_COLOURS = ("text-accent", "text-warning", "text-success", "text-error", "text-primary",
                "footer-key-foreground", "foreground-muted")
"""Variables used as text colours (by the app's stylesheet, the key bar and Textual's header)."""


def luminance(colour: Color) -> float:
    """WCAG 2 relative luminance."""

    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.r) + 0.7152 * linear(colour.g) + 0.0722 * linear(colour.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: Color, backgrounds: Sequence[Color], minimum: float = AA_TEXT) -> Color:
    """`colour`, or the nearest blend of it toward black or white that reaches `minimum` on every
    one of `backgrounds`."""
    target = Color(0, 0, 0) if sum(map(luminance, backgrounds)) / len(backgrounds) > 0.18 else Color(255, 255, 255)
    for step in range(21):
        candidate = colour.blend(target, step / 20)
        if min(contrast(candidate, bg) for bg in backgrounds) >= minimum:
            return candidate
    return target


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The text colours of a theme's CSS variables that need changing, changed."""
    try:
        backgrounds = [Color.parse(variables[name]) for name in TEXT_ON]
    except (KeyError, ColorParseError):
        return {}
    out: dict[str, str] = {}
    for name in TEXT_COLOURS:
        try:
            colour = Color.parse(variables[name])
        except (KeyError, ColorParseError):  # "auto 60%" and the like: Textual picks a contrast colour
            continue
        # A colour with alpha is drawn blended with what is behind it, so it is judged that way.
        if min(contrast(bg + colour, bg) for bg in backgrounds) < AA_TEXT:
            out[name] = readable(backgrounds[0] + colour, backgrounds).hex
    cursor = readable_bar(variables.get("block-cursor-background", ""), variables.get("block-cursor-foreground", ""))
    if cursor is not None:
        out["block-cursor-background"] = cursor.hex
    return out


def readable_bar(background: str, foreground: str) -> Color | None:
    """The highlighted line of a list (its text colour is fixed, often "auto 87%", the theme's
    choice of contrasting text): a darker or lighter bar if its text is below AA, else None."""
    try:
        bar = Color.parse(background)
    except ColorParseError:
        return None
    auto, _, alpha = foreground.partition(" ")

    def text_on(b: Color) -> Color:
        if auto == "auto":
            return b + b.get_contrast_text(float(alpha.rstrip("%")) / 100 if alpha else 1.0)
        return b + Color.parse(foreground)

    try:
        light_text = luminance(text_on(bar)) > luminance(bar)
    except (ColorParseError, ValueError):
        return None
    target = Color(0, 0, 0) if light_text else Color(255, 255, 255)
    for step in range(21):
        candidate = bar.blend(target, step / 20)
        if contrast(text_on(candidate), candidate) >= AA_TEXT:
            return None if step == 0 else candidate
    return target
