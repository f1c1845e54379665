"""The language not in use costs nothing: with Chinese, the first frame of the app and plain mode's
first question import no English catalogue module; with English, no Chinese one (real processes,
sys.modules read at the moment the first question is shown)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGLISH_ONLY = ("tutor.texts.en", "tutor.texts.en_grading", "tutor.texts.en_reports")
CHINESE_ONLY = ("tutor.texts.zh", "tutor.texts.zh_grading", "tutor.texts.zh_reports")

REPORT = "json.dumps(sorted(m for m in sys.modules if m.startswith('tutor.texts')))"

PLAIN = textwrap.dedent(f"""
    import json, sys
    from tutor.cli import main

    class Watch:  # standard output that reports the loaded modules once the first question is out
        def __init__(self, out):
            self.out, self.done = out, False

        def write(self, text):
            self.out.write(text)
            if not self.done and ("Question 1 " in text or "第 1 题" in text):
                self.done = True
                print("MODULES " + {REPORT}, file=sys.__stderr__, flush=True)
            return len(text)

        def __getattr__(self, name):
            return getattr(self.out, name)

    sys.stdout = Watch(sys.stdout)
    main(["plain", "--quiz", "starter"])
""")

APP = textwrap.dedent(f"""
    import json, sys
    import tutor.app.app as app_module
    from tutor.app.widgets.chat_entry import TutorEntry
    from tutor.cli import main

    class Timed(app_module.TutorApp):
        def run(self, **kwargs):
            return super().run(headless=True)

    def mounted(entry):
        if entry.has_class("question"):
            entry.app.call_after_refresh(shown, entry.app)

    def shown(app):  # the first question's frame is drawn
        print("MODULES " + {REPORT}, file=sys.__stderr__, flush=True)
        app.exit()

    TutorEntry.on_mount = mounted
    app_module.TutorApp = Timed
    main(["app", "--quiz", "starter"])
""")


def _modules(code: str, lang: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "TUTOR_LANG": lang, "TUTOR_CONFIG_FILE": str(tmp_path / "config.json"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    lines = [x for x in done.stderr.splitlines() if x.startswith("MODULES ")]
    assert lines, done.stderr[-3000:]
    found: list[str] = json.loads(lines[0].removeprefix("MODULES "))
    return found


@pytest.mark.parametrize("face", ["plain", "app"])
def test_chinese_loads_no_english_catalogue(face: str, tmp_path: Path) -> None:
    found = _modules(PLAIN if face == "plain" else APP, "zh", tmp_path)
    assert "tutor.texts.zh" in found  # it did speak Chinese
    assert not [m for m in found if m in ENGLISH_ONLY], found


@pytest.mark.parametrize("face", ["plain", "app"])
def test_english_loads_no_chinese_catalogue(face: str, tmp_path: Path) -> None:
    found = _modules(PLAIN if face == "plain" else APP, "en", tmp_path)
    assert "tutor.texts.en" in found
    assert not [m for m in found if m in CHINESE_ONLY], found
