"""Start-up to the home screen in Chinese against English, measured in one run.

`tutor --lang zh` and `tutor --lang en` started the same way (headless, the course cache warm for
each language), interleaved; each child prints a line once the home screen's first frame is
drawn. Target: at most 1.05. The ratio printed is the median of the pairs' ratios, with their
middle half to show how noisy the machine was. (bench/startup.py times the tutor against a bare
Textual app; this is the same harness with the language as the only difference.)

    python bench/startup_languages.py [runs]     (21 pairs by default)
"""

from __future__ import annotations

import compileall
import os
import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import startup  # noqa: E402  # bench/startup.py, beside this file

import tutor  # noqa: E402

HOOK = """
    home_mounted = HomeScreen.on_mount

    def mounted(screen):  # the home screen is in place
        home_mounted(screen)
        screen.app.when_drawn()

    HomeScreen.on_mount = mounted
"""


def home_child(lang: str) -> str:
    """The home-screen child of bench/startup.py, started as `tutor --lang LANG` starts it."""
    code = startup.tutor_child(HOOK, None)
    call = "run_module.run_app(argparse.Namespace(), quiz_id=None)"
    assert call in code, "bench/startup.py starts its children another way now"
    prelude = textwrap.dedent(f"""
        from tutor.texts import use_language
        use_language({lang!r})  # as tutor/cli.py does for --lang
    """)
    return code.replace(call, prelude + f"run_module.run_app(argparse.Namespace(lang={lang!r}), quiz_id=None)")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21
    env = dict(os.environ)
    env.setdefault("TUTOR_CACHE_DIR", tempfile.mkdtemp(prefix="tutor-bench-cache-"))
    env.setdefault("TUTOR_DATA_DIR", tempfile.mkdtemp(prefix="tutor-bench-data-"))
    env.setdefault("TUTOR_CONFIG_FILE", str(Path(tempfile.mkdtemp(prefix="tutor-bench-config-")) / "config.json"))
    compileall.compile_dir(str(Path(tutor.__file__).parent), quiet=1)
    english, chinese = home_child("en"), home_child("zh")
    for child in (chinese, english):  # warm each language's course cache and the OS file cache
        startup.run_child(child, env)
    en_runs, zh_runs = startup.compare(english, chinese, env, env, runs)
    startup.report("start-up to the home screen in Chinese (tutor --lang zh)", zh_runs, "in English", en_runs, runs,
                   "<= 1.05")


if __name__ == "__main__":
    main()
