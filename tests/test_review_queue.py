"""The review queue: gathering, clustering, decisions written back and their effect, `tutor review`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.cli import main
from tutor.course.loader import LoadResult, load
from tutor.course.resources import builtin_sources, user_sources
from tutor.grading import Grader
from tutor.instructor.review_decisions import DecisionError, ReviewDecision, apply_decisions, read_decisions
from tutor.instructor.review_queue import (
    Cluster,
    ReviewAnswer,
    answers_from_export,
    build_queue,
    cluster_answers,
    keyed,
)
from tutor.model import Course, Question

ROOT = Path(__file__).resolve().parents[1]
GID = "ac-patient-question/baseline"


def rows(*texts: str, gid: str = GID, verdict: str = "incorrect") -> list[ReviewAnswer]:
    return [ReviewAnswer(gid, t, verdict) for t in texts]


def members(clusters: list[Cluster]) -> list[list[str]]:
    return [sorted(m.answer for m in c.members) for c in clusters]


# -- keys and clusters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("Blood Thinners", "blood thinners"),
    ("thinners, blood", "blood thinners"),
    ("blood-thinners", "blood thinners"),
    ("haemorrhage", "hemorrhage"),
    ("導管溶栓", "导管溶栓"),
    ("I think blood thinners", "blood thinners"),
])
def test_the_graders_normalisation_makes_one_key(a: str, b: str) -> None:
    assert keyed(a).full == keyed(b).full


def test_slips_join_their_leader_and_the_largest_cluster_comes_first() -> None:
    clusters = cluster_answers(GID, rows(*["blood thinners"] * 3, "blood thiners", "blod thinners",
                                         "heparin injection", "heparin injections", "heparin injektion"))
    assert [c.count for c in clusters] == [5, 3]
    assert clusters[0].answer == "blood thinners"
    assert [(m.answer, m.count) for m in clusters[0].members] == [("blood thinners", 3), ("blod thinners", 1),
                                                                   ("blood thiners", 1)]


@pytest.mark.parametrize("a, b", [
    ("IVC filter", "SVC filter"),                      # short terms get no allowance
    ("no anticoagulation", "anticoagulation"),          # negation
    ("anticoagulation alone", "anticoagulation"),       # exclusivity
    ("lower bleeding risk", "higher bleeding risk"),    # direction
    ("20-50%", "20-60%"),                               # numbers
    ("溶栓", "溶血"),                                    # Chinese: no edit budget
    ("导管溶栓治疗", "导管溶血治疗"),
    ("thrombosis", "thrombolysis"),                      # two real words, one slip apart
    ("hypertension", "hypotension"),
    ("stops the clot growing", "stops the clot forming"),
])
def test_meaning_keeps_answers_apart(a: str, b: str, builtin: LoadResult) -> None:
    clusters = cluster_answers(GID, rows(a, a, b), Grader(builtin.course).vocab)
    assert members(clusters) == [[a], [b]]


def test_contests_and_given_verdicts_are_counted_per_cluster() -> None:
    answers = [ReviewAnswer(GID, "blood thinners", "incorrect"),
               ReviewAnswer(GID, "blood thiners", "unclear", contested=True, comment="it means the same"),
               ReviewAnswer(GID, "blood thinners", "partial")]
    (c,) = cluster_answers(GID, answers)
    assert c.count == 3 and c.contested == 1 and c.comments == ["it means the same"]
    assert c.given == {"incorrect": 1, "unclear": 1, "partial": 1}
    assert c.id == cluster_answers(GID, list(reversed(answers)))[0].id  # stable across runs


# -- the queue ------------------------------------------------------------------------------------------------


def test_the_queue_regrades_and_leaves_out_what_is_decided(builtin: LoadResult) -> None:
    course = builtin.course
    answers = (rows("aspirin", "rivaroxaban")  # already examples of the question (reject, accept)
               + rows("LMWH")  # accepted by today's bank
               + [ReviewAnswer(GID, "warfarin", "incorrect", contested=True)]  # accepted, but contested: kept
               + rows("IVC filter", "ivc filters", "vitamin k")
               + rows("warfarin", verdict="correct")  # accepted when given: not gathered
               + rows("something", gid="gone/question"))
    queues, notes = build_queue(course, Grader(course), answers)
    (qq,) = queues
    assert qq.question.gid == GID and qq.resolved == 3
    by_answer = {c.answer: c for c in qq.clusters}
    assert set(by_answer) == {"IVC filter", "vitamin k", "warfarin"}
    assert by_answer["IVC filter"].count == 2
    assert by_answer["IVC filter"].verdict == "incorrect" and "IVC filter" in by_answer["IVC filter"].reason
    assert by_answer["warfarin"].verdict == "correct" and by_answer["warfarin"].contested == 1
    assert notes == ["gone/question: 1 answers to a question no longer in the course"]


def test_a_cluster_is_split_where_the_bank_treats_its_members_differently(builtin: LoadResult) -> None:
    # `thrombolisis` (a slip of the misconception `thrombolysis`) and `thrombosis` are near as strings.
    queues, _ = build_queue(builtin.course, Grader(builtin.course), rows("thrombolisis", "thrombosis"))
    verdict_reasons = {c.answer: c.reason for c in queues[0].clusters}
    assert set(verdict_reasons) == {"thrombolisis", "thrombosis"}
    assert "thrombolysis" in verdict_reasons["thrombolisis"]


def test_answers_from_an_export_pair_contests_with_attempts() -> None:
    doc = {"attempts": [
        {"gid": GID, "answer": "a", "verdict": "incorrect", "contested": False, "skipped": False},
        {"gid": GID, "answer": "a", "verdict": "incorrect", "contested": True, "skipped": False},
        {"gid": GID, "answer": "", "verdict": "incorrect", "skipped": True},
        {"gid": 3, "answer": "bad row"},
    ], "contests": [{"gid": GID, "answer": "a", "comment": "same thing"},
                    {"gid": GID, "answer": "b", "comment": "outside a session"}]}
    got = list(answers_from_export(doc, "s1"))
    assert got == [ReviewAnswer(GID, "a", "incorrect", True, "same thing", "s1"),
                   ReviewAnswer(GID, "a", "incorrect", True, "", "s1"),
                   ReviewAnswer(GID, "b", "", True, "outside a session", "s1")]


# -- decisions -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("doc, message", [
    ("[", "d.json:1:2: not valid JSON"),
    ('{"format": "tutor-review-queue", "questions": []}', "this is not a decisions file"),
    ('[{"question": "a/b", "action": "maybe", "answer": "x"}]', "decision 1: action 'maybe' is not one of"),
    ('[{"question": "a/b", "action": "partial", "answer": "x", "credit": 1}]', "decision 1: a partial decision needs 'credit'"),
    ('[{"question": "a/b", "action": "misconception", "answer": "x"}]', "decision 1: 'feedback' is required"),
    ('[{"question": "a/b", "action": "accept", "answer": "x", "colour": 1}]', "decision 1: unknown field 'colour'"),
    ('[{"question": "a/b", "action": "wrong"}]', "decision 1: give 'examples'"),
])
def test_a_bad_decisions_file_says_where(doc: str, message: str) -> None:
    with pytest.raises(DecisionError, match=message.replace("(", r"\(")):
        read_decisions(doc, "d.json")


def _own_course(tmp_path: Path) -> Path:
    folder = tmp_path / "my-course"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "branching-case.yaml", folder / "case.yaml")
    return folder


def _reload(folder: Path, builtin_too: bool = True) -> Callable[[list[str]], LoadResult]:
    def reload(extra: list[str]) -> LoadResult:
        return load((builtin_sources() if builtin_too else []) + user_sources([str(folder), *extra]))
    return reload


def _question(course: Course, gid: str) -> Question:
    q = course.question(gid)
    assert q is not None, gid
    return q


def test_accept_is_written_at_the_question_validated_and_its_effect_reported(tmp_path: Path) -> None:
    folder = _own_course(tmp_path)
    path = folder / "case.yaml"
    before = path.read_text(encoding="utf-8")
    result = _reload(folder)([])
    gid = "example-filter-bleed/baseline"
    assert Grader(result.course).grade(_question(result.course, gid), "blood thinning shots").verdict != "correct"
    stored = rows("blood thinning shots", "blood thinning shots", "blod thinning shots", "aspirin", gid=gid)
    d = ReviewDecision(gid, "accept", "blood thinning shots", examples=("blood thinning shots", "blod thinning shots"))
    report = apply_decisions(result, [d], [str(folder)], folder / "review-amendments.yaml", stored, _reload(folder))
    assert report.ok, report.lines()
    after = path.read_text(encoding="utf-8")
    assert len(after) > len(before) and "blood thinning shots" in after
    assert not (folder / "case.yaml.before-review").exists()  # validated: the previous version is dropped
    (_, e), = report.decisions
    assert e.changed == 3 and e.before == {"incorrect": 4} and e.after == {"correct": 3, "incorrect": 1}
    assert report.questions[gid].after == {"correct": 3, "incorrect": 1}
    q = _question(_reload(folder)([]).course, gid)
    assert ("blod thinning shots", "accept") in {(x.text, x.expect) for x in q.examples}


def test_a_decision_about_a_builtin_question_goes_to_an_amend_file(tmp_path: Path, builtin: LoadResult) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.yaml").write_text("format: 1\n", encoding="utf-8")
    shipped = (ROOT / "content" / "cases" / "anticoagulation.yaml").read_text(encoding="utf-8")
    result = _reload(folder)([])
    decisions = [
        ReviewDecision(GID, "misconception", "clot buster injections", feedback="Heparin does not bust clots."),
        ReviewDecision("ac-patient-question/agents", "accept", "coumadin", expectation="warfarin",
                       examples=("coumadin, LMWH, rivaroxaban", "coumadin")),
        ReviewDecision(GID, "partial", "injections", credit=0.5, feedback="Which injections?"),
    ]
    amend = folder / "review-amendments.yaml"
    report = apply_decisions(result, decisions, [str(folder)], amend, [], _reload(folder))
    assert report.ok, report.lines()
    assert (ROOT / "content" / "cases" / "anticoagulation.yaml").read_text(encoding="utf-8") == shipped
    text = amend.read_text(encoding="utf-8")
    assert text.startswith("# Review decisions") and "question: ac-patient-question/agents" in text
    course = _reload(folder)([]).course
    grader = Grader(course)
    assert grader.grade(_question(course, "ac-patient-question/agents"), "coumadin, LMWH, rivaroxaban").verdict == "correct"
    g = grader.grade(_question(course, GID), "clot buster injections")
    assert g.misconceptions and g.misconceptions[0].id == "clot-buster-injections"
    examples = {(x.text, x.expect) for x in _question(course, "ac-patient-question/agents").examples}
    assert {("coumadin, LMWH, rivaroxaban", "accept"), ("coumadin", "partial")} <= examples


def test_a_file_that_does_not_validate_keeps_its_previous_version(tmp_path: Path) -> None:
    folder = _own_course(tmp_path)
    result = _reload(folder)([])
    gid = "example-filter-bleed/baseline"
    # Accepting one phrasing does not make an unrelated example correct: the bank check says so.
    d = ReviewDecision(gid, "accept", "blood thinning shots", examples=("magnesium sulphate",))
    report = apply_decisions(result, [d], [str(folder)], folder / "amend.yaml", [], _reload(folder))
    assert not report.ok
    (problems,) = report.files.values()
    assert any("magnesium sulphate" in p and "should be accepted" in p for p in problems)
    assert (folder / "case.yaml.before-review").read_text(encoding="utf-8") == \
        (ROOT / "examples" / "branching-case.yaml").read_text(encoding="utf-8")


def test_a_decision_that_does_not_fit_its_question_writes_nothing(tmp_path: Path) -> None:
    folder = _own_course(tmp_path)
    before = (folder / "case.yaml").read_text(encoding="utf-8")
    result = _reload(folder)([])
    bad = ReviewDecision("example-filter-bleed/why-filter", "accept", "bleeding", examples=("bleeding",))
    with pytest.raises(DecisionError, match="say which group accepts it: 'expectation' is one of contraindication"):
        apply_decisions(result, [ReviewDecision("example-filter-bleed/baseline", "wrong", examples=("x",)), bad],
                        [str(folder)], folder / "amend.yaml", [], _reload(folder))
    assert (folder / "case.yaml").read_text(encoding="utf-8") == before
    assert sorted(p.name for p in folder.iterdir()) == ["case.yaml"]


# -- the amend section of the format ---------------------------------------------------------------------------


def test_amend_adds_to_a_builtin_question_and_reports_bad_entries_at_their_line(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"a.yaml": """\
format: 1
amend:
  - question: ac-patient-question/baseline
    accept: [blood thinning injections]
    examples:
      accept: [blood thinning injections]
  - question: ac-patient-question/agents
    groups:
      - id: warfarin
        accept: [coumadin]
      - id: nope
        accept: [x]
  - question: nowhere/q
    accept: [x]
  - question: ac-patient-question/agents
    accept: [x]
"""})
    errors = [str(p) for p in result.errors]
    shown = str(tmp_path / "a.yaml")
    assert errors == [
        f"{shown}:11:9: amend: 'ac-patient-question/agents' has no answer group 'nope'; its groups are: lmwh, warfarin, rivaroxaban",
        f"{shown}:13:5: amend: no question 'nowhere/q'; name a question as case-id/question-id (tutor export json lists them)",
        f"{shown}:15:5: amend: 'ac-patient-question/agents' is a list question; `accept:` cannot add to it; add them under `groups:` with the group's id",
    ]
    course = result.course
    grader = Grader(course)
    amended, agents = course.question(GID), course.question("ac-patient-question/agents")
    assert amended is not None and agents is not None
    assert grader.grade(amended, "blood thinning injections").verdict == "correct"
    assert grader.grade(agents, "coumadin, LMWH, rivaroxaban").verdict == "correct"
    ex = amended.examples[-1]
    assert (ex.text, ex.loc.line) == ("blood thinning injections", 6)


# -- the command -----------------------------------------------------------------------------------------------


def _store_with_answers() -> None:
    from tutor.engine.state import Record
    from tutor.store import open_store

    store = open_store()
    now = datetime(2026, 1, 5, tzinfo=UTC)
    for answer in ("clot buster", "clot buster", "clot busters", "aspirin"):
        store.record_attempt(None, Record(gid=GID, answer=answer, verdict="incorrect", credit=0.0), "anticoagulation", now)
    store.add_contest(GID, "heparin shots", "incorrect", now, comment="heparin is right")
    store.close()


def test_review_json_then_apply(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _store_with_answers()
    assert main(["review", "--json", "--question", GID]) == 0
    doc = json.loads(capsys.readouterr().out)
    (q,) = doc["questions"]
    assert q["question"] == GID and q["expectations"] == ["answer"]
    assert q["writes_to"] == str(Path("review-amendments") / "built-in.yaml")  # a built-in question: never edited
    first = q["clusters"][0]
    assert (first["answer"], first["count"], first["members"]) == (
        "clot buster", 3, [{"answer": "clot buster", "count": 2}, {"answer": "clot busters", "count": 1}])
    contested = next(c for c in q["clusters"] if c["contested"])
    assert contested["comments"] == ["heparin is right"]
    decisions = {"decisions": [{"question": GID, "action": "misconception", "answer": first["answer"],
                                "examples": [m["answer"] for m in first["members"]],
                                "feedback": "Heparin does not dissolve the clot.", "cluster": first["cluster"]}]}
    dfile = tmp_path / "decisions.json"
    dfile.write_text(json.dumps(decisions), encoding="utf-8")
    folder = tmp_path / "mine"
    folder.mkdir()
    assert main(["--content", str(folder), "review", "--apply", str(dfile)]) == 0
    out = capsys.readouterr().out
    assert f"{GID}: misconception 'clot buster': 0 regraded" in out
    assert f"{folder}/review-amendments.yaml: written and validated" in out
    assert main(["--content", str(folder), "review", "--text", "--question", GID]) == 0
    out = capsys.readouterr().out
    assert "clot buster" not in out and "heparin shots" in out


def test_review_class_reads_the_exports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.store import open_store

    _store_with_answers()
    store = open_store()
    (tmp_path / "class").mkdir()
    (tmp_path / "class" / "student-1.json").write_text(store.export("json"), encoding="utf-8")
    store.close()
    (tmp_path / "class" / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    assert main(["review", "--class", str(tmp_path / "class"), "--json"]) == 0
    captured = capsys.readouterr()
    doc = json.loads(captured.out)
    assert doc["questions"][0]["clusters"][0]["answer"] == "clot buster"
    assert "notes.json" in captured.err


def test_ruamel_and_textual_stay_out_of_the_core_and_of_start_up() -> None:
    import subprocess
    import sys

    code = ("import sys; from tutor.cli import _parser; _parser()\n"
            "import tutor.instructor.review_queue, tutor.instructor.review_decisions, tutor.commands.review\n"
            "import tutor.app.app\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ruamel', 'textual'}))\n"
            "del sys.modules['tutor.app.app']\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "['textual']"  # the app's module brings Textual, and nothing brings ruamel
    core = ("import sys; import tutor.instructor.review_queue, tutor.instructor.review_decisions\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'ruamel', 'textual'}))\n")
    out = subprocess.run([sys.executable, "-c", core], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"
