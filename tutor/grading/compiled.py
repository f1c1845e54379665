"""A question compiled once for grading: every accepted phrase, synonym and misconception.

Built on first use and cached by the question's id and graded-content hash, so grading an
answer only analyses the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..kinds import kind_of
from ..model import Choice, Expectation, Misconception, Option, PartialAnswer, Question
from .core import VAGUE_HEADS, core_texts
from .gate import Gate
from .glossary import GlossaryIndex
from .match import BOUND_WAY, ZH_GENERIC_ENDINGS, ZH_NEGATORS, KeyIndex, KeyTok, Phrase, compile_all, zh_directions
from .normalize import has_cjk, is_cjk, normalise
from .tokens import (
    ASKED_ABOVE,
    ASKED_BELOW,
    CLASSIFIERS,
    ROMAN,
    STOPWORDS,
    direction_of,
    family,
    split_prefix,
    stem,
    tokenize,
)
from .vocabulary import instance_variants

Owner = Expectation | Misconception | PartialAnswer | Option | Choice


@dataclass(slots=True)
class Target:
    """Something an answer can name: an expectation, misconception, partial answer or option."""

    role: str
    """`accept`, `prompt`, `misconception`, `partial` or `option`."""
    id: str
    owner: Owner
    phrases: list[Phrase] = field(default_factory=list)
    _words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        """Every word of every phrasing, and the flip prefixes inside them (`post` of `postprocedural`)."""
        if self._words is None:
            ws: set[str] = set()
            for ph in self.phrases:
                for w in ph.words:
                    ws.add(w)
                    p, _ = split_prefix(w)
                    if p:
                        ws.add(p)
            self._words = frozenset(ws)
        return self._words


def phrases_for(texts: tuple[str, ...] | list[str], glossary: GlossaryIndex, *, via: str = "alias",
                strict: bool = False, instances: bool = False) -> list[Phrase]:
    """Each text compiled, with what its own wording implies and the glossary's synonyms; with
    `instances`, also the specific terms for a general one (`LMWH` for `anticoagulation`)."""
    out: list[Phrase] = []
    seen: set[tuple[object, ...]] = set()

    def add(text: str, how: str) -> None:
        for ph in compile_all(text, how, strict=strict):
            sig = tuple(ph.keys)
            if sig not in seen:
                seen.add(sig)
                out.append(ph)

    written = [v for text in texts for v in written_variants(text)]
    for text in written:
        add(text, via)
    for text in written:
        # Two steps of synonyms: `hypotension` → `low blood pressure` → `low BP`.
        first = glossary.synonyms(text)
        for syn in first:
            add(syn, "glossary")
        for syn in first:
            for again in glossary.synonyms(syn)[:MAX_SECOND]:
                add(again, "glossary")
    if instances:
        for text in written:
            for specific in instance_variants(text):
                add(specific, "kind")
    return out


MAX_SECOND = 8
"""Second-step synonyms kept per first-step synonym (the compiled question stays small)."""


_PAREN = re.compile(r"\s*[(（]([^()（）]+)[)）]\s*")
_EXAMPLE = re.compile(r",?\s+(?:such as|e\.g\.|eg|for example|for instance|for eg)\s+"
                      r"|[，,]\s*(?:例如|比如|譬如|如(?![果何此今同]))\s*", re.IGNORECASE)
_ALTERNATIVES = re.compile(r"\s*(?:,|/|\bor\b|或)\s*")
_SHORT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9+-]{0,7}")
"""A symbol, formula or abbreviation in brackets (`Ar`, `MgSO4`, `K+`, `LCIV`): a name on its own."""


def written_variants(text: str) -> list[str]:
    """An accepted answer and what its own wording implies.

    - Parentheses: `left common iliac vein (LCIV)` also accepts `left common iliac vein` and,
      as the part in brackets is an abbreviation, a symbol or a Chinese name, `LCIV` on its own;
      brackets that list examples (`a calcium channel blocker (diltiazem or verapamil)`) accept
      each example.
    - Examples: `a beta-blocker such as bisoprolol` also accepts `a beta-blocker` and `bisoprolol`
      (likewise `e.g.`, `for example`, `like`, and `，如` / `，例如` in Chinese).
    """
    out = [text]
    m = _PAREN.search(text)
    if m is not None:
        without = (text[: m.start()] + " " + text[m.end():]).strip()
        inner = m.group(1).strip()
        if without:
            out.append(without)
        examples = _EXAMPLE.match(" " + inner) is not None
        inner = _EXAMPLE.sub("", " " + inner).strip()
        if inner and (_SHORT_NAME.fullmatch(inner) and any(c.isupper() or c.isdigit() for c in inner)
                      or has_cjk(inner)):
            out.append(inner)
        elif without and (examples or _ALTERNATIVES.search(inner)):
            out.extend(a for a in _ALTERNATIVES.split(inner) if a.strip())
    e = _EXAMPLE.search(text)
    if e is not None and e.start() > 0:
        out.append(text[: e.start()].strip(" ,"))
        out.extend(a for a in _ALTERNATIVES.split(text[e.end():].strip(" ,.")) if a.strip())
    out.extend(a for v in list(out) if "(" not in v and "（" not in v for a in alternatives_in(v))
    return list(dict.fromkeys(v for v in out if v.strip()))


_OR = re.compile(r"\s+or\s+|\s*/\s*", re.IGNORECASE)
_NOT_ALTERNATIVES = frozenset({"not", "no", "non", "never", "without", "less", "more", "so", "later", "whether",
                               "neither", "nor", "both"})


def alternatives_in(text: str) -> list[str]:
    """An accepted answer that names alternatives, each accepted alone, with the words they
    share: `IVC thrombosis or occlusion` accepts `IVC thrombosis` and `IVC occlusion`; `acute or
    chronic kidney disease` accepts `acute kidney disease`. None where `or` is not a choice
    between names: a negation, a number, `more or less`, `whether or not`."""
    if has_cjk(text):
        return _chinese_alternatives(text)
    if any(ch.isdigit() for ch in text) or not _OR.search(text):
        return []
    parts = [p.split() for p in _OR.split(re.sub(r"^either\s+", "", text.strip(" .,"), flags=re.IGNORECASE))]
    if not 2 <= len(parts) <= 3 or any(not p or len(p) > 5 for p in parts):
        return []
    words = {w.lower().strip(",.;") for p in parts for w in p}
    if words & _NOT_ALTERNATIVES or any(all(w.lower() in STOPWORDS for w in p) for p in parts):
        return []
    first, last = parts[0], parts[-1]
    out = []
    for p in parts:
        if len(p) == 1 and p is not first and len(first) >= 3 and first[0].lower() in _TIMES:
            out.append(" ".join([first[0], *p]))  # `recent intracranial haemorrhage or stroke`: recent stroke
        if len(p) == 1 and p is not first and len(first) >= 2:
            p = [*first[:-1], *p]  # `IVC thrombosis or occlusion`: IVC occlusion
        elif len(p) == 1 and p is first and len(last) >= 2 and last[0].lower() not in STOPWORDS:
            p = [*p, *last[1:]]  # `acute or chronic kidney disease`: acute kidney disease
        out.append(" ".join(p))
    return out


_TIMES = frozenset({"recent", "previous", "prior", "past", "current", "active", "acute", "chronic", "new"})
"""Words of time that lead a phrase and qualify each of its alternatives, not only the nearest:
`recent intracranial haemorrhage or stroke` says a recent stroke too."""

_ZH_OR = re.compile(r"或者|或")


def _chinese_alternatives(text: str) -> list[str]:
    """`沉重感或疼痛` accepts `沉重感` and `疼痛`: two Chinese names of about the same length, each
    a term of its own. Where one side is shorter, it leaves out words the other supplies (see
    `_sharing_alternatives`). Never `或许` (maybe), a negation or a number."""
    parts = _ZH_OR.split(text.strip(" 。，,."))
    if len(parts) != 2 or "或许" in text or any(ch.isdigit() or ch in "不没无未非" for ch in text):
        return []
    if not all(2 <= len(p) <= 6 and all(is_cjk(c) for c in p) for p in parts):
        return []
    return parts if abs(len(parts[0]) - len(parts[1])) <= 1 else _sharing_alternatives(*parts)


def _sharing_alternatives(first: str, second: str) -> list[str]:
    """`近期脑出血或脑卒中` accepts `近期脑出血` and `近期脑卒中`; `停止或减量溶栓药物` accepts
    `减量溶栓药物` and `停止溶栓药物`: the longer side is a term alone, and the shorter one takes
    the longer's opening (when it comes second) or ending (when first). How much is shared is not
    written, so both readings, the shorter's length and two characters (`近期大手术或外伤`:
    `近期外伤`), are kept; the shorter side alone (`停止`, `外伤`) is never the key, so an ending
    a learner may leave out (`药物`) is never all it shares."""
    if len(first) > len(second):
        n = len(first) - len(second)
        shared = [first[:n] + second, first[:2] + second]
    else:
        shared = [first + e for e in (second[len(first):], second[-2:]) if e not in ZH_GENERIC_ENDINGS]
    return list(dict.fromkeys([max(first, second, key=len), *shared]))


_NEGATIVE_PROMPT = re.compile(r"\b(?:not|cannot|can't|can not|doesn't|does not|don't|do not|isn't|won't)\b")


_SENTENCE_ENDS = frozenset(".?!。？！\n")


def question_sentence(prompt: str) -> str:
    """The sentence that asks (the last one ending in a question mark, else the last one)."""
    # Walk back from the last question mark rather than `findall`, which rescans the rest of a
    # long prompt from every position and is quadratic in its length.
    end = max(prompt.rfind("?"), prompt.rfind("？"))
    if end >= 0:
        start = end
        while start > 0 and prompt[start - 1] not in _SENTENCE_ENDS:
            start -= 1
        return prompt[start:end + 1]
    parts = [p for p in re.split(r"[.!。！\n]", prompt) if p.strip()]
    return parts[-1] if parts else prompt


@dataclass(slots=True)
class CompiledQuestion:
    question: Question
    accepts: list[Target]
    prompts: list[Target]
    misconceptions: list[Target]
    partials: list[Target]
    options: list[Target]
    index: KeyIndex
    list_mode: bool
    echo: frozenset[str]
    _gate: Gate | None = None

    @property
    def gate(self) -> Gate:
        """The misconceptions' phrasings, filed for quick lookup (built on first use)."""
        if self._gate is None:
            self._gate = Gate.of(self.misconceptions)
        return self._gate

    @classmethod
    def build(cls, q: Question, glossary: GlossaryIndex) -> CompiledQuestion:
        kind = kind_of(q)
        # The expectations are the key only for kinds graded by parts; a numeric answer's is its dialogue.
        accepts = [Target("accept", e.id, e, phrases_for(e.accept, glossary, instances=True)) for e in q.expectations
                   if kind.by_parts]
        prompts = [
            Target("prompt", e.id, e, phrases_for(e.prompt.accept, glossary, via="prompt", instances=True))
            for e in q.expectations if e.prompt is not None
        ]
        miscs = [Target("misconception", m.id, m, phrases_for(m.match, glossary, strict=True))
                 for m in q.misconceptions]
        partials = [Target("partial", f"partial-{i + 1}", p, phrases_for(p.accept, glossary))
                    for i, p in enumerate(q.partial)]
        options = [Target("option", o.letter, o, phrases_for((o.text, *o.also, *o.accept), glossary))
                   for o in q.options]
        _named_elsewhere(accepts, [*miscs, *partials, *options, *prompts], q)
        _add_cores(accepts, [*accepts, *miscs, *partials, *options], q.prompt, glossary)
        asked = question_sentence(q.prompt)
        _direction_understood([*accepts, *partials], asked)
        _chinese_ending_understood(accepts, [*accepts, *miscs, *partials, *options], asked)
        wrong_options = [o for o in options if not getattr(o.owner, "correct", False)]
        _loosen_bounds([*accepts, *prompts], [*miscs, *partials, *wrong_options], asked)
        all_phrases = [ph for group in (accepts, prompts, miscs, partials, options) for t in group for ph in t.phrases]
        echo: set[str] = set()
        if _NEGATIVE_PROMPT.search(asked.lower().replace("’", "'")):
            echo.add("not")
        for zh in ("无法", "不能", "不会"):
            if zh in asked:
                echo.add(zh)
        return cls(q, accepts, prompts, miscs, partials, options, KeyIndex.of(all_phrases),
                   kind.list_mode, frozenset(echo))


_OTHER_STRICTNESS = {"≥": ">", ">": "≥", "≤": "<", "<": "≤"}


def _bounds_in(targets: list[Target]) -> set[tuple[str, str]]:
    return {(k.text, k.bound) for t in targets for ph in t.phrases for k in ph.keys if k.kind == "q" and k.bound}


def _loosen_bounds(targets: list[Target], wrong: list[Target], asked: str) -> None:
    """How strictly a key's bound is read. A bound the question asks for (`What should his urate be
    kept below?`) is understood, as a direction is. Otherwise `over 65` and `65 or over` say one
    thing, unless the question tells the two apart: `2 or more` accepted where `more than 2` is a
    misconception (or a partial answer, or a wrong option)."""
    understood = {"↑"} if ASKED_ABOVE.search(asked) else {"↓"} if ASKED_BELOW.search(asked) else set()
    other = _bounds_in(wrong)
    told_apart = {n for n, b in _bounds_in(targets) if (n, _OTHER_STRICTNESS[b]) in other}

    def loose(k: KeyTok) -> KeyTok:
        if k.kind != "q" or not k.bound:
            return k
        if BOUND_WAY[k.bound] in understood:
            return replace(k, bound="")
        return k if k.text in told_apart else replace(k, bound=BOUND_WAY[k.bound])

    for t in targets:
        for ph in t.phrases:
            if any(k.kind == "q" and k.bound for k in ph.keys):
                ph.keys = tuple(loose(k) for k in ph.keys)


def _roots(words: frozenset[str] | set[str]) -> set[str]:
    return {stem(w) for w in words} | {f for f in (family(w) for w in words) if f}


def _named_elsewhere(accepts: list[Target], others: list[Target], q: Question) -> None:
    """Drop a specific term read into a general key (`heparin` for `anticoagulation`) where the
    author names it elsewhere in the question (a misconception, a partial answer, an option, a
    dialogue prompt such as `Heparin is what kind of drug?`): the author has decided about it."""
    said = {w for t in others for ph in t.phrases if ph.via != "kind" for w in ph.words}
    for e in q.expectations:
        if e.prompt is not None:
            said |= _words_in(e.prompt.text)
    said = _roots(said)
    for t in accepts:
        written = _written_words(t)
        t.phrases = [ph for ph in t.phrases if ph.via != "kind" or not (_roots(ph.words - written) & said)]
        t._words = None


def _words_in(text: str) -> set[str]:
    return {t.text for t in tokenize(normalise(text, limit=2000)) if t.kind == "w"}


def _written_words(t: Target) -> frozenset[str]:
    return frozenset(w for ph in t.phrases if ph.via == "alias" for w in ph.words)


SHORT_PHRASE = 3
"""Another target's phrasing of at most this many words blocks a core that shares a word with it
(`systemic thrombolysis` blocks `thrombolysis` of `catheter-directed thrombolysis`); a longer one
(`leave the filter instead of anticoagulation`) is matched as a whole and wins over the core."""


def _add_cores(accepts: list[Target], everyone: list[Target], prompt: str, glossary: GlossaryIndex) -> None:
    """Give each accepted phrase its cores (`salbutamol` of `nebulised salbutamol`) where no other
    target of the question, nor the question itself, says all the core says (`stroke` is no core
    of `haemorrhagic stroke` beside `ischaemic stroke`; `haemorrhagic stroke` of `previous
    haemorrhagic stroke` is)."""
    asked = _roots(_words_in(prompt))
    for target in accepts:
        others: list[set[str]] = [asked]
        for t in everyone:
            if t is not target:
                for ph in t.phrases:
                    if len(ph.keys) <= SHORT_PHRASE or t.role == "accept":
                        others.append(_roots(ph.words))
        have = {tuple(ph.keys) for ph in target.phrases}
        for ph in list(target.phrases):
            # The author's own words (or a specific drug put in for their general one), never a
            # vocabulary name: `fast heart rate` for `tachycardia` has no core `heart`.
            if ph.via not in ("alias", "kind"):
                continue
            for text in [*core_texts(ph.text), *_understood_from_prompt(ph.text, asked),
                         *_named_by_pronoun(ph.text, asked), *_numeral_alone(ph.text, asked)]:
                # the core and its synonyms: `d dimer` of `a D-dimer blood test` is also `D-二聚体`
                for core in (c for t in (text, *glossary.synonyms(text)[:MAX_SECOND]) for c in compile_all(t, "core")):
                    mine = _roots(core.words)
                    if tuple(core.keys) in have or not mine or any(mine <= o for o in others):
                        continue
                    have.add(tuple(core.keys))
                    target.phrases.append(core)


def _understood_from_prompt(text: str, asked: set[str]) -> list[str]:
    """A key's last word that the question names already, left out: `type I error` when asked
    `Name the two kinds of error` is answered `type I`. What is left must still name something:
    at least two words, not all of them vague."""
    if has_cjk(text):
        return []
    toks = tokenize(normalise(text, limit=300))
    if len(toks) < 3 or toks[-1].kind != "w" or not _roots({toks[-1].text}) & asked:
        return []
    rest = [t for t in toks[:-1] if not (t.kind == "w" and t.text in STOPWORDS)]
    if len(rest) < 2 or any(t.kind == "p" for t in rest) or all(t.kind == "w" and t.text in VAGUE_HEADS for t in rest):
        return []
    return [" ".join(t.text for t in toks[:-1])]


def _numeral_alone(text: str, asked: set[str]) -> list[str]:
    """`III` for the key `class III` when asked `what class of shock is this?`: the question names
    the classifier, and the numeral (Roman or Arabic) is the answer."""
    words = normalise(text, limit=300).text.split()
    if len(words) != 2 or words[0] not in CLASSIFIERS or not _roots({words[0]}) & asked:
        return []
    digits = ROMAN.get(words[1], words[1])
    roman = next((r for r, d in ROMAN.items() if d == digits), None)
    return [roman.upper()] if digits.isdigit() and roman is not None else []


_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "her", "his", "their"})


def _named_by_pronoun(text: str, asked: set[str]) -> list[str]:
    """`remove it` for the key `remove the filter` when asked `What should be done with the filter
    now?`: a verb whose object the question names may take `it` for the object (required: `remove`
    alone says nothing)."""
    if has_cjk(text):
        return []
    toks = tokenize(normalise(text, limit=300))
    if len(toks) < 3 or toks[0].kind != "w" or toks[0].text in STOPWORDS or toks[1].text not in _DETERMINERS:
        return []
    obj = toks[2:]
    if any(t.kind != "w" for t in obj) or not all(_roots({t.text}) & asked for t in obj if t.text not in STOPWORDS):
        return []
    return [f"{toks[0].text} +it", f"{toks[0].text} +them"]


def _chinese_ending_understood(accepts: list[Target], everyone: list[Target], asked: str) -> None:
    """`颅内` for the key `颅内出血` when asked `重点观察哪些部位的出血？`: a Chinese key's ending
    of two characters or more that the question says is understood, as an English key's last word
    is. What is left must be two characters or more, all Chinese, say no direction and no denial,
    and stand in no other target's Chinese (`上消化道` beside `消化道出血` names another thing)."""
    norm = normalise(asked, limit=1000).text
    if not has_cjk(norm):
        return
    texts = [(t, [normalise(ph.text).text for ph in t.phrases]) for t in everyone]
    for target in accepts:
        for ph in [ph for ph in target.phrases if ph.via == "alias"]:
            rest = _before_asked_ending(normalise(ph.text).text, norm)
            if rest and not any(rest in x for t, xs in texts if t is not target for x in xs):
                target.phrases.extend(compile_all(rest, "core"))


def _before_asked_ending(key: str, asked: str) -> str:
    """The key without the longest ending the question asks a kind of (`哪些部位的出血`, `什么类型的
    支架`), or '' when that leaves no term. Not an ending the question only names (`如何处理溶栓药物`
    does not make `减量` of `减量溶栓药物` the key)."""
    if not all(is_cjk(c) for c in key):
        return ""
    for n in range(len(key) - 2, 1, -1):
        rest = key[:-n]
        if _ASKS_WHICH.search(asked.replace(key[-n:], "\x00")) and not zh_directions(rest) \
                and not any(c in ZH_NEGATORS for c in rest):
            return rest
    return ""


_ASKS_WHICH = re.compile(r"(?:哪|什么)[^，,。？?！!、\x00]{0,4}\x00")
"""`哪` or `什么`, a few characters, then the key's ending (written as NUL)."""


def _direction_understood(targets: list[Target], asked: str) -> None:
    """A question that asks for what to reduce (`主要希望减少哪种远期并发症？`, `Which complication
    does it aim to prevent?`) is answered by naming it: the key's own `reduce` (降低) is understood.
    Only when the question says one direction; an answer that says the other still fails."""
    norm = normalise(asked, limit=1000)
    toks = tokenize(norm)
    said = ({direction_of(toks, i) for i, t in enumerate(toks) if t.kind == "w"} - {""}) | zh_directions(norm.text)
    if len(said) != 1:
        return
    (way,) = said
    for t in targets:
        for ph in t.phrases:
            if any(k.kind == "d" and k.text == way and not k.optional for k in ph.keys) and \
                    any(k.kind != "d" and not k.optional for k in ph.keys):
                ph.keys = tuple(replace(k, optional=True) if k.kind == "d" and k.text == way else k for k in ph.keys)


def choice_targets(choices: tuple[Choice, ...], glossary: GlossaryIndex) -> tuple[list[Target], KeyIndex]:
    targets = [Target("option", c.letter, c, phrases_for((c.text, *c.also, *c.accept), glossary)) for c in choices]
    return targets, KeyIndex.of(ph for t in targets for ph in t.phrases)
