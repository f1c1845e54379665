"""The app's words in the language it speaks: each screen and widget asks the app, so a switch of
language (F5, or the palette) reaches every screen drawn after it."""

from __future__ import annotations

from textual.dom import DOMNode

from ..texts import DEFAULT_LANGUAGE, msg, phrase, say


def lang_of(node: DOMNode) -> str:
    """The language of the app `node` belongs to (English for an app that does not say)."""
    lang = getattr(node.app, "lang", DEFAULT_LANGUAGE)
    return lang if isinstance(lang, str) else DEFAULT_LANGUAGE


def phrased(text: object, lang: str) -> str:
    """A course text as `lang` says it: an answer's part named by its accepted phrasings is named
    by the first one in that language (`tutor.texts.phrase`); any other text as it is."""
    return phrase(text, lang)


def words(node: DOMNode, key: str, /, **args: object) -> str:
    """A catalogue message in the app's language."""
    return say(msg(key, **args), lang_of(node))
