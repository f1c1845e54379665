"""The screen's key bindings on one line at the bottom, in place of Textual's Footer."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

from ...texts import catalogue
from ..words import lang_of

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
PALETTE_LABEL = "Find quiz"
"""What the palette key says: it finds every quiz (and the references), from any screen."""


def key_words(description: str, lang: str) -> str:
    """A binding's description in `lang`: the catalogue's `app.key.<description in snake case>`,
    so BINDINGS keep their English words and the key bar speaks the app's language; a description
    the catalogue lacks is shown as written."""
    key = "app.key." + "_".join(description.lower().split())
    # This language's words only: a description the screen has already said in it (see
    # words.WordedBindings) is shown as it is, and the English catalogue is never read for it.
    return catalogue(lang).get(key) or description


class KeyBar(Widget):
    """Every shown binding of the screen as `key Description` pairs; a click on one presses it.

    Textual's Footer builds a widget per key and rebuilds them all whenever the bindings
    change, which happens several times while a screen opens: with seven keys that cost about
    a third of the time to the first question. This is one widget that re-renders a line.
    """

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: list[tuple[str, str, bool, str]] = []
        """Each shown key: how it is displayed, its description, whether enabled, the key pressed."""
        self._palette_entry: tuple[str, str, bool, str] | None = None
        self._keys = Content("")
        self._palette = Content("")
        self._palette_key = ""
        self._spans: list[tuple[int, int, str]] = []
        """Where each key's entry starts and ends on the line, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self._lay_out()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        seen: set[str] = set()
        self._entries = []
        self._palette_entry = None
        lang = lang_of(self)
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            is_palette = key == palette_key
            if not is_palette and (not binding.show or binding.action in seen):
                continue  # hidden, or an action already shown (one entry per action, as the Footer)
            description = key_words(PALETTE_LABEL if is_palette else binding.description, lang)
            entry = (binding.key_display or app.get_key_display(binding), description, enabled, binding.key)
            if is_palette:
                self._palette_entry = entry
                continue
            seen.add(binding.action)
            self._entries.append(entry)
        self._lay_out()

    def _lay_out(self) -> None:
        """The line with a space on both sides of each entry; where that does not fit beside the
        palette key, with one space between entries (the keys are bold and coloured, so they still
        part the entries): at 80 columns the chat's seven keys, the language key and the palette
        key fit only so."""
        for tight in (False, True):
            self._spans = []
            start = 0
            keys: list[Content] = []
            for display, description, enabled, key in self._entries:
                entry = self._entry(display, description, enabled, tight)
                self._spans.append((start, start + entry.cell_length, key))
                start += entry.cell_length
                keys.append(entry)
            self._keys = Content("").join(keys)
            palette = self._palette_entry
            self._palette, self._palette_key = (
                (self._entry(*palette[:3], tight), palette[3]) if palette else (Content(""), ""))
            if self._gap() or (not self._palette.cell_length and self._keys.cell_length <= self.size.width):
                break
        self.refresh()

    @staticmethod
    def _entry(display: str, description: str, enabled: bool, tight: bool = False) -> Content:
        dim = "" if enabled else " dim"
        end = "" if tight else " "
        return Content.assemble((f" {display} ", KEY_STYLE + dim), (f"{description}{end}", DESCRIPTION_STYLE + dim))

    def _gap(self) -> int:
        """Spaces between the keys and the palette key at the right; 0 when it does not fit."""
        gap = self.size.width - self._keys.cell_length - self._palette.cell_length
        return gap if gap >= 1 and self._palette.cell_length else 0

    def render(self) -> Content:
        gap = self._gap()
        return self._keys + Content(" " * gap) + self._palette if gap else self._keys

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
        if self._gap() and event.x >= self.size.width - self._palette.cell_length:
            self.app.simulate_key(self._palette_key)
