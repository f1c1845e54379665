"""Step 3 of grading: the normalised text as tokens, and the word lists the rules rely on.

A token is a word (`w`), one Chinese character (`c`), a number with its unit (`q`) or a
separator (`p`: punctuation and list connectives). Words are put in a canonical spelling
(British and American forms agree) and can be reduced to a rough stem, so that
`contraindicated` and `contraindication` or `filter` and `filters` compare equal without
counting as typos.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .normalize import Normalised, is_cjk
from .numbers import Quantity, find_quantities


@lru_cache(maxsize=65536)
def canon(word: str) -> str:
    """One spelling for British and American forms: haemorrhage/hemorrhage, -ise/-ize, -our/-or,
    centre/center, sulphate/sulfate."""
    if len(word) < 5 or not word.isalpha():
        return word
    w = word.replace("ae", "e")
    if "oe" in w[:-1]:
        w = w[:-1].replace("oe", "e") + w[-1]
    w = re.sub(r"is(e|ed|es|ing|ation|ations)$", r"iz\1", w)
    if len(w) >= 6 and w.endswith("our"):
        w = w[:-3] + "or"
    w = re.sub(r"([tb])re(s?)$", r"\1er\2", w)  # centre/center, fibre/fiber
    return w.replace("sulph", "sulf")


def wordlist(text: str) -> frozenset[str]:
    """The words of `text`, each also in the one spelling tokens have (`raise` is read `raize`)."""
    return frozenset(w for word in text.split() for w in (word, canon(word)))


STOPWORDS = wordlist(
    """a an the of to in on at for by with from into onto as is are was were be been being it its
    this that these those there their his her he she they them we you your i me my our or and
    would should could can may might will shall must do does did has have had give given use used
    using start starting started which who whom what when where how then than so also very
    answer patient patients"""
)
"""Words that carry no meaning of their own in an answer (never a meaning flipper)."""

FRAMING = wordlist(
    """because since due order thereby hence therefore thus help helps helping helped mainly mostly usually
    generally typically primarily main primary principal key reason reasons aim goal purpose way ways able
    ability important importantly significantly significant substantially greatly much markedly overall
    both well mean means there here preexisting existing"""
)
"""Words that frame an answer key written as a sentence ("because it lowers...", "in order to..."):
never required of the learner."""

GENERIC = wordlist(
    """risk risks rate rates chance chances likelihood incidence occurrence development treatment
    treatments therapy therapies management procedure procedures problem problems condition event
    events episode episodes level levels amount mmhg mg ml kg mmol mcg mmol/l units"""
)
"""Words an instructor writes around the term that carries the answer (`the risk of PTS`,
`anticoagulant therapy`): matched when the learner writes them, not required when the key has
another content word."""

# Direction words: an answer may say a key's direction in other words (`lowers` for `reduces`,
# `stops` for `prevents`), never the opposite one (`raises`).
_DOWN = wordlist(
    """under lower lowers lowered lowering reduce reduces reduced reducing reduction reductions less fewer decrease
    decreases decreased decreasing prevent prevents prevented preventing prevention avoid avoids avoided
    avoiding stop stops stopped stopping cut cuts minimize minimizes minimized minimizing minimise minimises
    limit limits limited limiting protect protects protected protecting protection lessen lessens diminish
    diminishes diminished decline declines drop drops fall falls"""
)
_UP = wordlist(
    """over exceeding exceeds raise raises raised raising increase increases increased increasing higher more
    greater rise rises
    rising elevate elevates elevated worsen worsens worsened worse cause causes caused causing promote
    promotes promoted"""
)
DIRECTION: dict[str, str] = {**{w: "↓" for w in _DOWN}, **{w: "↑" for w in _UP}}
"""Direction words and the direction each says: `↓` (less of it) or `↑` (more of it)."""
PURPOSE = frozenset({"prevent", "avoid", "protect"})
"""Direction words that, after `to`, say what a step is for (`to prevent PE`): not required of a
learner who names the danger alone, though an opposite direction still blocks the match. Never
in a misconception, where the direction is the point."""
NOT_DIRECTION_AFTER = wordlist(
    """limb limbs leg legs extremity extremities body back abdomen abdominal lobe lip jaw quadrant gi
    urinary motor pole border edge segment part half end"""
)
"""`lower limb`, `lower GI`: here `lower` is a place, not a direction."""

NEGATION_WORDS = frozenset({"no", "not", "without", "never", "none", "neither", "nor"})
EXCLUSIVE_WORDS = frozenset({"alone", "only", "monotherapy", "solely", "exclusively"})
EXCLUSIVE_ZH = ("单纯", "单独", "仅仅", "仅", "只")

# Opposite pairs: a word whose opposite reverses the meaning.
OPPOSITES: dict[str, str] = {}
for _a, _b in [
    ("left", "right"), ("more", "less"), ("more", "fewer"), ("higher", "lower"), ("high", "low"),
    ("increase", "decrease"), ("increased", "decreased"), ("increases", "decreases"),
    ("increasing", "decreasing"), ("increase", "reduce"), ("increased", "reduced"),
    ("superior", "inferior"), ("proximal", "distal"), ("upper", "lower"), ("above", "below"),
    ("pre", "post"), ("hyper", "hypo"), ("with", "without"), ("before", "after"),
    ("acute", "chronic"), ("arterial", "venous"), ("major", "minor"),
    ("inhibit", "induce"), ("inhibits", "induces"), ("inhibitor", "inducer"), ("inhibitors", "inducers"),
    ("inhibition", "induction"), ("inhibited", "induced"),
]:
    OPPOSITES.setdefault(_a, _b)
    OPPOSITES.setdefault(_b, _a)

FLIPPERS = frozenset(
    NEGATION_WORDS
    | EXCLUSIVE_WORDS
    | {"instead", "rather", "anti", "non", "un"}
    | {w for w in OPPOSITES if w not in ("with", "acute", "chronic", "arterial", "venous", "major", "minor",
                                          "before", "after")}
)
"""Words that flip meaning: never ignored, never left out, never swapped for their opposite."""

STRICT_FLIPPERS = frozenset(
    NEGATION_WORDS
    | EXCLUSIVE_WORDS
    | {"instead", "rather", "anti", "non", "un", "left", "right", "more", "less", "higher", "lower", "pre", "post",
       "hyper", "hypo", "increase", "increased", "increases", "increasing", "decrease", "decreased", "decreases",
       "decreasing"}
)
"""The flippers the authoring guide lists: these take no spelling slip at all. The others
(`inferior`, `proximal`, `reduced`...) take a slip that cannot be read as their opposite."""

POSITIONAL = frozenset({
    "left", "right", "superior", "inferior", "proximal", "distal", "upper", "above", "below",
    "pre", "post", "anti", "hyper", "hypo", "non", "un",
})
"""Flippers that, placed just before a matched answer, change what it names (`right iliac`)."""

FLIP_PREFIXES = ("hyper", "hypo", "anti", "post", "pre", "non", "dis", "un", "in", "im", "ir", "il")
"""Prefixes inside a word that reverse it: hyperkalaemia/hypokalaemia, anticoagulation/coagulation."""

EXAMPLE_MARKS = {"e.g.": "eg", "i.e.": "ie"}
"""`e.g.` and `i.e.` as one word each: their dots end no item."""
SEPARATOR_WORDS = frozenset({"and", "plus", "or", "also"})
SEPARATOR_ZH = frozenset("和与及或、跟")
ITEM_PUNCT = frozenset({",", ";", "\n", "+", "、", "/", "；", "，"})
HARD_PUNCT = frozenset({";", "\n", ".", "。", "!", "?", "！", "？", "；"})
FILLER = frozenset({"etc", "etcetera", "等", "等等", "so", "on", "maybe", "perhaps", "think", "guess", "sure",
                    "ok", "okay", "yes", "hmm", "um", "well", "like", "just"})

WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|\n|[^\sa-z0-9]")


@dataclass(slots=True)
class Tok:
    kind: str
    """`w` word, `c` Chinese character, `q` quantity, `p` separator."""
    text: str
    start: int
    end: int
    qty: Quantity | None = None
    joined: bool = False
    """A word written joined to the previous one by a hyphen (`free-floating`)."""
    bound: str = ""
    """For a number, the bound written with it, `≥`, `>`, `≤` or `<` (`at least 2`, `2 or more`);
    for a word, the bound it writes."""

    @property
    def content(self) -> bool:
        return self.kind != "p"


def direction_of(toks: list[Tok], i: int) -> str:
    """The direction word `i` says (`↓`, `↑`), or "" (not a direction word, or a place here)."""
    d = DIRECTION.get(toks[i].text, "")
    if d and i + 1 < len(toks) and toks[i + 1].kind == "w" and toks[i + 1].text in NOT_DIRECTION_AFTER:
        return ""
    return d




_SUFFIXES = (
    "ibilities", "ibility", "abilities", "ability",
    "izations", "ization", "ations", "ation", "ators", "ator", "ating", "ated",
    "ates", "ate", "ities", "ity", "ements", "ement", "ments", "ment", "ically", "ical", "ness", "ible", "able",
    "ions", "ion", "ances", "ance", "ences", "ence",
    "ings", "ing", "ants", "ant", "ures", "ure", "isms", "ism", "ed", "es", "s", "ly", "i", "us",
    "y", "e",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A rough stem for comparing word forms (never shown, never used on its own)."""
    if len(word) < 5 or not word.isalpha():
        return word
    for suf in _SUFFIXES:
        if word.endswith(suf) and len(word) - len(suf) >= 4:
            if suf == "s" and word.endswith(("ss", "us", "is", "ys")):
                continue
            if suf == "es":
                if word.endswith("ies"):
                    return stem(word[:-3] + "y")
                if not word.endswith(("ches", "shes", "sses", "xes", "zes")):
                    return stem(word[:-1])
            return word[: -len(suf)]
    return word


_FAMILY_ENDINGS = ("tically", "sis", "tic", "ism", "ia", "ic", "us", "i", "a", "e")
"""Endings that a word family shares a root across (thrombosis/thrombotic/thrombus/thrombi,
embolism/embolic/emboli, ischaemia/ischaemic) before the Snowball stemmer sees the word."""
_FAMILIES = {
    "pregnant": "pregnancy", "elderly": "old", "older": "old", "oldest": "old", "aged": "age", "ageing": "age",
    "aging": "age", "angio": "angiography",
}
"""Families no ending rule finds (the word list is small and read as written)."""
_NOT_FAMILY = frozenset({"organ", "position", "positive", "relative", "relation", "critical", "criticism",
                         "evidence", "evident", "patience", "presence", "present"})
"""Words the Snowball stemmer joins to a word of another meaning (organ/organised, positive/position)."""


_ENT = re.compile(r"([ea])nc[ey]$")
"""The noun of an -ent/-ant adjective: -ence, -ency, -ance, -ancy."""


@lru_cache(maxsize=65536)
def family(word: str) -> str:
    """The word's family (embolism, embolic, emboli, embolisation: one family), or "" for none.

    The Snowball English stemmer (measured against simplemma and lemminflect, which only undo
    inflections and miss embolism/embolic, thrombosis/thrombotic) after a few Greek and Latin
    endings; families shorter than five letters are not trusted.
    """
    if word in _FAMILIES:
        return family(_FAMILIES[word])
    head = word[:word.rfind("gram")]
    if len(head) >= 4 and word.endswith(("gram", "grams")):  # the image and the imaging: venogram, venography
        return family(head + "graphy")
    if len(word) < 5 or not word.isalpha() or word in _NOT_FAMILY:
        return word if word in _FAMILIES.values() else ""
    w = _ENT.sub(r"\1nt", word)  # incompetence/incompetent, recurrence/recurrent: one family
    for ending in _FAMILY_ENDINGS:
        if w.endswith(ending) and len(w) - len(ending) >= 5:
            w = w[: -len(ending)]
            break
    root = _snowball().stemWord(w)
    while len(root) >= 6 and root[-1] in "aeio":
        root = root[:-1]
    return root if len(root) >= 5 else ""


_stemmers = threading.local()


def _snowball() -> Any:  # snowballstemmer ships no types
    """This thread's stemmer: a stemmer keeps the word it works on in itself, so two threads (a
    question compiled ahead while another is graded) must never share one."""
    stemmer = getattr(_stemmers, "english", None)
    if stemmer is None:
        import snowballstemmer  # noqa: PLC0415 (about 8 ms, paid on the first answer graded, not at start-up)

        stemmer = _stemmers.english = snowballstemmer.stemmer("english")
    return stemmer


def split_prefix(word: str) -> tuple[str, str]:
    """(`anti`, `coagulation`) for `anticoagulation`; ("", word) when no flip prefix applies."""
    for p in FLIP_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 4:
            return p, word[len(p):]
    return "", word


def tokenize(norm: Normalised, *, numbers: bool = True, loose_numbers: bool = False) -> list[Tok]:
    """Tokens of a normalised text; numbers with their units become single `q` tokens."""
    text = norm.text
    toks: list[Tok] = []
    qs = find_quantities(text, loose=loose_numbers) if numbers else []
    pos = 0
    for q in [*qs, None]:
        end = q.start if q is not None else len(text)
        _words(text, pos, end, toks)
        if q is not None:
            toks.append(Tok("q", text[q.start:q.end], q.start, q.end, q))
            pos = q.end
    _ordinal_names(toks, digits_too=not loose_numbers)
    _bounds(text, toks)
    _phrasal_directions(toks)
    _taken_out(toks)
    _time_windows(toks)
    _regardless(toks)
    _pre_existing(toks)
    return toks


def _pre_existing(toks: list[Tok]) -> None:
    """`pre-existing` is one word, `preexisting`, and its `pre` no flip (nothing is post-existing):
    `pre-existing CKD` says `CKD`, so a key that has it does not require it."""
    for i in range(len(toks) - 1, 0, -1):
        a, b = toks[i - 1], toks[i]
        if a.kind == "w" and a.text == "pre" and b.kind == "w" and b.text == "existing" and b.joined:
            toks[i - 1:i + 1] = [Tok("w", "preexisting", a.start, b.end)]


def _regardless(toks: list[Tok]) -> None:
    """`whether or not` is one word, `regardless`: neither a second answer after its `or` nor a
    negation of what follows its `not`."""
    i = 0
    while i + 2 < len(toks):
        a, b, c = toks[i], toks[i + 1], toks[i + 2]
        if a.kind == "w" and a.text == "whether" and b.text == "or" and c.kind == "w" and c.text == "not":
            toks[i:i + 3] = [Tok("w", "regardless", a.start, c.end)]
        i += 1


def _bound_phrases(table: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """Each phrase as its tokens' texts (a Chinese one as its characters), longest first."""
    out = [(tuple(p) if is_cjk(p[0]) else tuple(canon(w) for w in p.split()), b) for p, b in table.items()]
    return sorted(out, key=lambda pb: -len(pb[0]))


_BOUND_BEFORE = _bound_phrases(
    {
        "at least": "≥",
        "greater than or equal to": "≥",
        "more than or equal to": "≥",
        "no less than": "≥",
        "not less than": "≥",
        "no fewer than": "≥",
        "not fewer than": "≥",
        "a minimum of": "≥",
        "minimum of": "≥",
        "至少": "≥",
        "不少于": "≥",
        "不低于": "≥",
        "不小于": "≥",
        "more than": ">",
        "greater than": ">",
        "higher than": ">",
        "longer than": ">",
        "above": ">",
        "over": ">",
        "exceeding": ">",
        "大于": ">",
        "超过": ">",
        "高于": ">",
        "多于": ">",
        "less than": "<",
        "fewer than": "<",
        "lower than": "<",
        "shorter than": "<",
        "below": "<",
        "under": "<",
        "小于": "<",
        "低于": "<",
        "少于": "<",
        "不到": "<",
        "不足": "<",
        "不满": "<",
        "at most": "≤",
        "less than or equal to": "≤",
        "no more than": "≤",
        "not more than": "≤",
        "a maximum of": "≤",
        "maximum of": "≤",
        "不超过": "≤",
        "不高于": "≤",
        "不大于": "≤",
        "至多": "≤",
        "最多": "≤",
    }
)
_BOUND_AFTER = _bound_phrases(
    {
        "or more": "≥",
        "or above": "≥",
        "or higher": "≥",
        "or greater": "≥",
        "or over": "≥",
        "and above": "≥",
        "and over": "≥",
        "and higher": "≥",
        "及以上": "≥",
        "或以上": "≥",
        "或更高": "≥",
        "或更多": "≥",
        "or less": "≤",
        "or fewer": "≤",
        "or below": "≤",
        "or under": "≤",
        "or lower": "≤",
        "and below": "≤",
        "and under": "≤",
        "及以下": "≤",
        "或以下": "≤",
    }
)
ASKED_ABOVE = re.compile(
    r"\b(?:above|over|more than|greater than|higher than|exceed\w*)\b|高于|超过|大于", re.IGNORECASE
)
ASKED_BELOW = re.compile(r"\b(?:below|under|less than|lower than|fewer than)\b|低于|小于|以下", re.IGNORECASE)
"""A question that asks for a bound this way (`What should his urate be kept below?`)."""
_BOUND_GAP = frozenset(
    {"the", "age", "aged", "of", "a", "an", "about", "approximately", "around", "roughly", "approx", "score"}
)
"""Words a bound may stand apart from its number by: `over the age of 65`, `more than about 2`."""
_SIGNS = {">": ">", "≥": "≥", "<": "<", "≤": "≤"}


def _phrase_at(toks: list[Tok], i: int, phrases: list[tuple[tuple[str, ...], str]]) -> tuple[int, str]:
    """The length and bound of the longest phrase whose tokens start at `i` (0 for none)."""
    for words, bound in phrases:
        n = len(words)
        if (
            i >= 0
            and i + n <= len(toks)
            and all(toks[i + k].text == w and toks[i + k].kind != "q" for k, w in enumerate(words))
        ):
            return n, bound
    return 0, ""


def _bounds(text: str, toks: list[Tok]) -> None:
    """`at least 2`, `≥2`, `2+`, `2 points or more`, `至少2`, `2分及以上` bound one number: the
    number keeps the bound, so `2 or more` is `≥2` and not a misconception `more than 2` whose
    words it has. The words stay, marked as the bound's (a key needs the bound, not its words:
    `below 2` is `<2`)."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "q" and t.qty is not None and not t.qty.is_range and not t.bound:
            t.bound = _bound_before(text, toks, i) or _bound_after(text, toks, i)
        i += 1


def _bound_before(text: str, toks: list[Tok], i: int) -> str:
    """The bound written before the number at `i` (`>2`, `>=2`, `at least 2`, `more than about
    2`, `至少2`), its words marked; "" for none."""
    prev = toks[i - 1] if i else None
    if prev is not None and text[prev.start : prev.end] in _SIGNS:
        sign = text[prev.start : prev.end]
        prev.bound = {">": "≥", "<": "≤"}.get(sign, sign) if text[prev.end : prev.end + 1] == "=" else sign
        return prev.bound
    for start in range(max(0, i - 8), i):
        n, bound = _phrase_at(toks, start, _BOUND_BEFORE)
        j = start + n
        while n and j < i and toks[j].text in _BOUND_GAP:
            j += 1
        if n and j == i:
            for t in toks[start : start + n]:
                t.bound = bound
            return bound
    return ""


def _bound_after(text: str, toks: list[Tok], i: int) -> str:
    """The bound written after the number at `i` (`2+`, `2 or more`, `2 points or more`,
    `2分及以上`), its words marked (the `or` dropped: it offers no alternative); "" for none."""
    t = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.text == "+" and nxt.start == t.end and not text[nxt.end : nxt.end + 1].isalnum():
        toks[i + 1] = Tok("w", "more", nxt.start, nxt.end, bound="≥")
        return "≥"
    for gap in (1, 2):  # right after the number, or after one word of what it counts (`points`, `分`)
        if gap == 2 and (nxt is None or nxt.kind not in "wc"):
            break
        n, bound = _phrase_at(toks, i + gap, _BOUND_AFTER)
        if n:
            for w in toks[i + gap : i + gap + n]:
                w.bound = bound
            if toks[i + gap].kind == "p":
                del toks[i + gap]
            return bound
    return ""


_RECENT = frozenset(("last", "past", "previous", "preceding", "prior"))
_WINDOW_BEFORE = frozenset(("in", "within", "during", "over"))


def _time_windows(toks: list[Tok]) -> None:
    """`in the last 3 months`, `in the previous three months`, `over the past 3 months` and
    `within 3 months` say one recent window: each is read `within 3 months` (a bare `in 3 months`
    or `over 3 months` is a time ahead or a length, and stays as written)."""
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "q" and t.qty is not None and t.qty.family == "time" and i > 0:
            j = i
            if toks[j - 1].kind == "w" and toks[j - 1].text in _RECENT:
                j -= 1
                if j > 0 and toks[j - 1].text == "the":
                    j -= 1
                if j > 0 and toks[j - 1].text in _WINDOW_BEFORE:
                    j -= 1
            elif toks[j - 1].text == "within":
                j -= 1
            if j < i:
                toks[j:i] = [Tok("w", "within", toks[j].start, toks[i - 1].end)]
                i = j + 1
        i += 1


_MOVES = frozenset(("go", "goes", "going", "went", "gone", "come", "comes", "coming", "came"))
_BRINGS = frozenset(("bring", "brings", "bringing", "brought", "push", "pushes", "pushed", "drive", "drives"))


def _phrasal_directions(toks: list[Tok]) -> None:
    """`goes down` is `falls` and `goes up` `rises`; `brings down` is `lowers`: one direction word,
    as the key's `decreases` is."""
    i = 0
    while i + 1 < len(toks):
        a, b = toks[i], toks[i + 1]
        if a.kind == "w" and b.kind == "w" and b.text in ("down", "up") and (a.text in _MOVES or a.text in _BRINGS):
            word = ("falls" if b.text == "down" else "rises") if a.text in _MOVES else \
                ("lowers" if b.text == "down" else canon("raises"))
            toks[i:i + 2] = [Tok("w", word, a.start, b.end)]
        i += 1


_TAKES = frozenset(("take", "takes", "taking", "took", "taken"))
_TAKEN_OUT_GAP = 3
"""At most this many words between `take` and `out`: `take the IVC filter out`."""


def _taken_out(toks: list[Tok]) -> None:
    """`take out the filter`, `take the filter out` and `take it out` say `remove`, as a key says
    it (one word for the phrasal verb, so the words between are the object)."""
    i = 0
    while i < len(toks):
        if toks[i].kind == "w" and toks[i].text in _TAKES:
            for j in range(i + 1, min(i + 2 + _TAKEN_OUT_GAP, len(toks))):
                t = toks[j]
                if t.kind != "w":
                    break
                if t.text == "out":
                    toks[i] = Tok("w", "remove", toks[i].start, toks[i].end)
                    del toks[j]
                    break
        i += 1


CLASSIFIERS = frozenset(("type", "types", "grade", "grades", "class", "stage", "stages", "factor", "phase",
                         "level", "degree", "group", "zone", "lead", "leads"))
"""Words a numeral names a member of: `type I` and `type 1`, `factor V` and `factor 5` are one name."""
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
         "x": "10", "xi": "11", "xii": "12", "xiii": "13"}


def _ordinal_names(toks: list[Tok], *, digits_too: bool) -> None:
    """A Roman numeral after a classifier becomes the word of its digits, and so does a bare
    whole number there (not in a numeric answer, where `stage 3` may be the number asked)."""
    for i in range(1, len(toks)):
        prev, t = toks[i - 1], toks[i]
        if prev.kind != "w" or prev.text not in CLASSIFIERS:
            continue
        if t.kind == "w" and t.text in ROMAN:
            toks[i] = Tok("w", ROMAN[t.text], t.start, t.end)
        elif digits_too and t.kind == "q" and t.qty is not None and t.qty.unit is None and t.text.isdigit() \
                and t.text in ROMAN.values():
            toks[i] = Tok("w", t.text, t.start, t.end)


def _words(text: str, start: int, end: int, out: list[Tok]) -> None:
    prev_hyphen_end = -1
    amp_end = -1
    skip_to = -1
    for m in WORD.finditer(text, start, end):
        s = m.group(0)
        a, b = m.start(), m.end()
        if a < skip_to:
            continue
        if s in ("e", "i") and text[a:a + 4] in ("e.g.", "i.e.") and (a == 0 or not text[a - 1].isalnum()):
            out.append(Tok("w", EXAMPLE_MARKS[text[a:a + 4]], a, a + 4))  # one word, not two items
            skip_to = a + 4
            continue
        if amp_end == a and s.isascii() and s.isalnum() and len(s) <= 3:  # `u&e`, `a&e`: one name
            prev = out[-1]
            out[-1] = Tok("w", prev.text + "&" + s, prev.start, b)
            amp_end = -1
            continue
        amp_end = -1
        if s[0].isalnum() and s.isascii():
            joined = prev_hyphen_end == a and bool(out) and out[-1].kind == "w"
            _word(s, a, b, joined, out)
        elif is_cjk(s) and s in "者是" and out and out[-1].text == "或" and out[-1].end == a:
            out[-1] = Tok(out[-1].kind, "或", out[-1].start, b)  # 或者, 或是: one word, `or`
        elif is_cjk(s):
            out.append(Tok("c", s, a, b))
        elif s == "-":
            prev_hyphen_end = b
            continue
        elif s == "&" and out and out[-1].kind == "w" and out[-1].end == a and len(out[-1].text) <= 3 \
                and b < end and text[b:b + 1].isalnum():
            amp_end = b
        elif s == "&":
            out.append(Tok("p", "and", a, b))
        elif s in _COMPARISONS:  # `RR > 22` says what `a rate of more than 22` says
            out.append(Tok("w", _COMPARISONS[s], a, b))
        elif s == "/" and _per_unit(text, a, out):
            pass  # `30 mL/kg`, `mmol/L`: one unit, not two alternatives
        elif s in ITEM_PUNCT or s in HARD_PUNCT or s in ":：()（）" or s in SEPARATOR_ZH:
            out.append(Tok("p", s, a, b))
        elif s.isalnum():  # another script: keep as a word
            out.append(Tok("w", s, a, b))
        prev_hyphen_end = -1


_UNIT_BEFORE_SLASH = frozenset({"ml", "mg", "mcg", "ug", "g", "mmol", "iu", "u", "units", "l", "kg", "beats",
                                "breaths", "mmhg", "μg", "ng", "umol", "meq"})
_UNIT_AFTER_SLASH = re.compile(r"(?:kg|l|dl|ml|min|minute|h|hr|hour|day|d|m2|24h|s)(?![a-z])")


def _per_unit(text: str, at: int, out: list[Tok]) -> bool:
    """The `/` of a compound unit (`mL/kg`, `mmol/L`, `mg/dL`), written right after the unit."""
    if not out or at == 0 or text[at - 1].isspace():
        return False
    prev = out[-1]
    return prev.kind == "w" and prev.end == at and prev.text in _UNIT_BEFORE_SLASH \
        and _UNIT_AFTER_SLASH.match(text, at + 1) is not None


_COMPARISONS = {">": "more", "≥": "more", "<": "less", "≤": "less"}

_CONTRACTIONS = {"can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
                 "shan't": ("shall", "not"), "ain't": ("is", "not"), "cant": ("can", "not"), "wont": ("will", "not")}
_CONTRACTIONS.update({aux + "nt": (aux, "not") for aux in (
    "do", "does", "did", "could", "would", "should", "is", "was", "are", "were", "have", "has", "had", "must", "need")})
"""Typed without the apostrophe too (`dont`, `cant`, `doesnt`): learners on phones and in chat
write them so, and the `not` in them must still negate."""


def _word(s: str, a: int, b: int, joined: bool, out: list[Tok]) -> None:
    parts = _CONTRACTIONS.get(s)
    if parts is None and s.endswith("n't"):
        parts = (s[:-3], "not")
    if parts is not None:
        for p in parts:
            out.append(Tok("w", p, a, b))
        return
    if "'" in s:
        s = s.split("'")[0] if s.endswith("'s") else s.replace("'", "")
    if s in SEPARATOR_WORDS:
        out.append(Tok("p", s, a, b))
        return
    out.append(Tok("w", canon(s), a, b, joined=joined))
