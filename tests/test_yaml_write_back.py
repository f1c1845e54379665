"""Review decisions written into YAML: every byte outside the additions stays as it was."""

from __future__ import annotations

import difflib
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.course.loader import LoadResult
from tutor.instructor.review_decisions import question_path
from tutor.instructor.yaml_write_back import (
    BACKUP_SUFFIX,
    Addition,
    WriteBackError,
    add_items,
    discard_backup,
    write_atomically,
)

ROOT = Path(__file__).resolve().parents[1]


def only_inserted(before: str, after: str) -> bool:
    """True when `after` is `before` with text inserted and nothing else changed: whole lines
    added, or a changed line that is the old line with one or more pieces put into it."""
    old, new = before.splitlines(True), after.splitlines(True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("equal", "insert"):
            continue
        if tag == "delete":
            return False
        a, b = "".join(old[i1:i2]), "".join(new[j1:j2])
        if any(op[0] != "equal" and op[0] != "insert"
               for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()):
            return False
    return True


def inserted_lines(before: str, after: str) -> list[str]:
    return [line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]


SAMPLE = """\
# An instructor's file: comments, both list styles, quoted and plain strings, Chinese.
format: 1

cases:
  - id: demo            # the case
    title: "A \\"quoted\\" title"
    tags: [anticoagulation]
    steps:
      - id: start
        text: |
          A vignette.

        questions:
          - id: flow
            kind: short
            prompt: What is the baseline?
            answer:
              accept: [anticoagulation, 'anticoagulant therapy', "抗凝治疗",
                       blood thinning]   # a flow list over two lines
              hint: Think of the drugs.
            explanation: >-
              Anticoagulation is the baseline.
            cite: [review]
            examples:
              accept: [anticoagulation]

          - id: block
            kind: list
            prompt: Name two.
            groups:
              - id: one
                accept:
                  - "first thing"
                  - 第一
                # a comment after the last item
              - id: two
                accept: [second]
            explanation: |
              Because.
            cite: [review]
"""

FLOW = ("cases", ("id", "demo"), "steps", ("id", "start"), "questions", ("id", "flow"))
BLOCK = ("cases", ("id", "demo"), "steps", ("id", "start"), "questions", ("id", "block"))


def test_an_item_joins_a_flow_list_written_over_two_lines() -> None:
    after = add_items(SAMPLE, [Addition(FLOW + ("answer", "accept"), "blood thinner injections")])
    assert only_inserted(SAMPLE, after)
    assert "blood thinning, blood thinner injections]   # a flow list over two lines" in after
    assert yaml.safe_load(after)["cases"][0]["steps"][0]["questions"][0]["answer"]["accept"][-1] == \
        "blood thinner injections"


def test_an_item_joins_a_block_list_before_the_comment_after_it() -> None:
    after = add_items(SAMPLE, [Addition(BLOCK + ("groups", ("id", "one"), "accept"), "第一个")])
    assert only_inserted(SAMPLE, after)
    assert "                  - 第一\n                  - 第一个\n                # a comment" in after


def test_new_keys_and_mappings_are_written_in_the_files_style() -> None:
    adds = [
        Addition(FLOW + ("examples", "reject"), "aspirin"),
        Addition(FLOW + ("partial",), {"accept": ["blood thinner"], "credit": 0.5, "feedback": "Name it: anticoagulation."}),
        Addition(BLOCK + ("misconceptions",), {"id": "lysis", "match": ["溶栓"], "feedback": "Not lysis."}),
        Addition(BLOCK + ("examples", "accept"), "first thing, second"),
    ]
    after = add_items(SAMPLE, adds)
    assert only_inserted(SAMPLE, after)
    assert inserted_lines(SAMPLE, after) == [
        "              reject: [aspirin]",
        "            partial:",
        "              - accept: [blood thinner]",
        "                credit: 0.5",
        '                feedback: "Name it: anticoagulation."',
        "            misconceptions:",
        "              - id: lysis",
        "                match: [溶栓]",
        "                feedback: Not lysis.",
        "            examples:",
        '              accept: ["first thing, second"]',
    ]
    q = yaml.safe_load(after)["cases"][0]["steps"][0]["questions"]
    assert q[0]["examples"] == {"accept": ["anticoagulation"], "reject": ["aspirin"]}
    assert q[1]["misconceptions"][0]["match"] == ["溶栓"]


@pytest.mark.parametrize("text", ["yes", "10", "1e3", "null", "a: b", "[x]", "#tag", "-5", "it's", "'quoted'",
                                  "50%", "x, y", "抗凝", "trailing ", "line\nbreak", "tab\tin"])
def test_every_string_reads_back_as_itself(text: str) -> None:
    after = add_items(SAMPLE, [Addition(FLOW + ("answer", "accept"), text),
                               Addition(FLOW + ("examples", "partial"), text)])
    q = yaml.safe_load(after)["cases"][0]["steps"][0]["questions"][0]
    assert q["answer"]["accept"][-1] == text
    assert q["examples"]["partial"] == [text]
    assert only_inserted(SAMPLE, after)


def test_a_string_already_there_is_not_added_twice() -> None:
    assert add_items(SAMPLE, [Addition(FLOW + ("answer", "accept"), "anticoagulation")]) == SAMPLE


def test_a_new_amend_entry_and_a_second_one() -> None:
    text = "# amendments\nformat: 1\n"
    once = add_items(text, [Addition(("amend", ("question", "a/b"), "accept"), "x")])
    assert once == "# amendments\nformat: 1\namend:\n  - question: a/b\n    accept: [x]\n"
    twice = add_items(once, [Addition(("amend", ("question", "a/b"), "examples", "accept"), "x"),
                             Addition(("amend", ("question", "c/d"), "groups", ("id", "g"), "accept"), "y")])
    assert only_inserted(once, twice)
    assert yaml.safe_load(twice)["amend"] == [
        {"question": "a/b", "accept": ["x"], "examples": {"accept": ["x"]}},
        {"question": "c/d", "groups": [{"id": "g", "accept": ["y"]}]},
    ]


def test_windows_line_ends_are_kept() -> None:
    text = SAMPLE.replace("\n", "\r\n")
    after = add_items(text, [Addition(FLOW + ("examples", "reject"), "aspirin")])
    assert "\r\n              reject: [aspirin]\r\n" in after
    assert after.count("\n") == after.count("\r\n")


def test_a_flow_mapping_in_the_way_is_refused_with_its_line() -> None:
    text = "format: 1\namend: [{question: a/b, accept: [x]}]\n"
    with pytest.raises(WriteBackError, match="line 2: a mapping written in braces"):
        add_items(text, [Addition(("amend", ("question", "a/b"), "examples", "accept"), "y")])


def _shipped_samples(course: LoadResult) -> list[tuple[Path, tuple[Any, ...], list[Addition]]]:
    """One question of each kind from each shipped case file, with every kind of addition."""
    out = []
    seen: set[tuple[str, str]] = set()
    for q in course.course.questions():
        if (q.loc.path, q.kind) in seen or not q.loc.path.startswith("content/cases/"):
            continue
        seen.add((q.loc.path, q.kind))
        base = question_path(q)
        adds = []
        if q.kind == "short":
            adds.append(Addition(base + ("answer", "accept"), "blood thinners, 抗凝药"))
        elif q.kind == "list":
            adds.append(Addition(base + ("groups", ("id", q.expectations[-1].id), "accept"), "a \"new\" one"))
        elif q.kind == "choice":
            adds.append(Addition(base + ("options", [o.correct for o in q.options].index(True), "accept"), "yes"))
        adds += [
            Addition(base + ("examples", "reject"), "溶栓 'x'"),
            Addition(base + ("examples", "partial"), "part: of it"),
            Addition(base + ("partial",), {"accept": ["half"], "credit": 0.5, "feedback": "Half # of it."}),
            Addition(base + ("misconceptions",), {"id": "from-review", "match": ["wrong, idea"], "feedback": "No."}),
        ]
        out.append((ROOT / q.loc.path, base, adds))
    return out


def test_shipped_files_keep_every_other_byte(builtin: LoadResult) -> None:
    samples = _shipped_samples(builtin)
    assert {p.name for p, _, _ in samples} >= {"anticoagulation.yaml", "combined.yaml", "pmt.yaml", "ivcf.yaml"}
    for path, base, adds in samples:
        before = path.read_text(encoding="utf-8")
        after = add_items(before, adds)
        assert only_inserted(before, after), path
        data = yaml.safe_load(after)
        node = data
        for part in base:
            node = next(x for x in node if x.get(part[0]) == part[1]) if isinstance(part, tuple) else node[part]
        assert "溶栓 'x'" in node["examples"]["reject"]
        assert node["misconceptions"][-1]["id"] == "from-review"


def test_the_checker_catches_a_changed_byte() -> None:
    assert only_inserted("a: [x, y]\n", "a: [x, y, z]\n")
    assert not only_inserted("a: [x, y]\n", "a: [x,  y, z]\n".replace("  ", " ").replace("x,", "x;"))
    assert not only_inserted("a: 1\nb: 2\n", "a: 1\n")


def test_rewrite_is_atomic_and_keeps_the_last_validated_version(tmp_path: Path) -> None:
    f = tmp_path / "case.yaml"
    f.write_text("v1\n", encoding="utf-8")
    os.chmod(f, 0o640)
    backup = write_atomically(f, "v2\n")
    assert backup == tmp_path / ("case.yaml" + BACKUP_SUFFIX)
    assert f.read_text(encoding="utf-8") == "v2\n" and backup.read_text(encoding="utf-8") == "v1\n"
    assert stat.S_IMODE(f.stat().st_mode) == 0o640
    write_atomically(f, "v3\n")  # not validated in between: the backup stays the validated v1
    assert backup.read_text(encoding="utf-8") == "v1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml", "case.yaml" + BACKUP_SUFFIX]
    discard_backup(f)
    assert not backup.exists()
