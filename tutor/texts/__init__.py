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
from functools import cache
from typing import NamedTuple

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
    return module.MESSAGES  # type: ignore[no-any-return]


def say(m: Msg, lang: str | None = None) -> str:
    """The message in words, in `lang` (by default the language in use). Parameters are learner
    or course text: they are inserted, never themselves formatted, so a brace in an answer is
    just a brace."""
    lang = lang or _active[0]
    template = catalogue(lang).get(m.key) or catalogue(DEFAULT_LANGUAGE)[m.key]
    args = {k: (say(v, lang) if isinstance(v, Msg) else v) for k, v in m.args}
    return template.format_map(args)


def join(parts: tuple[Msg, ...] | list[Msg], lang: str | None = None) -> str:
    """Several short messages as one line: the grader's reasons."""
    lang = lang or _active[0]
    return catalogue(lang).get("list.joiner", "; ").join(say(p, lang) for p in parts)
