"""The hostile content corpus (tests/hostile/content/, and large files written by the test):
every file gets a clear `path:line:column: message; hint`, a sensible exit code and no
traceback, within a time and memory bound, in a real `tutor validate` process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import generate

CORPUS = Path(__file__).parent / "hostile" / "content"
MEMORY = 700 * 1024 * 1024
"""Address space for the child: a 4 MiB file of tiny nodes once peaked at 652 MB resident."""
SECONDS = 60


def _expectations() -> list[tuple[str, int, str]]:
    rows = []
    for line in (CORPUS / "expect.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, code, start = (part.strip() for part in line.split("|", 2))
            rows.append((name, int(code), start))
    return rows


def validate(*paths: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    limit = (
        "import resource, sys\n"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"
        "from tutor.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "TUTOR_DATA_DIR": str(cache / "data")}
    return subprocess.run([sys.executable, "-c", limit, "validate", *map(str, paths)],
                          capture_output=True, text=True, timeout=SECONDS, env=env)


PROBLEM = re.compile(r"^\S[^\n]*:\d+:\d+: \S")
SUMMARY = re.compile(r"^\d+ files, \d+ cases, \d+ questions: ")


def assert_for_people(proc: subprocess.CompletedProcess[str]) -> None:
    both = proc.stdout + proc.stderr
    assert "Traceback" not in both and "Error:" not in both.replace("YAML syntax error:", ""), both[-2000:]
    for line in proc.stdout.splitlines():
        assert PROBLEM.match(line) or SUMMARY.match(line), line


def test_every_corpus_file_is_listed() -> None:
    listed = {name for name, _, _ in _expectations()}
    assert listed == {p.name for p in CORPUS.glob("*.yaml")}


@pytest.mark.parametrize(("name", "code", "start"), _expectations())
def test_corpus_file(name: str, code: int, start: str, tmp_path: Path) -> None:
    proc = validate(CORPUS / name, cache=tmp_path)
    assert_for_people(proc)
    assert proc.returncode == code, proc.stdout + proc.stderr
    if start:
        first = next(line for line in proc.stdout.splitlines() if name in line)
        assert first.split(name, 1)[1].startswith(start), first


def test_every_problem_carries_a_hint(tmp_path: Path) -> None:
    proc = validate(*sorted(CORPUS.glob("*.yaml")), cache=tmp_path)
    lines = [line for line in proc.stdout.splitlines() if PROBLEM.match(line)]
    assert lines
    assert all("; " in line.split(": ", 1)[1] for line in lines), [ln for ln in lines if "; " not in ln]


@pytest.mark.parametrize("kind", ["tiny-nodes", "many-misconceptions", "long-prompt", "many-steps"])
def test_large_files_within_bounds(kind: str, tmp_path: Path) -> None:
    text = {
        "tiny-nodes": lambda: generate.tiny_nodes(4 * 1024 * 1024 - 100),
        "many-misconceptions": lambda: generate.many_misconceptions(10_000),
        "long-prompt": lambda: generate.long_prompt(20_000),
        "many-steps": lambda: generate.many_steps(20_000),
    }[kind]()
    path = tmp_path / f"{kind}.yaml"
    path.write_text(text, encoding="utf-8")
    proc = validate(path, cache=tmp_path)
    assert_for_people(proc)
    if kind == "tiny-nodes":
        assert proc.returncode == 1
        assert "values; it is not read; split it into several files" in proc.stdout
    else:
        assert proc.returncode == 0, proc.stdout[-2000:]


def test_a_link_out_of_the_folder_is_reported_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "id_rsa"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETSECRET\n", encoding="utf-8")
    folder = tmp_path / "shared"
    (folder / "sub").mkdir(parents=True)
    (folder / "notes.yaml").symlink_to(secret)
    (folder / "sub" / "up").symlink_to(tmp_path)  # a folder link leaving it, too
    (folder / "ok.yaml").write_text("format: 1\ncases: []\n", encoding="utf-8")
    (folder / "alias.yaml").symlink_to(folder / "ok.yaml")  # inside: fine
    proc = validate(folder, cache=tmp_path / "cache")
    assert_for_people(proc)
    assert "SECRET" not in proc.stdout + proc.stderr
    assert f"{folder}/notes.yaml:1:1: this is a link to a file or folder outside the content folder" in proc.stdout
    assert f"{folder}/sub/up:1:1: this is a link" in proc.stdout
    assert "alias.yaml" not in proc.stdout


def test_a_pipe_named_yaml_does_not_hang(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    proc = validate(folder, cache=tmp_path / "cache")
    assert_for_people(proc)
    assert "pipe.yaml:1:1: this is not an ordinary file" in proc.stdout


def test_a_folder_over_its_total_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.course import loader
    from tutor.course.resources import user_sources

    monkeypatch.setattr(loader, "MAX_FOLDER_BYTES", 100)
    for i in range(3):
        (tmp_path / f"f{i}.yaml").write_text("format: 1\ncases: []\n" + "#" * 60 + "\n", encoding="utf-8")
    result = loader.load(user_sources([str(tmp_path)]))
    cut = [p for p in result.problems if "MiB of content" in p.message]
    assert len(cut) == 1 and cut[0].loc.path.endswith("f1.yaml")


def test_the_node_limit_names_the_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.course import yaml_text

    monkeypatch.setattr(yaml_text, "MAX_NODES", 10)
    _, problems = yaml_text.parse("format: 1\nreferences:\n" + "  - []\n" * 20, "t.yaml")
    assert str(problems[0]).startswith("t.yaml:")
    assert "more than 10 values" in problems[0].message
