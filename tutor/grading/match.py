"""Step 5 of grading: does an accepted phrase occur in an answer, and how closely?

A `Phrase` is an accepted answer (or a misconception, a partial answer, an option) compiled
once: its content words, each with an edit budget that grows with its length, its Chinese
terms (matched whole, with no budget), and its numbers. An `Answer` is the learner's text
analysed once: tokens, negation scopes, and for each word of the question's vocabulary the
answer words that could stand for it. `match_phrase` then finds the phrase's words in the
answer in any order, close together, and says whether the match is exact, within the
budget (`typo`), just outside it (`near`: "Did you mean ...?"), or blocked by a flipped prefix
(`anticoagulation`/`coagulation`), a different known word (`thrombosis`/`thrombolysis`) or a
negation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..model import MARKED, without_marks
from .negation import Negation, find_negation
from .normalize import DASHES, Normalised, normalise
from .numbers import Quantity
from .tokens import (
    DIRECTION,
    FLIP_PREFIXES,
    FLIPPERS,
    FRAMING,
    GENERIC,
    HARD_PUNCT,
    ITEM_PUNCT,
    NEGATION_WORDS,
    OPPOSITES,
    POSITIONAL,
    PURPOSE,
    SEPARATOR_WORDS,
    SEPARATOR_ZH,
    STOPWORDS,
    STRICT_FLIPPERS,
    Tok,
    canon,
    direction_of,
    family,
    split_prefix,
    stem,
    tokenize,
)

NEGATION_FORMS = NEGATION_WORDS | {"non"}
"""Words that say `not`, one for another: `non-compressible vein` is `the vein does not compress`."""
DENIALS = frozenset({"non", "in", "im", "ir", "il", "un"})
"""Prefixes that deny the word they begin (`noncompressible`, `incompressible`, `unstable`)."""


def budget(word: str) -> int:
    """Typos forgiven in a word: none up to 4 letters, one for 5-8, two from 9."""
    n = len(word)
    return 0 if n <= 4 else 1 if n <= 8 else 2


def near_band(word: str) -> int:
    """The largest distance still offered as "Did you mean ...?" (0: never)."""
    return budget(word) + 1 if len(word) >= 5 else 0


@dataclass(frozen=True, slots=True)
class KeyTok:
    kind: str
    """`w` word, `f` meaning flipper (exact), `d` direction (`↓`/`↑`), `c` Chinese term, `q` number."""
    text: str
    qty: Quantity | None = None
    optional: bool = False
    """Matched when the answer has it, not required (`risk` in `the risk of PTS`); an optional
    direction still blocks the match when the answer says the opposite."""
    alt: str = ""
    """For a Chinese term: the term without a generic suffix (`导管溶栓` of `导管溶栓治疗`), also accepted."""
    bound: str = ""
    """For a number: the bound the answer must write with it (`≥`, `>`, `≤`, `<`), or `↑`/`↓` for
    either of that direction (see `loosen_bounds`); "" for none asked."""


BOUND_WAY = {"≥": "↑", ">": "↑", "≤": "↓", "<": "↓"}
"""Each bound's direction: what `↑` or `↓` in a key accepts."""


def inclusive(qty: Quantity, bound: str) -> tuple[Quantity, str]:
    """A strict bound on a whole number of no unit (a score) as the inclusive one it is: `more
    than 4` is `5 or more`, `<3` is `≤2`."""
    if (
        bound not in ("<", ">")
        or qty.unit not in (None, "count")
        or qty.is_range
        or qty.scale != 1
        or not float(qty.low).is_integer()
    ):
        return qty, bound
    step = 1 if bound == ">" else -1
    return replace(qty, low=qty.low + step, high=qty.high + step), "≥" if bound == ">" else "≤"


def bound_fits(key: str, answer: str) -> bool:
    """The answer's bound says the key's: the same one, or the same direction where either will do."""
    return not key or answer == key or (key in "↑↓" and BOUND_WAY.get(answer) == key)


@dataclass(slots=True)
class Phrase:
    """One accepted answer (or misconception, partial answer, option text), compiled."""

    text: str
    """As the author wrote it (or the glossary name it came from)."""
    keys: tuple[KeyTok, ...]
    via: str = "alias"
    """`alias` (written in the question), `glossary` (a glossary synonym), `prompt` (a dialogue prompt)."""
    n_sep: int = 0
    slack: int = 3
    exclusive: bool = False
    words: frozenset[str] = frozenset()
    size: int = 0
    """How specific the phrase is: the characters of its content words."""
    misses: dict[str, Miss] = field(default_factory=dict)
    """Ready-made `Miss` results for a key word absent from an answer (grading allocates less)."""

    gate_of: tuple[KeyTok, ...] | None = None
    gate: str = ""

    def first_word(self) -> str:
        """The first required key when it is a word the answer must hold as written (kinds `w`,
        `f`, `d`), else "": an answer without it misses the phrase at once, as `match_phrase`
        would find first. Kept until `keys` changes (compiling a question may loosen them)."""
        if self.gate_of is not self.keys:
            first = next((k for k in self.keys if not k.optional), None)
            self.gate = first.text if first is not None and first.kind in "wfd" else ""
            self.gate_of = self.keys
        return self.gate

    def missing(self, key: str) -> Miss:
        m = self.misses.get(key)
        if m is None:
            m = self.misses[key] = Miss(self, key, "missing")
        return m

    @property
    def empty(self) -> bool:
        return not self.keys


def is_item_sep(tok: Tok) -> bool:
    return tok.kind == "p" and (tok.text in ITEM_PUNCT or tok.text in SEPARATOR_WORDS or tok.text in SEPARATOR_ZH
                                or tok.text in HARD_PUNCT)


def compile_phrase(text: str, via: str = "alias", *, merge_joined: bool = False, strict: bool = False) -> Phrase:
    """Compile an accepted phrase; `merge_joined` writes hyphenated words as one (`freefloating`);
    `strict` (misconceptions) requires every direction word.

    An author may mark a word `+word` (required, though the grader would treat it as framing or
    generic) or `~word` (optional, though it carries content): `the ~main +risk of bleeding`.
    """
    required, optional, text = _marks(text)
    norm = normalise(text, limit=1000)
    toks = tokenize(norm)
    if merge_joined:
        merged: list[Tok] = []
        for t in toks:
            if t.kind == "w" and t.joined and merged and merged[-1].kind == "w":
                prev = merged[-1]
                merged[-1] = Tok("w", prev.text + t.text, prev.start, t.end)
            else:
                merged.append(t)
        toks = merged
    words = [t for t in toks if t.kind == "w"]
    content = [t for t in words if (t.text not in STOPWORDS and t.text not in FRAMING) or t.text in FLIPPERS]
    stops = len(words) - len(content)
    has_other = any(t.kind in "cq" for t in toks)
    if (not content and not has_other) or (len(content) <= 1 and stops >= 2 and not has_other):
        content = words
        stops = 0
    content_ids = {id(t) for t in content}
    keys: list[KeyTok] = []
    seg: list[str] = []
    cjk_parts = 0
    for i, t in enumerate(toks):
        if t.bound and t.kind != "q":  # `at least`, `或以上`: the number's bound says it
            if t.kind == "w" and id(t) in content_ids and direction_of(toks, i):
                keys.append(KeyTok("d", direction_of(toks, i), optional=True))
            continue
        if t.kind == "c":
            seg.append(t.text)
            continue
        if seg:
            parts = _cjk_keys("".join(seg), strict)
            keys.extend(parts)
            cjk_parts += len(parts)
            seg = []
        if t.kind == "q":
            keys.append(KeyTok("q", t.text, t.qty, bound=t.bound))
        elif t.kind == "w" and id(t) in content_ids:
            d = direction_of(toks, i)
            if d:
                purpose = t.text in PURPOSE and i > 0 and toks[i - 1].text == "to" and not strict
                keys.append(KeyTok("d", d, optional=purpose))
            elif t.text in GENERIC and not strict:  # in a misconception the author's every word counts
                keys.append(KeyTok("w", t.text, optional=True))
            else:
                keys.append(KeyTok("f" if t.text in FLIPPERS else "w", t.text))
    if seg:
        parts = _cjk_keys("".join(seg), strict)
        keys.extend(parts)
        cjk_parts += len(parts)
    if required or optional:
        for t in (t for t in words if t.text in required and id(t) not in content_ids):
            keys.append(KeyTok("w", t.text))  # framing the author wants
        keys = [replace(k, optional=k.text in optional or (k.optional and k.text not in required)) for k in keys]
    if keys and all(k.optional for k in keys):  # `the risk`: what is written is the answer
        keys = [replace(k, optional=False) for k in keys]
    n_sep = sum(1 for t in toks if is_item_sep(t))
    # Each part of a Chinese run (a term, a direction word) may come in another order, with
    # Chinese characters between: two more stray tokens allowed per extra part.
    return Phrase(
        text=text.strip(), keys=tuple(keys), via=via, n_sep=n_sep, slack=3 + stops + 2 * max(0, cjk_parts - 1),
        exclusive=any(k.text in ("alone", "only", "monotherapy", "solely", "exclusively") for k in keys),
        words=frozenset(k.text for k in keys if k.kind in "wf"),
        size=sum(len(k.text) * (2 if k.kind == "c" else 1) for k in keys),
    )


def _marks(text: str) -> tuple[set[str], set[str], str]:
    """The words an author marked required (`+`) and optional (`~`), and the text without marks."""
    if "+" not in text and "~" not in text:
        return set(), set(), text
    required: set[str] = set()
    optional: set[str] = set()
    for sign, word in MARKED.findall(text):
        w = canon(normalise(word).text)
        (required if sign == "+" else optional).add(w)
    return required, optional, without_marks(text)


ZH_NEGATORS = frozenset("不没无未非否别勿")
"""Characters that negate: never read as a slip for another character, nor another for them."""

ZH_FILLERS = frozenset("的地得了着在是也都仍还很")
"""Chinese function characters a learner may put in or leave out of a term without changing
what it says (particles, the copula, 'also', 'still', 'very'). Negation (不, 没, 无, 未) is not one."""
_ZH_ADJECTIVAL = "性"
"""性 after a noun of two characters or more makes it an adjective (静脉性溃疡, 出血性卒中): put in or
left out there, it says the same (静脉溃疡, 出血卒中); never as a term's first or second character
(性传播疾病, 急性, 恶性)."""
_MAX_FILLERS = 2
"""At most this many of them put into a term."""

ZH_GENERIC_ENDINGS = ("治疗", "疗法", "手术", "术", "药物", "输注")
"""Generic Chinese endings a learner may leave out (导管溶栓 for 导管溶栓治疗)."""


ZH_DOWN = ("降低", "减少", "预防", "防止", "抑制", "阻止", "缩短", "下降", "减小", "降", "减低", "减慢")
ZH_UP = ("增加", "提高", "升高", "增大", "延长", "上升", "增多", "加快", "增快", "增高")
"""Chinese direction words, read like `reduces` and `raises` (降低PTS风险 is 风险 of PTS, lowered).
Left out: 避免 (the negation rules read it as `not`), and 减轻/加重, which say how severe, not how
many (PTS减轻 is not PTS减少). 降 alone only at the edge of a longer run."""
ZH_DIRECTION = {**{w: "↓" for w in ZH_DOWN}, **{w: "↑" for w in ZH_UP}}


ZH_STATE = {**dict.fromkeys("快高多大", "↑"), **dict.fromkeys("慢低少小", "↓")}
"""One character that says which way a thing is (心率快 for 心率增快, 尿量少 for 尿量减少): read as
a direction only where it ends a run of Chinese, right after what it describes; inside a run it
is part of a word (高血压, 小腿, 多普勒). Never after 至 or 最 (至少, 最多 are bounds). Not 长 and
短, which say how long, not how many (时间长 is not 时间延长: measured, they lose a right verdict)."""


def zh_state_words(cjk: str) -> list[tuple[int, str]]:
    """Where a one-character direction ends a run of Chinese in `cjk` (NUL for anything else),
    fillers after it allowed (心率快了), and the way it says."""
    out = []
    for at, c in enumerate(cjk):
        if c not in ZH_STATE or at == 0 or cjk[at - 1] in "\x00至最" or cjk[at - 1:at + 1] in ZH_DIRECTION:
            continue
        rest = cjk[at + 1:].split("\x00", 1)[0]
        if all(ch in ZH_FILLERS for ch in rest):
            out.append((at, ZH_STATE[c]))
    return out


def zh_directions(text: str) -> set[str]:
    """The directions a (normalised) Chinese text says anywhere in it (`降低`: ↓, `增加`: ↑)."""
    return {way for word, way in ZH_DIRECTION.items() if word in text}

ZH_GENERIC = frozenset({"风险", "发生率", "概率", "可能性", "几率", "程度", "机会", "发生"})
"""Chinese words around the term that carries the answer (`的风险`, `的发生率`): optional, like `risk`."""


ZH_RECENT = "近期"
"""`近期` (recent) opening a key is a key of its own, which an answer may say as 最近, 新近 or a time
it falls within (`3个月内颅内出血` for `近期颅内出血`): days, weeks or months, never years."""
_ZH_RECENT_WORDS = ("近期", "最近", "新近")
_RECENT_UNITS = frozenset({"days", "weeks", "months"})


def _cjk_keys(run: str, strict: bool = False) -> list[KeyTok]:
    """A Chinese run as keys: its direction word apart (降低 / 血栓后综合征 / 发生率), so the learner
    may say it in another order (血栓后综合征的发生率降低了) or with another direction word
    (减少); 的 splits it into its parts; a generic word (风险, 发生率) is optional, except in a
    misconception (`strict`), where the author's every word is the point (PTS发生减少 is not PTS减轻)."""
    pieces = [p for p in run.split("的") if p] if all(len(p) >= 2 for p in run.split("的")) else [run]
    out: list[KeyTok] = []
    for piece in pieces:
        tail: list[KeyTok] = []
        if piece.startswith(ZH_RECENT) and len(piece) >= 4:
            out.append(KeyTok("c", ZH_RECENT))
            piece = piece[len(ZH_RECENT):]
        lead = next((w for w in sorted(ZH_DIRECTION, key=len, reverse=True)
                     if piece.startswith(w) and len(piece) - len(w) >= 2 and (len(w) >= 2 or len(piece) >= 4)), "")
        if lead:
            out.append(KeyTok("d", ZH_DIRECTION[lead]))
            piece = piece[len(lead):]
        end = next((w for w in sorted(ZH_DIRECTION, key=len, reverse=True)
                    if len(w) >= 2 and piece.endswith(w) and len(piece) - len(w) >= 2), "")
        if end and not lead:
            tail.append(KeyTok("d", ZH_DIRECTION[end]))
            piece = piece[: -len(end)]
        out.append(KeyTok("c", piece, optional=True) if piece in ZH_GENERIC and not strict else _cjk_key(piece))
        out.extend(tail)
    return out


def _all_at(text: str, word: str) -> list[int]:
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _cjk_key(run: str) -> KeyTok:
    for suffix in ZH_GENERIC_ENDINGS:
        if run.endswith(suffix) and len(run) - len(suffix) >= 2:
            return KeyTok("c", run, alt=run[: -len(suffix)])
    return KeyTok("c", run)


def compile_all(text: str, via: str = "alias", *, strict: bool = False) -> list[Phrase]:
    """The phrase, plus its joined-up variant when it has hyphenated words."""
    ph = compile_phrase(text, via, strict=strict)
    out = [ph] if not ph.empty else []
    if "-" not in text and not any(d in text for d in DASHES):  # nothing to join: half the work saved
        return out
    joined = compile_phrase(text, via, merge_joined=True, strict=strict)
    if not joined.empty and joined.keys != ph.keys:
        out.append(joined)
    return out


# --- the question's vocabulary ------------------------------------------------------------


@dataclass(slots=True)
class KeyIndex:
    """Every word of a question's phrases, indexed for the answer's lookups."""

    long_words: list[str] = field(default_factory=list)
    """Words of 5+ letters, the only ones that may carry typos."""
    words: set[str] = field(default_factory=set)
    by_stem: dict[str, list[str]] = field(default_factory=dict)
    by_rest: dict[str, list[str]] = field(default_factory=dict)
    """Word minus its flip prefix (and the bare word itself) → words: finds prefix flips."""
    by_family: dict[str, list[str]] = field(default_factory=dict)
    """Word family (`embol` of embolism, embolic, emboli) → words."""

    def add(self, word: str) -> None:
        if word in self.words:
            return
        self.words.add(word)
        if len(word) >= 5:
            self.long_words.append(word)
        self.by_stem.setdefault(stem(word), []).append(word)
        fam = family(word)
        if fam:
            self.by_family.setdefault(fam, []).append(word)
        p, rest = split_prefix(word)
        self.by_rest.setdefault(rest, []).append(word)
        if p:
            self.by_rest.setdefault(stem(rest), []).append(word)

    @classmethod
    def of(cls, phrases: Iterable[Phrase]) -> KeyIndex:
        idx = cls()
        for ph in phrases:
            for k in ph.keys:
                if k.kind in "wf":
                    idx.add(k.text)
        return idx


# --- the answer ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cand:
    """An answer word (or two joined words) that could stand for a key word."""

    idx: tuple[int, ...]
    cost: int
    kind: str
    """`exact`, `form` (another form of the word), `typo`, `near`, `flip`, `diff`, `opposite`."""
    text: str


USABLE = ("exact", "form", "typo")
_RANK = {"exact": 0, "form": 0, "typo": 1, "near": 2}


class Answer:
    """A learner's answer analysed for one question."""

    def __init__(
        self, text: str, index: KeyIndex, vocab: frozenset[str] | set[str], *,
        list_mode: bool, echo: frozenset[str] = frozenset(), numeric: bool = False,
    ) -> None:
        self.norm: Normalised = normalise(text)
        self.tokens: list[Tok] = tokenize(self.norm, loose_numbers=numeric)
        self.neg: Negation = find_negation(self.tokens, list_mode=list_mode, echo=echo)
        self.list_mode = list_mode
        self.index = index
        self.vocab = vocab
        self._cands: dict[str, list[Cand]] | None = None
        self._flip_tokens: set[int] = set()
        self._names: list[tuple[int, int, str]] | None = None
        self._found_cjk: dict[tuple[str, str], list[tuple[int, ...]]] = {}
        self._homophones: dict[str, list[tuple[int, ...]]] = {}
        chars = []
        for t in self.tokens:
            chars.append(t.text if t.kind == "c" else "\x00")
        self.cjk = "".join(chars)
        """One character per token: the Chinese characters, and NUL for everything else."""
        self.seps: list[int] = []
        """For each token, how many separators (item separators in a list answer) precede it."""
        n = 0
        for t in self.tokens:
            if t.kind == "p" and (t.text in HARD_PUNCT or (list_mode and is_item_sep(t))):
                n += 1
            self.seps.append(n)

    # -- lookups --

    def candidates(self, word: str) -> list[Cand]:
        if self._cands is None:
            self._cands = self._build()
        return self._cands.get(word, [])

    @property
    def flip_tokens(self) -> set[int]:
        """Answer words that are a question word with its prefix reversed (`inadequate`, `coagulation`)."""
        if self._cands is None:
            self._cands = self._build()
        return self._flip_tokens

    def _units(self) -> list[tuple[str, tuple[int, ...]]]:
        """Answer words, and pairs of neighbouring words written as one (`anti coagulation`)."""
        toks = self.tokens
        units: list[tuple[str, tuple[int, ...]]] = []
        for i, t in enumerate(toks):
            if t.kind != "w":
                continue
            units.append((t.text, (i,)))
            if i + 1 < len(toks):
                nxt = toks[i + 1]
                if (nxt.kind == "w" and nxt.start > t.start and t.text not in STOPWORDS and nxt.text not in STOPWORDS
                        and (t.text not in FLIPPERS or t.text in FLIP_PREFIXES) and nxt.text not in FLIPPERS):
                    units.append((t.text + nxt.text, (i, i + 1)))
        return units

    def _build(self) -> dict[str, list[Cand]]:
        index = self.index
        out: dict[str, list[Cand]] = {}
        long_words = index.long_words

        def put(key: str, c: Cand) -> None:
            out.setdefault(key, []).append(c)
            if c.kind == "flip":
                self._flip_tokens.update(c.idx)

        def put_way(idx: tuple[int, ...], way: str, text: str) -> None:
            put(way, Cand(idx, 0, "exact", text))
            put("↑" if way == "↓" else "↓", Cand(idx, 0, "opposite", text))

        if any(c != "\x00" for c in self.cjk):
            for word, way in ZH_DIRECTION.items():
                if len(word) < 2:
                    continue
                at = self.cjk.find(word)
                while at >= 0:
                    put_way(tuple(range(at, at + len(word))), way, word)
                    at = self.cjk.find(word, at + 1)
            for at, way in zh_state_words(self.cjk):
                put_way((at,), way, self.cjk[at])
        for i, t in enumerate(self.tokens):
            if t.kind != "w":
                continue
            way = direction_of(self.tokens, i)
            if way:
                put(way, Cand((i,), 0, "exact", t.text))
                put("↑" if way == "↓" else "↓", Cand((i,), 0, "opposite", t.text))
            elif len(t.text) >= 6 and t.text not in self.vocab:  # `reducd`: one slip, one direction only
                slips = [k for k, _, _ in process.extract(t.text, DIRECTION_WORDS, scorer=OSA.distance,
                                                          score_cutoff=1, limit=None)]
                close = {DIRECTION[k] for k in slips}
                # the guide's flippers (`increase`, `decrease`...) take no slip
                if len(close) == 1 and not STRICT_FLIPPERS.intersection(slips):
                    put(close.pop(), Cand((i,), 1, "typo", t.text))
        for text, idx in self._units():
            pair = len(idx) > 1
            seen: set[str] = set()
            if text in index.words:
                put(text, Cand(idx, 0, "exact", text))
                seen.add(text)
            if not pair and text in NEGATION_FORMS:  # `not`, `no`, `non` (and `never`, `without`) say the same
                for k in NEGATION_FORMS & index.words:
                    if k != text:
                        put(k, Cand(idx, 0, "form", text))
                        seen.add(k)
            if not pair and text in OPPOSITES and OPPOSITES[text] in index.words:
                put(OPPOSITES[text], Cand(idx, 0, "opposite", text))
            st = stem(text)
            for k in index.by_stem.get(st, ()):
                if k not in seen and (len(text) >= 5 or text == k + "s"):
                    put(k, Cand(idx, 0, "form", text))
                    seen.add(k)
            for k in index.by_family.get(family(text), ()) if len(text) >= 3 else ():
                if k not in seen:
                    put(k, Cand(idx, 0, "form", text))
                    seen.add(k)
            if not pair and len(text) <= 4 and text.endswith("s"):
                k = text[:-1]
                if k in index.words and k not in seen:
                    put(k, Cand(idx, 0, "form", text))
                    seen.add(k)
            # flipped prefixes: coagulation/anticoagulation, hyperkalaemia/hypokalaemia
            p, rest = split_prefix(text)
            for r in {rest, stem(rest)} if p else {text, st}:
                for k in index.by_rest.get(r, ()):
                    if k in seen:
                        continue
                    kp, krest = split_prefix(k)
                    if kp != p and (krest == rest or stem(krest) == stem(rest)):
                        # two denials of one word say the same: `incompressible`, `noncompressible`
                        put(k, Cand(idx, 0, "form" if {kp, p} <= DENIALS else "flip", text))
                        seen.add(k)
            if len(text) < 4 or text in FLIPPERS or text in OPPOSITES or not long_words:
                continue
            for k, d, _ in process.extract(text, long_words, scorer=OSA.distance, score_cutoff=3, limit=None):
                if k in seen:
                    continue
                d = int(d)
                band = near_band(k)
                if d > band or d == 0:
                    continue
                kp, krest = split_prefix(k)
                if kp != p and (kp or p) and OSA.distance(krest, rest) <= budget(krest):
                    put(k, Cand(idx, d, "flip", text))
                elif text in self.vocab and stem(text) != stem(k):
                    put(k, Cand(idx, d, "diff", text))
                elif k in STRICT_FLIPPERS or (
                    k in FLIPPERS and (d > budget(k) or OSA.distance(text, OPPOSITES.get(k, "")) <= d)
                ):
                    continue  # a meaning flipper takes a slip only when it is clearly not its opposite
                elif d <= budget(k) and not pair:
                    put(k, Cand(idx, d, "typo", text))
                elif d <= budget(k):
                    put(k, Cand(idx, d + 1, "typo", text))
                else:
                    put(k, Cand(idx, d, "near", text))
        return out

    def find_recent(self) -> list[tuple[int, ...]]:
        """Where the answer says `recent`: a word for it, or a time in days, weeks or months and 内."""
        out = [tuple(range(at, at + 2)) for w in _ZH_RECENT_WORDS for at in _all_at(self.cjk, w)]
        for i, t in enumerate(self.tokens[:-1]):
            if t.kind == "q" and t.qty is not None and t.qty.unit in _RECENT_UNITS and self.cjk[i + 1] == "内":
                out.append((i, i + 1))
        return out

    def find_cjk(self, term: str, phrase: str = "") -> list[tuple[int, ...]]:
        """Where `term` stands in the answer's Chinese, not inside a longer name of another thing;
        the names of the key's whole `phrase` are no other thing (血小板 in 血小板减少, for the key
        血小板减少 read as 血小板 and a fall). Found once per answer: the same terms recur in many
        phrasings of a question (its glossary synonyms)."""
        found = self._found_cjk.get((term, phrase))
        if found is None:
            found = self._found_cjk[term, phrase] = self._find_cjk(term, phrase)
        return found

    def _find_cjk(self, term: str, phrase: str) -> list[tuple[int, ...]]:
        out = []
        start = self.cjk.find(term)
        while start >= 0:
            if not self._inside_a_longer_name(term, start + len(term), phrase):
                out.append(tuple(range(start, start + len(term))))
            start = self.cjk.find(term, start + 1)
        return out or [u for u in self._find_cjk_loosely(term)
                       if not self._inside_a_longer_name(term, u[-1] + 1, phrase)]

    def _inside_a_longer_name(self, term: str, end: int, phrase: str = "") -> bool:
        """`term` inside a longer known name of another thing: its last character begins or
        continues one (`深静脉血栓` in `深静脉血栓后综合征`, where 血栓后综合征 is post-thrombotic
        syndrome; `肾功能` in `肾功能不全`), or one ends with it and is another thing in English too
        (`肾上腺素` in `去甲肾上腺素`, noradrenaline). Chinese has no spaces to say where a word ends;
        a name that ends with the term and is a kind of it (`导管溶栓` for `溶栓`) does not count, nor
        a name of the key `phrase` the term is part of."""
        from .vocabulary import is_another_thing, own_names  # noqa: PLC0415

        own = own_names(term) | (own_names(phrase) | {phrase} if phrase else frozenset())
        start = end - len(term)
        return any(name not in own and (a < end < b or (a < start and b == end and is_another_thing(name, term)))
                   for a, b, name in self._known_names())

    def _known_names(self) -> list[tuple[int, int, str]]:
        """Where the shipped vocabulary's Chinese names stand in the answer (found once)."""
        if self._names is None:
            from .vocabulary import chinese_names  # noqa: PLC0415

            text, self._names = self.cjk, []
            for name in chinese_names():
                at = text.find(name)
                while at >= 0:
                    self._names.append((at, at + len(name), name))
                    at = text.find(name, at + 1)
        return self._names

    def _find_cjk_loosely(self, term: str) -> list[tuple[int, ...]]:
        """`term` with Chinese function characters put in or left out (充分抗凝下血栓仍在蔓延 for
        充分抗凝下血栓仍蔓延): never another character, so 溶血 is still not 溶栓 and 不 is never skipped."""
        core = [c for i, c in enumerate(term) if c not in ZH_FILLERS and not (c == _ZH_ADJECTIVAL and i >= 2)]
        if len(core) < 2 or (len(core) < len(term) and len(core) < 3):
            return []  # a short term is its characters, every one
        text = self.cjk
        out: list[tuple[int, ...]] = []
        for start in (i for i, c in enumerate(text) if c == core[0]):
            used: list[int] = []
            j = start
            for c in core:
                while j < len(text) and text[j] != c and len(used) > 0 and (
                        text[j] in ZH_FILLERS or (text[j] == _ZH_ADJECTIVAL and len(used) >= 2)):
                    j += 1
                if j >= len(text) or text[j] != c:
                    break
                used.append(j)
                j += 1
            else:
                if len(used) == len(core) and used[-1] - used[0] + 1 - len(core) <= _MAX_FILLERS:
                    out.append(tuple(used))
        return out

    def find_cjk_homophone(self, term: str) -> list[tuple[int, ...]]:
        """`term` with one character typed for another of the same sound (血拴 for 血栓): a slip of
        the pinyin input method. Never in a term of one character, and never for a negation."""
        found = self._homophones.get(term)
        if found is None:
            found = self._homophones[term] = self._find_cjk_homophone(term)
        return found

    def _find_cjk_homophone(self, term: str) -> list[tuple[int, ...]]:
        if len(term) < 2 or len(term) > len(self.cjk) or not any(c != "\x00" for c in self.cjk):
            return []
        from .zh_readings import same_sound  # noqa: PLC0415 (read on the first Chinese slip)

        text, n, out = self.cjk, len(term), []
        for start in range(len(text) - n + 1):
            diffs = 0
            for a, b in zip(text[start:start + n], term, strict=True):
                if a != b:
                    diffs += 1
                    if diffs > 1 or a == "\x00" or a in ZH_NEGATORS or b in ZH_NEGATORS or not same_sound(a, b):
                        diffs = 2
                        break
            if diffs == 1:
                out.append(tuple(range(start, start + n)))
        return out

    def find_qty(self, q: Quantity, bound: str = "") -> list[tuple[int, ...]]:
        if bound in ("<", ">"):
            q, bound = inclusive(q, bound)
            read = [(i, inclusive(t.qty, t.bound)) for i, t in enumerate(self.tokens) if t.kind == "q" and t.qty]
            return [(i,) for i, (qty, b) in read if qty.same(q) and b == bound]
        return [
            (i,)
            for i, t in enumerate(self.tokens)
            if t.kind == "q" and t.qty is not None and t.qty.same(q) and bound_fits(bound, t.bound)
        ]

    # -- spans --

    def span(self, used: Iterable[int]) -> tuple[int, int]:
        """The span of tokens `used` in the original text."""
        ids = sorted(used)
        if not ids:
            return (0, 0)
        return self.norm.span(self.tokens[ids[0]].start, self.tokens[ids[-1]].end)

    def snippet(self, used: Iterable[int]) -> str:
        a, b = self.span(used)
        return self.norm.original[a:b]


@dataclass(slots=True)
class PhraseMatch:
    phrase: Phrase
    used: frozenset[int]
    status: str
    """`ok`, `near` (a word just beyond its budget), or `blocked` (see `problem`)."""
    edits: int = 0
    near: tuple[tuple[str, str], ...] = ()
    """(key word, answer word) pairs in the near-miss band."""
    negated_by: int | None = None
    problem: str = ""
    forms: int = 0
    """Words matched in another form (`failed` for `failure`): an exact phrasing is preferred."""
    skipped: int = 0
    """Optional key words the answer left out: the phrasing that needs fewer is preferred."""
    """Why a match is blocked: `negated`, `flipped`, `apart`."""

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.negated_by is None and not self.problem

    @property
    def lo(self) -> int:
        return min(self.used) if self.used else 0


@dataclass(slots=True)
class Miss:
    """Why a phrase did not match: the key word that failed and the best answer word for it."""

    phrase: Phrase
    key: str
    kind: str
    """`flip`, `diff`, `opposite`, or `missing`."""
    answer_word: str = ""


@dataclass(frozen=True, slots=True)
class _Opt:
    idx: tuple[int, ...]
    rank: int
    cost: int
    near: bool
    text: str


def _options(ans: Answer, key: KeyTok, phrase: str) -> list[_Opt] | Miss | None:
    if key.kind == "c" and key.text == ZH_RECENT:
        return [_Opt(s, 0, 0, False, key.text) for s in ans.find_recent()]
    if key.kind == "c":
        spots = ans.find_cjk(key.text, phrase)
        if not spots and key.alt:
            spots = ans.find_cjk(key.alt, phrase)
        if not spots:  # 血拴 for 血栓: a slip, counted as a typo
            return [_Opt(s, 1, 1, False, key.text) for s in ans.find_cjk_homophone(key.text)]
        return [_Opt(s, 0, 0, False, key.text) for s in spots]
    if key.kind == "q":
        assert key.qty is not None
        return [_Opt(s, 0, 0, False, key.text) for s in ans.find_qty(key.qty, key.bound)]
    cands = ans.candidates(key.text)
    if key.kind in "fd":
        good = [c for c in cands if c.kind in USABLE]
    else:
        good = [c for c in cands if c.kind in USABLE or c.kind == "near"]
    if not good:
        bad = [c for c in cands if c.kind in ("flip", "diff", "opposite")]
        return None if not bad else Miss(Phrase("", ()), key.text, bad[0].kind, bad[0].text)
    return [_Opt(c.idx, _RANK[c.kind], c.cost if c.kind == "typo" else 0, c.kind == "near", c.text) for c in good]


MAX_ANCHORS = 6
DIRECTION_WORDS = [w for w in DIRECTION if len(w) >= 6]


def _absent(ans: Answer, key: KeyTok, cands: dict[str, list[Cand]], phrase: str) -> bool:
    """The key is certainly not in the answer (the quick way out, before any work)."""
    if key.kind in "wfd":
        return key.text not in cands
    if key.kind == "c" and key.text == ZH_RECENT:
        return not ans.find_recent()
    if key.kind == "c":
        if key.text in ans.cjk or (key.alt and key.alt in ans.cjk):
            return False
        return not ans.find_cjk(key.text, phrase) and not (key.alt and ans.find_cjk(key.alt, phrase)) \
            and not ans.find_cjk_homophone(key.text)
    return False


def match_phrase(ans: Answer, ph: Phrase) -> PhraseMatch | Miss:
    """Find `ph` in the answer; a `Miss` says which key word could not be found and why.

    An optional key (`risk`, `prevents`) is used when the answer has it and skipped when it has
    not; an optional direction the answer reverses (`raises` for `prevents`) still blocks.
    """
    if ans._cands is None:
        ans._cands = ans._build()
    cands = ans._cands
    for key in ph.keys:
        if not key.optional and _absent(ans, key, cands, ph.text):
            return ph.missing(key.text)
    keys: list[KeyTok] = []
    options: list[list[_Opt]] = []
    for key in ph.keys:
        opts = _options(ans, key, ph.text)
        if key.optional and (opts is None or not opts or (isinstance(opts, Miss) and key.kind != "d")):
            continue
        if opts is None or not opts:
            return Miss(ph, key.text, "missing")
        if isinstance(opts, Miss):
            return Miss(ph, key.text, opts.kind, opts.answer_word)
        keys.append(key)
        options.append(opts)
    if not options:
        return Miss(ph, "", "missing")
    first = min(range(len(options)), key=lambda k: (len(options[k]), -len(keys[k].text)))
    rest = sorted((k for k in range(len(options)) if k != first), key=lambda k: len(options[k]))
    best: tuple[tuple[int, ...], PhraseMatch] | None = None
    for anchor_opt in sorted(options[first], key=lambda o: (o.rank, o.cost))[:MAX_ANCHORS]:
        used = set(anchor_opt.idx)
        chosen = {first: anchor_opt}
        anchor = min(anchor_opt.idx)
        for k in rest:
            free = [o for o in options[k] if not used.intersection(o.idx)]
            if not free:
                if keys[k].optional:
                    continue
                break
            o = min(free, key=lambda o: (o.rank, o.cost, abs(ans.seps[o.idx[0]] - ans.seps[anchor]),
                                         _dist(o.idx, anchor), len(o.idx)))
            if keys[k].optional and (ans.seps[o.idx[0]] != ans.seps[anchor] or _dist(o.idx, anchor) > ph.slack + 2):
                continue  # an optional word elsewhere in the answer is not this phrase's
            chosen[k] = o
            used.update(o.idx)
        else:
            fused = frozenset(used)
            near = tuple((keys[k].text, o.text) for k, o in sorted(chosen.items()) if o.near)
            m = PhraseMatch(ph, fused, "near" if near else "ok", sum(o.cost for o in chosen.values()), near)
            m.forms = sum(1 for k, o in chosen.items() if o.rank == 0 and o.text != keys[k].text)
            m.skipped = len(ph.keys) - len(chosen)
            if not _close_together(ans, ph, fused):
                m.problem = "apart"
                m.status = "blocked"
            else:
                m.negated_by = ans.neg.negating(fused)
            score = (m.status == "blocked", m.negated_by is not None, bool(m.problem), len(near), m.edits,
                     max(fused) - min(fused))
            if best is None or score < best[0]:
                best = (score, m)
    if best is None:
        return Miss(ph, keys[rest[0]].text if rest else "", "missing")
    return best[1]


def _neg(ans: Answer, idx: tuple[int, ...]) -> bool:
    return any(ans.neg.by[i] for i in idx)


def _dist(idx: tuple[int, ...], anchor: int | None) -> int:
    return 0 if anchor is None else min(abs(i - anchor) for i in idx)


def _close_together(ans: Answer, ph: Phrase, used: frozenset[int]) -> bool:
    """The phrase's words must stand close together, within one item of a list answer."""
    lo, hi = min(used), max(used)
    if hi == lo:
        return True
    toks = ans.tokens
    halves = seps = 0  # stray words count 2, stray Chinese characters 1
    for i in range(lo, hi + 1):
        t = toks[i]
        if t.kind == "p":
            if t.text in HARD_PUNCT or (ans.list_mode and is_item_sep(t)):
                seps += 1
        elif i not in used:
            halves += 1 if t.kind == "c" else 2
    return seps <= ph.n_sep and halves <= 2 * ph.slack


def modifiers(ans: Answer, used: frozenset[int], words: frozenset[str] = frozenset()) -> list[str]:
    """Meaning-changing modifiers written inside a match or just before it.

    `right` in `right iliac vein`, `pre` in `pre-procedural bleeding` or `preprocedural
    bleeding`, `non` in `non-invasive`. The grader decides, with the whole answer group in view,
    whether one changes the meaning (`_flip_prefix` says when a word's prefix is one).
    """
    toks = ans.tokens
    lo, hi = min(used), max(used)
    out: list[str] = []
    for i in range(lo, hi + 1):
        t = toks[i]
        if i not in used and t.kind == "w" and t.text in POSITIONAL:
            out.append(t.text)
    i = lo - 1
    while i >= 0 and toks[i].kind == "w" and toks[i].text in ("the", "a", "an"):
        i -= 1
    if i >= 0 and toks[i].kind == "w":
        t = toks[i]
        if t.text in POSITIONAL:
            out.append(t.text)
        else:
            p = _flip_prefix(t.text, words)
            if p:
                out.append(p)
            if t.joined and i > 0 and toks[i - 1].kind == "w" and toks[i - 1].text in POSITIONAL:
                out.append(toks[i - 1].text)
    first = toks[lo]
    if first.kind == "w" and lo in used:
        p = _flip_prefix(first.text, words)
        if p:
            out.append(p)
    return out


def _flip_prefix(word: str, words: frozenset[str]) -> str:
    """The flip prefix of `word` when it is one: `anti` and `non` always; another only when the
    rest, bare or with the opposite prefix, is one of the target's `words` (`preprocedural` where
    `post-procedural` is accepted), so that `prevent` or `present` is not `pre` + something."""
    p, rest = split_prefix(word)
    if p in ("anti", "non") or (p and (rest in words or OPPOSITES.get(p, "") + rest in words)):
        return p
    return ""
