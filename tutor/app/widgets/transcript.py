"""The chat's transcript: a scrolling column of entries that keeps to its end while the learner does."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll


class Transcript(VerticalScroll):
    """A VerticalScroll that remembers whether it was at its end.

    Shrinking the window makes the content taller than the view without moving the scroll
    position, so a transcript that was following the conversation would be left on an old
    message. One scrolled back by the learner stays where they put it.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.following = True
        """At the end (or following it) when last scrolled."""

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.following = new_value >= self.max_scroll_y

    def on_resize(self, event: events.Resize) -> None:
        if self.following:
            self.call_after_refresh(self.scroll_end, animate=False, immediate=True)
