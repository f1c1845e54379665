"""Background threads leave Ctrl+C to the main thread."""

from __future__ import annotations

import signal

import pytest

from tutor.background import start_thread


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_background_thread_blocks_the_stop_signals_and_the_main_thread_does_not() -> None:
    seen: list[set[int | signal.Signals]] = []
    start_thread(lambda: seen.append(signal.pthread_sigmask(signal.SIG_BLOCK, [])), "test").join()
    assert {signal.SIGINT, signal.SIGTERM} <= seen[0]
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])


def test_the_thread_runs_its_target_with_its_arguments() -> None:
    out: list[int] = []
    thread = start_thread(out.append, "test", 7)
    thread.join()
    assert out == [7] and thread.daemon and thread.name == "test"
