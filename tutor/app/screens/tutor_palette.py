"""Textual's command palette, saying its own two phrases (the search line's placeholder and "No
matches found") in the app's language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option


class TutorPalette(CommandPalette):
    """The palette Textual opens, with its placeholder and no-matches line given by the app.

    Textual takes the placeholder as an argument, but writes "No matches found" inside the
    countdown that shows it; that countdown is redone here with the app's words (it relies on
    the palette's private parts, which the pinned Textual version fixes; a test opens the palette
    in Chinese and searches for nothing that exists)."""

    def __init__(self, *, placeholder: str, no_matches: str) -> None:
        super().__init__(placeholder=placeholder, id="--command-palette")
        self.no_matches = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def say_none_found() -> None:
            if not search_value:  # the empty search lists what can be discovered: nothing to say
                self._list_visible = False
                return
            line = Align.center(Text(self.no_matches, style="not bold"))
            self.query_one(CommandList).add_option(Option(line, disabled=True, id=self._NO_MATCHES))
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, say_none_found)
