"""The README's commands work as written after its two set-up commands, and the help names real verbs."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _command_lines() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_every_tutor_command_in_the_readme_runs_without_an_activated_venv() -> None:
    lines = _command_lines()
    runs = [line for line in lines if re.search(r"(^|\| )(\S*/)?tutor( |$)", line)]
    assert len(runs) >= 10
    bare = [line for line in runs if re.search(r"(^|\| )tutor( |$)", line)]
    assert not bare, f"not on PATH unless the venv is activated: {bare}"


def test_the_readme_says_which_python_it_needs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    needed = re.search(r'requires-python = ">=(\d+\.\d+)"', pyproject)
    assert needed and f"Python {needed.group(1)} or newer" in text


def _help(*args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "tutor", *args, "--help"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_help_names_only_actions_that_exist() -> None:
    [progress_line] = [line for line in _help().splitlines() if line.strip().startswith("progress ")]
    actions = {line.split()[0] for line in _help("progress").split("positional arguments:")[1]
               .split("options:")[0].splitlines()[2:] if line.strip()}
    assert {"export", "import", "reset", "stats"} <= actions
    words = set(re.findall(r"[a-z]+", progress_line.split(None, 1)[1]))
    assert words & {"summarise", "summarize", "summary"} == set(), progress_line
    assert {"export", "import", "reset", "stats"} <= words
