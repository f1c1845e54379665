"""A Chinese answer that says what a Chinese key says in other words.

Chinese instructors write keys as sentences (`因为胰岛素使钾离子进入细胞，可引起严重低钾血症`) and
students answer in sentences of their own (`胰岛素会使钾进入细胞内，导致低钾血症`): the words are
not the key's, but most of its characters are there, in its order. The two are aligned
character by character (difflib), and the answer is taken as the key said again when runs of at
least two characters cover most of the key and most of the answer, with nothing of the key's
replaced by something else (`前瞻性` for `回顾性`, `效用` for `效益`: the student may leave words
out or put some in, not change them), no other direction (`增加` for `降低`), and no denial in
one that the other lacks. Never when a misconception or partial answer is said as well, and only
for keys of some length: a short term must be matched as written.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from .compiled import Target
from .match import ZH_FILLERS, ZH_NEGATORS, Answer, zh_directions
from .negation import NOT_CUES_ZH
from .normalize import has_cjk, is_cjk, normalise

KEY_COVERED = 0.6
"""The share of the key's characters the answer must say, in its order."""
ON_TOPIC = 0.5
"""The share of the answer's characters that must be the key's: a long answer that holds the
key's words among many others is not the key."""
LONG_KEY = 6
"""Characters a key must have to be matched this way."""

_FUNCTION_WORDS = ("因为", "所以", "由于", "导致", "引起", "可能", "可以", "能够", "从而", "因此", "如果", "需要",
                   "应该", "进行", "一个", "这个", "那个", "其中")
_FUNCTION_CHARS = ZH_FILLERS | frozenset("会使可将把被让令给对向从于以而且并及与和或更最已经再又就才其之即")
"""Put in or left out freely; swapped for each other too (`会使` for `使`)."""


def _content(text: str) -> str:
    """The text's Chinese characters, with the words that only join a sentence taken out, and
    `|` where anything else stood (a comma, a Latin word)."""
    for word in _FUNCTION_WORDS:
        text = text.replace(word, " ")
    out = []
    for c in text:
        if is_cjk(c):
            if c not in ZH_FILLERS:
                out.append(c)
        elif not out or out[-1] != "|":
            out.append("|")
    return "".join(out).strip("|")


def _denies(text: str) -> bool:
    for word in NOT_CUES_ZH:  # 不全, 不良: words, not denials
        text = text.replace(word, "")
    return any(c in ZH_NEGATORS for c in text)


def _said_again(key: str, mine: str) -> float:
    """The share of the key's characters the answer says in order, or 0 when it changes one."""
    matcher = SequenceMatcher(None, key, mine, autojunk=False)
    for op, a, b, c, d in matcher.get_opcodes():
        if op == "replace":
            theirs = [ch for ch in key[a:b] if ch != "|" and ch not in _FUNCTION_CHARS]
            ours = [ch for ch in mine[c:d] if ch != "|" and ch not in _FUNCTION_CHARS]
            if theirs and ours:
                return 0.0  # something of the key's said as something else
    runs = [m for m in matcher.get_matching_blocks() if m.size >= 2]
    said_key = sum(1 for m in runs for ch in key[m.a:m.a + m.size] if ch != "|")
    said_mine = sum(1 for m in runs for ch in mine[m.b:m.b + m.size] if ch != "|")
    n_key, n_mine = sum(ch != "|" for ch in key), sum(ch != "|" for ch in mine)
    if not n_key or not n_mine or said_mine / n_mine < ON_TOPIC:
        return 0.0
    return said_key / n_key


@lru_cache(maxsize=4096)
def _long_keys(texts: tuple[str, ...]) -> tuple[tuple[str, str, bool, frozenset[str]], ...]:
    """The Chinese texts long enough to be matched this way, each with its content, whether it
    denies and its directions: read once per target, not once per answer."""
    out = []
    for text in texts:
        if not has_cjk(text):
            continue
        norm = normalise(text).text
        key = _content(norm)
        if sum(ch != "|" for ch in key) >= LONG_KEY:
            out.append((text, key, _denies(norm), frozenset(zh_directions(norm))))
    return tuple(out)


def _score(mine: str, denies: bool, ways: set[str], target: Target) -> tuple[float, str]:
    """How well the answer says one of the target's Chinese texts: (share of it said, text)."""
    best = (0.0, "")
    owner = target.owner
    for text, key, key_denies, theirs in _long_keys((*getattr(owner, "accept", ()), *getattr(owner, "match", ()))):
        if key_denies != denies:
            continue
        if ways and theirs and ways != theirs:
            continue
        covered = _said_again(key, mine)
        if covered >= KEY_COVERED and covered > best[0]:
            best = (covered, text)
    return best


def chinese_paraphrase(ans: Answer, accepts: list[Target], others: list[Target]) -> tuple[Target, str] | None:
    """The accepted target whose Chinese key the answer says in other words, and that key; None
    when there is none, or a misconception or partial answer is said about as well."""
    mine = _content(ans.norm.text)
    if sum(ch != "|" for ch in mine) < 3:
        return None
    denies, ways = _denies(ans.norm.text), zh_directions(ans.norm.text)
    scored = sorted(((*_score(mine, denies, ways, t), t) for t in accepts), key=lambda s: -s[0])
    if not scored or scored[0][0] == 0.0:
        return None
    covered, text, target = scored[0]
    if len(scored) > 1 and scored[1][0] >= covered - 0.1:
        return None  # two keys said about as well: not this way
    if any(_score(mine, denies, ways, t)[0] >= covered - 0.1 for t in others):
        return None
    return target, text
