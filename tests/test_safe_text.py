"""Nothing a file name, the course or a learner wrote can drive the terminal (issue 18, items 10, 11)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.course.loader import LoadResult, load
from tutor.course.resources import user_sources
from tutor.engine import replies as r
from tutor.model import GlossaryTerm, Mode
from tutor.safe_text import hidden_character, json_text, one_line, scrub, visible

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ["\x1b", "\x07", "\x1b]52;c;aGk=\x07", "\x9b", "\x7f", "\x00", "\u202e", "\u202a", "\u2066", "\u2069",
           "\u200b", "\u200f", "\ufeff", "\u2060", "\u2028", "\udcff"]
"""Each must be shown as a visible escape, never written as itself."""


def _raw(text: str) -> list[str]:
    return [h for h in HOSTILE if h in text]


@pytest.mark.parametrize("ch", HOSTILE)
def test_every_hostile_character_is_shown_visibly(ch: str) -> None:
    for shown in (visible(f"a{ch}b"), one_line(f"a{ch}b")):
        assert not _raw(shown) and shown.startswith("a") and shown.endswith("b") and len(shown) > 3


def test_the_escapes_are_readable() -> None:
    assert visible("\x1b[31m") == "\\x1b[31m"
    assert visible("abc\u202edef") == "abc<U+202E>def"
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"  # multi-line text keeps its lines
    assert one_line("name\nforged: line\r") == "name\\nforged: line\\r"
    assert visible("bad byte \udcff") == "bad byte \\xff"
    assert visible("溶栓 “ok” é") == "溶栓 “ok” é"  # ordinary text is untouched


def test_json_stays_the_same_document() -> None:
    data = {"a": "\u202e\x85\u200b", "b": "\x1b"}
    text = json_text(json.dumps(data, ensure_ascii=False))
    assert not _raw(text) and json.loads(text) == data


def test_scrub_reaches_inside_replies() -> None:
    term = GlossaryTerm(id="x", term="x\x1b", definition="d\u202e")
    reply = r.Definition(term=term)
    clean = scrub(reply)
    assert isinstance(clean, r.Definition) and clean.term.term == "x\\x1b" and clean.term.definition == "d<U+202E>"
    ask = scrub(r.Ask("g", "choice", "p\x07", options=(("A", "\u200bx"),)))
    assert ask.prompt == "p\\x07" and ask.options == (("A", "<U+200B>x"),)


@pytest.mark.parametrize("ch", ["\u202e", "\u2067", "\u200b", "\u200d", "\ufeff", "\u2060"])
@pytest.mark.parametrize("field", ["title", "prompt"])
def test_loader_rejects_bidi_and_zero_width_characters_at_their_line(tmp_path: Path, ch: str, field: str) -> None:
    title = f"Tit{ch}le" if field == "title" else "Title"
    prompt = f"What is the {ch}treatment?" if field == "prompt" else "What?"
    text = ("format: 1\ncases:\n  - id: mine\n    title: \"" + title + "\"\n    tags: [anticoagulation, acute]\n"
            "    steps:\n      - id: s1\n        text: A patient.\n        questions:\n          - id: q1\n"
            "            kind: short\n            prompt: \"" + prompt + "\"\n            answer:\n"
            "              accept: [anticoagulation]\n            explanation: Because.\n")
    (tmp_path / "mine.yaml").write_text(text, encoding="utf-8")
    result = load(user_sources([str(tmp_path)]))
    found = [p for p in result.errors if "invisible character" in p.message]
    assert found, [str(p) for p in result.errors]
    assert found[0].loc.line == (4 if field == "title" else 12)
    assert hidden_character(title + prompt) == ch


def test_loader_rejects_them_in_quiz_names(tmp_path: Path) -> None:
    (tmp_path / "q.yaml").write_text(
        'format: 1\nquizzes:\n  - id: mine\n    title: "Exam \u202eevil"\n    select:\n      tags: [general]\n',
        encoding="utf-8")
    result = load(user_sources([str(tmp_path)]))
    assert any("U+202E" in p.message and p.loc.line == 4 for p in result.errors), [str(p) for p in result.errors]


# real processes ---------------------------------------------------------------------------------------

def tutor(*args: str, stdin: bytes = b"", env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True,
                          cwd=ROOT, env={**os.environ, "NO_COLOR": "1", **(env or {})}, timeout=120)


def _no_raw_bytes(out: bytes) -> None:
    for bad in (b"\x1b", b"\x07", b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\x0d"):
        assert bad not in out, (bad, out[-2000:])


@pytest.mark.skipif(sys.platform == "win32", reason="such file names are POSIX only")
def test_validate_shows_a_hostile_file_name_visibly(tmp_path: Path) -> None:
    name = "evil\x1b]52;c;aGk=\x07\nforged.yaml\u202e.yaml"
    (tmp_path / name).write_text("format: 1\ncases: [\n", encoding="utf-8")  # broken: its name is reported
    out = tutor("validate", str(tmp_path))
    assert out.returncode == 1
    _no_raw_bytes(out.stdout + out.stderr)
    text = (out.stdout + out.stderr).decode()
    assert "evil\\x1b]52;c;aGk=\\x07\\nforged.yaml<U+202E>.yaml" in text
    json_out = tutor("validate", "--json", str(tmp_path))
    _no_raw_bytes(json_out.stdout)
    assert any(p["path"].endswith(name) for p in json.loads(json_out.stdout)["problems"])


def test_plain_does_not_echo_raw_control_characters() -> None:
    hostile = "anti\x1b[2J\x1b]0;owned\x07coagulation \u202eevil\u200b\r\n/quit\n"
    out = tutor("plain", "--quiz", "starter", stdin=hostile.encode())
    assert out.returncode == 0, out.stderr
    _no_raw_bytes(out.stdout + out.stderr)
    assert b"anti\\x1b[2J\\x1b]0;owned\\x07coagulation <U+202E>evil<U+200B>" in out.stdout


def test_grade_does_not_echo_raw_control_characters() -> None:
    answer = "10\x1b[31m million\u202e"
    for extra in ((), ("--json",)):
        out = tutor("grade", "basics-burden/ten-million", answer, *extra)
        assert out.returncode == 0, out.stderr
        _no_raw_bytes(out.stdout + out.stderr)
    out = tutor("grade", "no-such\x1b]0;x\x07/q", "a")
    assert out.returncode == 2
    _no_raw_bytes(out.stderr)


@pytest.mark.parametrize("env", [
    {"LC_ALL": "C.UTF-8"}, {"LC_ALL": "C"}, {"LANG": "en_US.UTF-8", "LC_ALL": "en_US.UTF-8"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},  # a strict ASCII locale
])
def test_plain_reads_invalid_utf8_with_replacement(env: dict[str, str]) -> None:
    out = tutor("plain", "--quiz", "starter", stdin=b"anti\xff\xfe coagulation \xc3\n\xed\xa0\x80\n/quit\n", env=env)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert b"Traceback" not in out.stderr and b"Error" not in out.stderr
    assert "anti\ufffd\ufffd coagulation".encode() in out.stdout or b"anti\\ufffd\\ufffd coagulation" in out.stdout


def test_the_app_shows_titles_and_reply_text_neutralised(builtin: LoadResult) -> None:
    import dataclasses

    from tutor.app.reply_widgets import widgets_for
    from tutor.app.screens.home_screen import quiz_line
    from tutor.app.widgets.chat_entry import TutorEntry
    from tutor.text_render import TextRenderer

    course = builtin.course
    quiz = dataclasses.replace(next(iter(course.quizzes.values())), title="Exam\x1b]0;owned\x07\n\u202elive")
    line = quiz_line(course, quiz)
    assert line.startswith("Exam\\x1b]0;owned\\x07\\n<U+202E>live\n") and not _raw(line)
    [entry] = widgets_for(r.CaseStart("c", "T\x1b[2J\u200b", "S\u202e", 1, 1), course, TextRenderer(course))
    assert isinstance(entry, TutorEntry)
    assert entry._label == "Case 1 of 1: T\\x1b[2J<U+200B>"
    assert entry.markdown == "*S<U+202E>*"


def test_reset_confirmation_reads_invalid_utf8_as_not_yes(tmp_path: Path) -> None:
    out = tutor("progress", "reset", stdin=b"\xff\xfeyes\n", env={"TUTOR_DATA_DIR": str(tmp_path)})
    assert out.returncode == 1 and b"Nothing was reset" in out.stderr and b"Traceback" not in out.stderr


def test_the_summary_screen_keeps_a_neutralised_summary() -> None:
    from tutor.app.screens.summary_screen import SummaryScreen

    missed = r.Missed("g", "p", "incorrect", 0.0, "my \x1b]52;c;eA==\x07 answer", "e")
    summary = r.Summary("q", "Quiz\u202e", Mode.TUTOR, 0.0, False, 60.0, 1, 1, missed=(missed,))
    screen = SummaryScreen(None, summary)  # type: ignore[arg-type]  # no engine: only the text is read
    assert screen.summary.title == "Quiz<U+202E>"
    assert screen.summary.missed[0].answer == "my \\x1b]52;c;eA==\\x07 answer"
