"""The hostile corpus (tests/hostile/) through real processes, each bounded in time and memory.

Every file gets a message for people: never a traceback, never a hang, never a raw control
character on the terminal. See tests/hostile/README.md for how to add an attack.
"""

from __future__ import annotations

import ast
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "hostile"
IMPORTS = HOSTILE / "imports"
MEMORY = 1024 * 1024 * 1024
"""Address space for each run: a file that made the tutor read it all would die here."""
SECONDS = 60


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, stdin: bytes = b"", data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TUTOR_DATA_DIR": str(data), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True, cwd=ROOT,
                          env=env, timeout=SECONDS, preexec_fn=_limit)


def _expected() -> dict[str, str]:
    lines = (IMPORTS / "expected.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split("\t", 1) for line in lines if line and not line.startswith("#"))


def test_every_import_file_has_an_expectation() -> None:
    files = {p.name for p in IMPORTS.iterdir() if p.name != "expected.txt"}
    assert files == set(_expected()), "add the file and its line in expected.txt together"


def _clean(out: subprocess.CompletedProcess[bytes]) -> str:
    both = (out.stdout + out.stderr).decode("utf-8", errors="replace")
    assert "Traceback" not in both, both[-3000:]
    assert b"\x1b" not in out.stdout + out.stderr
    return both


@pytest.mark.parametrize("name", sorted(_expected()))
def test_a_hostile_import_file_gets_a_clear_message(tmp_path: Path, name: str) -> None:
    out = run("progress", "import", str(IMPORTS / name), data=tmp_path)
    text = _clean(out)
    assert out.returncode in (0, 1), text
    assert _expected()[name] in text, text


def _special_files(tmp: Path) -> dict[str, Path]:
    fifo = tmp / "progress.fifo"
    os.mkfifo(fifo)  # a FIFO no one writes to: opening it to read would block forever
    link = tmp / "zero.json"
    link.symlink_to("/dev/zero")
    big = tmp / "big-answer.json"
    with big.open("w", encoding="utf-8") as f:  # a 200 MB answer
        f.write('{"format": "ledvt-tutor-progress", "version": 1, "attempts": [{"answer": "')
        chunk = "x" * (1 << 20)
        for _ in range(200):
            f.write(chunk)
        f.write('"}]}')
    folder = tmp / "a-folder.json"
    folder.mkdir()
    size = 16 * 1024 * 1024 - 300  # just under the file limit: these are refused by what they hold
    tiny = tmp / "tiny-nodes.json"  # five million empty objects: gigabytes once parsed
    tiny.write_text('{"format": "ledvt-tutor-progress", "version": 1, "attempts": [' + "{}," * (size // 3) + "{}]}")
    junk = tmp / "junk-lines.csv"  # eight million lines: minutes to read one by one
    junk.write_text("kind,uuid\n" + "x\n" * (size // 2))
    return {"fifo": fifo, "/dev/zero": Path("/dev/zero"), "link to /dev/zero": link, "200 MB answer": big,
            "folder": folder, "tiny nodes": tiny, "junk lines": junk}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_files_that_cannot_live_in_git(tmp_path: Path) -> None:
    for what, path in _special_files(tmp_path).items():
        started = time.monotonic()
        out = run("progress", "import", str(path), data=tmp_path / "data")
        assert time.monotonic() - started < 20, what
        text = _clean(out)
        assert out.returncode == 1 and "nothing was imported" in text, (what, text)


def _inputs() -> list[bytes]:
    lines = (HOSTILE / "inputs.txt").read_text(encoding="utf-8").splitlines()
    return [ast.literal_eval(line) for line in lines if line.strip() and not line.startswith("#")]


def test_hostile_learner_input_in_plain_mode(tmp_path: Path) -> None:
    lines = [*_inputs(), b"y" * 100_000]
    out = run("plain", "--quiz", "starter", stdin=b"\n".join(lines) + b"\n/quit\n", data=tmp_path)
    _clean(out)
    assert out.returncode == 0
    shown = (out.stdout + out.stderr).decode("utf-8")
    for bad in ("\x07", "\x9b", "\u202e", "\u200b", "\ufeff", "\r", "\x00"):
        assert bad not in shown, repr(bad)


@pytest.mark.parametrize("answer", [line.decode("utf-8", errors="surrogateescape") for line in _inputs()])
def test_hostile_learner_input_in_grade(tmp_path: Path, answer: str) -> None:
    env_answer = os.fsencode(answer)
    if b"\x00" in env_answer:
        pytest.skip("an argument cannot hold NUL: the OS refuses it before the tutor runs")
    out = subprocess.run([sys.executable, "-m", "tutor", "grade", "basics-burden/ten-million", env_answer],
                         capture_output=True, cwd=ROOT, timeout=SECONDS, preexec_fn=_limit,
                         env={**os.environ, "TUTOR_DATA_DIR": str(tmp_path)})
    _clean(out)
    assert out.returncode == 0
