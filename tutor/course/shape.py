"""Check a composed YAML document against the format, keeping every value's position.

One pass over the nodes that libyaml composed: each value is checked against its `spec`,
converted to a plain Python value, and remembered with its YAML mark so that later checks
(citations, ids, branching) can still point at the author's line. Nothing here constructs
arbitrary objects: only strings, numbers, booleans, lists and mappings come out.
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ..fields import ID_PATTERN, TEXT_LANGUAGES, Bool, Enum, F, Int, ListOf, MapOf, Num, Obj, Spec, Str
from ..model import Loc
from ..safe_text import hidden_character
from .problems import Problem

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {_STD + "map", _STD + "seq"}
_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (YAML lets a double-quoted string spell them, as "\\e"): printed to a
terminal they can recolour, clear or retitle it, so a shared case file may not carry them."""
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TRUE = frozenset(("true", "yes", "on"))
_FALSE = frozenset(("false", "no", "off"))


class Data(dict[str, Any]):
    """A checked mapping; `mark` is where it starts, `marks[field]` where each value starts."""

    __slots__ = ("clean", "forms", "mark", "marks")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.marks: dict[str, Any] = {}
        self.forms: dict[str, dict[str, str]] = {}
        """A text field given in several languages: all its forms (the field holds the one read)."""
        self.clean = True
        """False when an error was reported inside it: a case with one is never started."""


class DList(list[Any]):
    """A checked sequence; `marks[i]` is where item i starts."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Any) -> None:
        self.mark = mark
        self.marks: list[Any] = []


class Invalid:
    """The value was wrong; the problem has been reported."""


INVALID = Invalid()


QUOTE_LIMIT = 60
"""At most this many characters of the author's text are quoted in a message: a file that is
not content at all (a private key behind a misplaced link) must not be echoed to the screen."""


def quote(value: str) -> str:
    """`value` as a short quotation for a message, cut after `QUOTE_LIMIT` characters."""
    if len(value) <= QUOTE_LIMIT:
        return repr(value)
    return repr(value[:QUOTE_LIMIT]) + f"… ({len(value)} characters)"


class Untranslated:
    """Where a file's learner-facing texts lack a language, for the warning a bilingual course gets."""

    __slots__ = ("missing", "plain", "first_plain")

    def __init__(self) -> None:
        self.plain = 0
        """Texts written as one plain string (in the course's own language)."""
        self.first_plain: Loc | None = None
        self.missing: list[tuple[Loc, str]] = []
        """Texts written with their languages that lack one: where, and which language."""


class Checker:
    def __init__(self, path: str, *, may_alias: bool = True, lang: str = "en", fmt: int = 1) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.lang = lang
        """The language a text given in several is read in (the other one when it lacks this one)."""
        self.fmt = fmt
        self.untranslated = Untranslated()
        self._forms: dict[str, str] | None = None
        """The languages of the text checked last, when it had several."""
        self._seen: set[int] = set()
        self._may_alias = may_alias
        """False when the text has no '&': then it has no anchors, and no node can be shared."""
        self._dispatch: dict[type, Any] = {
            Obj: self.obj, ListOf: self.seq, MapOf: self.mapof,
            Str: self.scalar, Int: self.scalar, Num: self.scalar, Bool: self.scalar, Enum: self.scalar,
        }

    def loc(self, mark: Any) -> Loc:
        return Loc(self.path, mark.line + 1, mark.column + 1)

    def error(self, mark: Any, message: str, hint: str = "") -> Invalid:
        self.problems.append(Problem(self.loc(mark), message, hint))
        return INVALID

    def check(self, node: Node, spec: Spec, what: str) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_TAGS:
            return self.error(
                node.start_mark,
                f"the YAML tag {tag.replace(_STD, '!!')!r} is not allowed",
                "content files hold plain text, numbers, lists and mappings only",
            )
        handler = self._dispatch[type(spec)]
        if isinstance(spec, Str) and spec.learner:
            return self.text(node, spec, what)
        if handler == self.scalar and (not isinstance(node, ScalarNode) or tag not in _SCALAR_TAGS):
            return self.error(node.start_mark, f"{what} should be {_expected(spec)}, not {_shape(node)}",
                              f"write {_expected(spec)} on the same line as the field name")
        return handler(node, spec, what)

    def text(self, node: Node, spec: Str, what: str) -> Any:
        """A learner-facing text: one string, or (format 2) a mapping of its languages, read in
        `self.lang`, else in the language it has."""
        self._forms = None
        if isinstance(node, ScalarNode) and node.tag in _SCALAR_TAGS:
            value = self.scalar(node, spec, what)
            if value is not INVALID:
                u = self.untranslated
                u.plain += 1
                if u.first_plain is None:
                    u.first_plain = self.loc(node.start_mark)
            return value
        if not isinstance(node, MappingNode):
            return self.error(node.start_mark, f"{what} should be text, not {_shape(node)}",
                              "write text on the same line as the field name")
        if self.fmt < 2:
            return self.error(node.start_mark, f"{what} is given in several languages, which needs format 2",
                              "change 'format: 1' to 'format: 2' at the top of the file")
        if not self._once(node):
            return INVALID
        forms: dict[str, str] = {}
        for key_node, value_node in node.value:
            lang = key_node.value if isinstance(key_node, ScalarNode) else None
            if lang not in TEXT_LANGUAGES:
                return self.error(key_node.start_mark, f"{what} has the language {quote(str(lang))}, which this "
                                  "tutor does not know", "languages: " + ", ".join(TEXT_LANGUAGES))
            if lang in forms:
                return self.error(key_node.start_mark, f"{what} gives its {lang} form twice", "keep one")
            if not isinstance(value_node, ScalarNode) or value_node.tag not in _SCALAR_TAGS:
                return self.error(value_node.start_mark, f"the {lang} form of {what} should be text, "
                                  f"not {_shape(value_node)}", "write text on the same line as the language")
            value = self.scalar(value_node, spec, f"the {lang} form of {what}")
            if value is INVALID:
                return INVALID
            forms[lang] = value
        if not forms:
            return self.error(node.start_mark, f"{what} is empty", "give at least one of: " + ", ".join(TEXT_LANGUAGES))
        for lang in TEXT_LANGUAGES:
            if lang not in forms:
                self.untranslated.missing.append((self.loc(node.start_mark), lang))
        self._forms = forms
        return forms.get(self.lang) or next(iter(forms.values()))

    def scalar(self, node: ScalarNode, spec: Spec, what: str) -> Any:
        value: str = node.value
        # The loader resolves no implicit types (see loader.TextLoader): a plain `no` or `1.5`
        # arrives as text, and each field reads its own type from the text here.
        if not node.style and value in _NULLS:
            if isinstance(spec, Str):
                return self.error(node.start_mark, f"{what} is empty", "write the text, or leave the field out")
            return self.error(node.start_mark, f"{what} is empty", f"give {_expected(spec)}")
        if isinstance(spec, Str):
            if len(value) > spec.max_len:
                return self.error(
                    node.start_mark, f"{what} is {len(value)} characters long", f"the limit is {spec.max_len}"
                )
            if spec.is_id and not (value and _ID_CHARS.issuperset(value) and value[0] != "-"):
                return self.error(
                    node.start_mark,
                    f"{what} {quote(value)} is not a valid id",
                    "use lower-case letters, digits and '-' (for example 'cdt-young-runner')",
                )
            control = _CONTROL.search(value)
            if control is not None:
                return self.error(
                    node.start_mark, f"{what} contains the control character U+{ord(control.group()):04X}",
                    "remove it: only line breaks and tabs may appear in text",
                )
            hidden = hidden_character(value)
            if hidden is not None:  # text that reads differently from what it is (Trojan Source)
                return self.error(
                    node.start_mark, f"{what} contains the invisible character U+{ord(hidden):04X}",
                    "remove it: bidi overrides, isolates and zero-width characters may not appear in text",
                )
            return value
        if isinstance(spec, Enum):
            if value in spec.values:
                return value
            close = difflib.get_close_matches(value, spec.values, n=1)
            hint = f"did you mean {quote(close[0])}?" if close else "one of: " + ", ".join(spec.values)
            return self.error(node.start_mark, f"{what} {quote(value)} is not one of the allowed values", hint)
        if isinstance(spec, Bool):
            low = value.lower() if not node.style else ""
            if low in _TRUE or low in _FALSE:
                return low in _TRUE
            return self.error(node.start_mark, f"{what} should be true or false, not {quote(value)}",
                              "write true or false, without quotes")
        if isinstance(spec, Int):
            try:
                number = int(value)
            except ValueError:
                return self.error(node.start_mark, f"{what} should be a whole number, not {quote(value)}",
                                  _number_hint(value, "a whole number such as 3"))
            return self._bounded(node, number, spec.minimum, spec.maximum, what)
        if isinstance(spec, Num):
            try:
                real = float(value.replace("_", ""))
            except ValueError:
                return self.error(node.start_mark, f"{what} should be a number, not {quote(value)}",
                                  _number_hint(value, "a number such as 12 or 0.5, without a unit"))
            if real != real or real in (float("inf"), float("-inf")):
                return self.error(node.start_mark, f"{what} should be a finite number, not {quote(value)}",
                                  "write an ordinary number such as 0 or 100")
            return self._bounded(node, real, spec.minimum, spec.maximum, what)
        raise TypeError(spec)  # pragma: no cover

    def _bounded(self, node: Node, n: Any, lo: Any, hi: Any, what: str) -> Any:
        if lo is not None and n < lo:
            return self.error(node.start_mark, f"{what} is {n}; it must be at least {lo}", f"use {lo} or more")
        if hi is not None and n > hi:
            return self.error(node.start_mark, f"{what} is {n}; it must be at most {hi}", f"use {hi} or less")
        return n

    def _once(self, node: Node) -> bool:
        """Refuse YAML aliases: a shared node could make a small file expand without bound."""
        if not self._may_alias:
            return True
        key = id(node)
        if key in self._seen:
            self.error(
                node.start_mark,
                "YAML anchors and aliases (&name, *name) are not allowed",
                "write the content out where it is needed",
            )
            return False
        self._seen.add(key)
        return True

    def seq(self, node: Node, spec: ListOf, what: str) -> Any:
        if not isinstance(node, SequenceNode):
            if isinstance(node, ScalarNode) and isinstance(spec.item, Str) and node.tag == _STD + "str":
                hint = f"write it as a list: [{node.value}]"
            else:
                hint = "write it as a list (lines starting with '- ', or [a, b])"
            return self.error(node.start_mark, f"{what} should be a list, not {_shape(node)}", hint)
        if not self._once(node):
            return INVALID
        items = node.value
        if len(items) < spec.min_items:
            need = "at least one item" if spec.min_items == 1 else f"at least {spec.min_items} items"
            return self.error(node.start_mark, f"{what} needs {need}", "add the missing items, or leave the field out")
        if len(items) > spec.max_items:
            return self.error(node.start_mark, f"{what} has {len(items)} items; at most {spec.max_items}",
                              "keep the most useful ones")
        out = DList(node.start_mark)
        item_spec = spec.item
        item_what = _singular(what)
        for item in items:
            value = self.check(item, item_spec, item_what)
            if value is not INVALID:
                out.append(value)
                out.marks.append(item.start_mark)
        if len(out) < spec.min_items:
            return INVALID  # an item was wrong (and reported): the rest cannot stand for the list
        if spec.ordered and any(a > b for a, b in zip(out, out[1:], strict=False)):
            shown = ", ".join(f"{v:g}" for v in out)
            return self.error(node.start_mark, f"{what} [{shown}] has its low end above its high end",
                              f"write the lower number first: [{', '.join(f'{v:g}' for v in sorted(out))}]")
        return out

    def mapof(self, node: Node, spec: MapOf, what: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.error(node.start_mark, f"{what} should be a mapping of id: value, not {_shape(node)}",
                              "write one 'id: value' per line")
        if not self._once(node):
            return INVALID
        out = Data(node.start_mark)
        for key_node, value_node in node.value:
            key = self.check(key_node, Str(is_id=True, max_len=200), f"{what} id")
            if key is INVALID:
                continue
            if key in out:
                self.error(key_node.start_mark, f"{what} {key!r} is given twice", "keep one")
                continue
            value = self.check(value_node, spec.value, f"{what} {key!r}")
            if value is not INVALID:
                out[key] = value
                out.marks[key] = value_node.start_mark
        return out

    def obj(self, node: Node, spec: Obj, what: str) -> Any:
        if not isinstance(node, MappingNode):
            hint = "start each field on its own line as 'name: value'"
            return self.error(node.start_mark, f"{what} should be a mapping of fields, not {_shape(node)}", hint)
        if not self._once(node):
            return INVALID
        pairs = node.value
        errors_before = len(self.problems)
        kind = None
        if spec.discriminator:
            for key_node, value_node in pairs:
                if key_node.value == spec.discriminator and isinstance(value_node, ScalarNode):
                    kind = value_node.value
        fields = spec.allowed(kind)
        out = Data(node.start_mark)
        ok = True
        for key_node, value_node in pairs:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node.start_mark, f"a field name in {what} should be plain text",
                           "write 'name: value', with the name a single word")
                continue
            name = key_node.value
            f = fields.get(name)
            if f is None:
                if spec.variants and kind not in spec.variants and name in _all_fields(spec):
                    continue  # the kind itself is wrong, and that is reported
                self._unknown(key_node, name, spec, kind, what)
                continue
            if name in out.marks:
                self.error(key_node.start_mark, f"field {name!r} is given twice in {what}", "keep one")
                continue
            value = self.check(value_node, f.spec, name)
            out.marks[name] = value_node.start_mark
            if self._forms is not None and isinstance(f.spec, Str):
                out.forms[name], self._forms = self._forms, None
            if value is INVALID:
                if f.required:
                    ok = False
                continue
            out[name] = value
        for name, f in fields.items():
            if f.required and name not in out.marks:
                ok = False
                self.error(node.start_mark, f"{what} is missing the required field {name!r}", _doc_hint(name, f))
        out.clean = len(self.problems) == errors_before
        return out if ok else INVALID

    def _unknown(self, key_node: Node, name: str, spec: Obj, kind: str | None, what: str) -> None:
        if spec.variants and name in _all_fields(spec):
            owners = [k for k, extra in spec.variants.items() if name in extra]
            self.error(
                key_node.start_mark,
                f"field {name!r} does not belong in a {kind!s} {spec.name}",
                f"it is used by {' and '.join(owners)} {spec.name}s",
            )
            return
        allowed = list(spec.allowed(kind))
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean {quote(close[0])}?" if close else "allowed fields: " + ", ".join(allowed)
        self.error(key_node.start_mark, f"unknown field {quote(name)} in {what}", hint)


def _number_hint(value: str, usual: str) -> str:
    """Name the usual slip (the letter O or l for a digit) when fixing it gives a number."""
    if value.strip().lower().lstrip("+-") in (".nan", ".inf", "nan", "inf", "infinity"):
        return "YAML's .nan and .inf are not numbers a learner can type; write an ordinary number"
    fixed = value.replace("O", "0").replace("o", "0").replace("l", "1").replace("I", "1")
    if fixed != value:
        try:
            float(fixed)
            return f"is a letter standing for a digit? {quote(fixed)} would be a number"
        except ValueError:
            pass
    return f"write {usual}"


def _all_fields(spec: Obj) -> set[str]:
    names = set(spec.fields)
    for extra in spec.variants.values():
        names.update(extra)
    return names


@functools.lru_cache(maxsize=256)
def _singular(what: str) -> str:
    """`cases` -> `case`: how a list's items are named in messages."""
    word = what.rsplit(" ", 1)[-1]
    special = {"quizzes": "quiz", "glossary": "glossary term", "cite": "citation key",
               "accept": "accepted answer", "match": "phrasing", "aliases": "alias",
               "partial": "partial answer", "reject": "rejected example", "hints": "hint",
               "range": "range end", "tags": "tag", "options": "option", "choices": "choice",
               "groups": "answer group", "steps": "step", "questions": "question", "notes": "note"}
    return special.get(word, word[:-1] if word.endswith("s") else word)


def _doc_hint(name: str, f: F) -> str:
    what = f" ({f.doc[0].lower()}{f.doc[1:].rstrip('.')})" if f.doc else ""
    return f"add '{name}:'{what}"


def _expected(spec: Spec) -> str:
    if isinstance(spec, Str):
        return "text"
    if isinstance(spec, Int):
        return "a whole number"
    if isinstance(spec, Num):
        return "a number"
    if isinstance(spec, Bool):
        return "true or false"
    if isinstance(spec, Enum):
        return "one of " + ", ".join(spec.values)
    return "a value"


def _shape(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, ScalarNode) and not node.style and node.value in _NULLS:
        return "empty"
    return quote(node.value)


__all__ = ["Checker", "Data", "DList", "INVALID", "ID_PATTERN"]
