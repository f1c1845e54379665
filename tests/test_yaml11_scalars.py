"""No shipped YAML file holds a plain scalar that a YAML 1.1 tool would read as a boolean where
the tutor reads text.

The tutor's loader reads every untagged scalar as text and types it by field, so
`accept: [no, less so]` gives the answer "no". Most other tools (PyYAML's default loader, many
editors and linters, anything an instructor pipes the course through) follow YAML 1.1, where a
plain `no`, `yes`, `on`, `off`, `y` or `n` is a boolean: the accepted answer "no" would become
`False`. Quoting such a scalar makes every reader agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tutor.course.resources import builtin_sources
from tutor.course.spec import json_schema
from tutor.course.yaml_text import TextLoader

from .conftest import ROOT

_BOOL = "tag:yaml.org,2002:bool"
# YAML 1.1's boolean type also has y/Y/n/N; PyYAML's resolver leaves them out, other tools don't.
_SHORT = {"y": True, "Y": True, "n": False, "N": False}
_TRUE_WORDS = {"true", "yes", "on"}


def _boolean_fields(schema: Any) -> set[str]:
    """Names of the format's fields whose value is true or false (from the published schema)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if isinstance(sub, dict) and sub.get("type") == "boolean":
                    found.add(name)
            for sub in node.values():
                walk(sub)
        elif isinstance(node, list):
            for sub in node:
                walk(sub)

    walk(schema)
    return found


BOOLEAN_FIELDS = _boolean_fields(json_schema())


def yaml11_value(node: yaml.ScalarNode) -> Any:
    """What a YAML 1.1 reader makes of a scalar: PyYAML's default resolver, plus y/n."""
    if not node.style and node.value in _SHORT:
        return _SHORT[node.value]
    if node.tag == _BOOL:
        return yaml.SafeLoader.construct_yaml_bool(yaml.SafeLoader(""), node)
    return node.value


def loader_value(node: yaml.ScalarNode, field: str | None) -> Any:
    """What the tutor's loader makes of the same scalar: a boolean field reads a truth word,
    everything else is text."""
    if field in BOOLEAN_FIELDS and not node.style:  # libyaml marks a plain scalar '' rather than None
        return node.value.lower() in _TRUE_WORDS
    return node.value


def disagreements(text: str, shown: str) -> Iterator[str]:
    """Every plain scalar (key or value) that YAML 1.1 reads as a boolean where the loader does
    not read the same boolean, as `file:line:column: ...`."""
    ours = yaml.compose(text, Loader=TextLoader)
    theirs = yaml.compose(text, Loader=yaml.SafeLoader)

    def walk(a: yaml.Node, b: yaml.Node, field: str | None) -> Iterator[str]:
        if isinstance(b, yaml.MappingNode):
            for (ka, va), (kb, vb) in zip(a.value, b.value, strict=True):
                yield from walk(ka, kb, None)
                yield from walk(va, vb, ka.value)
        elif isinstance(b, yaml.SequenceNode):
            for ia, ib in zip(a.value, b.value, strict=True):
                yield from walk(ia, ib, field)
        elif isinstance(b, yaml.ScalarNode):
            assert isinstance(a, yaml.ScalarNode), (shown, b.start_mark)  # both loaders compose the same tree
            seen = yaml11_value(b)
            if isinstance(seen, bool) and loader_value(a, field) != seen:
                m = b.start_mark
                yield (f"{shown}:{m.line + 1}:{m.column + 1}: plain {b.value!r} reads as {seen} in YAML 1.1; "
                       f'quote it ("{b.value}")')

    if ours is None or theirs is None:
        return
    yield from walk(ours, theirs, None)


def _shipped_files() -> list[tuple[Path, str]]:
    files = [f for source in builtin_sources() for f in source.files()]
    files += [(p, p.relative_to(ROOT).as_posix()) for p in sorted((ROOT / "examples").glob("*.y*ml"))]
    return files


SHIPPED = _shipped_files()


def test_the_shipped_files_are_all_scanned() -> None:
    names = {shown for _, shown in SHIPPED}
    assert len(SHIPPED) >= 13
    assert any(n.endswith("combined.yaml") for n in names) and any(n.endswith("parts.yaml") for n in names)


@pytest.mark.parametrize(("path", "shown"), SHIPPED, ids=[shown for _, shown in SHIPPED])
def test_no_plain_scalar_reads_as_a_boolean_in_yaml_1_1(path: Path, shown: str) -> None:
    found = list(disagreements(path.read_text(encoding="utf-8"), shown))
    assert not found, "\n".join(found)


def test_the_boolean_fields_come_from_the_schema() -> None:
    assert {"correct", "recommended", "end", "beyond_review"} <= BOOLEAN_FIELDS
    assert "accept" not in BOOLEAN_FIELDS and "text" not in BOOLEAN_FIELDS


@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "y", "n", "No", "OFF", "Y"])
def test_an_unquoted_answer_word_is_flagged(word: str) -> None:
    text = f"groups:\n  - id: g\n    accept: [{word}, less so]\n"
    (found,) = disagreements(text, "made-up.yaml")
    assert found.startswith("made-up.yaml:3:14:") and repr(word) in found


@pytest.mark.parametrize("text", [
    'accept: ["no", less so]\n',
    "accept: ['yes', 'y']\n",
    "accept: [none, nope, yesterday, n/a]\n",
    "correct: true\nrecommended: yes\nend: false\n",
    "prompt: |\n  no\n",
])
def test_quoted_words_other_words_and_real_boolean_fields_pass(text: str) -> None:
    assert list(disagreements(text, "made-up.yaml")) == []


def test_a_boolean_word_as_a_mapping_key_is_flagged() -> None:
    (found,) = disagreements("glossary:\n  on: text\n", "made-up.yaml")
    assert found.startswith("made-up.yaml:2:3:")


def test_a_text_field_holding_true_is_flagged() -> None:
    (found,) = disagreements("feedback: true\n", "made-up.yaml")
    assert "reads as True" in found
