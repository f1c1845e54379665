"""Item analysis: figures checked by hand on a tiny class, and their behaviour on a simulated one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.class_kit import simulated_class
from tutor.course.loader import LoadResult
from tutor.instructor.class_results import load_class
from tutor.instructor.item_analysis import Thresholds, analyse, pearson, upper_lower
from tutor.model import Course

A, B, C = "mat-cost/segment", "mat-cost/li-finding", "mat-cost/advantages"
"""A short question, a choice question (A is right) and a list question, all of the quiz `mat`."""


def _attempt(course: Course, n: int, gid: str, answer: str, verdict: str, credit: float, *, day: int = 1,
             hints: int = 0, seconds: float = 20.0, misconceptions: tuple[str, ...] = (),
             skipped: bool = False) -> dict[str, Any]:
    q = course.question(gid)
    assert q is not None
    return {"uuid": f"a-{n}-{gid}-{day}", "session": f"s-{n}-{day}", "quiz_id": "mat", "gid": gid,
            "hash": q.graded_hash, "topic": "mat", "at": f"2026-03-0{day}T10:00:0{n}.000000Z", "answer": answer,
            "verdict": verdict, "credit": credit, "coverage": credit, "hints": hints, "moves": [],
            "misconceptions": list(misconceptions), "skipped": skipped, "contested": False, "confidence": "",
            "seconds": seconds, "rating": 3}


def _session(n: int, day: int, choice: str | None) -> dict[str, Any]:
    choices = [{"case_id": "mat-cost", "step_id": "choose", "choice_id": choice, "recommended_id": "cdt-mat"}]
    return {"uuid": f"s-{n}-{day}", "quiz_id": "mat", "title": "Part 5", "mode": "tutor",
            "started": f"2026-03-0{day}T09:00:00.000000Z", "updated": f"2026-03-0{day}T11:00:00.000000Z",
            "finished": None, "outcome": "", "answered": 3, "score": None,
            "state": {"choices": choices if choice else []}}


def tiny_class(course: Course, folder: Path) -> Path:
    """Five students, three questions: the figures below are worked out by hand from this table.

        student  A (credit, hints, seconds)   B (answer)        C (credit)   decision
        1        1, 0, 10                     A  correct        1            cdt-mat (later cdt-pmt)
        2        1, 1, 20                     C  incorrect      1            cdt-mat
        3        0, 2, 30  "calf veins"       a  correct        0.5          cdt-pmt
        4        0, 0, 40  "Calf  veins"      B  incorrect      0            cdt-mat
        5        1, 0, 1000                   skipped           0            (none)
    """
    rows = {
        1: [(A, "femoral and iliac", "correct", 1.0, 0, 10), (B, "A", "correct", 1.0, 0, 15),
            (C, "cheaper, shorter stay", "correct", 1.0, 0, 30)],
        2: [(A, "iliofemoral", "correct", 1.0, 1, 20), (B, "C", "incorrect", 0.0, 0, 15),
            (C, "cheaper, no lysis drug", "correct", 1.0, 0, 30)],
        3: [(A, "calf veins", "incorrect", 0.0, 2, 30), (B, "a", "correct", 1.0, 0, 15),
            (C, "cheaper", "partial", 0.5, 0, 30)],
        4: [(A, "Calf  veins", "incorrect", 0.0, 0, 40), (B, "B", "incorrect", 0.0, 0, 15),
            (C, "no idea", "incorrect", 0.0, 0, 30)],
        5: [(A, "iliac", "correct", 1.0, 0, 1000), (B, "", "incorrect", 0.0, 0, 15),
            (C, "safer", "incorrect", 0.0, 0, 30)],
    }
    decisions = {1: "cdt-mat", 2: "cdt-mat", 3: "cdt-pmt", 4: "cdt-mat", 5: None}
    folder.mkdir(parents=True, exist_ok=True)
    for n, answers in rows.items():
        attempts = [
            _attempt(course, n, gid, text, verdict, credit, hints=hints, seconds=secs,
                     misconceptions=("calf",) if "calf" in text.lower() else (), skipped=(n == 5 and gid == B))
            for gid, text, verdict, credit, hints, secs in answers]
        sessions = [_session(n, 1, decisions[n])]
        if n == 1:  # a second go, later: neither its answer nor its decision is a first one
            attempts.append(_attempt(course, n, A, "calf", "incorrect", 0.0, day=2))
            sessions.append(_session(n, 2, "cdt-pmt"))
        contests = [{"uuid": "c-3", "session": "s-3-1", "gid": A, "answer": "calf veins", "verdict": "incorrect",
                     "comment": "calf veins are a segment too", "at": "2026-03-01T10:05:00.000000Z"}] if n == 3 else []
        flags = [{"uuid": "f-4", "session": "s-4-1", "gid": B, "comment": "option C looks right as well",
                  "at": "2026-03-01T10:06:00.000000Z"}] if n == 4 else []
        doc = {"format": "ledvt-tutor-progress", "version": 1, "learner": f"id-{n}", "sessions": sessions,
               "attempts": attempts, "cards": [], "contests": contests, "flags": flags}
        (folder / f"s{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder


@pytest.fixture
def tiny(tmp_path: Path, builtin: LoadResult) -> Any:
    results = load_class([tiny_class(builtin.course, tmp_path / "tiny")], builtin.course)
    assert results.problems == []
    return analyse(results, Thresholds(min_students=5, min_discrimination=0.2, max_facility=0.5))


def test_facility_credit_hints_and_time_by_hand(tiny: Any) -> None:
    items = {i.gid: i for i in tiny.items}
    assert set(items) == {A, B, C}
    a, b, c = items[A], items[B], items[C]
    assert (a.students, a.correct, a.facility, a.mean_credit) == (5, 3, 0.6, 0.6)
    assert (c.facility, c.mean_credit) == (0.4, 0.5)  # a partial answer is not correct, but earns half
    assert (b.facility, b.skipped) == (0.4, 1)
    assert a.hinted == 0.4 and a.mean_hints == pytest.approx(0.6)
    assert a.median_seconds == 30  # the student who left it open for 1000 s does not move the median
    assert tiny.students == 5 and tiny.mean_score == pytest.approx((1 + 2 / 3 + 0.5 + 0 + 1 / 3) / 5)
    assert a.quiz_id == "mat"


def test_discrimination_by_hand(tiny: Any) -> None:
    items = {i.gid: i for i in tiny.items}
    # A: item [1,1,0,0,1]; rest = mean of B and C: [1, .5, .75, 0, 0].
    # Point-biserial: (M1 - M0) / s * sqrt(pq) = (0.5 - 0.375) / 0.4 * sqrt(0.24) = 0.15309
    assert items[A].discrimination == pytest.approx(0.125 / 0.4 * 0.24 ** 0.5)
    # C (partial credit, so Pearson's r): item [1,1,.5,0,0], rest [1,.5,.5,0,.5]: 0.5 / sqrt(1 * 0.5)
    assert items[C].discrimination == pytest.approx(2 ** -0.5)
    # Upper-lower with k = round(0.27 * 5) = 1: the best and the worst by rest score.
    assert items[A].upper_lower == 1.0  # S1 (rest 1) right, S4 (rest 0, first of the tie) wrong
    assert items[B].upper_lower == 0.0  # rests [1,1,.25,0,.5]: S2 is last of the tie at 1 and wrong, S4 wrong


def test_answers_options_misconceptions_and_remarks(tiny: Any) -> None:
    items = {i.gid: i for i in tiny.items}
    wrong = items[A].wrong_answers
    assert [(w.label, w.count) for w in wrong] == [("calf veins", 2)]  # "Calf  veins" normalised to the same
    assert [(m.key, m.count, m.share) for m in items[A].misconceptions] == [("calf", 2, 0.4)]
    options = [(o.key, o.count, o.share, o.correct) for o in items[B].options]
    assert options == [("A", 2, 0.4, True), ("B", 1, 0.2, False), ("C", 1, 0.2, False), ("D", 0, 0.0, False),
                       ("", 1, 0.2, False)]
    assert [(r.kind, r.student, r.comment) for r in items[A].remarks] == [
        ("contest", "s3", "calf veins are a segment too")]
    assert [(r.kind, r.student, r.comment) for r in items[B].remarks] == [("flag", "s4", "option C looks right as well")]
    assert items[C].wrong_answers[0].count == 1 and items[C].options == []


def test_decisions_count_each_students_first_choice(tiny: Any) -> None:
    [d] = [d for d in tiny.decisions if d.case_id == "mat-cost"]
    assert d.students == 4
    assert [(c.key, c.count, c.share, c.correct) for c in d.choices] == [
        ("cdt-mat", 3, 0.75, True), ("cdt-pmt", 1, 0.25, False)]


def test_flags_follow_the_thresholds(tiny: Any, tmp_path: Path, builtin: LoadResult) -> None:
    items = {i.gid: i for i in tiny.items}
    assert items[A].flags == ["discrimination 0.15 below 0.20", "facility 0.60 above 0.50"]
    assert items[B].flags == ["discrimination 0.15 below 0.20"]
    assert items[C].flags == []
    results = load_class([tmp_path / "tiny"], builtin.course)
    assert analyse(results).flagged == []  # the defaults need 10 students before flagging anything
    loose = analyse(results, Thresholds(min_students=1, min_discrimination=-1.0, max_facility=1.0))
    assert loose.flagged == []


def test_the_helpers_on_their_edges() -> None:
    assert pearson([1, 1, 1], [0.2, 0.5, 0.9]) is None  # an item everyone got right discriminates nothing
    assert pearson([1, 0], [1, 0]) == pytest.approx(1.0)
    assert pearson([0, 1, 0, 1], [1, 0, 1, 0]) == pytest.approx(-1.0)
    # ten students, k = 3: top three by rest all right, bottom three all wrong
    items: list[float] = [0, 0, 0, 1, 0, 1, 1, 1, 1, 1]
    rests = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert upper_lower(items, rests) == 1.0
    assert upper_lower(items[::-1], rests) == -1.0
    assert upper_lower([1, 0], [0.5, 0.2]) is None


def test_on_a_simulated_class_better_students_do_better(builtin: LoadResult) -> None:
    # Twelve students: with six, one draw of abilities and answers can leave the mean near zero
    # (seen from 0.01 to 0.52 over seeds); with twelve it stayed between 0.2 and 0.45.
    results = load_class([simulated_class(n=12)], builtin.course)
    analysis = analyse(results, Thresholds(min_students=5))
    assert analysis.students == 12
    assert len(analysis.items) >= 20 and analysis.unanswered == len(builtin.course.questions()) - len(analysis.items)
    found = [i.discrimination for i in analysis.items if i.discrimination is not None]
    # The simulated chance of a right answer rises with ability: most questions discriminate positively.
    assert sum(found) / len(found) > 0.1
    for i in analysis.items:
        assert 0 <= (i.facility or 0) <= 1 and i.students <= 12
        if i.kind == "choice":
            assert sum(o.count for o in i.options) == i.students
            q = builtin.course.question(i.gid)
            assert q is not None
            assert [o.key for o in i.options if o.correct] == [o.letter for o in q.options if o.correct]
        if i.flags:
            assert i.students >= 5
    assert analysis.decisions and all(abs(sum(c.share for c in d.choices) - 1) < 1e-9 for d in analysis.decisions)


# the report and the command ----------------------------------------------------------------------

def _tutor(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from tutor.cli import main

    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_terminal_report_fits_80_columns_and_shows_bars(tmp_path: Path, builtin: LoadResult,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from rich.cells import cell_len

    folder = tiny_class(builtin.course, tmp_path / "tiny")
    code, out, err = _tutor(["class", str(folder), "--all", "--min-students", "5", "--max-facility", "0.5"], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    not_yet = len(builtin.course.questions()) - 3
    assert lines[0] == f"Class results: 5 students from 5 files · 3 questions answered ({not_yet} not yet)"
    assert max(cell_len(line) for line in lines) <= 80
    assert "\x1b[" not in out  # not a terminal: no colour
    row = next(line for line in lines if line.startswith(A))
    assert "██████░░░░  60%  0.15  1.00  ⚑ 1c" in row
    assert "  ⚑ facility 0.60 above 0.50" in lines
    assert "   * A ████░░░░░░  40%  The two were similar in both efficacy and safety" in lines
    assert "     – ██░░░░░░░░  20%  (no option)" in lines  # the skipped one named none
    assert "      2× calf veins" in lines
    assert "  contest by s3: “calf veins” judged incorrect — calf veins are a segment too" in lines
    assert "  flag by s4: option C looks right as well" in lines
    assert any(line.startswith("  * ████████░░  75%  A. ") for line in lines)  # the decision, recommended


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from tutor.instructor.class_report import _styler

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert _styler(Tty())("x", "warn") == "\x1b[33;1mx\x1b[0m"
    assert _styler(io.StringIO())("x", "warn") == "x"
    monkeypatch.setenv("NO_COLOR", "1")
    assert _styler(Tty())("x", "warn") == "x"


def test_csv_and_json_carry_the_same_figures(tmp_path: Path, builtin: LoadResult,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    import csv
    import io

    folder = tiny_class(builtin.course, tmp_path / "tiny")
    (folder / "notes.txt").write_text("not an export\n", encoding="utf-8")
    code, out, err = _tutor(["class", str(folder), "--csv"], capsys)
    assert code == 0
    assert err == f"{folder}/notes.txt: not a progress export (this is not exported progress: expected the JSON " \
                  "or CSV that `tutor progress export` writes)\n"  # problems apart, so the CSV stays parseable
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert rows[A]["facility"] == "0.6000" and rows[A]["discrimination"] == "0.1531"
    assert rows[B]["options"] == "A* 0.400 | B 0.200 | C 0.200 | D 0.000 | - 0.200"
    assert rows[A]["wrong_answers"] == "2× calf veins" and rows[A]["contests"] == "1"
    assert rows["mat-cost/choose"]["kind"] == "decision"
    assert rows["mat-cost/choose"]["options"] == "cdt-mat* 0.750 | cdt-pmt 0.250"
    code, out, _ = _tutor(["class", str(folder), "--json", "--min-students", "5"], capsys)
    doc = json.loads(out)
    items = {i["gid"]: i for i in doc["items"]}
    assert items[A]["discrimination"] == pytest.approx(float(rows[A]["discrimination"]), abs=1e-4)
    assert items[C]["upper_lower"] == 1.0 and items[A]["flags"] == ["discrimination 0.15 below 0.20"]
    assert [s["name"] for s in doc["students"]] == ["s1", "s2", "s3", "s4", "s5"]
    assert doc["students"][0]["first_answers"] == 3 and doc["students"][0]["answers"] == 4
    assert len(doc["problems"]) == 1 and doc["thresholds"]["min_students"] == 5


def test_the_command_says_when_there_is_nothing_to_report(tmp_path: Path, builtin: LoadResult,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    code, out, err = _tutor(["class", str(tmp_path)], capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{tmp_path}/a.json: not a progress export (this JSON is not progress exported by the tutor "
        "(`tutor progress export`))",
        "tutor class: no progress export could be read; nothing to report."]
    code, _, err = _tutor(["class", str(tmp_path), "--question", "no/such"], capsys)
    assert code == 2 and "no question 'no/such'" in err


def test_the_help_shows_the_thresholds_defaults() -> None:
    from tutor.instructor.class_report import DEFAULTS

    assert Thresholds(**DEFAULTS) == Thresholds()  # type: ignore[arg-type]  # each field's default, by name


def test_problems_are_wrapped_in_the_report_never_cut(tmp_path: Path, builtin: LoadResult,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from rich.cells import cell_len

    folder = tiny_class(builtin.course, tmp_path / "a-rather-long-folder-name-for-the-class-of-2026" / "tiny")
    (folder / "notes-from-the-teaching-assistant-about-this-week.txt").write_text("hello\n", encoding="utf-8")
    code, out, _ = _tutor(["class", str(folder)], capsys)
    assert code == 0
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("! "))
    end = lines.index("", start)
    assert end - start > 1  # wrapped over lines
    joined = "".join(lines[start:end]).replace(" ", "")
    expected = (f"! {folder}/notes-from-the-teaching-assistant-about-this-week.txt: not a progress export (this is "
                "not exported progress: expected the JSON or CSV that `tutor progress export` writes)")
    assert joined == expected.replace(" ", "")
    assert max(cell_len(line) for line in lines) <= 80
