"""The medical vocabulary that ships with the grader: abbreviations, lay terms and synonyms.

It applies to every course, an instructor's own with `--only` included, and is data
(`data/medical_vocabulary.json`), read the first time a question is compiled. A course's
glossary extends it: a glossary term that shares a name with an entry takes the entry's other
names as synonyms; the glossary's own names, definition and look-ups win.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import GlossaryTerm, name_key

DATA = Path(__file__).with_name("data") / "medical_vocabulary.json"
ZH_REGIONAL = DATA.with_name("zh_regional.json")
"""Taiwanese and Hong Kong names of the vocabulary's things: a file of its own, merged by name."""


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    return tuple(e for f in (DATA, ZH_REGIONAL) for e in json.loads(f.read_text(encoding="utf-8"))["entries"])


@lru_cache(maxsize=1)
def shipped_entries() -> tuple[tuple[str, ...], ...]:
    """Each entry's names, in the files' order."""
    return tuple(tuple(str(n) for n in e["names"] if str(n).strip()) for e in _entries())


def with_vocabulary(terms: list[GlossaryTerm]) -> list[GlossaryTerm]:
    """The course's terms, each extended by the shipped entries it shares a name with, followed by
    the entries no term names, merged where they share a name (as terms without a definition:
    synonyms, never look-ups)."""
    groups: list[list[str]] = [list(t.names) for t in terms]
    owner: dict[str, int] = {}
    for i, names in enumerate(groups):
        for name in names:
            owner.setdefault(name_key(name), i)
    for entry in shipped_entries():
        hit = next((owner[name_key(x)] for x in entry if name_key(x) in owner), None)
        if hit is None:
            hit = len(groups)
            groups.append([])
        for x in entry:
            if name_key(x) not in owner:
                owner[name_key(x)] = hit
                groups[hit].append(x)
    out: list[GlossaryTerm] = []
    for i, term in enumerate(terms):
        more = tuple(groups[i][len(term.names):])
        if more:
            term = GlossaryTerm(term.id, term.term, term.definition, term.zh, (*term.aliases, *more), term.cite,
                                term.loc)
        out.append(term)
    for n, names in enumerate(groups[len(terms):]):
        out.append(GlossaryTerm(f"vocabulary-{n + 1}", names[0], "", aliases=tuple(names[1:])))
    return out


Kind = tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]


@lru_cache(maxsize=1)
def shipped_kinds() -> tuple[Kind, ...]:
    """Each general term's names and the specific terms a learner may name for it, as phrase keys."""
    from .glossary import phrase_key  # noqa: PLC0415 (the tokenizer, only once a question is compiled)

    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple((tuple(phrase_key(g) for g in k["general"]), tuple(phrase_key(i) for i in k["instances"]))
                 for k in data.get("kinds", ()))


def instance_variants(text: str) -> list[str]:
    """An accepted answer with its general term replaced by each specific one: `start
    anticoagulation` also reads `start LMWH`, `start warfarin`... Never the other way round."""
    from .glossary import phrase_key  # noqa: PLC0415

    key = phrase_key(text)
    for generals, instances in shipped_kinds():
        for g in generals:
            n = len(g)
            for start in range(len(key) - n + 1):
                if key[start:start + n] == g and not _inside_a_name(key, start, n):
                    # `start a vasopressor` reads `start noradrenaline`: a drug takes no article.
                    lead = start - 1 if start and key[start - 1] in _ARTICLES else start
                    return [" ".join(key[:lead] + i + key[start + n:]) for i in instances]
    return []


_ARTICLES = frozenset({"a", "an"})


def _inside_a_name(key: tuple[str, ...], start: int, n: int) -> bool:
    """The words at `start` are part of a longer name the vocabulary knows (`anticoagulant` in
    `direct oral anticoagulant`): not the general term on its own."""
    for name in _name_keys():
        m = len(name)
        if m <= n:
            continue
        for s in range(max(0, start + n - m), min(start, len(key) - m) + 1):
            if key[s:s + m] == name:
                return True
    return False


@lru_cache(maxsize=1)
def _name_keys() -> tuple[tuple[str, ...], ...]:
    from .glossary import phrase_key  # noqa: PLC0415

    return tuple({k for entry in shipped_entries() for k in (phrase_key(x) for x in entry) if len(k) >= 2})


@lru_cache(maxsize=1)
def shipped_names() -> tuple[str, ...]:
    """Every name the shipped vocabulary holds, its kinds' specific terms included."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    names = [str(n) for e in _entries() for n in e["names"]]
    names += [str(n) for k in data.get("kinds", ()) for n in (*k["general"], *k["instances"])]
    return tuple(dict.fromkeys(names))


def own_names(term: str) -> frozenset[str]:
    """The names (normalised) of the shipped entries `term` is a name of."""
    return _names_by_name().get(term, frozenset())


@lru_cache(maxsize=1)
def _names_by_name() -> dict[str, frozenset[str]]:
    """Each shipped name (normalised), and all the names of the entries it is a name of: built once."""
    from .normalize import normalise  # noqa: PLC0415

    out: dict[str, set[str]] = {}
    for entry in shipped_entries():
        names = {normalise(n).text for n in entry}
        for n in names:
            out.setdefault(n, set()).update(names)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def chinese_names() -> tuple[str, ...]:
    """Every shipped name written in Chinese characters alone, of three characters or more."""
    from .normalize import is_cjk, normalise  # noqa: PLC0415

    names = (normalise(n).text for n in shipped_names())
    return tuple(dict.fromkeys(n for n in names if len(n) >= 3 and all(is_cjk(c) for c in n)))


@lru_cache(maxsize=1)
def _english_of_chinese() -> dict[str, frozenset[str]]:
    """For each shipped Chinese name (normalised), the English words of its entries' names."""
    from .normalize import has_cjk, normalise  # noqa: PLC0415

    out: dict[str, set[str]] = {}
    for entry in shipped_entries():
        words = {w for n in entry if not has_cjk(n) for w in normalise(n).text.replace("-", " ").split()}
        for n in entry:
            if has_cjk(n):
                out.setdefault(normalise(n).text, set()).update(words)
    return {k: frozenset(v) for k, v in out.items()}


def is_another_thing(longer: str, term: str) -> bool:
    """Whether the shipped name `longer`, which ends with `term`, names another thing rather than a
    kind of it: its English names do not hold the English of `term` as whole words
    (`去甲肾上腺素` is noradrenaline, not a kind of adrenaline; `导管溶栓` is catheter-directed
    thrombolysis, a thrombolysis). Unknown in English: a kind of it."""
    english = _english_of_chinese()
    mine, theirs = english.get(term), english.get(longer)
    if not mine or not theirs:
        return False
    return not any(w in theirs for w in mine if len(w) >= 5)
