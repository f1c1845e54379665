"""The answer line: an Input that never drops a paste without saying so."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from ..words import words


class AnswerInput(Input):
    """Textual's Input refuses a whole paste that would pass `max_length`, and keeps only the
    first line of one with several: both silently. Here a paste is joined into one line, cut to
    what fits, and the learner is told when it was cut."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would paste the first line again
        text = " ".join(line.strip() for line in event.text.splitlines() if line.strip())
        if not text:
            return
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        room = self.max_length - (len(self.value) - (end - start)) if self.max_length else len(text)
        if len(text) > room:
            text = text[: max(0, room)]
            self.notify(words(self, "app.chat.cut", limit=f"{self.max_length:,}"), severity="warning", markup=False)
        if text:
            self.replace(text, start, end)

    def restricted(self) -> None:
        """A key typed past the limit: say why nothing appears."""
        super().restricted()
        if self.max_length and len(self.value) >= self.max_length:
            self.notify(words(self, "app.chat.too_long", limit=f"{self.max_length:,}"), severity="warning",
                        markup=False)
