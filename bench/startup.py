"""Start-up, memory and time per turn, each against its floor, measured in one run.

1. Median wall time from process start to the first question on screen (headless), for the
   tutor on the built-in course, against a bare Textual app (header, input, footer) started
   the same way: each child prints a line once its first frame is drawn, and the time is taken
   when that line arrives. Target: at most 1.3x. The ratio printed is the median of the
   interleaved pairs' ratios, with their middle half to show how noisy the machine was; the
   time to process exit is printed too. The same for the home screen (`tutor` with no quiz).
   With 100,000 stored attempts against an empty store (<= 1.05): the home screen drawn, and
   the moment its due counts appear (the store opens in a thread after the first frame).
   In Chinese against English (TUTOR_LANG=zh, =en; <= 1.05): the first question in the app, and
   in plain mode, each language loading only its own catalogue.
2. Peak memory (max RSS) of each. Target: at most 80 MiB for the tutor.
3. A 500-answer session in the app (headless, dialogue on): median time per turn of the last
   hundred answers against the first hundred. Target: at most 1.2. CPU time per turn is
   printed too: it is not slowed by other processes, so it shows the app's own scaling.

    python bench/startup.py [runs]     (21 pairs by default)
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

def tutor_child(hook: str, quiz: str | None) -> str:
    """A child that starts the tutor as `tutor app [--quiz ID]` does; `hook` calls app.shown()
    once the moment being timed is in place, and the line is printed after the next frame."""
    return textwrap.dedent("""
        import argparse
        import tutor.app.app as app_module
        from tutor.app import run as run_module
        from tutor.app.app import TutorApp
        from tutor.app.screens.home_screen import HomeScreen
        from tutor.app.widgets.chat_entry import TutorEntry

        class Timed(TutorApp):
            timed = False

            def when_drawn(self):
                if not self.timed:
                    self.timed = True
                    self.call_after_refresh(self.shown)

            def shown(self):
                print("first question shown", flush=True)  # the line run_child waits for
                self.exit()

            def run(self, **kwargs):
                return super().run(headless=True)

        app_module.TutorApp = Timed  # run_app imports it from there
        from tutor.texts import use_language
        from tutor.texts.language import resolve_language

        lang = use_language(resolve_language(None))  # as tutor/cli.py does: TUTOR_LANG decides here
    """) + textwrap.dedent(hook) + f"run_module.run_app(argparse.Namespace(lang=lang), quiz_id={quiz!r})\n"


TUTOR = tutor_child("""
    def entry_mounted(entry):  # the question's entry is in place
        if entry.has_class("question"):
            entry.app.when_drawn()

    TutorEntry.on_mount = entry_mounted
""", "starter")

HOME = tutor_child("""
    home_mounted = HomeScreen.on_mount

    def mounted(screen):  # the home screen is in place
        home_mounted(screen)
        screen.app.when_drawn()

    HomeScreen.on_mount = mounted
""", None)

HOME_WITH_STORE = tutor_child("""
    shown_store = HomeScreen.show_store

    def store_shown(screen, resumable, due):  # the store is open and its due counts are in
        shown_store(screen, resumable, due)
        screen.app.when_drawn()

    HomeScreen.show_store = store_shown
""", None)


PLAIN = textwrap.dedent("""
    import sys
    from tutor.cli import main

    class Watch:  # standard output that says when the first question has been printed
        def __init__(self, out):
            self.out, self.seen = out, False

        def write(self, text):
            self.out.write(text)
            if not self.seen and text.startswith(("Question 1 ", "第 1 题")):
                self.seen = True
                print("first question shown", file=sys.__stderr__, flush=True)
            return len(text)

        def __getattr__(self, name):
            return getattr(self.out, name)

    sys.stdout = Watch(sys.stdout)
    main(["plain", "--quiz", "starter"])
""")
"""`tutor plain --quiz starter` with no input: it prints the first question and ends."""


def run_plain_child(env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds from spawn to plain mode's first question, and to exit."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PLAIN], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    shown = time.perf_counter() - t0
    _, err = proc.communicate()
    ended = time.perf_counter() - t0
    if proc.returncode or b"first question shown" not in line:
        raise SystemExit(f"plain child failed: {line.decode()}{err.decode()[-2000:]}")
    return shown, ended


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


async def session_turns(answers: int = 500) -> tuple[float, float, float, float]:
    """Median wall and CPU time per turn: first hundred, last hundred.

    CPU time is this process's own work, so it shows how the app scales with a long session
    even when other processes on the machine slow the wall clock down part way through.
    """
    from tutor.app.app import TutorApp
    from tutor.app.screens.chat_screen import ChatScreen
    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources
    from tutor.grading import Grader

    result = load(builtin_sources())
    course = result.course
    gids = [q.gid for q in course.questions()]
    plan = (gids * (answers // len(gids) + 2))[: answers]
    app = TutorApp(result, lambda: Grader(course))
    times: list[float] = []
    cpu: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        session = app.service.questions(plan, title="Long session")
        engine = session.engine
        app.push_screen(ChatScreen(session))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        while len(engine.state.records) < answers and not engine.done:
            before = len(engine.state.records)
            t0, c0 = time.perf_counter(), time.process_time()
            # A wrong first answer starts the dialogue; skip then closes the question.
            screen.send("venous stasis and something else")
            if engine.state.phase in ("dialogue", "confirm"):
                screen.send("skip")
            await pilot.pause()
            if len(engine.state.records) > before:
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
    return (statistics.median(times[:100]), statistics.median(times[-100:]),
            statistics.median(cpu[:100]), statistics.median(cpu[-100:]))


def compare(first: str, second: str, first_env: dict[str, str], second_env: dict[str, str],
            runs: int) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Interleaved runs of two children, so drift in machine load hits both alike."""
    a, b = [], []
    for _ in range(runs):
        a.append(run_child(first, first_env))
        b.append(run_child(second, second_env))
    return a, b


def report(what: str, ours: list[tuple[float, float]], floor_name: str, floor: list[tuple[float, float]],
           runs: int, target: str) -> None:
    """Medians, the median of the pairwise ratios, and the middle half of those ratios (the noise)."""
    ratios = sorted(o[0] / f[0] for o, f in zip(ours, floor, strict=True))
    quartiles = statistics.quantiles(ratios, n=4)
    o, f = statistics.median(x[0] for x in ours), statistics.median(x[0] for x in floor)
    o_end, f_end = statistics.median(x[1] for x in ours), statistics.median(x[1] for x in floor)
    print(f"{what}: {o * 1000:.0f} ms, {floor_name} {f * 1000:.0f} ms, ratio {statistics.median(ratios):.2f} "
          f"(target {target}; median of {runs} interleaved pairs, middle half {quartiles[0]:.2f}-{quartiles[2]:.2f})")
    print(f"  to process exit: {o_end * 1000:.0f} ms against {f_end * 1000:.0f} ms")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    env = dict(os.environ)
    env.setdefault("TUTOR_CACHE_DIR", tempfile.mkdtemp(prefix="tutor-bench-cache-"))
    env.setdefault("TUTOR_DATA_DIR", tempfile.mkdtemp(prefix="tutor-bench-data-"))
    # Byte-compile the package as an install does. Textual arrives compiled from its wheel; with
    # PYTHONDONTWRITEBYTECODE set (CI sets it) our modules would be compiled afresh every run.
    compileall.compile_dir(str(Path(tutor.__file__).parent), quiet=1)
    run_child(TUTOR, env)  # warm the course cache and the OS file cache
    run_child(BARE, env)
    for name, child in (("first question (tutor app --quiz starter)", TUTOR), ("home screen (tutor)", HOME)):
        bare, ours = compare(BARE, child, env, env, runs)
        report(f"start-up to the {name} drawn", ours, "bare Textual app", bare, runs, "<= 1.3")
    # The store opens in a thread after the first frame; the home screen then shows the due counts
    # and the session to continue. Both moments, with 100,000 stored attempts against none.
    from store import populate  # bench/store.py, beside this file

    from tutor.course.loader import load
    from tutor.course.resources import builtin_sources

    full = dict(env, TUTOR_DATA_DIR=tempfile.mkdtemp(prefix="tutor-bench-full-"))
    empty = dict(env, TUTOR_DATA_DIR=tempfile.mkdtemp(prefix="tutor-bench-empty-"))
    populate(Path(full["TUTOR_DATA_DIR"]) / "progress.sqlite3", load(builtin_sources()).course, 100_000)
    for child in (HOME, HOME_WITH_STORE):
        run_child(child, full)
        run_child(child, empty)
    without, with_store = compare(HOME, HOME, empty, full, runs)
    report("home screen with 100,000 stored attempts", with_store, "an empty store", without, runs, "<= 1.05")
    without, with_store = compare(HOME_WITH_STORE, HOME_WITH_STORE, empty, full, runs)
    report("home screen's due counts with 100,000 stored attempts", with_store, "an empty store", without, runs,
           "<= 1.05")
    # Chinese against English: the same start, each loading its own catalogue and nothing else.
    en, zh = dict(env, TUTOR_LANG="en"), dict(env, TUTOR_LANG="zh")
    run_child(TUTOR, zh)
    english, chinese = compare(TUTOR, TUTOR, en, zh, runs)
    report("first question in Chinese (TUTOR_LANG=zh)", chinese, "in English", english, runs, "<= 1.05")
    english, chinese = [], []
    for _ in range(runs):
        english.append(run_plain_child(en))
        chinese.append(run_plain_child(zh))
    report("plain mode's first question in Chinese", chinese, "in English", english, runs, "<= 1.05")
    rss_b, rss_t = peak_rss(BARE, env), peak_rss(TUTOR, env)
    print(f"peak memory: tutor {rss_t:.0f} MiB, bare {rss_b:.0f} MiB (target <= 80 MiB)")
    first, last, cpu_first, cpu_last = asyncio.run(session_turns())
    print(f"500-answer session, median time per turn: first 100 {first * 1000:.1f} ms, "
          f"last 100 {last * 1000:.1f} ms, ratio {last / first:.2f} (target <= 1.2)")
    print(f"  CPU time per turn: first 100 {cpu_first * 1000:.1f} ms, last 100 {cpu_last * 1000:.1f} ms, "
          f"ratio {cpu_last / cpu_first:.2f}")


if __name__ == "__main__":
    main()
