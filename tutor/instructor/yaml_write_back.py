"""Add items to lists in an instructor's YAML file, leaving every other byte of it unchanged.

ruamel.yaml reads the file as a round-trip document (its composed nodes keep the position of
every value), and the new items are spliced into the text at those positions. Dumping the
document back would not do: ruamel re-flows a flow list written over several lines into one
line (measured on four of the shipped case files), so the edit would rewrite lines nobody
touched. After the splice the new text is read again (with libyaml, as the tutor reads it) and
compared, as data, with the old data plus exactly the additions asked for; anything else is
refused before a byte is written. A new string is written plain only where both YAML 1.1
(libyaml) and YAML 1.2 (ruamel) read it back as that string, else double-quoted.

ruamel.yaml is imported here only, when a review decision is written, never at start-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PathPart = str | int | tuple[str, str]
"""A mapping key, a list index, or `(field, value)`: the item of a list of mappings whose
`field` is `value` (`("id", "baseline")`), created when absent."""

BACKUP_SUFFIX = ".before-review"
"""The previous version of a rewritten file is kept beside it under this suffix until the next
successful validation."""


class WriteBackError(ValueError):
    """The file cannot be edited as asked (a flow mapping in the way, a value of another kind)."""


@dataclass(frozen=True)
class Addition:
    """Append `item` (a string, or a mapping of strings, numbers and lists) to the list at `path`,
    creating the list, and the mappings and list items leading to it, when they are absent. A
    string already in the list is not added twice."""

    path: tuple[PathPart, ...]
    item: str | dict[str, Any]


def add_items(text: str, additions: Sequence[Addition]) -> str:
    """`text` with the additions spliced in; raises WriteBackError if it cannot be done exactly."""
    from ruamel.yaml import YAML

    root = YAML(typ="rt").compose(text)
    if root is None:
        raise WriteBackError("the file is empty")
    newline = "\r\n" if "\r\n" in text else "\n"
    step = _indent_step(root)
    pending: dict[int, tuple[Any, Any]] = {}
    """Per existing node: what to add to it (new keys of a mapping, new items of a list)."""
    for add in additions:
        node, rest = _deepest(root, add.path)
        if _is_map(node) and rest and isinstance(rest[0], str):
            _, new = pending.setdefault(id(node), (node, {}))
        elif _is_seq(node) and (not rest or isinstance(rest[0], tuple)):
            if not rest and isinstance(add.item, str) and any(_scalar(v) == add.item for v in node.value):
                continue
            _, new = pending.setdefault(id(node), (node, []))
        else:
            raise WriteBackError(f"line {node.start_mark.line + 1}: the file's structure here is not what "
                                 f"{_shown(add.path)} needs")
        apply_to_data(new, rest, add.item)
    inserts: list[tuple[int, int, str]] = []  # (index, order, text): spliced from the end
    for order, (node, new) in enumerate(pending.values()):
        if node.flow_style:
            if _is_map(node):
                raise WriteBackError(f"line {node.start_mark.line + 1}: a mapping written in braces ({{...}}) "
                                     "cannot be extended here; write it in block style")
            index, piece = _flow_append(text, node, new)
        else:
            index, piece = _block_append(text, node, new, step, newline)
        inserts.append((index, order, piece))
    out = text
    for index, _, piece in sorted(inserts, reverse=True):
        out = out[:index] + piece + out[index:]
    _verify(text, out, additions)
    return out


def apply_to_data(data: Any, path: Sequence[PathPart], item: Any) -> None:
    """The same additions on plain data (dicts and lists): what the edited file must read as."""
    target = data
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(part, str):
            if part not in target:
                target[part] = [] if last or isinstance(path[i + 1], tuple) else {}
            target = target[part]
        elif isinstance(part, int):
            target = target[part]
        else:
            field, value = part
            found = next((x for x in target if isinstance(x, dict) and x.get(field) == value), None)
            if found is None:
                found = {field: value}
                target.append(found)
            target = found
    if not isinstance(target, list):
        raise WriteBackError(f"{_shown(path)} is not a list")
    if isinstance(item, str) and item in target:
        return
    target.append(item if isinstance(item, str) else dict(item))


def _shown(path: Sequence[PathPart]) -> str:
    return ".".join(p if isinstance(p, str) else f"[{p}]" if isinstance(p, int) else f"[{p[0]}={p[1]}]"
                    for p in path)


# -- finding the place ---------------------------------------------------------------------------------


def _is_seq(node: Any) -> bool:
    return type(node).__name__ == "SequenceNode"


def _is_map(node: Any) -> bool:
    return type(node).__name__ == "MappingNode"


def _scalar(node: Any) -> Any:
    return node.value if type(node).__name__ == "ScalarNode" else None


def _deepest(root: Any, path: tuple[PathPart, ...]) -> tuple[Any, list[PathPart]]:
    """The deepest existing node along `path`, and the parts of the path that do not exist yet."""
    node = root
    for i, part in enumerate(path):
        child = None
        if isinstance(part, str):
            if not _is_map(node):
                raise WriteBackError(f"line {node.start_mark.line + 1}: expected a mapping holding {part!r}")
            child = next((v for k, v in node.value if _scalar(k) == part), None)
            if child is not None and not (_is_seq(child) or _is_map(child)):
                raise WriteBackError(f"line {child.start_mark.line + 1}: {part!r} should hold a list or a mapping")
        elif isinstance(part, int):
            if not _is_seq(node) or part >= len(node.value):
                raise WriteBackError(f"line {node.start_mark.line + 1}: no item {part} here")
            child = node.value[part]
        else:
            field, value = part
            if not _is_seq(node):
                raise WriteBackError(f"line {node.start_mark.line + 1}: expected a list of items with {field!r}")
            child = next((item for item in node.value if _is_map(item)
                          and any(_scalar(k) == field and _scalar(v) == value for k, v in item.value)), None)
        if child is None:
            return node, list(path[i:])
        node = child
    return node, []


def _indent_step(root: Any) -> int:
    """The file's indentation step: how far a nested mapping's keys sit right of their parent key."""
    stack = [root]
    while stack:
        node = stack.pop()
        if _is_map(node) and not node.flow_style:
            for k, v in node.value:
                if _is_map(v) and not v.flow_style and v.value:
                    return max(1, int(v.start_mark.column) - int(k.start_mark.column))
                stack.append(v)
        elif _is_seq(node):
            stack.extend(node.value)
    return 2


def _content_end(text: str, node: Any) -> int:
    """Where the last character written for `node` ends (a block collection's end mark lies at the
    next token, past any comments and blank lines after it)."""
    while (_is_map(node) or _is_seq(node)) and not node.flow_style and node.value:
        node = node.value[-1][1] if _is_map(node) else node.value[-1]
    return int(node.end_mark.index)


def _line_after(text: str, end: int, newline: str) -> tuple[int, str]:
    """The index where a new line after the one holding `end` starts, and a line break to put
    first when the file does not end with one."""
    if end > 0 and text[end - 1] == "\n":  # a block scalar ends at the start of the next line
        return end, ""
    brk = text.find("\n", end)
    if brk == -1:
        return len(text), newline
    return brk + 1, ""


# -- writing the new text -------------------------------------------------------------------------------


def _block_append(text: str, node: Any, new: Any, step: int, newline: str) -> tuple[int, str]:
    index, lead = _line_after(text, _content_end(text, node), newline)
    lines: list[str] = []
    if _is_map(node):
        col = node.value[0][0].start_mark.column if node.value else 0
        for key, value in new.items():
            lines += _key_lines(key, value, col, step)
    else:
        dash = node.start_mark.column
        for item in new:
            lines += _item_lines(item, dash, step)
    return index, lead + "".join(line + newline for line in lines)


def _flow_append(text: str, node: Any, new: list[Any]) -> tuple[int, str]:
    pieces = ", ".join(_flow(v) for v in new)
    if node.value:
        return int(node.value[-1].end_mark.index), ", " + pieces
    close = text.rindex("]", node.start_mark.index, node.end_mark.index)
    return close, pieces


def _key_lines(key: str, value: Any, col: int, step: int) -> list[str]:
    pad = " " * col
    if isinstance(value, list) and all(not isinstance(v, dict) for v in value):
        return [f"{pad}{_plain_or_quoted(key, flow=False)}: {_flow(value)}"]
    if isinstance(value, list):
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += _item_lines(item, col + step, step)
        return lines
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for k, v in value.items():
            lines += _key_lines(k, v, col + step, step)
        return lines
    return [f"{pad}{key}: {_scalar_text(value, flow=False)}"]


def _item_lines(item: Any, dash: int, step: int) -> list[str]:
    if not isinstance(item, dict):
        return [f"{' ' * dash}- {_scalar_text(item, flow=False)}"]
    lines: list[str] = []
    for k, v in item.items():
        lines += _key_lines(k, v, dash + 2, step)
    lines[0] = " " * dash + "- " + lines[0][dash + 2:]
    return lines


def _flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_plain_or_quoted(k, flow=True)}: {_flow(v)}" for k, v in value.items()) + "}"
    return _scalar_text(value, flow=True)


def _scalar_text(value: Any, *, flow: bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _plain_or_quoted(str(value), flow=flow)


_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`~ ")
_NOT_PLAIN_FLOW = frozenset(",[]{}")


def _plain_or_quoted(s: str, *, flow: bool) -> str:
    """A string as the shipped files write one: plain when YAML reads it back as the same string
    (in the context it goes to), else double-quoted (JSON's escapes are YAML's)."""
    if _plain_ok(s, flow):
        return s
    return json.dumps(s, ensure_ascii=False)


def _plain_ok(s: str, flow: bool) -> bool:
    if not s or s[0] in _NOT_PLAIN_START or s[-1] in " :" or not s.isprintable():
        return False
    if ": " in s or " #" in s or (flow and any(c in _NOT_PLAIN_FLOW for c in s)):
        return False
    import yaml  # the tutor's own reader (libyaml, YAML 1.1): `yes` and `null` are not strings to it

    doc, want = (f"[{s}]", [s]) if flow else (f"k: {s}", {"k": s})
    try:
        # ...nor to ruamel (YAML 1.2), for which `1e3` is a number: plain only when both read the string.
        return bool(yaml.safe_load(doc) == want and _plain(doc) == want)
    except Exception:  # noqa: BLE001 - either reader refusing it means: quote it
        return False


# -- checking and writing ----------------------------------------------------------------------------------


def _plain(text: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(text)


def _read(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader


def _verify(before: str, after: str, additions: Sequence[Addition]) -> None:
    """The edited text must read, with the tutor's own reader, as the old data plus the additions."""
    expected = _read(before)
    for add in additions:
        apply_to_data(expected, add.path, add.item)
    if _read(after) != expected:  # pragma: no cover - a splice bug: refuse rather than write a wrong file
        raise WriteBackError("the edited file would not read back as intended; nothing was written")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def write_atomically(path: Path, text: str) -> Path:
    """Replace `path` by `text` (a temporary file in the same folder, then a rename), keeping the
    previous version beside it; the backup of an earlier, not yet validated rewrite is kept as is,
    so it stays the last version that validated. Returns the backup's path."""
    backup = backup_path(path)
    if not backup.exists():
        shutil.copy2(path, backup)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return backup


def discard_backup(path: Path) -> None:
    """The file validated: its previous version is no longer needed."""
    with contextlib.suppress(FileNotFoundError):
        backup_path(path).unlink()
