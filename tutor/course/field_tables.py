"""The authoring guide's field tables, written from the format's own declaration (`spec.py` and
each question kind's fields), so that the guide cannot drift from what `tutor validate` checks.

The guide (`content/README.md`) marks where each table goes:

    <!-- fields: question -->
    ...the generated table...
    <!-- /fields -->

`python scripts/field_tables.py` rewrites the tables in place; a test fails when one is stale.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from ..fields import F, ListOf, MapOf, Obj, Spec, Str
from ..kinds import KINDS
from . import spec

_BLOCK = re.compile(r"(<!-- fields: (?P<name>[a-z -]+) -->\n)(?P<table>.*?)(<!-- /fields -->)", re.S)


def _objects() -> dict[str, Obj]:
    """Every object of the format that has a table, by the name the guide's markers use."""
    found: dict[str, Obj] = {}

    def walk(s: Spec) -> None:
        if isinstance(s, Obj):
            if s.name in found:
                return
            found[s.name] = s
            for f in s.allowed(None).values():
                walk(f.spec)
            for extra in s.variants.values():
                for f in extra.values():
                    walk(f.spec)
        elif isinstance(s, ListOf):
            walk(s.item)
        elif isinstance(s, MapOf):
            walk(s.value)

    walk(spec.FILE)
    for kind in KINDS.values():
        for f in kind.fields.values():
            walk(f.spec)
    return found


def _meaning(f: F) -> str:
    s = f.spec
    words = f.doc or s.doc or (s.item.doc if isinstance(s, ListOf) and isinstance(s.item, Obj) else "")
    item = s.item if isinstance(s, ListOf) else s.value if isinstance(s, MapOf) else s
    marks = []
    if isinstance(item, Str) and item.markdown:
        marks.append("Markdown")
    if isinstance(item, Str) and item.learner:
        marks.append("may be given in English and Chinese")
    if marks:
        words = f"{words.rstrip('.')} ({'; '.join(marks)})." if words else f"{'; '.join(marks).capitalize()}."
    return words.replace("|", "\\|")


def table(obj: Obj) -> str:
    """The Markdown table of one object's fields: name, whether required, meaning."""
    rows = ["| field | required | meaning |", "| --- | --- | --- |"]
    for name, f in obj.fields.items():
        rows.append(f"| `{name}` | {'yes' if f.required else 'no'} | {_meaning(f)} |")
    return "\n".join(rows) + "\n"


def kind_table() -> str:
    """The fields each question kind adds to a question."""
    rows = ["| kind | field | required | meaning |", "| --- | --- | --- | --- |"]
    for kind in KINDS.values():
        for name, f in kind.fields.items():
            rows.append(f"| `{kind.name}` | `{name}` | {'yes' if f.required else 'no'} | {_meaning(f)} |")
    return "\n".join(rows) + "\n"


def tables() -> dict[str, Callable[[], str]]:
    out: dict[str, Callable[[], str]] = {name: functools.partial(table, obj) for name, obj in _objects().items()}
    out["question kinds"] = kind_table
    return out


def render(guide: str) -> str:
    """The guide with every marked table written afresh from the format."""
    known = tables()

    def fill(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in known:
            raise KeyError(f"the guide asks for a table of {name!r}; the format has: {', '.join(sorted(known))}")
        return m.group(1) + known[name]() + m.group(4)

    return _BLOCK.sub(fill, guide)


def marked(guide: str) -> list[str]:
    return [m.group("name") for m in _BLOCK.finditer(guide)]
