"""Start-up, memory and time per turn, each against its floor, measured in one run.

1. Median wall time from process start to the first question on screen (headless), for the
   tutor on the built-in course, against a bare Textual app (header, input, footer) started
   the same way: each child prints a line once its first frame is drawn, and the time is taken
   when that line arrives. Target: at most 1.3x. The time to process exit is printed too.
2. Peak memory (max RSS) of each. Target: at most 80 MiB for the tutor.
3. A 500-answer session in the app (headless, dialogue on): median time per turn of the last
   hundred answers against the first hundred. Target: at most 1.2.

    python bench/startup.py [runs]
"""

from __future__ import annotations

import asyncio
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import tutor

BARE = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Footer, Header, Input

    class Bare(App):
        def compose(self):
            yield Header()
            yield Input()
            yield Footer()

        def on_mount(self):
            self.call_after_refresh(self.shown)

        def shown(self):  # the first frame has been drawn
            print("first question shown", flush=True)
            self.exit()

    Bare().run(headless=True)
""")

TUTOR = textwrap.dedent("""
    import argparse
    import tutor.app.app as app_module
    from tutor.app import run as run_module
    from tutor.app.app import TutorApp
    from tutor.app.widgets.chat_entry import TutorEntry

    def entry_mounted(entry):  # the question's entry is in place: the next frame draws it
        if entry.has_class("question") and not entry.app.question_mounted:
            entry.app.question_mounted = True
            entry.app.call_after_refresh(entry.app.shown)

    TutorEntry.on_mount = entry_mounted

    class FirstQuestion(TutorApp):
        question_mounted = False

        def shown(self):
            print("first question shown", flush=True)
            self.exit()

        def run(self, **kwargs):
            return super().run(headless=True)

    app_module.TutorApp = FirstQuestion  # run_app imports it from there
    run_module.run_app(argparse.Namespace(), quiz_id="starter")
""")



def run_child(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from spawn to the first question drawn, and from spawn to exit."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)
        path = f.name
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, path], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the child prints it (flushed) once the frame is drawn
        shown = time.perf_counter() - t0
        out, err = proc.communicate()
        ended = time.perf_counter() - t0
        if proc.returncode or b"first question shown" not in line:  # a crash is no start-up time
            raise SystemExit(f"child failed: {err.decode()[-2000:]}")
        return shown, ended
    finally:
        os.unlink(path)


def peak_rss(code: str, env: dict[str, str]) -> float:
    """Peak RSS in MiB of one run of `code`, measured by a wrapper process of its own."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)  # a file, not -c: Textual finds an app's stylesheet beside its source
    wrapper = textwrap.dedent(f"""
        import resource, subprocess, sys
        subprocess.run([sys.executable, {f.name!r}], check=True, stdout=subprocess.DEVNULL)
        print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    """)
    out = subprocess.run([sys.executable, "-c", wrapper], env=env, capture_output=True, text=True)
    os.unlink(f.name)
    if out.returncode:
        raise SystemExit(f"memory run failed: {out.stderr[-2000:]}")
    return int(out.stdout.strip().splitlines()[-1]) / 1024


async def session_turns(answers: int = 500) -> tuple[float, float]:
    from tutor.app.app import TutorApp
    from tutor.app.screens.chat_screen import ChatScreen
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.engine.engine import Engine
    from tutor.grading import Grader

    result = load(builtin_sources())
    course = result.course
    gids = [q.gid for q in course.questions()]
    plan = (gids * (answers // len(gids) + 2))[: answers]
    app = TutorApp(result, lambda: Grader(course))
    times: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        engine = Engine.for_questions(course, app.grader, plan, title="Long session")
        app.push_screen(ChatScreen(engine))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        while len(engine.state.records) < answers and not engine.done:
            before = len(engine.state.records)
            t0 = time.perf_counter()
            # A wrong first answer starts the dialogue; skip then closes the question.
            screen.send("venous stasis and something else")
            if engine.state.phase in ("dialogue", "confirm"):
                screen.send("skip")
            await pilot.pause()
            if len(engine.state.records) > before:
                times.append(time.perf_counter() - t0)
    first, last = times[:100], times[-100:]
    return statistics.median(first), statistics.median(last)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    env = dict(os.environ)
    env.setdefault("TUTOR_CACHE_DIR", tempfile.mkdtemp(prefix="tutor-bench-cache-"))
    env.setdefault("TUTOR_DATA_DIR", tempfile.mkdtemp(prefix="tutor-bench-data-"))
    # Byte-compile the package as an install does. Textual arrives compiled from its wheel; with
    # PYTHONDONTWRITEBYTECODE set (CI sets it) our modules would be compiled afresh every run.
    compileall.compile_dir(str(Path(tutor.__file__).parent), quiet=1)
    run_child(TUTOR, env)  # warm the course cache and the OS file cache
    run_child(BARE, env)
    bare, tutor_runs = [], []
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        bare.append(run_child(BARE, env))
        tutor_runs.append(run_child(TUTOR, env))
    b, t = (statistics.median(x[0] for x in bare), statistics.median(x[0] for x in tutor_runs))
    b_end, t_end = (statistics.median(x[1] for x in bare), statistics.median(x[1] for x in tutor_runs))
    print(f"start-up to first question drawn: tutor {t * 1000:.0f} ms, bare Textual app {b * 1000:.0f} ms, "
          f"ratio {t / b:.2f} (target <= 1.3; median of {runs})")
    print(f"  for reference, to process exit: tutor {t_end * 1000:.0f} ms, bare {b_end * 1000:.0f} ms, "
          f"ratio {t_end / b_end:.2f}")
    # The same start-up with 100,000 stored attempts against an empty store (issue: <= 5% slower).
    from store import populate  # bench/store.py, beside this file

    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources

    full = dict(env, TUTOR_DATA_DIR=tempfile.mkdtemp(prefix="tutor-bench-full-"))
    empty = dict(env, TUTOR_DATA_DIR=tempfile.mkdtemp(prefix="tutor-bench-empty-"))
    populate(Path(full["TUTOR_DATA_DIR"]) / "progress.sqlite3", load(builtin_sources()).course, 100_000)
    run_child(TUTOR, full)
    with_store, without = [], []
    for _ in range(runs):
        without.append(run_child(TUTOR, empty)[0])
        with_store.append(run_child(TUTOR, full)[0])
    f, e = statistics.median(with_store), statistics.median(without)
    print(f"start-up with 100,000 stored attempts {f * 1000:.0f} ms, empty store {e * 1000:.0f} ms, "
          f"ratio {f / e:.3f} (target <= 1.05)")
    rss_b, rss_t = peak_rss(BARE, env), peak_rss(TUTOR, env)
    print(f"peak memory: tutor {rss_t:.0f} MiB, bare {rss_b:.0f} MiB (target <= 80 MiB)")
    first, last = asyncio.run(session_turns())
    print(f"500-answer session, median time per turn: first 100 {first * 1000:.1f} ms, "
          f"last 100 {last * 1000:.1f} ms, ratio {last / first:.2f} (target <= 1.2)")


if __name__ == "__main__":
    main()
