"""Read content folders into one `Course`, collecting every problem instead of stopping.

A file that cannot be read or parsed is reported and skipped; an object with an error is
reported and left out; everything else still loads. Only safe YAML is read: libyaml composes
the nodes and `shape.Checker` turns them into plain values, so no tag can construct objects.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from typing import Any

import yaml

from ..model import Course, CourseInfo, Loc
from .amend import Amendment, apply_amendments, read_amendment
from .convert import Converter
from .problems import Problem, sort_key
from .reading import MAX_FILE_BYTES, MAX_FOLDER_BYTES, read_text
from .result import LoadResult, Source
from .shape import INVALID, Checker, Data, Untranslated
from .spec import FILE, FORMAT_VERSION
from .yaml_text import TextLoader, parse

# Re-exported: older callers import these from here.
__all__ = ["MAX_FILE_BYTES", "MAX_FOLDER_BYTES", "LoadResult", "Source", "TextLoader", "check_file", "load", "parse",
           "read_text"]


def check_file(text: str, shown: str, lang: str = "en") -> tuple[Data | None, list[Problem], Untranslated]:
    """The file's checked data (its texts in `lang` where they have it), its problems, and where
    its texts lack a language."""
    none = Untranslated()
    node, problems = parse(text, shown)
    if node is None:
        if not problems:
            problems.append(Problem(Loc(shown, 1, 1), "the file is empty", "start it with 'format: 1'"))
        return None, problems, none
    if not isinstance(node, yaml.MappingNode):
        # Not content at all (a text or a key put here by mistake): say so without quoting it.
        return None, [Problem(Loc(shown, 1, 1), "this is not a content file: it holds no 'name: value' fields",
                              "content files start with 'format: 1'; move other files out of the content folder")], none
    version = _format_of(node)
    if isinstance(version, int) and version > FORMAT_VERSION:
        return None, [
            Problem(
                _format_loc(node, shown),
                f"this file is written in format {version}, but this tutor reads formats 1 to {FORMAT_VERSION}",
                "update the tutor to read it",
            )
        ], none
    checker = Checker(shown, may_alias="&" in text, lang=lang, fmt=version or 1)
    data = checker.check(node, FILE, "content file")
    return (None if data is INVALID else data), checker.problems, checker.untranslated


def _format_field(node: Any) -> Any:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "format" and isinstance(v, yaml.ScalarNode):
                return v
    return None


def _format_of(node: Any) -> int | None:
    """The file's format number, whether written `1` or `"1"` (a quoted number is the same number)."""
    v = _format_field(node)
    text = v.value.strip() if v is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def _format_loc(node: Any, shown: str) -> Loc:
    v = _format_field(node)
    return Loc(shown, v.start_mark.line + 1, v.start_mark.column + 1) if v is not None else Loc(shown, 1, 1)


def load(sources: Iterable[Source], lang: str = "en") -> LoadResult:
    """Load every file of every source into one course, with all the problems found; a text
    given in several languages is read in `lang`, or in the language it has."""
    # Loading allocates a great many small objects and no cycles worth collecting; the cyclic
    # collector's repeated full scans would make a large bank load in superlinear time.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(sources, lang)
    finally:
        if enabled:
            gc.enable()


def _load(sources: Iterable[Source], lang: str) -> LoadResult:
    from .validate import validate

    result = LoadResult(Course(), lang=lang)
    untranslated: list[tuple[str, Untranslated]] = []
    """Where each file's texts lack a language, with the course its folder belongs to."""
    declared: dict[str, CourseInfo] = {}
    """The `course:` each folder gives: its `languages` apply to its own files only, so an
    instructor's English folder beside the bilingual built-in course is not asked for Chinese."""
    course = result.course
    seen: dict[tuple[str, str], Loc] = {}
    rejected: set[str] = set()
    """Cases with an error in them: reported, and never offered to a learner."""
    amendments: list[Amendment] = []
    """`amend:` entries, applied once every file is read (the question may come from a later file)."""

    def add(kind: str, key: str, loc: Loc, store: dict[str, Any], value: Any) -> None:
        first = seen.get((kind, key))
        if first is not None:
            result.problems.append(
                Problem(loc, f"{kind} id {key!r} is already used at {first}", "ids must be unique across all files")
            )
            return
        seen[(kind, key)] = loc
        store[key] = value

    for n_source, source in enumerate(sources):
        which = source.course or f"#{n_source}"
        if not source.root.exists():
            result.problems.append(Problem(Loc(source.label, 1, 1), "no such file or folder",
                                           "check the path given to --content or tutor validate"))
            continue
        before = len(result.files)
        total = 0
        for path, shown, refused in source.entries():
            if refused is not None:
                result.problems.append(refused)
                continue
            result.files.append(shown)
            with contextlib.suppress(OSError):  # an unreadable file is reported when it is read
                total += path.stat().st_size
            if total > MAX_FOLDER_BYTES:
                result.problems.append(Problem(
                    Loc(shown, 1, 1), f"the folder {source.label} holds more than "
                    f"{MAX_FOLDER_BYTES // 1048576} MiB of content; this file and the ones after it are not read",
                    "split the course into several folders, or remove files it does not need"))
                break
            text, problem = read_text(path, shown)
            if problem:
                result.problems.append(problem)
                continue
            assert text is not None
            data, problems, missing = check_file(text, shown, lang)
            result.problems.extend(problems)
            untranslated.append((which, missing))
            if data is None:
                continue
            conv = Converter(shown)
            if "course" in data:
                c = data["course"]
                info = CourseInfo(c["title"], c["source"], c["updated"], c.get("notice", ""),
                                  c.get("source_name", ""), c.get("example_term", ""),
                                  c.get("language", "en"), tuple(dict.fromkeys(c.get("languages", ()))))
                declared.setdefault(which, info)
                if course.info is None:
                    course.info = info
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
                if not d.clean:
                    rejected.add(case.id)
                add("case", case.id, case.loc, course.cases, case)
            for d in data.get("quizzes", ()):
                quiz = conv.quiz(d)
                add("quiz", quiz.id, quiz.loc, course.quizzes, quiz)
            amendments.extend(read_amendment(conv, d) for d in data.get("amend", ()))
        if len(result.files) == before:
            result.problems.append(Problem(Loc(source.label, 1, 1), "no .yaml or .yml files here",
                                           "content files end in .yaml or .yml", "warning"))
    result.problems.extend(apply_amendments(course, amendments))
    for which, missing in untranslated:
        result.problems.extend(_untranslated(declared.get(which), missing))
    result.problems.extend(validate(course, rejected))
    _leave_out(result, rejected)
    result.problems.sort(key=sort_key)
    return result


_LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


def _untranslated(info: CourseInfo | None, u: Untranslated) -> list[Problem]:
    """In a bilingual course, a file's warning at every text that lacks one of its languages; for
    a file of plain texts, one warning for all of them."""
    if info is None or len(info.languages) < 2:
        return []
    out = []
    for loc, lang in u.missing:
        if lang in info.languages:
            out.append(Problem(loc, f"this text has no {_LANGUAGE_NAMES.get(lang, lang)} ({lang}) form",
                               f"the course is in {', '.join(info.languages)}: add '{lang}:' beside the other "
                               "form, or it is shown in the other language", "warning"))
    others = [x for x in info.languages if x != info.language]
    if u.plain and u.first_plain is not None and others:
        lang = others[0]
        out.append(Problem(u.first_plain, f"{u.plain} text{'s' if u.plain != 1 else ''} in this file "
                           f"{'have' if u.plain != 1 else 'has'} no {_LANGUAGE_NAMES.get(lang, lang)} ({lang}) "
                           "form, from here on", f"write each as {{{info.language}: ..., {lang}: ...}} "
                           "(format 2)", "warning"))
    return out


def _leave_out(result: LoadResult, rejected: set[str]) -> None:
    """Mark the cases with errors, so no session starts one (validate and grade still see them);
    say so at the quizzes that name them."""
    course = result.course
    course.rejected = {c for c in rejected if c in course.cases}
    for quiz in course.quizzes.values():
        dropped = [c for c in quiz.select.cases if c in rejected]
        if dropped:
            result.problems.append(Problem(
                quiz.loc, f"quiz {quiz.id!r} leaves out the case {dropped[0]!r}, which has errors",
                "fix the errors reported in that case", "warning"))
