"""`tutor export anki`: the deck imported by the real Anki (its `anki` package, no display needed)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import load_with
from tutor.course.loader import LoadResult
from tutor.instructor.export_anki import MODEL_NAME, export_anki
from tutor.model import Course
from tutor.session import open_course

BUILT_IN = len(open_course().course.questions())
"""The built-in course's questions: every one is exported."""

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "export" / "awkward.yaml"
T0 = 1_780_000_000.0  # the notes' stamp: passed in, never read from the clock


@pytest.fixture
def collection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Anki's library needs no display: prove it by taking the display away.
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    from anki.collection import Collection

    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_deck(col: Any, path: Path) -> Any:
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    return col.import_anki_package(ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions()))


def note_for(col: Any, gid: str) -> Any:
    ids = col.find_notes(f'"Id:{gid}"')
    assert len(ids) == 1, gid
    return col.get_note(ids[0])


def test_the_deck_imports_one_note_per_question(builtin: LoadResult, collection: Any, tmp_path: Path) -> None:
    course = builtin.course
    done = export_anki(course, tmp_path / "course.apkg", now=T0)
    log = import_deck(collection, tmp_path / "course.apkg").log
    assert done.questions == len(course.questions()) == BUILT_IN
    assert len(log.new) == BUILT_IN and collection.note_count() == BUILT_IN and collection.card_count() == BUILT_IN
    assert [n["Id"] for n in (collection.get_note(i) for i in collection.find_notes(""))] == [
        q.gid for q in course.questions()]
    endo = note_for(collection, "ac-heavy-iliofemoral/endo-lowers")
    assert "并发症" in endo["Accepted"]  # Chinese accepted answers arrive intact
    assert "complication rate" in endo["Answer"]
    assert "<strong>lowers\nthe rate of complications</strong>" in endo["Explanation"]  # Markdown as HTML
    assert "陈虞汾, 彭杰, 刘建平" in endo["References"]  # the review, in full, on the back
    assert sorted(endo.tags) == sorted(course.cases["ac-heavy-iliofemoral"].tags)
    burden = note_for(collection, "basics-burden/ten-million")
    assert "[1] Khan, F., Tritschler, T., Kahn, S.R. and Rodger, M.A. (2021) Venous Thromboembolism." in burden["References"]
    assert "[1]" in burden["Explanation"] and "[@" not in burden["Explanation"]
    choice = note_for(collection, "ac-pts-followup/lesson")
    assert "D. Her DVT is still in the acute phase" in choice["Question"]
    red = note_for(collection, "pmt-device-overheats/red-urine")
    assert "kidney function: kidney function / renal function" in red["Accepted"] and "溶血" in red["Accepted"]
    for q in course.questions():  # every note's tags are its case's and its own
        n = note_for(collection, q.gid)
        assert sorted(n.tags) == sorted(set(course.cases[q.case_id].tags) | set(q.tags)), q.gid


def test_importing_a_newer_export_updates_the_notes_instead_of_adding_copies(
        builtin: LoadResult, collection: Any, tmp_path: Path) -> None:
    course = builtin.course
    export_anki(course, tmp_path / "first.apkg", now=T0)
    edited: Course = copy.deepcopy(course)
    q = edited.question("basics-burden/ten-million")
    assert q is not None
    q.explanation = "Edited after the first export: about ten million people a year [@khan2021]."
    export_anki(edited, tmp_path / "second.apkg", now=T0 + 3600)

    first = import_deck(collection, tmp_path / "first.apkg").log
    decks = collection.decks.all_names_and_ids()
    second = import_deck(collection, tmp_path / "second.apkg").log
    assert len(first.new) == BUILT_IN
    assert len(second.new) == 0 and collection.note_count() == BUILT_IN
    assert len(second.updated) == BUILT_IN  # a newer stamp: every note is refreshed in place
    assert "Edited after the first export" in note_for(collection, "basics-burden/ten-million")["Explanation"]
    # the note type and the deck are the same ones, not new copies beside them
    assert collection.decks.all_names_and_ids() == decks
    assert [m.name for m in collection.models.all_names_and_ids()].count(MODEL_NAME) == 1
    again = import_deck(collection, tmp_path / "second.apkg").log  # the same file twice: recognised
    assert len(again.new) == 0 and len(again.duplicate) == BUILT_IN and collection.note_count() == BUILT_IN


def test_ids_are_derived_not_random(builtin: LoadResult, tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    def ids(path: Path) -> tuple[str, list[str]]:
        with zipfile.ZipFile(path) as z:
            (tmp_path / "db").write_bytes(z.read("collection.anki2"))
        db = sqlite3.connect(tmp_path / "db")
        try:
            models, decks = db.execute("select models, decks from col").fetchone()
            guids = [g for (g,) in db.execute("select guid from notes order by id")]
        finally:
            db.close()
        import json

        return str(sorted(json.loads(models)) + sorted(json.loads(decks))), guids

    export_anki(builtin.course, tmp_path / "a.apkg", now=T0)
    export_anki(builtin.course, tmp_path / "b.apkg", now=T0 + 99)
    a, b = ids(tmp_path / "a.apkg"), ids(tmp_path / "b.apkg")
    assert a == b and len(set(a[1])) == BUILT_IN


def test_course_html_is_shown_as_text_on_the_cards(collection: Any, tmp_path: Path) -> None:
    result = load_with(tmp_path, {"awkward.yaml": FIXTURE.read_text(encoding="utf-8")})
    export_anki(result.course, tmp_path / "awkward.apkg", now=T0)
    import_deck(collection, tmp_path / "awkward.apkg")
    marks = note_for(collection, "awkward/marks")
    assert "<i>" not in marks["Explanation"] and "&lt;i&gt;tags&lt;/i&gt;" in marks["Explanation"]
    assert "<b>bold</b>" not in marks["Question"] and "&lt;b&gt;bold&lt;/b&gt;" in marks["Question"]
    assert "抗凝" in marks["Accepted"]


def tutor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DISPLAY"}
    return subprocess.run([sys.executable, "-m", "tutor", *args], capture_output=True, text=True, cwd=cwd,
                          env={**env, "PYTHONPATH": str(ROOT)}, timeout=120)


def test_the_command_writes_the_deck_and_says_where(tmp_path: Path) -> None:
    out = tutor("export", "anki", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    written = list(tmp_path.glob("*.apkg"))
    assert [p.name for p in written] == ["endovascular-treatment-of-lower-extremity-deep-vein-thrombosis.apkg"]
    assert f"wrote {BUILT_IN} notes to {written[0]}" in out.stderr and out.stdout == ""
    out = tutor("export", "anki", "--output", "deck.apkg", cwd=tmp_path)
    assert out.returncode == 0 and (tmp_path / "deck.apkg").stat().st_size > 10_000
    assert not list(tmp_path.glob(".*.part"))
    refused = tutor("export", "anki", "--output", "-", cwd=tmp_path)
    assert refused.returncode == 2 and "binary" in refused.stderr and refused.stdout == ""


def test_the_text_formats_go_to_stdout_or_a_file(tmp_path: Path) -> None:
    for fmt, start in (("moodle-xml", "<?xml"), ("gift", "$CATEGORY: ")):
        out = tutor("export", fmt, cwd=tmp_path)
        assert out.returncode == 0 and out.stdout.startswith(start) and out.stderr == ""
        to_file = tutor("export", fmt, "--output", f"out.{fmt}", cwd=tmp_path)
        assert to_file.returncode == 0 and to_file.stdout == ""
        assert (tmp_path / f"out.{fmt}").read_text(encoding="utf-8") == out.stdout
        assert f"wrote {BUILT_IN} questions to out.{fmt}" in to_file.stderr
    bad = tutor("export", "gift", "--output", str(tmp_path / "missing" / "x.gift"), cwd=tmp_path)
    assert bad.returncode == 1 and "cannot write" in bad.stderr


def test_heavy_imports_wait_for_their_own_verb(tmp_path: Path) -> None:
    """genanki only for `export anki`, the XML builder only for `export moodle-xml`."""
    script = (
        "import contextlib, io, sys\n"
        "from tutor.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['export', sys.argv[1]])\n"
        "print(sorted(m for m in ('genanki', 'xml.etree.ElementTree', 'anki') if m in sys.modules))\n"
    )

    def loaded(fmt: str) -> str:
        out = subprocess.run([sys.executable, "-c", script, fmt], capture_output=True, text=True, cwd=ROOT,
                             timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert loaded("gift") == "[]"
    assert loaded("json") == "[]"
    assert loaded("moodle-xml") == "['xml.etree.ElementTree']"
