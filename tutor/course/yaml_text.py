"""YAML text to composed nodes, safely: no implicit types, bounded size, errors at their place."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from ..model import Loc
from .problems import Problem
from .reading import line_column

try:  # the C parser is much faster; pure Python is the fallback
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Base  # type: ignore[assignment]  # the same API, in Python

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

MAX_NODES = 250_000
"""Values (scalars, lists, mappings) in one file. Each composed node costs a few hundred bytes,
so a 4 MiB file of `[],[],...` would otherwise take over 600 MB; a rich 4 MiB file of questions
has well under this many."""

_RAW_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters written raw into the file (libyaml refuses them with only an offset)."""
_STRUCTURE = ":-,[{?"


class TextLoader(_Base):
    """Composes nodes without guessing types: every untagged scalar is text.

    YAML 1.1's implicit resolution turns `no` into false and `1.5` into a float, which is
    wrong for answers; and it is most of the composing time. Each field reads its own type
    (`shape.Checker.scalar`). Explicit tags are kept, so `!!python/...` is still seen and refused.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def parse(text: str, shown: str) -> tuple[Any, list[Problem]]:
    """Compose YAML text into nodes; a syntax error becomes a problem at its position."""
    control = _RAW_CONTROL.search(text)
    if control is not None:
        line, col = line_column(text, control.start())
        char = control.group()
        name = unicodedata.name(char, "") or {"\x00": "NUL", "\x1b": "ESC"}.get(char, "a control character")
        return None, [Problem(Loc(shown, line, col), f"the file contains the control character U+{ord(char):04X} "
                              f"({name})", "remove it: content files hold text, and only line breaks and tabs "
                              "may appear in it")]
    too_many = _over_budget(text, shown)
    if too_many is not None:
        return None, [too_many]
    try:
        return yaml.compose(text, Loader=TextLoader), []
    except yaml.MarkedYAMLError as e:
        return None, [_syntax_problem(e, shown)]
    except yaml.YAMLError as e:
        return None, [Problem(Loc(shown, 1, 1), f"YAML error: {str(e)[:120]}", "check the file's YAML syntax")]
    except RecursionError:  # only the pure-Python parser; libyaml limits nesting itself
        return None, [Problem(Loc(shown, 1, 1), "the YAML is nested too deeply", "flatten the lists and mappings")]


def _over_budget(text: str, shown: str) -> Problem | None:
    # Every node needs one of these characters near it (at most two nodes per character), so a
    # file with few of them cannot exceed the budget and is not scanned twice.
    if 2 * sum(text.count(c) for c in _STRUCTURE) + 2 <= MAX_NODES:
        return None
    count = 0
    try:
        for event in yaml.parse(text, Loader=TextLoader):  # events only: no tree is built
            if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                                  yaml.AliasEvent)):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    where = Loc(shown, mark.line + 1, mark.column + 1) if mark is not None else Loc(shown, 1, 1)
                    return Problem(where,
                                   f"the file holds more than {MAX_NODES:,} values; it is not read",
                                   "split it into several files")
    except yaml.YAMLError:
        return None  # compose reports it, at its place
    return None


def _syntax_problem(e: yaml.MarkedYAMLError, shown: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    start = e.context_mark
    context = e.context or ""
    if start is not None and "quoted scalar" in context:
        # The file ran out (or a line broke) inside quotes: the place to fix is the opening quote.
        return Problem(Loc(shown, start.line + 1, start.column + 1),
                       "YAML syntax error: this quoted text is never closed",
                       "add the closing quote, or write a quote inside the text twice ('') or as \\\"")
    where = Loc(shown, mark.line + 1, mark.column + 1) if mark else Loc(shown, 1, 1)
    what = e.problem or "not valid YAML"
    if context:
        what = f"{context}, {what}"
    if start is not None and mark is not None and (start.line, start.column) != (mark.line, mark.column):
        what += f" (it began at line {start.line + 1}, column {start.column + 1})"
    return Problem(where, f"YAML syntax error: {what}", _yaml_hint(what))


def _yaml_hint(what: str) -> str:
    if "tab" in what:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in what:
        return "put text that contains ': ' in quotes, or use a block (|)"
    if "expected <block end>" in what or "indentation" in what:
        return "check the indentation of this line against the lines above"
    if "found character" in what:
        return "put text that starts with this character in quotes"
    if "anchor" in what or "alias" in what:
        return "anchors and aliases (&name, *name) are not allowed; write the content out"
    if "expected ',' or ']'" in what or "expected ',' or '}'" in what:
        return "close the list with ] (or the mapping with }), or put the text in quotes"
    if "could not find expected ':'" in what:
        return "give each field as 'name: value' on its own line"
    return "check this line against the YAML examples in content/README.md"
