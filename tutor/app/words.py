"""The app's words in the language it speaks: each screen and widget asks the app, so a switch of
language (F5, or the palette) reaches every screen drawn after it."""

from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding
from textual.dom import DOMNode

from ..texts import DEFAULT_LANGUAGE, catalogue, msg, phrase, say


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


class WordedBindings:
    """A screen whose bindings are described in the app's language wherever Textual lists them:
    the keys panel of the command palette's "Keys" reads `active_bindings`, as the key bar does."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]  # the Screen's
        lang = lang_of(self)  # type: ignore[arg-type]  # mixed into a Screen, a DOMNode
        if lang == DEFAULT_LANGUAGE:
            return bindings
        words = catalogue(lang)  # this language's only: never the English catalogue on a Chinese screen

        def said(description: str) -> str:
            return words.get("app.key." + "_".join(description.lower().split()), description)

        return {key: active._replace(binding=dataclasses.replace(active.binding, description=said(
                    active.binding.description))) for key, active in bindings.items()}
