"""Step 4 of grading: which words of an answer are negated, in the manner of NegEx.

NegEx (Chapman et al., 2001) finds negation *triggers*, each with a scope: a pre-trigger
(`no`, `not`, `without`, `instead of`, 不, 没有, 而非 ...) negates what follows it, a
post-trigger (`... is not needed`, `... ruled out`, ...不对) what precedes it. A scope ends at a
*terminator* (`but`, `however`, 但是, punctuation; in a list answer, every item separator) or
after a few words. *Pseudo-negations* (`no increase`, `not only`, 不仅) look like triggers but
negate nothing beyond themselves. Chinese cues count only as words: 不 inside 不同, 不断, 非常,
无论 and similar compounds is no cue, while 无法 is one.

Written for this project: the spaCy route (negspacy) needs a language model that cannot be
installed here, and the rules below are small enough to test one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .tokens import EXCLUSIVE_WORDS, Tok, canon

PRE_TRIGGERS: tuple[tuple[str, ...], ...] = (
    ("no",), ("not",), ("without",), ("never",), ("none",), ("neither",), ("nor",),
    ("instead", "of"), ("rather", "than"), ("other", "than"), ("absence", "of"), ("lack", "of"),
    ("free", "of"), ("rule", "out"), ("ruled", "out"), ("rules", "out"), ("avoid",), ("avoiding",),
    ("except",), ("deny",), ("denies",), ("refuse",), ("refuses",), ("against",),
    # Chinese (one token per character)
    ("不",), ("非",), ("无",), ("没",), ("没", "有"), ("未",), ("不", "是"), ("而", "非"), ("并", "非"),
    ("无", "法"), ("不", "能"), ("不", "用"), ("不", "要"), ("不", "需", "要"), ("不", "需"), ("不", "应"),
    ("不", "宜"), ("不", "必"), ("勿",), ("别",), ("禁", "止"), ("避", "免"), ("排", "除"), ("拒", "绝"),
)
"""Triggers that negate the words after them."""

_AUX = frozenset((
    "is", "are", "was", "were", "be", "been", "being", "should", "would", "will", "can", "could", "may",
    "might", "must", "do", "does", "did", "really", "usually", "generally", "probably", "definitely",
    "certainly", "this", "it", "that",
))

POST_TRIGGERS: tuple[tuple[str, ...], ...] = (
    ("not", "needed"), ("not", "indicated"), ("not", "recommended"), ("not", "required"),
    ("not", "necessary"), ("not", "appropriate"), ("not", "used"), ("not", "useful"), ("not", "helpful"),
    ("not", "given"), ("not", "advised"), ("not", "suitable"), ("not", "correct"), ("not", "right"),
    ("not", "the", "answer"), ("not", "an", "option"), ("not", "true"), ("not", "present"),
    ("unnecessary",), ("unneeded",), ("avoided",), ("excluded",), ("ruled", "out"), ("unlikely",),
    ("wrong",), ("incorrect",), ("false",), ("absent",),
    ("不", "对"), ("错", "误"), ("是", "错", "的"), ("不", "需", "要"), ("不", "推", "荐"), ("不", "行"),
    ("不", "正", "确"), ("除", "外"),
)
"""Triggers that negate the words before them (aux words such as `is` may stand between)."""

PSEUDO: tuple[tuple[str, ...], ...] = (
    ("no", "increase"), ("no", "increased"), ("no", "significant", "increase"), ("no", "change"),
    ("no", "significant", "change"), ("no", "further"), ("not", "only"), ("not", "just"), ("not", "merely"),
    ("no", "doubt"), ("without", "doubt"), ("not", "limited", "to"), ("no", "matter"),
    ("not", "necessarily"), ("can", "not", "be", "excluded"), ("can", "not", "be", "ruled", "out"),
    ("not", "ruled", "out"), ("not", "rule", "out"), ("not", "sure"), ("not", "certain"), ("no", "idea"),
    ("不", "增", "加"), ("无", "增", "加"), ("未", "增", "加"), ("没", "有", "增", "加"),
    ("无", "明", "显", "增", "加"),
    ("不", "排", "除"),
    # an upper bound, not a denial: `no more than 10`, `不超过10` say at most 10
    ("no", "more", "than"), ("not", "more", "than"), ("no", "greater", "than"), ("not", "greater", "than"),
    ("no", "higher", "than"), ("not", "higher", "than"), ("not", "exceeding"), ("not", "to", "exceed"),
    ("不", "超", "过"), ("不", "多", "于"), ("不", "大", "于"), ("不", "高", "于"),
)
"""Look like triggers, negate nothing past themselves: `no increase in bleeding` keeps `bleeding`."""

PSEUDO_NEGATES_REST = frozenset({
    ("no", "increase"), ("no", "increased"), ("no", "significant", "increase"), ("no", "change"),
    ("no", "significant", "change"), ("no", "further"),
    ("不", "增", "加"), ("无", "增", "加"), ("未", "增", "加"), ("没", "有", "增", "加"),
    ("无", "明", "显", "增", "加"),
})
"""Pseudo-negations whose own words are negated: `no increase` denies the increase itself."""

NOT_CUES_ZH = frozenset({
    "非常", "不同", "不断", "无论", "不仅", "不但", "不只", "不单", "不久", "不少", "不良", "不适", "不全", "不足",
    "无数", "不管", "未来", "不得", "无不", "毫无", "不过", "不然", "并且", "无菌", "非甾",
})
"""Two-character words that contain a negation character but are not negations (不同, 非常...)."""

TERMINATORS: frozenset[tuple[str, ...]] = frozenset({
    ("but",), ("however",), ("although",), ("though",), ("yet",), ("whereas",), ("while",), ("which",),
    ("who",), ("because",), ("since",), ("so",), ("then",), ("instead",), ("rather",), ("apart",),
    ("但",), ("但", "是"), ("而", "是"), ("却",), ("然", "而"), ("不", "过"), ("可", "是"), ("而",),
    ("因", "为"), ("所", "以"),
})
"""Words that end a negation's scope."""

SOFT_SEPARATORS = frozenset({"and", "or", "/"})
"""In a single answer (not a list), these do not end a scope: `no CDT or PMT` negates both."""

MAX_WORDS = 6
MAX_CHARS = 12

ECHO = {"not": ("not",), "无法": ("无", "法"), "不能": ("不", "能"), "不会": ("不", "会")}
"""Verb negations an answer may echo from a negatively phrased question (`what can it not do?`)."""


def _canonical(phrases: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """Trigger words in the tokens' canonical spelling (`advised` is compared as `advized`)."""
    return tuple(tuple(canon(w) for w in ph) for ph in phrases)


PRE_TRIGGERS = _canonical(PRE_TRIGGERS)
POST_TRIGGERS = _canonical(POST_TRIGGERS)
PSEUDO = _canonical(PSEUDO)
PSEUDO_NEGATES_REST = frozenset(_canonical(tuple(PSEUDO_NEGATES_REST)))
TERMINATORS = frozenset(_canonical(tuple(TERMINATORS)))

_BY_FIRST: dict[int, dict[str, list[tuple[str, ...]]]] = {}


def _index(phrases: tuple[tuple[str, ...], ...] | frozenset[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    idx = _BY_FIRST.get(id(phrases))
    if idx is None:
        idx = {}
        for ph in phrases:
            idx.setdefault(ph[0], []).append(ph)
        _BY_FIRST[id(phrases)] = idx
    return idx


def _longest(tokens: list[Tok], i: int, phrases: tuple[tuple[str, ...], ...] | frozenset[tuple[str, ...]]) -> int:
    """Length of the longest phrase starting at token `i`, or 0."""
    cands = _index(phrases).get(tokens[i].text)
    if not cands:
        return 0
    best = 0
    for ph in cands:
        n = len(ph)
        if n > best and i + n <= len(tokens) and all(
            tokens[i + k].kind in "wc" and tokens[i + k].text == ph[k] for k in range(1, n)
        ) and tokens[i].kind in "wc":
            best = n
    return best


@dataclass(slots=True)
class Negation:
    """For each token, the triggers whose scope covers it."""

    by: list[tuple[int, ...]]
    triggers: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Trigger start token → (start, end) token range of the trigger phrase."""
    exclusive: list[int] = field(default_factory=list)
    """Tokens that are exclusivity words (`alone`, `only`, 单纯...) outside pseudo-negations."""

    def negating(self, used: set[int] | frozenset[int]) -> int | None:
        """A trigger (outside `used`) negating any token of `used`, or None."""
        for i in used:
            for t in self.by[i]:
                a, b = self.triggers[t]
                if not any(a <= u < b for u in used):
                    return t
        return None

    def trigger_text(self, tokens: list[Tok], t: int) -> str:
        a, b = self.triggers[t]
        sep = "" if all(tokens[k].kind == "c" for k in range(a, b)) else " "
        return sep.join(tokens[k].text for k in range(a, b))


def _is_zh_exception(tokens: list[Tok], i: int) -> bool:
    """Is the Chinese character at `i` part of a compound such as 不同 or 非常?"""
    t = tokens[i].text
    if i + 1 < len(tokens) and tokens[i + 1].kind == "c" and t + tokens[i + 1].text in NOT_CUES_ZH:
        return True
    return i > 0 and tokens[i - 1].kind == "c" and tokens[i - 1].text + t in NOT_CUES_ZH


def _terminates(tokens: list[Tok], k: int, list_mode: bool) -> bool:
    tok = tokens[k]
    if tok.kind == "p":
        return list_mode or tok.text not in SOFT_SEPARATORS
    return _longest(tokens, k, TERMINATORS) > 0


def _next_text(tokens: list[Tok], k: int) -> str:
    return tokens[k + 1].text if k + 1 < len(tokens) else ""


def find_negation(tokens: list[Tok], *, list_mode: bool = False, echo: frozenset[str] = frozenset()) -> Negation:
    """Scopes of every negation trigger in `tokens`.

    `list_mode`: the answer is a list, so each item separator ends a scope. `echo`: verb
    negations the question itself uses, which an answer may repeat without negating its point.
    """
    n = len(tokens)
    by: list[list[int]] = [[] for _ in range(n)]
    neg = Negation(by=[], triggers={})
    echo_phrases = {ECHO[e] for e in echo if e in ECHO}
    i = 0
    while i < n:
        tok = tokens[i]
        if tok.kind not in "wc":
            i += 1
            continue
        if _is_exclusive(tokens, i):
            neg.exclusive.append(i)
        if (tok.kind == "c" and _is_zh_exception(tokens, i)) or tok.bound:
            # a bound's words deny nothing: `不到两周` is under two weeks, `不满18岁` under 18
            i += 1
            continue
        p = _longest(tokens, i, PSEUDO)
        if p:
            phrase = tuple(tokens[k].text for k in range(i, i + p))
            if phrase in PSEUDO_NEGATES_REST:
                cue = max(1, _longest(tokens, i, PRE_TRIGGERS))
                neg.triggers[i] = (i, i + cue)
                for k in range(i + cue, i + p):
                    by[k].append(i)
            i += p
            continue
        post = _longest(tokens, i, POST_TRIGGERS)
        if post and not _echoed(tokens, i, post, echo_phrases) and _post_scope(tokens, i, by, list_mode, neg, post):
            i += post
            continue
        pre = _longest(tokens, i, PRE_TRIGGERS)
        if pre and tokens[i].text == "no" and _is_last_word(tokens, i):
            # `CDT? No.`: a bare no at the end denies what came before
            _post_scope(tokens, i, by, list_mode, neg, 1, skip_punct=True)
            i += 1
            continue
        if pre and not _echoed(tokens, i, pre, echo_phrases):
            neg.triggers[i] = (i, i + pre)
            _spread(tokens, i, i + pre, 1, by, list_mode)
            i += pre
            continue
        i += 1
    neg.by = [tuple(x) for x in by]
    return neg


def _is_exclusive(tokens: list[Tok], i: int) -> bool:
    tok = tokens[i]
    if _before_amount(tokens, i):  # `symptoms only 3 days`, `仅3天`: a small amount, not `X alone`
        return False
    if tok.kind == "w":
        return tok.text in EXCLUSIVE_WORDS and not (i > 0 and tokens[i - 1].text == "not")
    if tok.kind != "c":
        return False
    if tok.text in "仅只":
        return not (i > 0 and tokens[i - 1].text == "不")
    return tok.text == "单" and _next_text(tokens, i) in ("纯", "独")


def _before_amount(tokens: list[Tok], i: int) -> bool:
    """`only`, `仅` or `只有` just before a number."""
    j = i + 1
    if tokens[i].text == "只" and j < len(tokens) and tokens[j].text == "有":
        j += 1
    return tokens[i].text in ("only", "仅", "只") and j < len(tokens) and tokens[j].kind == "q"


_VERBS = frozenset((
    "can", "could", "do", "does", "did", "is", "are", "was", "were", "will", "would", "should", "may", "might",
    "must", "shall", "has", "have",
))


def _echoed(tokens: list[Tok], i: int, length: int, echo_phrases: set[tuple[str, ...]]) -> bool:
    """A verb negation (`cannot`, `does not`, 无法) the question itself uses, repeated in the answer."""
    if not echo_phrases:
        return False
    phrase = tuple(tokens[k].text for k in range(i, i + length))
    for e in echo_phrases:
        if phrase[: len(e)] == e:
            if e == ("not",):  # only after a verb: `it cannot dissolve`, not `not young patients`
                return i > 0 and tokens[i - 1].kind == "w" and tokens[i - 1].text in _VERBS
            return True
    return False


def _is_last_word(tokens: list[Tok], i: int) -> bool:
    return i > 0 and all(t.kind == "p" for t in tokens[i + 1:])


def _post_scope(
    tokens: list[Tok], i: int, by: list[list[int]], list_mode: bool, neg: Negation, length: int,
    *, skip_punct: bool = False,
) -> bool:
    """Negate backwards from a post-trigger at `i`; False when nothing stands before it."""
    k = i - 1
    while skip_punct and k >= 0 and tokens[k].kind == "p":
        k -= 1
    while k >= 0 and tokens[k].kind == "w" and tokens[k].text in _AUX:
        k -= 1
    if k < 0 or tokens[k].kind == "p":
        return False
    neg.triggers[i] = (i, i + length)
    _spread(tokens, i, k, -1, by, list_mode)
    return True


def _spread(tokens: list[Tok], trigger: int, k: int, step: int, by: list[list[int]], list_mode: bool) -> None:
    """Mark tokens from `k` onwards (step +1) or backwards (step -1) as negated by `trigger`,
    until a terminator or the scope's word and character budget."""
    words = chars = 0
    while 0 <= k < len(tokens) and not _terminates(tokens, k, list_mode):
        if tokens[k].kind == "c":
            chars += 1
        elif tokens[k].kind != "p":
            words += 1
        if words > MAX_WORDS or chars > MAX_CHARS:
            break
        by[k].append(trigger)
        k += step
