"""Threads that work in the background and never take the signals meant for the main thread."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

_FOR_THE_MAIN_THREAD = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT}


def start_thread(target: Callable[..., Any], name: str, *args: Any, daemon: bool = True) -> threading.Thread:
    """Start `target(*args)` on a thread that blocks Ctrl+C and the other stop signals.

    The kernel hands a process's signal to any thread that does not block it. Python runs the
    handler on the main thread, but only when that thread runs again: a main thread waiting in
    `read()` for the learner's next line would not wake, and Ctrl+C was lost (plain mode ended at
    end of input, with status 0)."""

    def run() -> None:
        if hasattr(signal, "pthread_sigmask"):
            signal.pthread_sigmask(signal.SIG_BLOCK, _FOR_THE_MAIN_THREAD)
        target(*args)

    thread = threading.Thread(target=run, name=name, daemon=daemon)
    thread.start()
    return thread
