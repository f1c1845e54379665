"""The `tutor` command as users run it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def tutor(*args: str, stdin: str | None = None, cwd: Path | None = None,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True, text=True,
        cwd=cwd or ROOT, env=env or os.environ.copy(), timeout=120,
    )


CASE = """\
format: 1
cases:
  - id: mine
    title: My case
    tags: [anticoagulation, acute]
    steps:
      - id: s1
        text: A patient.
        questions:
          - id: q1
            kind: short
            prompt: What is the baseline treatment?
            answer:
              accept: [anticoagulation]
            explanation: It is the baseline [@review].
            cite: [review]
            examples:
              accept: [anticoagulaton]
              reject: [anticoagulation]
"""


def test_validate_shipped_course() -> None:
    out = tutor("validate")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "valid" in out.stdout


def test_validate_reports_a_contradicted_example_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(CASE, encoding="utf-8")
    out = tutor("validate", str(tmp_path))
    assert out.returncode == 1
    line = next(x for x in out.stdout.splitlines() if "mine.yaml" in x)
    assert line.startswith(f"{tmp_path}/mine.yaml:19:24:"), line
    data = json.loads(tutor("validate", "--json", str(tmp_path)).stdout)
    assert data["ok"] is False
    assert [(p["line"], p["column"]) for p in data["problems"] if "mine.yaml" in p["path"]] == [(19, 24)]


def test_grade_with_own_content(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(CASE, encoding="utf-8")
    out = tutor("--content", str(tmp_path), "grade", "mine/q1", "no anticoagulation", "--json")
    data = json.loads(out.stdout)
    assert data["verdict"] == "incorrect"
    out = tutor("grade", "--content", str(tmp_path), "mine/q1", "anticoagulaton")
    assert "correct" in out.stdout and out.returncode == 0


def test_export_json_is_read_by_a_separate_script() -> None:
    out = tutor("export", "json")
    assert out.returncode == 0
    script = textwrap.dedent("""
        import json, sys
        data = json.load(sys.stdin)
        refs = {r["key"]: r for r in data["references"]}
        qs = [q for c in data["cases"] for s in c["steps"] for q in s["questions"]]
        assert len(qs) >= 100 and len(data["cases"]) >= 30
        for q in qs:
            assert q["explanation"] and q["citations"] and q["answer"]
            assert all(r["key"] in refs for r in q["references"])
        print(len(qs), len(refs))
    """)
    check = subprocess.run([sys.executable, "-c", script], input=out.stdout, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    n_questions, n_refs = map(int, check.stdout.split())
    assert n_refs >= 35


def test_schema_and_version() -> None:
    schema = json.loads(tutor("schema").stdout)
    assert schema["$defs"]["question"]["properties"]["kind"]["enum"] == ["short", "list", "numeric", "choice"]
    out = tutor("--version").stdout
    assert "10.12677/acm.2025.1551395" in out and "content updated" in out


def test_plain_mode_through_a_pipe_whole_dialogue(tmp_path: Path) -> None:
    quiz = ROOT / "tests" / "fixtures" / "quiz.yaml"
    env = {**os.environ, "NO_COLOR": "1"}
    lines = [
        "warfarin dose",            # wrong: the ladder starts with the hint
        "no idea",                  # prompt
        "anticoagulants",           # the prompt answered
        "b",                        # a harmful decision: teaching branch, back to the decision
        "a",                        # the recommended choice
        "contraindication to anticoagulation",  # half the list: pump
        "nothing",                  # hint
        "still nothing",            # assertion and summary
        "a",
    ]
    out = tutor("--content", str(ROOT / "examples"), "--content", str(quiz), "plain", "--quiz", "example",
                stdin="\n".join(lines) + "\n", env=env)
    text = " ".join(out.stdout.split())  # wrapping may break a phrase across lines
    assert out.returncode == 0, out.stderr
    assert "\x1b[" not in text  # NO_COLOR
    for expected in ["Think of the drugs every DVT patient gets", "what kind of drug", "Yes: anticoagulation",
                     "Why not:", "You chose A.", "What else?", "Failure of anticoagulation is the second",
                     "Summary: Worked example", "Score"]:
        assert expected in text, (expected, text)


def test_plain_mode_end_of_input_keeps_going_gracefully() -> None:
    # The end of input is not the end of the session: no summary scoring it as failed
    out = tutor("plain", "--quiz", "starter", stdin="")
    assert out.returncode == 0 and "Score" not in out.stdout and "Input ended" in out.stdout
    out = tutor("plain", "--quiz", "starter", stdin="anticoagulation\n")
    assert out.returncode == 0 and "Score" not in out.stdout and "--continue" in out.stdout


def test_plain_mode_unknown_quiz() -> None:
    out = tutor("plain", "--quiz", "nope", stdin="")
    assert out.returncode == 2 and "No quiz 'nope'" in out.stderr


@pytest.mark.skipif(os.environ.get("TUTOR_SKIP_WHEEL") == "1", reason="wheel build disabled")
def test_wheel_carries_the_course_and_runs_outside_the_checkout(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next(dist.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tutor/_course/content/references.yaml" in names
    assert any(n.startswith("tutor/_course/quizzes/") for n in names)
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", "import tutor; print(tutor.__file__)"],
                         cwd=elsewhere, env=env, capture_output=True, text=True)
    assert out.stdout.startswith(str(target)), out
    out = tutor("validate", cwd=elsewhere, env=env)
    assert out.returncode == 0 and "35 cases" in out.stdout or "cases" in out.stdout, out
    out = tutor("plain", "--quiz", "starter", stdin="anticoagulation\n", cwd=elsewhere, env=env)
    assert out.returncode == 0 and "Question 1" in out.stdout


def test_a_closed_pipe_is_not_a_crash() -> None:
    proc = subprocess.Popen([sys.executable, "-m", "tutor", "export", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.read(100)
    proc.stdout.close()  # like `| head -c 100`
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err and proc.returncode == 0


def test_grade_reads_json_lines_and_writes_a_verdict_per_line() -> None:
    lines = [
        json.dumps({"question": "ac-patient-question/baseline", "answer": "anticoagulation"}),
        "not json",
        json.dumps({"question": "ac-patient-question/baseline", "answer": "no anticoagulation"}),
        json.dumps({"question": "no-such/question", "answer": "x"}),
        json.dumps(["a list"]),
    ]
    out = tutor("grade", stdin="\n".join(lines) + "\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert out.returncode == 1  # some lines could not be graded
    assert [r.get("verdict") for r in rows] == ["correct", None, "incorrect", None, None]
    assert rows[1] == {"line": 2, "error": "not a JSON object: Expecting value"}
    assert "no question 'no-such/question'" in rows[3]["error"]
    # the same fields as `tutor grade --json` for one answer
    one = json.loads(tutor("grade", "--json", "ac-patient-question/baseline", "anticoagulation").stdout)
    assert set(one) == set(rows[0])


def test_validate_reads_a_folder_named_twice_once(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(CASE, encoding="utf-8")
    out = tutor("--content", str(tmp_path), "validate", str(tmp_path))
    assert "already used" not in out.stdout + out.stderr


def test_validating_the_built_in_folder_by_name_reads_it_once() -> None:
    # In a checkout, `tutor validate content` names the built-in course's own folder: it must not
    # be read a second time beside itself (every id would be "already used").
    for folder in ("content", "content/cases"):
        out = tutor("validate", folder)
        assert out.returncode == 0, out.stdout + out.stderr
        assert "already used" not in out.stdout + out.stderr
        assert "35 cases" in out.stdout
