"""Start the Textual app: load the course (from cache when possible), then run."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.store import Store


def run_app(args: argparse.Namespace, quiz_id: str | None = None) -> int:
    # Importing the app and drawing its first screen makes many thousands of objects and no
    # garbage worth collecting: with the cyclic collector paused the first question appears about
    # 8% sooner (Textual pauses it while scrolling, for the same reason). TutorApp turns it back
    # on once the first screen has settled; `finally` makes sure of it.
    gc.disable()
    try:
        return _run(args, quiz_id)
    finally:
        gc.enable()


def _run(args: argparse.Namespace, quiz_id: str | None) -> int:
    from ..course.result import LoadResult
    from ..session import open_course
    from ..texts import active_language

    folders = list(getattr(args, "content", []) or [])
    only = getattr(args, "only", False)

    def course_in(lang: str) -> tuple[LoadResult, Callable[[], object]]:
        """The course with its texts in `lang`, and how to build its grader (on the app's threads)."""
        result = open_course(folders, only=only, lang=lang)

        def grader() -> object:
            from ..grading import Grader

            return Grader.for_course(result.course).warm()  # built in the warm-up thread, off the event loop

        return result, grader

    lang = getattr(args, "lang", None) or active_language()  # chosen by the CLI (tutor/texts/language.py)
    result, grader = course_in(lang)

    def store() -> Store:
        from ..store import open_store

        return open_store()

    from ..deferred import Deferred
    from .app import TutorApp

    handle = Deferred(store)
    app = TutorApp(result, grader, quiz_id=quiz_id, store=handle, lang=lang, reopen=course_in)
    try:
        app.run()
    finally:
        # After the screen is restored, so it can be read: where answers that could not be saved went.
        for ending in app.end_saving():
            print(ending.text, file=sys.stderr)
        if handle.ready:
            handle.get().close()
    return 0
