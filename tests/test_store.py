"""The progress store's core: ratings, cards, scheduling, sessions, edited and removed questions, stats."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fsrs import Rating, State

from tests.conftest import ROOT
from tests.test_store_support import T0, day, record, store_at, topic
from tutor.course.loader import LoadResult
from tutor.engine.state import Item, Phase, Record, SessionState
from tutor.model import Course, Mode
from tutor.store import rating_for
from tutor.store.schema import SCHEMA_VERSION


@pytest.fixture
def course(builtin: LoadResult) -> Course:
    return builtin.course


def _state(quiz: str = "starter", *items: Item) -> SessionState:
    return SessionState(quiz_id=quiz, title=quiz.title(), mode=Mode.TUTOR, items=list(items))


# the rating rule: one test per row of DECISIONS.md --------------------------------------------------

@pytest.mark.parametrize(("fields", "rating"), [
    ({"verdict": "incorrect"}, Rating.Again),
    ({"verdict": "incorrect", "confidence": "sure"}, Rating.Again),
    ({"verdict": "unclear"}, Rating.Again),
    ({"verdict": "incorrect", "skipped": True}, Rating.Again),
    ({"verdict": "partial", "credit": 0.5}, Rating.Hard),
    ({"verdict": "partial", "credit": 0.5, "confidence": "sure"}, Rating.Hard),
    ({"verdict": "correct", "credit": 1.0, "hints_before": 1}, Rating.Hard),
    ({"verdict": "correct", "credit": 1.0, "hints_before": 1, "confidence": "sure"}, Rating.Hard),
    ({"verdict": "correct", "credit": 1.0, "confidence": "guessing"}, Rating.Hard),
    ({"verdict": "correct", "credit": 1.0}, Rating.Good),
    ({"verdict": "correct", "credit": 1.0, "confidence": "unsure"}, Rating.Good),
    ({"verdict": "correct", "credit": 1.0, "confidence": "sure"}, Rating.Easy),
], ids=["incorrect", "incorrect-sure", "unclear", "skipped", "partial", "partial-sure", "correct-after-hint",
        "correct-after-hint-sure", "correct-guessing", "correct", "correct-unsure", "correct-sure"])
def test_rating_rule(fields: dict[str, Any], rating: Rating) -> None:
    assert rating_for(Record(gid="c/q", **fields)) == rating


def test_dialogue_help_after_the_first_answer_never_raises_the_rating() -> None:
    rec = Record(gid="c/q", verdict="incorrect", moves=["hint", "prompt"], coverage=1.0)
    assert rating_for(rec) == Rating.Again


# cards and scheduling ---------------------------------------------------------------------------------

def test_first_answers_schedule_questions_in_days(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    qs = course.questions()[:4]
    sid = store.start_session(_state(), T0)
    ratings = [record(qs[0]), record(qs[1], "incorrect"), record(qs[2], confidence="sure"),
               record(qs[3], "partial")]
    for i, rec in enumerate(ratings):
        assert store.record_attempt(sid, rec, topic(course, qs[0]), T0, index=i)
    cards = [store.card(q.gid) for q in qs]
    assert all(c is not None and c.state == State.Review for c in cards)
    due_days = [(c.due - T0).days for c in cards if c is not None]
    assert due_days == [2, 1, 8, 1]  # Good, Again, Easy, Hard on a new question
    total = len(course.questions())
    assert store.due_counts(course, T0) == (total - 4, 0)
    assert store.due_counts(course, day(1)) == (total - 4, 2)
    # most overdue first (Again and Hard were both due on day 1, Good on day 2)
    assert store.due_questions(course, day(3)) == sorted([qs[1].gid, qs[3].gid]) + [qs[0].gid]
    assert store.due_questions(course, day(9), limit=2) == store.due_questions(course, day(9))[:2]
    assert len(store.due_questions(course, day(9))) == 4


def test_due_questions_are_ordered_by_how_overdue_they_are(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    a, b = course.questions()[:2]
    store.record_attempt(None, record(a), topic(course, a), T0)  # Good: due day 2
    store.record_attempt(None, record(b, "incorrect"), topic(course, b), day(0, 5))  # Again: due day 1
    assert store.due_questions(course, day(5)) == [b.gid, a.gid]


def test_card_is_updated_from_the_first_answer_only(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    sid = store.start_session(_state(), T0)
    rec = record(q, "incorrect")
    store.record_attempt(sid, rec, "general", T0, index=0)
    before = store.card(q.gid)
    rec.moves += ["hint", "prompt"]
    rec.coverage = 1.0
    store.record_attempt(sid, rec, "general", day(0, 1), index=0)  # the same attempt, later in its dialogue
    assert store.card(q.gid) == before
    [attempt] = store.history(q.gid)
    assert attempt.record.moves == ["hint", "prompt"] and attempt.record.coverage == 1.0 and attempt.record.credit == 0.0
    assert store.attempt_count() == 1


def test_schedules_are_deterministic(tmp_path: Path, course: Course) -> None:
    def run(name: str) -> list[str]:
        store = store_at(tmp_path / name)
        for n, q in enumerate(course.questions()[:10]):
            for d in range(4):
                verdict = ("correct", "incorrect", "partial")[(n + d) % 3]
                store.record_attempt(None, record(q, verdict), topic(course, q), day(d * 3, n))
        out = []
        for q in course.questions()[:10]:
            card = store.card(q.gid)
            assert card is not None, q.gid
            out.append(json.dumps(card.to_dict()))
        return out

    assert run("a.sqlite3") == run("b.sqlite3")


def test_reviews_over_several_days_grow_the_interval(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    now = T0
    intervals = []
    for _ in range(4):
        store.record_attempt(None, record(q), "general", now)
        card = store.card(q.gid)
        assert card is not None
        intervals.append((card.due - now).days)
        now = card.due
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0]


def test_times_must_carry_a_timezone(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    with pytest.raises(ValueError, match="timezone"):
        store.due_counts(course, datetime(2026, 1, 1))


# sessions -------------------------------------------------------------------------------------------

def test_session_lifecycle(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    assert store.unfinished(course) is None
    state = _state("starter", Item(q.case_id))
    sid = store.start_session(state, T0)
    state.records.append(record(q))
    state.phase = Phase.QUESTION
    state.step_id = course.cases[q.case_id].steps[0].id
    assert store.save_session(sid, state, day(0, 1))
    found = store.unfinished(course)
    assert found is not None and found[0] == sid and found[1] == state
    assert store.finish_session(sid, state, day(0, 2), score=100.0)
    assert store.unfinished(course) is None
    [row] = store.sessions()
    assert row["finished"] and row["score"] == 100.0 and row["answered"] == 1


def test_the_latest_unfinished_session_is_offered(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    first = store.start_session(_state("basics"), T0)
    second = store.start_session(_state("cdt"), day(0, 1))
    found = store.unfinished()
    assert found is not None and found[0] == second
    store.save_session(first, _state("basics"), day(0, 2))
    found = store.unfinished()
    assert found is not None and found[0] == first


def test_a_session_that_no_longer_fits_the_course_is_reported_not_crashed_on(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    state = _state("starter", Item("a-removed-case"), Item(q.case_id))
    state.records.append(record(q))
    sid = store.start_session(state, T0)
    store.record_attempt(sid, state.records[0], "general", T0, index=0)
    assert store.unfinished(course) is None
    assert store.notice is not None and "a-removed-case" in store.notice and "cannot be continued" in store.notice
    assert store.sessions()[0]["outcome"] == "unfit"
    assert store.attempt_count() == 1  # its answers are kept
    assert store.unfinished(course) is None  # and it is not offered again


@pytest.mark.parametrize("change", ["step", "question_index", "item_index"])
def test_a_session_whose_place_is_gone_is_not_offered(tmp_path: Path, course: Course, change: str) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    case = next(iter(course.cases.values()))
    state = _state("starter", Item(case.id))
    state.phase = Phase.QUESTION
    state.step_id = next(s.id for s in case.steps if s.questions)
    if change == "step":
        state.step_id = "a-removed-step"
    elif change == "question_index":
        state.question_index = 99
    else:
        state.item_index = 5
    store.start_session(state, T0)
    assert store.unfinished(course) is None
    assert store.notice and "cannot be continued" in store.notice


def test_an_unreadable_saved_session_is_reported(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store = store_at(path)
    sid = store.start_session(_state(), T0)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE sessions SET state = '{not json' WHERE id = ?", (sid,))
    assert store.unfinished(course) is None
    assert store.notice and "cannot be read" in store.notice


def test_unfinished_without_a_course_returns_the_state(tmp_path: Path) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    sid = store.start_session(_state("gone-quiz", Item("gone-case")), T0)
    assert store.unfinished() == (sid, _state("gone-quiz", Item("gone-case")))


# edited and removed questions ------------------------------------------------------------------------------

def test_an_edited_question_keeps_its_history_marked_older(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    store.record_attempt(None, record(q, h="0123456789abcdef"), "general", T0)  # answered before an edit
    store.record_attempt(None, record(q, "incorrect"), "general", day(3))
    old, new = store.history(q.gid, course)
    assert old.older_version and not new.older_version
    stats = store.stats(course, day(3))
    assert q.gid not in stats.edited  # the latest answer is to the current version
    store.record_attempt(None, record(course.questions()[1], h="fedcba9876543210"), "general", day(3))
    assert store.stats(course, day(3)).edited == [course.questions()[1].gid]


def test_a_removed_question_is_reported_and_breaks_nothing(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    ghost = replace(record(q, misconceptions=("old-myth",)), gid="removed-case/q1")
    store.record_attempt(None, ghost, "cdt", T0)
    store.record_attempt(None, record(q), "general", T0)
    total = len(course.questions())
    assert store.due_counts(course, day(30)) == (total - 1, 1)
    assert store.due_questions(course, day(30)) == [q.gid]
    stats = store.stats(course, day(30))
    assert stats.removed == ["removed-case/q1"]
    assert stats.misconceptions[0].removed and stats.misconceptions[0].prompt == ""
    assert store.history("removed-case/q1", course)[0].record.gid == "removed-case/q1"


# stats ----------------------------------------------------------------------------------------------------

def test_stats_mastery_accuracy_forecast_and_misconceptions(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q_with_myths = [q for q in course.questions() if q.misconceptions]
    a = q_with_myths[0]
    b = next(q for q in q_with_myths if topic(course, q) != topic(course, a))
    myth = a.misconceptions[0].id
    # a: four answers, the latest three count for mastery: 0, 1, 1 -> 2/3
    store.record_attempt(None, record(a, "incorrect", misconceptions=(myth,)), "t", day(0))
    store.record_attempt(None, record(a, "incorrect", misconceptions=(myth,)), "t", day(1))
    store.record_attempt(None, record(a), "t", day(2))
    store.record_attempt(None, record(a), "t", day(2, 1))
    store.record_attempt(None, record(b, "partial", misconceptions=(b.misconceptions[0].id,)), "t", day(2, 2))
    stats = store.stats(course, day(2, 3))
    assert stats.attempts == 5
    topic_a = next(t for t in stats.topics if t.topic == topic(course, a))
    assert topic_a.answered == 1 and topic_a.questions > 1
    assert topic_a.mastery == pytest.approx(2 / 3)
    assert {t.topic for t in stats.topics} == {course.topic(c) for c in course.cases.values()}
    assert all(course.tags[t.topic].kind == "theme" for t in stats.themes)
    assert [(d.day, d.attempts, d.correct) for d in stats.days] == [
        ("2026-03-02", 1, 0), ("2026-03-03", 1, 0), ("2026-03-04", 3, 2)]
    assert stats.days[-1].accuracy == pytest.approx(2.5 / 3)
    assert len(stats.forecast) == 14 and stats.forecast[0].day == "2026-03-04"
    assert sum(f.due for f in stats.forecast) == 2
    top = stats.misconceptions[0]
    assert (top.gid, top.misconception, top.count) == (a.gid, myth, 2)
    assert top.prompt == a.prompt and top.feedback == a.misconceptions[0].feedback
    assert stats.misconceptions[1].count == 1


def test_stats_of_an_empty_store(tmp_path: Path, course: Course) -> None:
    stats = store_at(tmp_path / "p.sqlite3").stats(course, T0)
    assert stats.attempts == 0 and stats.new == len(course.questions()) and stats.due == 0
    assert all(t.answered == 0 and t.mastery == 0 for t in stats.topics)
    assert stats.days == [] and stats.misconceptions == [] and len(stats.forecast) == 14


# contests, flags, schema --------------------------------------------------------------------------------

def test_contests_and_flags_are_kept(tmp_path: Path, course: Course) -> None:
    store = store_at(tmp_path / "p.sqlite3")
    q = course.questions()[0]
    assert store.add_contest(q.gid, "[bold]my answer", "incorrect", T0, comment="the key is too strict")
    assert store.add_flag(q.gid, "typo in the vignette", day(0, 1))
    [contest] = store.contests()
    assert contest["answer"] == "[bold]my answer" and contest["comment"] == "the key is too strict"
    assert [f["comment"] for f in store.flags()] == ["typo in the vignette"]


def test_schema_has_a_version_and_migrates_once(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    store_at(path).close()
    store_at(path).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_newer_schema_is_read_but_not_changed(tmp_path: Path, course: Course) -> None:
    path = tmp_path / "p.sqlite3"
    store = store_at(path)
    q = course.questions()[0]
    store.record_attempt(None, record(q), "general", T0)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    before = path.read_bytes()
    store = store_at(path)
    assert path.read_bytes() == before
    assert store.problem and "newer version" in store.problem and not store.persistent
    assert store.due_counts(course, day(30))[1] == 1  # still read
    store.record_attempt(None, record(q), "general", day(30))
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 1


def test_the_store_does_not_import_textual_and_counts_without_fsrs(tmp_path: Path) -> None:
    code = (
        "import sys; from datetime import datetime, UTC\n"
        "from tutor.store import open_store\n"
        "from tutor.model import Course\n"
        f"s = open_store(__import__('pathlib').Path({str(tmp_path / 'p.sqlite3')!r}))\n"
        "now = datetime(2026, 1, 1, tzinfo=UTC)\n"
        "s.due_counts(Course(), now); s.stats(Course(), now); s.unfinished(Course())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'fsrs')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
