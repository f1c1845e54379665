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

from ..model import GlossaryTerm, name_key

DATA = Path(__file__).with_name("data") / "medical_vocabulary.json"


@lru_cache(maxsize=1)
def shipped_entries() -> tuple[tuple[str, ...], ...]:
    """Each entry's names, in the file's order."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return tuple(tuple(str(n) for n in e["names"] if str(n).strip()) for e in data["entries"])


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
