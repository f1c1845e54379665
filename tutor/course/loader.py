"""Read content folders into one `Course`, collecting every problem instead of stopping.

A file that cannot be read or parsed is reported and skipped; an object with an error is
reported and left out; everything else still loads. Only safe YAML is read: libyaml composes
the nodes and `shape.Checker` turns them into plain values, so no tag can construct objects.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ..model import Course, CourseInfo, Loc
from .convert import Converter
from .problems import Problem, sort_key
from .result import LoadResult, Source
from .shape import INVALID, Checker, Data
from .spec import FILE, FORMAT_VERSION

try:  # the C parser is much faster; pure Python is the fallback
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class TextLoader(_Base):  # type: ignore[misc,valid-type]
    """Composes nodes without guessing types: every untagged scalar is text.

    YAML 1.1's implicit resolution turns `no` into false and `1.5` into a float, which is
    wrong for answers; and it is most of the composing time. Each field reads its own type
    (`shape.Checker.scalar`). Explicit tags are kept, so `!!python/...` is still seen and refused.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP

MAX_FILE_BYTES = 4 * 1024 * 1024
"""A content file larger than this is refused, so a shared file cannot exhaust memory."""


def read_text(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, Problem(
                Loc(shown, 1, 1),
                f"the file is {size / 1048576:.1f} MiB; content files may be at most 4 MiB",
                "split it into several files",
            )
        raw = path.read_bytes()
    except OSError as e:
        return None, Problem(Loc(shown, 1, 1), f"cannot read the file: {e.strerror or e}")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return None, Problem(Loc(shown, line, col), "the file is not valid UTF-8 text", "save it as UTF-8")


def parse(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Compose YAML text into nodes; a syntax error becomes a problem at its position."""
    try:
        return yaml.compose(text, Loader=TextLoader), []
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = Loc(shown, mark.line + 1, mark.column + 1) if mark else Loc(shown, 1, 1)
        what = e.problem or "not valid YAML"
        if e.context:
            what = f"{e.context}, {what}"
        start = e.context_mark
        if start is not None and mark is not None and (start.line, start.column) != (mark.line, mark.column):
            what += f" (it began at line {start.line + 1}, column {start.column + 1})"
        return None, [Problem(where, f"YAML syntax error: {what}", _yaml_hint(what))]
    except yaml.YAMLError as e:
        return None, [Problem(Loc(shown, 1, 1), f"YAML error: {e}")]
    except RecursionError:  # only the pure-Python parser; libyaml limits nesting itself
        return None, [Problem(Loc(shown, 1, 1), "the YAML is nested too deeply")]


def _yaml_hint(what: str) -> str:
    if "tab" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "put text that contains ': ' in quotes, or use a block (|)"
    if "expected <block end>" in what or "indentation" in what:
        return "check the indentation of this line against the lines above"
    if "found character '@'" in what or "found character '`'" in what:
        return "put text that starts with this character in quotes"
    return ""


def check_file(text: str, shown: str) -> tuple[Data | None, list[Problem]]:
    node, problems = parse(text, shown)
    if node is None:
        if not problems:
            problems.append(Problem(Loc(shown, 1, 1), "the file is empty", "start it with 'format: 1'"))
        return None, problems
    version = _format_of(node)
    if isinstance(version, int) and version > FORMAT_VERSION:
        return None, [
            Problem(
                Loc(shown, 1, 1),
                f"this file is written in format {version}, but this tutor reads format {FORMAT_VERSION}",
                "update the tutor to read it",
            )
        ]
    checker = Checker(shown, may_alias="&" in text)
    data = checker.check(node, FILE, "content file")
    return (None if data is INVALID else data), checker.problems


def _format_of(node: Any) -> int | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "format" and isinstance(v, yaml.ScalarNode):
                try:
                    return int(v.value)
                except ValueError:
                    return None
    return None


def load(sources: Iterable[Source]) -> LoadResult:
    """Load every file of every source into one course, with all the problems found."""
    # Loading allocates a great many small objects and no cycles worth collecting; the cyclic
    # collector's repeated full scans would make a large bank load in superlinear time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(sources)
    finally:
        if enabled:
            gc.enable()


def _load(sources: Iterable[Source]) -> LoadResult:
    from .validate import validate

    result = LoadResult(Course())
    course = result.course
    seen: dict[tuple[str, str], Loc] = {}

    def add(kind: str, key: str, loc: Loc, store: dict[str, Any], value: Any) -> None:
        first = seen.get((kind, key))
        if first is not None:
            result.problems.append(
                Problem(loc, f"{kind} id {key!r} is already used at {first}", "ids must be unique across all files")
            )
            return
        seen[(kind, key)] = loc
        store[key] = value

    for source in sources:
        if not source.root.exists():
            result.problems.append(Problem(Loc(source.label, 1, 1), "no such file or folder",
                                           "check the path given to --content or tutor validate"))
            continue
        before = len(result.files)
        for path, shown in source.files():
            result.files.append(shown)
            text, problem = read_text(path, shown)
            if problem:
                result.problems.append(problem)
                continue
            assert text is not None
            data, problems = check_file(text, shown)
            result.problems.extend(problems)
            if data is None:
                continue
            conv = Converter(shown)
            if "course" in data and course.info is None:
                c = data["course"]
                course.info = CourseInfo(c["title"], c["source"], c["updated"], c.get("notice", ""))
            for d in data.get("references", ()):
                ref = conv.reference(d)
                add("reference", ref.key, ref.loc, course.references, ref)
            for d in data.get("glossary", ()):
                term = conv.glossary(d)
                add("glossary", term.id, term.loc, course.glossary, term)
            if "tags" in data:
                for tag in conv.tags(data["tags"]):
                    add("tag", tag.id, tag.loc, course.tags, tag)
            for d in data.get("cases", ()):
                case = conv.case(d)
                add("case", case.id, case.loc, course.cases, case)
            for d in data.get("quizzes", ()):
                quiz = conv.quiz(d)
                add("quiz", quiz.id, quiz.loc, course.quizzes, quiz)
        if len(result.files) == before:
            result.problems.append(Problem(Loc(source.label, 1, 1), "no .yaml or .yml files here",
                                           "content files end in .yaml or .yml", "warning"))
    result.problems.extend(validate(course))
    result.problems.sort(key=sort_key)
    return result
