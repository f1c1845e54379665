"""Reading a class's progress exports (`tutor class`): students kept apart, duplicates counted once,
a precise line for every file that cannot be read, and no student's store ever opened."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest

from tests.class_kit import Profile, data_dir, export, simulated_class, take_quiz
from tutor.course.loader import LoadResult
from tutor.grading import Grader
from tutor.instructor.class_results import load_class
from tutor.store import open_store


@pytest.fixture(scope="module")
def exports() -> Path:
    return simulated_class()


def _copy(src: Path, tmp: Path) -> Path:
    target = tmp / "class"
    shutil.copytree(src, target)
    return target


def test_each_student_is_kept_apart(exports: Path, builtin: LoadResult) -> None:
    result = load_class([exports], builtin.course)
    assert result.problems == []
    assert result.files == 6 and result.duplicates == 0
    assert [s.name for s in result.students] == [f"student-{i:03d}" for i in range(1, 7)]
    for s in result.students:
        doc = json.loads(s.source.read_text(encoding="utf-8"))
        assert s.id == doc["learner"]  # the learner uuid the export carries
        assert sorted(a.uuid for a in s.attempts) == sorted(a["uuid"] for a in doc["attempts"])
        assert [x.uuid for x in s.sessions] == [x["uuid"] for x in doc["sessions"]]
        assert len(s.sessions) == 2
        assert [a.at for a in s.attempts] == sorted(a.at for a in s.attempts)
        # the two parts hold 29 questions and six decisions on the recommended path at least
        assert 20 <= len(s.first_answers()) <= 29
        assert len(s.decisions()) >= 6
    assert len({s.id for s in result.students}) == 6
    # abilities differ, so do the scores
    totals = {round(sum(a.record.credit for a in s.first_answers().values()), 2) for s in result.students}
    assert len(totals) > 3


def test_the_same_file_twice_counts_once(exports: Path, tmp_path: Path, builtin: LoadResult) -> None:
    folder = _copy(exports, tmp_path)
    shutil.copy(folder / "student-002.json", folder / "student-002 (copy).json")
    once = load_class([exports], builtin.course)
    result = load_class([folder, folder / "student-001.json", exports / "student-001.json"], builtin.course)
    assert result.problems == []
    assert len(result.students) == 6
    two = next(s for s in result.students if s.name == "student-002")
    assert [p.name for p in two.sources] == ["student-002 (copy).json", "student-002.json"]
    expected = next(s for s in once.students if s.name == "student-002")
    assert [a.uuid for a in two.attempts] == [a.uuid for a in expected.attempts]
    doc = json.loads((folder / "student-002.json").read_text(encoding="utf-8"))
    records = sum(len(doc[k]) for k in ("sessions", "attempts", "contests", "flags"))
    # the copy, and student-001 read from a second place (the same path given twice is read once)
    one = json.loads((folder / "student-001.json").read_text(encoding="utf-8"))
    assert result.duplicates == records + sum(len(one[k]) for k in ("sessions", "attempts", "contests", "flags"))


def test_overlapping_exports_of_one_student_merge(tmp_path: Path, builtin: LoadResult) -> None:
    course = builtin.course
    grader = Grader(course)
    rng = random.Random(3)
    me = Profile("ana", 0.5, 3)
    with data_dir(tmp_path / "ana-data"):
        take_quiz(course, grader, "anticoagulation", me, rng)
        export(tmp_path / "week1.json")
        take_quiz(course, grader, "mat", me, rng)
        export(tmp_path / "week2.json", name="Ana  Li")
    week1 = json.loads((tmp_path / "week1.json").read_text(encoding="utf-8"))
    week2 = json.loads((tmp_path / "week2.json").read_text(encoding="utf-8"))
    assert week1["learner"] == week2["learner"]  # the store keeps its learner id
    result = load_class([tmp_path / "week1.json", tmp_path / "week2.json"], course)
    assert len(result.students) == 1
    ana = result.students[0]
    assert ana.name == "Ana Li" and week2["name"] == "Ana Li"  # the name the student gave, spaces tidied
    assert len(ana.attempts) == len(week2["attempts"]) > len(week1["attempts"])
    assert result.duplicates == len(week1["attempts"]) + len(week1["sessions"]) + len(week1["flags"]) + len(
        week1["contests"])
    # exports from before learner ids: joined by the sessions they share, named by the first file
    for name, doc in (("old1.json", week1), ("old2.json", week2)):
        old = {k: v for k, v in doc.items() if k not in ("learner", "name")}
        (tmp_path / "old" / name).parent.mkdir(exist_ok=True)
        (tmp_path / "old" / name).write_text(json.dumps(old), encoding="utf-8")
    result = load_class([tmp_path / "old"], course)
    assert [(s.name, len(s.attempts)) for s in result.students] == [("old1", len(week2["attempts"]))]
    assert result.students[0].id == str(tmp_path / "old" / "old1.json")


def test_a_csv_export_is_read_and_joined_to_the_same_students_json(exports: Path, tmp_path: Path,
                                                                    builtin: LoadResult) -> None:
    course = builtin.course
    with data_dir(tmp_path / "ben-data"):
        take_quiz(course, Grader(course), "mat", Profile("ben", -0.5, 11, contest_rate=1.0), random.Random(11))
        from tutor.cli import main

        assert main(["progress", "export", "--format", "csv", "-o", str(tmp_path / "ben.csv")]) == 0
        export(tmp_path / "ben.json")
    alone = load_class([tmp_path / "ben.csv"], course)
    assert alone.problems == [] and len(alone.students) == 1
    ben = alone.students[0]
    assert ben.name == "ben" and ben.id == str(tmp_path / "ben.csv")  # a CSV carries no learner id
    assert ben.contests and all(not x.comment for x in ben.contests)  # "I was right" has no comment
    assert ben.decisions() == {}  # a CSV has no session state
    both = load_class([tmp_path / "ben.csv", tmp_path / "ben.json"], course)
    assert len(both.students) == 1 and len(both.students[0].attempts) == len(ben.attempts)
    assert both.students[0].id == json.loads((tmp_path / "ben.json").read_text())["learner"]


def test_two_students_with_the_same_file_name_are_told_apart(exports: Path, tmp_path: Path,
                                                             builtin: LoadResult) -> None:
    for i, name in ((1, "ana"), (2, "ben")):
        (tmp_path / name).mkdir()
        shutil.copy(exports / f"student-00{i}.json", tmp_path / name / "progress.json")
    result = load_class([tmp_path], builtin.course)
    assert [s.name for s in result.students] == ["ana/progress", "ben/progress"]


BROKEN = {
    "notes.txt": "Remember to collect the exports on Friday.\n",
    "empty.json": "",
    "truncated.json": '{"format": "ledvt-tutor-progress", "version": 1, "attempts": [{"uuid": ',
    "other.json": '{"format": "some-other-app", "version": 1}',
    "newer.json": '{"format": "ledvt-tutor-progress", "version": 7, "attempts": []}',
    "older.json": '{"format": "ledvt-tutor-progress", "version": 0, "attempts": []}',
    "list.json": "[1, 2, 3]",
}


def test_hand_broken_files_each_get_one_precise_line(exports: Path, tmp_path: Path,
                                                      builtin: LoadResult) -> None:
    folder = _copy(exports, tmp_path)
    for name, text in BROKEN.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "latin1.json").write_bytes("{\"format\": \"caf\xe9\"}".encode("latin-1"))
    # a record broken by hand inside a good export: the rest of the file still counts
    doc = json.loads((folder / "student-003.json").read_text(encoding="utf-8"))
    doc["attempts"][2]["credit"] = "lots"
    doc["attempts"][4]["at"] = "yesterday"
    doc["flags"].append("not a record")
    (folder / "student-003.json").write_text(json.dumps(doc), encoding="utf-8")
    result = load_class([folder, tmp_path / "missing.json"], builtin.course)
    assert len(result.students) == 6
    by_file = {line.split(": ", 1)[0]: line for line in result.problems}
    f = str(folder)
    assert by_file[f"{f}/notes.txt"].startswith(f"{f}/notes.txt: not a progress export (this is not exported progress")
    assert by_file[f"{f}/empty.json"].startswith(f"{f}/empty.json: not a progress export")
    assert "the JSON is broken" in by_file[f"{f}/truncated.json"]
    assert by_file[f"{f}/other.json"] == (f"{f}/other.json: not a progress export (this JSON is not progress "
                                         "exported by the tutor (`tutor progress export`))")
    assert by_file[f"{f}/newer.json"] == f"{f}/newer.json: format version 7, this tutor reads 1; update the tutor to read it"
    assert by_file[f"{f}/older.json"] == f"{f}/older.json: format version 0, this tutor reads 1"
    assert "not UTF-8 text" in by_file[f"{f}/latin1.json"]
    assert by_file[f"{f}/student-003.json"] == (
        f"{f}/student-003.json: 3 unreadable records skipped: attempt 3: credit is not a number; "
        "attempt 5: at is not a time ('yesterday'); flag "
        f"{len(doc['flags'])}: not a record")
    assert by_file[f"{tmp_path}/missing.json"] == f"{tmp_path}/missing.json: no such file or folder"
    assert len(result.problems) == len(BROKEN) + 3
    three = next(s for s in result.students if s.name == "student-003")
    assert len(three.attempts) == len(doc["attempts"]) - 2


def test_answers_to_another_course_version_are_kept_but_not_current(exports: Path, tmp_path: Path,
                                                                    builtin: LoadResult) -> None:
    doc = json.loads((exports / "student-001.json").read_text(encoding="utf-8"))
    edited = doc["attempts"][0]["gid"]
    for a in doc["attempts"]:
        if a["gid"] == edited:
            a["hash"] = "0123456789abcdef"  # answered before the question was edited
    doc["attempts"][1]["gid"] = doc["attempts"][1]["gid"] + "-retired"  # a question since removed
    (tmp_path / "s1.json").write_text(json.dumps(doc), encoding="utf-8")
    result = load_class([tmp_path / "s1.json"], builtin.course)
    n_edited = sum(1 for a in doc["attempts"] if a["gid"] == edited)
    retired = doc["attempts"][1]["gid"]
    assert result.problems == [
        f"{tmp_path}/s1.json: for another course version: {n_edited} answer{'s' if n_edited > 1 else ''} to 1 "
        f"questions edited since ({edited}) and 1 answer to 1 questions not in this course ({retired}); "
        "left out of the item analysis"]
    s = result.students[0]
    assert len(s.attempts) == len(doc["attempts"])  # kept, for the review queue
    first = s.first_answers()
    assert edited not in first and retired not in first
    assert all(a.older_version for a in s.attempts if a.record.gid == edited)


def test_nothing_is_written_to_any_students_store(tmp_path: Path, builtin: LoadResult) -> None:
    course = builtin.course
    home = tmp_path / "cara"
    with data_dir(home):
        take_quiz(course, Grader(course), "mat", Profile("cara", 1.0, 5), random.Random(5))
        export(tmp_path / "cara.json")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in home.iterdir() if p.is_file()}
    result = load_class([tmp_path], course)  # the data folder is inside the class folder
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in home.iterdir() if p.is_file()}
    assert after == before
    assert [s.name for s in result.students] == ["cara"]
    assert f"{home}/progress.sqlite3: not a progress export (a tutor's progress database; run `tutor progress " \
           "export` in that data folder and collect the file it writes)" in result.problems


def test_the_learner_id_is_made_once_and_travels_with_the_progress(tmp_path: Path) -> None:
    a = open_store(tmp_path / "a.sqlite3")
    first = json.loads(a.export("json"))["learner"]
    assert json.loads(a.export("json"))["learner"] == first  # stable
    assert "learner" not in a.export("csv")
    b = open_store(tmp_path / "b.sqlite3")
    b.import_(a.export("json"))  # a new machine with no progress of its own: the same learner
    assert json.loads(b.export("json"))["learner"] == first
    c = open_store(tmp_path / "c.sqlite3")
    own = json.loads(c.export("json"))["learner"]
    c.import_(a.export("json"))  # a store with its own id keeps it
    assert json.loads(c.export("json"))["learner"] == own != first
    for s in (a, b, c):
        s.close()


@pytest.mark.parametrize("depth", [63, 64, 65, 66])
def test_reading_a_class_fast_keeps_the_readers_nesting_limit(depth: int) -> None:
    """Exports are checked for depth on their brackets first (quick), exactly only when deep."""
    from tutor.store.import_read import MAX_DEPTH, parse_import

    def nest(k: int, leaf: object) -> object:
        for _ in range(k):
            leaf = [leaf]
        return leaf

    leaves: tuple[object, ...] = (5, [], "]]]]")
    for leaf in leaves:  # a value at `depth` (the document itself is at depth 1)
        text = json.dumps({"format": "ledvt-tutor-progress", "version": 1, "cards": nest(depth - 2, leaf)})
        if depth > MAX_DEPTH:
            with pytest.raises(ValueError, match=f"nested more than {MAX_DEPTH} levels"):
                parse_import(text)
        else:
            assert parse_import(text)["version"] == 1


def test_the_class_tools_stay_out_of_textual_and_out_of_start_up(exports: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import tutor.cli\n"
        "tutor.cli._parser()\n"
        "early = sorted(m for m in sys.modules if m.startswith('tutor.instructor.') and m != "
        "'tutor.instructor.class_report')\n"
        "from pathlib import Path\n"
        "from tutor.course.loader import load\nfrom tutor.course.resources import builtin_sources\n"
        "from tutor.instructor.class_results import load_class\nfrom tutor.instructor.item_analysis import analyse\n"
        "from tutor.instructor.class_report import text_report, csv_report, json_report\n"
        f"r = load_class([Path({str(exports)!r})], load(builtin_sources()).course)\n"
        "a = analyse(r); text_report(r, a); csv_report(a); json_report(r, a)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(early, bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] []"


def test_two_learner_ids_sharing_answers_are_one_student_and_said(exports: Path, tmp_path: Path,
                                                                   builtin: LoadResult) -> None:
    one = json.loads((exports / "student-001.json").read_text(encoding="utf-8"))
    two = json.loads((exports / "student-002.json").read_text(encoding="utf-8"))
    for key in ("sessions", "attempts"):  # student 2 imported student 1's progress
        two[key] = two[key] + one[key]
    one["attempts"][0]["contested"] = True  # and contested an answer since: either copy counts
    (tmp_path / "one.json").write_text(json.dumps(one), encoding="utf-8")
    (tmp_path / "two.json").write_text(json.dumps(two), encoding="utf-8")
    result = load_class([tmp_path / "two.json", tmp_path / "one.json"], builtin.course)
    assert result.problems == [f"{tmp_path}/two.json, {tmp_path}/one.json: 2 learner ids share answers; "
                               "read as one student"]
    [student] = result.students
    assert student.id == two["learner"] and student.name == "two"  # the first file given
    assert len(student.attempts) == len(two["attempts"])
    assert next(a for a in student.attempts if a.uuid == one["attempts"][0]["uuid"]).record.contested


def test_a_name_is_for_json_exports_and_one_plain_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    with data_dir(tmp_path / "data"):
        assert main(["progress", "export", "--format", "csv", "--name", "Ana", "-o", str(tmp_path / "a.csv")]) == 2
        assert main(["progress", "export", "--name", "Ana\x1b[31m", "-o", str(tmp_path / "a.json")]) == 2
        assert "--name is a line of at most 200 characters, for a json export" in capsys.readouterr().err
        assert not (tmp_path / "a.csv").exists() and not (tmp_path / "a.json").exists()
