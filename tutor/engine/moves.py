"""Classify a learner's message: an answer, or one of the words the tutor understands."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

MAX_TEXT = 2000
"""Longer messages are cut here: nobody types an answer this long, and grading stays fast."""

COMMANDS = ("/help", "/ref", "/refs", "/flag ", "/finish", "/quit", "hint", "skip", "why?", "what is ", "I was right")
"""What a face offers to complete as the learner types (the help text itself is in the catalogue)."""


class MoveKind(StrEnum):
    """What a learner's message is, as the transition table reads it."""

    ANSWER = "answer"
    EMPTY = "empty"
    HELP = "help"
    HINT = "hint"
    WHY = "why"
    SKIP = "skip"
    DONT_KNOW = "dont_know"
    QUIT = "quit"
    FINISH = "finish"
    CONTEST = "contest"
    YES = "yes"
    NO = "no"
    LOOKUP = "lookup"
    REF = "ref"
    FLAG = "flag"


_WORDS = {
    "help": {"/help", "help", "/?", "?", "帮助"},
    "hint": {"hint", "/hint", "a hint", "give me a hint", "hint please", "提示", "提示一下", "给个提示", "给点提示"},
    "why": {"why", "why?", "/why", "explain", "为什么", "为什么?", "为什么？", "為什麼", "為什麼？", "为啥"},
    "skip": {"skip", "/skip", "pass", "next", "跳过", "跳過", "下一题"},
    "dont_know": {"i don't know", "i dont know", "idk", "no idea", "not sure", "不知道", "我不知道"},
    "quit": {"/quit", "/exit", "/q", "quit", "exit", "退出"},
    "finish": {"/finish", "/submit", "/end", "finish", "交卷", "结束"},
    "contest": {"i was right", "/contest", "i'm right", "i am right", "that was right", "我是对的", "我答对了"},
    "yes": {"yes", "y", "yeah", "yep", "right", "correct", "是", "是的", "对", "对的"},
    "no": {"no", "n", "nope", "不", "不是", "不对"},
}
_LOOKUP = re.compile(
    r"^(?:what(?:'s| is| are| does)|define|definition of|meaning of|what do you mean by|explain the term)\s+"
    r"(?:an?\s+|the\s+)?(.+?)(?:\s+(?:mean|stand for))?\s*\??$",
    re.IGNORECASE,
)
# Simplified and traditional script alike: 什么是X / 什麼是X / 啥是X, X是什么 / X是什麼 / X是啥
# (and 是什么意思, 指的是什么), with or without a question mark, full width or not.
_WHAT_ZH = r"(?:什么|什麼|甚麼|甚么|啥)"
_LOOKUP_ZH = re.compile(
    rf"^(?:{_WHAT_ZH}(?:是|叫)|何为|何為|请解释|請解釋|解释一下|解釋一下)\s*(.+?)\s*[?？。!！]*$"
    rf"|^(.+?)\s*(?:是|指的是|指)\s*{_WHAT_ZH}(?:意思)?\s*(?:呢|啊|呀)?\s*[?？。!！]*$"
)
_REF = re.compile(r"^/refs?(?:\s+(.*))?$", re.IGNORECASE)
_FLAG = re.compile(r"^/(?:flag|report)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Move:
    """What the learner's text means: an answer, or a command such as hint, skip or /ref."""

    kind: MoveKind
    text: str = ""


def clean(text: str) -> str:
    """Learner text made safe to keep: no control characters, a bounded length."""
    text = text[: MAX_TEXT * 2]
    kept = "".join(
        ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text
    )
    return kept.strip()[:MAX_TEXT]


def classify(text: str) -> Move:
    text = clean(text)
    if not text:
        return Move(MoveKind.EMPTY)
    low = " ".join(text.lower().split()).rstrip(".!")
    for kind, words in _WORDS.items():
        if low in words:
            return Move(MoveKind(kind), text)
    if m := _REF.match(text):
        return Move(MoveKind.REF, (m.group(1) or "").strip())
    if m := _FLAG.match(text):
        return Move(MoveKind.FLAG, (m.group(1) or "").strip())
    if m := _LOOKUP.match(text):
        return Move(MoveKind.LOOKUP, m.group(1).strip())
    if m := _LOOKUP_ZH.match(text):
        return Move(MoveKind.LOOKUP, (m.group(1) or m.group(2) or "").strip())
    return Move(MoveKind.ANSWER, text)
