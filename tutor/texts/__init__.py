"""The message catalogue: the core says what it means as a key with parameters, each face looks
the words up here.

The engine, the grader and the session service never build an English sentence; they return a
`Msg`. A face turns it into text with `say(msg, lang)`. A language is a module beside this one
(`en.py`, `zh.py`) holding one `MESSAGES` table; a key it lacks falls back to English, so a
half-done translation still shows every message. Only the language in use is imported.

The language a face speaks is chosen once (tutor/texts/language.py) and set with `use_language`;
`say` and `join` without a language speak it. The core never reads it.
"""

from __future__ import annotations

import importlib
import math
from functools import cache
from typing import Any, NamedTuple

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "zh")

_active = [DEFAULT_LANGUAGE]


class Msg(NamedTuple):
    """A message to show: its catalogue key and its parameters, as plain data."""

    key: str
    args: tuple[tuple[str, object], ...] = ()

    def arg(self, name: str, default: object = None) -> object:
        return dict(self.args).get(name, default)


def msg(key: str, /, **args: object) -> Msg:
    return Msg(key, tuple(args.items()))


class Phrased(str):
    """A course text with other ways of saying it: as a str it is the first, as written; a face
    says `phrase(it, lang)`. The dialogue names an answer's part by its accepted phrasings, which
    are one list across languages: in Chinese the first that is Chinese reads right."""

    options: tuple[str, ...]
    said: Msg | None

    def __new__(cls, text: str, options: tuple[str, ...] = (), said: Msg | None = None) -> Phrased:
        self = super().__new__(cls, text)
        self.options = options or (text,)
        self.said = said
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Phrased, (str(self), self.options, self.said))


def has_cjk(text: str) -> bool:
    """Any Han character (simplified or traditional) in the text."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff" for ch in text)


def phrase(text: object, lang: str | None = None) -> str:
    """A text as `lang` says it: a `Phrased` picks its phrasing (in Chinese the first with Chinese
    characters, else the first), a `Msg` is said, anything else is itself."""
    lang = lang or _active[0]
    if isinstance(text, Msg):
        return say(text, lang)
    if isinstance(text, Phrased):
        if text.said is not None:
            return say(text.said, lang)
        if lang == "zh":
            return next((o for o in text.options if has_cjk(o)), str(text))
        return str(text)
    return str(text)


class Amount(float):
    """A number in a message, formatted by the template: `{n}` as a person writes it, `{n:e6}` in
    millions, `{n:e8}` in 亿 (each language groups large numbers its own way), `{n:.0f}` as usual."""

    def __format__(self, spec: str) -> str:
        if spec == "" or (spec[:1] == "e" and spec[1:].isdigit()):
            return number_text(float(self) / 10 ** int(spec[1:] or 0))
        return format(float(self), spec)


def number_text(x: float) -> str:
    """`10,000,000`, `86.84`, `0.5`: a number as a person writes it (ASCII digits in every language)."""
    if not math.isfinite(x):
        return "∞" if x > 0 else ("-∞" if x < 0 else "?")
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}" if abs(x) >= 10000 else str(int(x))
    return f"{round(x, 10):.10g}"


def use_language(lang: str) -> str:
    """Make `lang` the language `say` and `join` speak when given none; an unknown one is English.
    Returns the language now in use."""
    _active[0] = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return _active[0]


def active_language() -> str:
    """The language set with `use_language` (English until then)."""
    return _active[0]


@cache
def catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    module = importlib.import_module(f"{__name__}.{lang}")
    return module.MESSAGES  # type: ignore[no-any-return]  # a module imported by name


def say(m: Msg, lang: str | None = None) -> str:
    """The message in words, in `lang` (by default the language in use). Parameters are learner
    or course text: they are inserted, never themselves formatted, so a brace in an answer is
    just a brace."""
    lang = lang or _active[0]
    template = catalogue(lang).get(m.key) or catalogue(DEFAULT_LANGUAGE)[m.key]
    return template.format_map({k: _arg(v, lang) for k, v in m.args})


def _arg(v: object, lang: str) -> object:
    if isinstance(v, (Msg, Phrased)):
        return phrase(v, lang)
    if isinstance(v, tuple):  # several parts of an answer: each said, then joined
        return catalogue(lang).get("list.parts_joiner", "; ").join(phrase(x, lang) for x in v)
    return v


def join(parts: tuple[Msg, ...] | list[Msg], lang: str | None = None) -> str:
    """Several short messages as one line: the grader's reasons."""
    lang = lang or _active[0]
    return catalogue(lang).get("list.joiner", "; ").join(say(p, lang) for p in parts)
