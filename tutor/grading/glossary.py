"""Glossary synonyms for grading, and "what is PTS?" look-ups.

When an accepted answer names a glossary term by any of its names (term, Chinese name or
alias), every other name is accepted too; a name inside a longer answer is swapped as well
(`contraindication to anticoagulation` → `contraindication to 抗凝`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import GlossaryTerm
from .match import Answer, KeyIndex, Phrase, PhraseMatch, compile_phrase, match_phrase
from .normalize import has_cjk, normalise
from .tokens import Tok, tokenize

MAX_VARIANTS = 24
"""Synonym variants generated per accepted answer, at most."""


def phrase_key(text: str) -> tuple[str, ...]:
    """A comparable form of a name: its words and Chinese runs, in order."""
    return _key_of(tokenize(normalise(text, limit=500)))


def _key_of(toks: list[Tok]) -> tuple[str, ...]:
    out: list[str] = []
    prev_c = False
    for t in toks:
        if t.kind == "c":
            if prev_c:
                out[-1] += t.text
            else:
                out.append(t.text)
            prev_c = True
        elif t.kind in "wq":
            out.append(t.text)
            prev_c = False
        else:
            prev_c = False
    return tuple(out)


@dataclass(slots=True)
class _Name:
    key: tuple[str, ...]
    text: str
    term: GlossaryTerm


@dataclass(slots=True)
class GlossaryIndex:
    terms: list[GlossaryTerm]
    by_key: dict[tuple[str, ...], GlossaryTerm] = field(default_factory=dict)
    names: list[_Name] = field(default_factory=list)
    _phrases: list[tuple[Phrase, GlossaryTerm]] | None = None
    _by_first: dict[str, list[int]] | None = None
    _index: KeyIndex | None = None
    _cjk: list[_Name] | None = None

    @classmethod
    def build(cls, terms: Iterable[GlossaryTerm]) -> GlossaryIndex:
        idx = cls(list(terms))
        for term in idx.terms:
            for name in term.names:
                key = phrase_key(name)
                # A name already claimed by an earlier term (the built-in course's, or the shipped
                # vocabulary's) stays that term's: a later glossary cannot merge itself into it.
                if key and idx.by_key.setdefault(key, term) is term:
                    idx.names.append(_Name(key, name, term))
        # Longest names first, so `IVC filter` is swapped before `filter`.
        idx.names.sort(key=lambda n: -sum(len(k) for k in n.key))
        return idx

    def _names_within(self, key: tuple[str, ...]) -> list[_Name]:
        """The names whose first word occurs in `key`, in `names` order: only they can be inside
        it, and looking them up keeps compiling a bank linear in its size (every phrasing of
        100,000 misconceptions once scanned every glossary name)."""
        if self._by_first is None:
            by_first: dict[str, list[int]] = {}
            for i, entry in enumerate(self.names):
                if entry.key:
                    by_first.setdefault(entry.key[0], []).append(i)
            self._by_first = by_first
        found = {i for word in set(key) for i in self._by_first.get(word, ())}
        return [self.names[i] for i in sorted(found)]

    def synonyms(self, text: str) -> list[str]:
        """Other ways of writing `text` that the glossary makes equivalent (not `text` itself)."""
        key = phrase_key(text)
        if not key:
            return []
        out: list[str] = []
        seen = {key}
        whole = self.by_key.get(key)
        if whole is not None:
            for name in whole.names:
                k = phrase_key(name)
                if k not in seen:
                    seen.add(k)
                    out.append(name)
        self._cjk_inside(key, seen, out)
        if len(key) < 2:
            return out
        for entry in self._names_within(key):
            n = len(entry.key)
            if n >= len(key) or entry.term is whole:
                continue
            for start in range(len(key) - n + 1):
                if key[start:start + n] != entry.key:
                    continue
                for other in entry.term.names:
                    ok = phrase_key(other)
                    if ok == entry.key or not ok:
                        continue
                    variant = key[:start] + ok + key[start + n:]
                    if variant not in seen:
                        seen.add(variant)
                        out.append(_display(text, entry.text, other, variant))
                    if len(out) >= MAX_VARIANTS:
                        return out
                break
        return out

    def _cjk_inside(self, key: tuple[str, ...], seen: set[tuple[str, ...]], out: list[str]) -> None:
        """Chinese names inside a longer Chinese run: 治疗成本 also reads 治疗费用."""
        for n, part in enumerate(key):
            if not has_cjk(part) or len(part) < 3:
                continue
            for entry in self.cjk_names:
                name = entry.key[0]
                if name == part or name not in part:
                    continue
                for other in entry.term.names:
                    if other != name and has_cjk(other) and len(other) >= 2 and not _ascii(other):
                        variant = key[:n] + (part.replace(name, other, 1),) + key[n + 1:]
                        if variant not in seen and len(out) < MAX_VARIANTS:
                            seen.add(variant)
                            out.append("".join(variant) if all(has_cjk(v) for v in variant) else " ".join(variant))

    @property
    def cjk_names(self) -> list[_Name]:
        """Names that are one Chinese run of two characters or more (matched inside longer runs)."""
        if self._cjk is None:
            self._cjk = [n for n in self.names if len(n.key) == 1 and len(n.key[0]) >= 2 and has_cjk(n.key[0])
                         and not _ascii(n.key[0])]
        return self._cjk

    def lookup(self, text: str) -> GlossaryTerm | None:
        """The term a question such as "what is PTS?" asks about, or None."""
        query = strip_question(text)
        if not query:
            return None
        key = phrase_key(query)
        if key in self.by_key:
            term = self.by_key[key]
            return term if term.definition else None
        if self._phrases is None or self._index is None:
            self._phrases = [(compile_phrase(n.text, "glossary"), n.term) for n in self.names]
            self._index = KeyIndex.of(p for p, _ in self._phrases)
        phrases, index = self._phrases, self._index
        ans = Answer(query, index, frozenset(), list_mode=False)
        n_words = sum(1 for t in ans.tokens if t.kind in "wq") + sum(1 for t in ans.tokens if t.kind == "c") / 2
        best: tuple[float, GlossaryTerm] | None = None
        for ph, term in phrases:
            if not term.definition:  # a shipped synonym, not a term the course defines
                continue
            m = match_phrase(ans, ph)
            if not isinstance(m, PhraseMatch) or m.status != "ok":  # a Miss, or a near miss
                continue
            covered = sum(1 if ans.tokens[i].kind != "c" else 0.5 for i in m.used)
            if n_words and covered / n_words >= 0.6:
                score = covered / n_words + ph.size / 1000
                if best is None or score > best[0]:
                    best = (score, term)
        if best is not None:
            return best[1]
        plain = normalise(query).text
        if len(plain) >= 5:
            scored = [
                (fuzz.ratio(plain, normalise(n.text).text), n.term) for n in self.names
                if len(n.text) >= 5 and n.term.definition
            ]
            if scored:
                score, term = max(scored, key=lambda s: s[0])
                if score >= 85:
                    return term
        return None


_QUESTION = re.compile(
    r"^(?:what\s+(?:is|are|'s|does|do)\s+(?:an?\s+|the\s+)?|what's\s+(?:an?\s+|the\s+)?|whats\s+|"
    r"define\s+|definition\s+of\s+|meaning\s+of\s+|explain\s+|tell\s+me\s+about\s+|describe\s+|"
    r"what\s+(?:does|do)\s+|who\s+is\s+|lookup\s+|look\s+up\s+|"
    r"什么是|什么叫|何为|请解释|解释一下|解释)",
)
_TAIL = re.compile(
    r"(?:\s+(?:mean|means|stand\s+for|stands\s+for))?\s*(?:是什么意思|是什么|指什么|的意思|的定义)?[\s?？。.!！]*$"
)


def strip_question(text: str) -> str:
    t = normalise(text, limit=300).text
    t = _QUESTION.sub("", t).strip()
    t = _TAIL.sub("", t).strip()
    t = re.sub(r"^(?:an?|the)\s+", "", t)
    return t.strip(" \"'?")


def _ascii(text: str) -> bool:
    return any(c.isascii() and c.isalnum() for c in text)


def _display(original: str, name: str, other: str, variant: tuple[str, ...]) -> str:
    """The variant as a reader would write it: `name` swapped for `other` in `original`."""
    # Words joined by runs of spaces or hyphens: each run sits between two words, so the pattern
    # cannot backtrack more than linearly (`x - - - -` once hung every command).
    words = [re.escape(w) for w in re.split(r"[\s-]+", name) if w]
    if not words:
        return " ".join(variant)
    pattern = re.compile(r"[\s-]*".join(words) if len(words) > 1 else words[0], re.IGNORECASE)
    swapped, n = pattern.subn(other, original, count=1)
    if n:
        return swapped
    return " ".join(variant)
