"""Loading and validation: each kind of error is reported at its exact line and column."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.course.loader import LoadResult

GOOD = """\
format: 1
cases:
  - id: t-case
    title: A test case
    tags: [cdt, acute]
    steps:
      - id: s1
        text: A patient.
        questions:
          - id: q1
            kind: short
            prompt: What is the baseline treatment?
            answer:
              accept: [anticoagulation]
            explanation: Anticoagulation is the baseline [@review].
            cite: [review]
"""


def problems_of(tmp_path: Path, text: str) -> list[str]:
    result = load_with(tmp_path, {"t.yaml": textwrap.dedent(text)})
    prefix = str(tmp_path) + "/"
    return [str(p).replace(prefix, "") for p in result.problems]


def test_good_file_loads(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"t.yaml": GOOD})
    assert result.errors == []
    q = result.course.question("t-case/q1")
    assert q is not None and q.expectations[0].accept == ("anticoagulation",)
    assert q.loc.line == 10 and q.loc.column == 13


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # an unknown field, with the nearest valid name
        ("accept: [anticoagulation]", "acept: [anticoagulation]",
         "t.yaml:14:15: unknown field 'acept' in answer; did you mean 'accept'?"),
        # a wrong type
        ("title: A test case", "title: [a, b]", "t.yaml:4:12: title should be text, not a list"),
        # a terminal escape spelled in a double-quoted string
        ("title: A test case", 'title: "A \\e[2Jtest case"',
         "t.yaml:4:12: title contains the control character U+001B; remove it: only line breaks and tabs may appear in text"),
        ("text: A patient.", 'text: "A patient.\\r\\x9b"',
         "t.yaml:8:15: text contains the control character U+000D; remove it: only line breaks and tabs may appear in text"),
        # a value outside its vocabulary
        ("kind: short", "kind: shrot", "t.yaml:11:19: kind 'shrot' is not one of the allowed values; did you mean 'short'?"),
        # a citation with no reference
        ("cite: [review]", "cite: [nobody2020]",
         "t.yaml:10:13: question 't-case/q1' cites 'nobody2020', which is not a reference"),
        # an inline citation with no reference
        ("baseline [@review]", "baseline [@revew]",
         "t.yaml:10:13: the text cites 'revew', which is not a reference; did you mean 'review'?"),
        # a question with no accepted answer
        ("accept: [anticoagulation]", "accept: []", "t.yaml:14:23: accept needs at least one item"),
        # an unknown tag
        ("tags: [cdt, acute]", "tags: [cdt, acutee]", "t.yaml:3:5: case 't-case' has the unknown tag 'acutee'; did you mean 'acute'?"),
        # a field of another question kind
        ("kind: short", "kind: list",
         "t.yaml:13:13: field 'answer' does not belong in a list question; it is used by short and numeric questions"),
        # an id that is not an id
        ("id: q1", "id: Q 1", "t.yaml:10:17: id 'Q 1' is not a valid id"),
        # a missing required field
        ("            explanation: Anticoagulation is the baseline [@review].\n", "",
         "t.yaml:10:13: question is missing the required field 'explanation'; add 'explanation:'"),
        # a field given twice
        ("            cite: [review]\n", "            cite: [review]\n            cite: [review]\n",
         "t.yaml:17:13: field 'cite' is given twice in question"),
        # a number where text is needed stays text, but a list where a number is needed does not
        ("kind: short", "kind: short\n            difficulty: [hard]",
         "t.yaml:12:25: difficulty should be one of easy, medium, hard, not a list"),
    ],
)
def test_error_at_line(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD
    found = problems_of(tmp_path, GOOD.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_yaml_syntax_error_at_its_line(tmp_path: Path) -> None:
    found = problems_of(tmp_path, GOOD.replace("title: A test case", 'title: "unclosed'))
    assert found and found[0].startswith("t.yaml:")
    assert "YAML syntax error" in found[0]


def test_tab_indentation(tmp_path: Path) -> None:
    found = problems_of(tmp_path, GOOD.replace("    title: A test case", "\ttitle: A test case"))
    assert any("t.yaml:4:1: YAML syntax error" in p for p in found), found


def test_python_tags_are_refused_and_not_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"format: 1\nreferences: !!python/object/apply:os.system ['touch {marker}']\n"
    found = problems_of(tmp_path, text)
    assert not marker.exists()
    assert found == ["t.yaml:2:13: the YAML tag '!!python/object/apply:os.system' is not allowed; "
                     "content files hold plain text, numbers, lists and mappings only"]


def test_aliases_are_refused(tmp_path: Path) -> None:
    text = "format: 1\nglossary: &a\n  - id: x\n    term: x\n    definition: x\n    cite: [review]\nother: *a\n"
    found = problems_of(tmp_path, text)
    assert any("unknown field 'other'" in p for p in found)
    bomb = "format: 1\nx: &a [1, 2]\ny: &b [*a, *a, *a]\nz: [*b, *b, *b]\n"
    assert any("anchors and aliases" in p or "unknown field" in p for p in problems_of(tmp_path, bomb))


def test_alias_inside_a_known_field(tmp_path: Path) -> None:
    text = GOOD.replace("tags: [cdt, acute]", "tags: &t [cdt, acute]") + "  - id: t-two\n    title: B\n    tags: *t\n    steps: [{id: s}]\n"
    found = problems_of(tmp_path, text)
    assert any("anchors and aliases (&name, *name) are not allowed" in p for p in found), found


def test_newer_format_is_refused_clearly(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "format: 3\ncases: []\n")
    assert found == ["t.yaml:1:9: this file is written in format 3, but this tutor reads formats 1 to 2; update the tutor to read it"]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"a.yaml": GOOD, "b.yaml": GOOD})
    msgs = [str(p).replace(str(tmp_path) + "/", "") for p in result.problems]
    assert any(m.startswith("b.yaml:3:5: case id 't-case' is already used at") for m in msgs), msgs


def test_duplicate_id_with_builtin_course(tmp_path: Path) -> None:
    text = "format: 1\nreferences:\n  - key: review\n    authors: X\n    title: Y\n"
    found = problems_of(tmp_path, text)
    assert any(p.startswith("t.yaml:3:5: reference id 'review' is already used at content/references.yaml") for p in found)


def test_broken_file_does_not_take_the_rest_down(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"good.yaml": GOOD, "bad.yaml": "format: 1\ncases: [\n"})
    assert "t-case" in result.course.cases
    assert any("bad.yaml" in p.loc.path for p in result.errors)


def test_one_broken_question_leaves_the_case(tmp_path: Path) -> None:
    text = GOOD + textwrap.indent(textwrap.dedent("""\
        - id: q2
          kind: numeric
          prompt: How many?
          explanation: x
          cite: [review]
    """), " " * 10)
    result = load_with(tmp_path, {"t.yaml": text})
    assert result.course.question("t-case/q1") is not None
    assert result.course.question("t-case/q2") is None
    assert any("missing the required field 'answer'" in p.message for p in result.errors)


def test_all_problems_in_one_run(tmp_path: Path) -> None:
    text = GOOD.replace("acute]", "acutee]").replace("kind: short", "kind: shrot").replace("cite: [review]", "cite: [x]")
    assert len(problems_of(tmp_path, text)) >= 2


def test_quiz_naming_no_case(tmp_path: Path) -> None:
    quiz = "format: 1\nquizzes:\n  - id: q\n    title: Q\n    select: {cases: [no-such-case]}\n"
    found = problems_of(tmp_path, quiz)
    assert "t.yaml:3:5: quiz 'q' names the case 'no-such-case', which does not exist; check the spelling of the id" in found
    assert "t.yaml:3:5: quiz 'q' names no case that exists; check the ids under select" in found


def test_oversized_file_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "format: 1\n# " + "x" * (4 * 1024 * 1024) + "\n")
    assert found and "content files may be at most 4 MiB" in found[0]


def test_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_bytes(b"format: 1\ncases:\n  - id: \xff\n")
    from tutor.course.loader import load
    from tutor.course.resources import user_sources

    result = load(user_sources([str(tmp_path)]))
    assert str(result.problems[0]).endswith("t.yaml:3:9: the file is not valid UTF-8 text; save it as UTF-8")


def test_deep_nesting_is_a_clear_error(tmp_path: Path) -> None:
    found = problems_of(tmp_path, "format: 1\ncases: " + "[" * 5000 + "]" * 5000 + "\n")
    assert found and "YAML syntax error" in found[0]


def test_plain_yes_no_are_text_where_text_is_expected(tmp_path: Path) -> None:
    result = load_with(tmp_path, {"t.yaml": GOOD.replace("accept: [anticoagulation]", "accept: [no, yes, 1.5]")})
    q = result.course.question("t-case/q1")
    assert q is not None and q.expectations[0].accept == ("no", "yes", "1.5")


def test_builtin_course_validates(builtin: LoadResult) -> None:
    assert [str(p) for p in builtin.errors] == []


def test_schema_is_valid_json_and_covers_fields() -> None:
    from tutor.course.spec import json_schema

    schema = json.loads(json.dumps(json_schema()))
    question = schema["$defs"]["question"]
    for name in ("groups", "options", "misconceptions", "examples", "answer"):
        assert name in question["properties"]
    assert schema["$defs"]["step"]["properties"]["decision"]["$ref"] == "#/$defs/decision"
    assert question["additionalProperties"] is False


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    from tutor.course.loader import load
    from tutor.course.resources import user_sources

    missing = str(tmp_path / "nope")
    result = load(user_sources([missing, str(tmp_path)]))
    messages = [str(p) for p in result.problems]
    assert f"{missing}:1:1: no such file or folder; check the path given to --content or tutor validate" in messages
    assert f"{tmp_path}:1:1: warning: no .yaml or .yml files here; content files end in .yaml or .yml" in messages
    assert len(result.errors) == 1  # the empty folder is only a warning


def test_tabs_and_line_breaks_are_text_but_other_control_characters_are_not(tmp_path: Path) -> None:
    text = GOOD.replace("text: A patient.", 'text: "A\\tpatient.\\nNext line."')
    result = load_with(tmp_path, {"t.yaml": text})
    assert result.errors == []
    assert result.course.cases["t-case"].steps[0].text == "A\tpatient.\nNext line."
    bell = load_with(tmp_path, {"t.yaml": GOOD.replace("text: A patient.", 'text: "Ding\\a"')})
    assert bell.course.cases["t-case"].steps[0].text == ""  # the field is refused, the rest loads
    assert [p.message for p in bell.errors] == ["text contains the control character U+0007"]


def test_the_course_cache_is_reused_until_the_content_or_the_code_that_checks_it_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from tutor.course import cache, loader
    from tutor.course.result import Source

    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "t.yaml").write_text(GOOD, encoding="utf-8")
    code = tmp_path / "checks.py"
    code.write_text("# stands for the loader's code\n")
    monkeypatch.setattr(cache, "_CODE", [code])
    sources = [Source(tmp_path / "course", "course")]
    loads: list[int] = []
    real_load = loader.load

    def counted_load(s: Iterable[Source], lang: str = "en") -> LoadResult:
        loads.append(1)
        return real_load(s, lang)

    monkeypatch.setattr(loader, "load", counted_load)

    assert "t-case" in cache.load_cached(sources).course.cases
    assert "t-case" in cache.load_cached(sources).course.cases
    assert len(loads) == 1  # the second start read the cache
    os.utime(code, ns=(1, 1))  # the checking code changed
    cache.load_cached(sources)
    assert len(loads) == 2
    (tmp_path / "course" / "t.yaml").write_text(GOOD.replace("A test case", "A changed case"), encoding="utf-8")
    assert cache.load_cached(sources).course.cases["t-case"].title == "A changed case"
    assert len(loads) == 3


def test_the_course_cache_is_data_and_a_forged_one_is_ignored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.course import cache, loader
    from tutor.course.result import Source

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "xdg"))
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "t.yaml").write_text(GOOD, encoding="utf-8")
    sources = [Source(tmp_path / "course", "course")]
    loads: list[int] = []
    real_load = loader.load

    def counted_load(s: Iterable[Source], lang: str = "en") -> LoadResult:
        loads.append(1)
        return real_load(s, lang)

    monkeypatch.setattr(loader, "load", counted_load)
    first = cache.load_cached(sources)
    (path,) = list(tmp_path.joinpath("xdg").rglob("course-*.json"))
    head, _, payload = path.read_bytes().partition(b"\n")
    assert b"pickle" not in payload and payload.startswith(b"{")
    assert cache.load_cached(sources) == first and len(loads) == 1

    import pickle
    marker = tmp_path / "ran"
    evil = pickle.dumps(type("E", (), {"__reduce__": lambda s: (open, (str(marker), "w"))})())
    for forged in [
        head + b"\n" + evil,                                             # a pickle under our header
        head + b"\n" + payload.replace(b"A test case", b"A forged case"),  # edited data, stale digest
        head + b"\n" + b'{"c":"Popen","f":[["sh"]]}',                  # a class that is not ours
        b"ledvt-tutor-course-cache\n" + evil,                            # the old pickle format
        payload[: len(payload) // 2],                                     # cut short
    ]:
        path.write_bytes(forged)
        again = cache.load_cached(sources)
        assert again.course.cases["t-case"].title == first.course.cases["t-case"].title
        assert not marker.exists()
    assert len(loads) == 6
    # Forged with the right digest: still only the model's own records can come out.
    key = head.split(b" ")[2]
    body = b'{"c":"Popen","f":[["sh"]]}'
    path.write_bytes(b"%s %s %s\n%s" % (cache._MAGIC.encode(), key, cache._digest(body).encode(), body))
    assert cache.load_cached(sources).course.cases["t-case"].title == first.course.cases["t-case"].title
    assert len(loads) == 7
    from tutor.course.codec import Damaged
    from tutor.course.codec import loads as decode
    with pytest.raises(Damaged):
        decode(b'{"c":"Popen","f":[["sh"]]}')
    # A case forged under right digests (the file's, and the case's own in the index) is refused
    # when it is first read, and the course's own files give the case instead: never a foreign
    # record, never a crash. So is a case whose bytes no longer match its digest.
    import json as json_module

    from tutor.course.codec import digest
    cache.load_cached(sources)  # a sound cache again
    head, _, payload = path.read_bytes().partition(b"\n")
    index, _, blobs = payload.partition(b"\n")
    forged_case = b'{"c":"Popen","f":[["sh"]]}'.ljust(len(blobs))
    doc = json_module.loads(index)
    stale = index
    doc["index"]["t-case"][3] = digest(forged_case)
    fresh = json_module.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    for line in (fresh, stale):
        path.write_bytes(b"%s %s %s\n%s\n%s" % (cache._MAGIC.encode(), head.split(b" ")[1],
                                                cache._digest(line).encode(), line, forged_case))
        before = len(loads)
        course = cache.load_cached(sources).course
        assert len(loads) == before  # the file was taken: its digest is right
        assert course.cases["t-case"].title == first.course.cases["t-case"].title


def test_the_home_screen_counts_a_cached_course_without_building_its_cases(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.app.screens.home_screen import quiz_line
    from tutor.course import cache, loader
    from tutor.course.resources import builtin_sources
    from tutor.model import Case

    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path))
    cache.load_cached(builtin_sources())  # written
    course = cache.load_cached(builtin_sources()).course  # read, its cases left in the file
    fresh = loader.load(builtin_sources()).course
    assert course.quizzes and all(quiz_line(course, q) == quiz_line(fresh, q) for q in course.quizzes.values())
    assert not any(isinstance(dict.__getitem__(course.cases, k), Case) for k in course.cases)
    assert course.cases.questions == {c.id: tuple(q.gid for q in c.questions)  # type: ignore[attr-defined]
                                      for c in fresh.cases.values()}


def test_a_process_that_keeps_courses_opens_each_once_until_a_file_changes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.course import cache
    from tutor.course.result import Source

    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "t.yaml").write_text(GOOD, encoding="utf-8")
    sources = [Source(tmp_path / "course", "course")]
    assert cache.load_cached(sources) is not cache.load_cached(sources)  # by default each is read anew
    monkeypatch.setattr(cache, "KEPT", {})  # as the warm tutor of `tutor serve`
    first = cache.load_cached(sources)
    assert cache.load_cached(sources) is first
    assert cache.load_cached(sources, "zh") is not first  # another language is another course
    (tmp_path / "course" / "t.yaml").write_text(GOOD.replace("A test case", "A changed case"), encoding="utf-8")
    changed = cache.load_cached(sources)
    assert changed is not first and changed.course.cases["t-case"].title == "A changed case"
