"""The screen's key bindings on one line at the bottom, in place of Textual's Footer."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
PALETTE_LABEL = "Find quiz"
"""What the palette key says: it finds every quiz (and the references), from any screen."""


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

    def _bindings_changed(self, screen: Screen[object]) -> None:
        app = self.app
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        keys: list[Content] = []
        seen: set[str] = set()
        self._palette = Content("")
        self._spans = []
        start = 0
        for key, (_node, binding, enabled, _tooltip) in screen.active_bindings.items():
            is_palette = key == palette_key
            if not is_palette and (not binding.show or binding.action in seen):
                continue  # hidden, or an action already shown (one entry per action, as the Footer)
            description = PALETTE_LABEL if is_palette else binding.description
            entry = self._entry(binding.key_display or app.get_key_display(binding), description, enabled)
            if is_palette:
                self._palette, self._palette_key = entry, binding.key
                continue
            seen.add(binding.action)
            self._spans.append((start, start + entry.cell_length, binding.key))
            start += entry.cell_length
            keys.append(entry)
        self._keys = Content("").join(keys)
        self.refresh()

    @staticmethod
    def _entry(display: str, description: str, enabled: bool) -> Content:
        dim = "" if enabled else " dim"
        return Content.assemble((f" {display} ", KEY_STYLE + dim), (f"{description} ", DESCRIPTION_STYLE + dim))

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
