"""Something slow to build, built on first use or by a thread started early."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from .background import start_thread

T = TypeVar("T")


class Deferred(Generic[T]):
    """Something slow to build (the grader, the progress store): built on first use, or by a
    warm-up thread once the first screen is drawn.

    Importing the grading pipeline, indexing the glossary and opening SQLite take longer than
    drawing the first question, so start-up does not wait for them; the learner is reading.
    """

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._real: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        with self._lock:
            if self._real is None:
                self._real = self._factory()
            return self._real

    @property
    def ready(self) -> bool:
        return self._real is not None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.get(), name)

    def build_in_background(self) -> None:
        """Start building it now, on a thread, so that its first use does not wait (as long)."""
        start_thread(self.get, "deferred-build")
