"""The core of an accepted phrase: what a learner may write without the author's modifiers.

Instructors key a term with the words around it (`nebulised salbutamol`, `pretibial oedema`,
`hyperpigmentation of the skin`, `Kussmaul breathing`); learners write the term
(`salbutamol`, `oedema`, `hyperpigmentation`, `Kussmaul`). A core is offered only where
dropping the words cannot change what is named: no meaning flipper, direction, place or number
is dropped (nor a `non-` word: `ventilation` is no core of `noninvasive ventilation`, as it names
the invasive kind too), the head left is not a vague word (`pain`, `injury`), and, checked by the compiled
question, no other accepted answer, misconception, partial answer or option of the question
shares a word with it (so `thrombolysis` is never the core of `catheter-directed
thrombolysis` where `systemic thrombolysis` is a misconception).
"""

from __future__ import annotations

from .normalize import has_cjk, normalise
from .tokens import DIRECTION, FLIPPERS, FRAMING, GENERIC, POSITIONAL, STOPWORDS, split_prefix, tokenize, wordlist

EPONYM_HEADS = wordlist(
    """breathing respiration respirations reaction point sign signs syndrome disease test manoeuvre
    maneuver law effect phenomenon triad score rule criteria"""
)
"""Heads that say what kind of thing a name is (`Kussmaul breathing`): the name is the core."""

VAGUE_HEADS = GENERIC | EPONYM_HEADS | wordlist(
    """pain injury failure change changes damage loss use time symptom symptoms drug drugs dose doses
    agent agents factor factors type types group form forms cause causes site area part side effects
    function flow pressure test tests blood body fluid cell cells tissue vessel vessels vein veins artery
    arteries organ organs wall system burden relationship
    antagonist antagonists agonist agonists blocker blockers inhibitor inhibitors receptor receptors
    chloride sodium potassium salt salts saline lactate acid solution
    heart liver kidney kidneys lung lungs brain skin leg legs limb arm bone muscle rate level levels"""
)
"""Heads too vague to stand for the phrase alone: `pain` of `pain on calf compression`; a class
word (`antagonist` of `opioid antagonist`), a salt (`chloride` of `potassium chloride`) or an
organ (`liver` of `enlarged liver`) that names nothing without its first word."""

TEST_WORDS = wordlist("test tests blood serum plasma level levels scan assay measurement count")
"""Words that say a test is a test (`a D-dimer blood test`): the thing tested is the answer."""

DEGREE = wordlist(
    """heavy large big massive extensive small light severe mild moderate significant high low early late
    acute chronic recent new old first second third total partial complete incomplete full poor good
    major minor short long urgent emergency emergent elective immediate routine prophylactic therapeutic
    temporary permanent retrievable false true pseudo relative absolute primary secondary tertiary"""
)
"""Words of degree, time or truth: dropping one can change the answer (`heavy thrombus burden`,
`false positive`), and one written before a core says something the key did not (`low thrombus
burden`)."""

_KEEP = FLIPPERS | POSITIONAL | DEGREE | frozenset(DIRECTION)


CLAUSE_STARTS = ("once", "when", "after", "until", "because", "since", "if", "while", "as soon as", "so that",
                 "now that", "in order to", "which", "provided")
"""Words that open a clause saying when or why (`restart anticoagulation once the bleeding has
stopped`): the part before them is the answer's core."""


def core_texts(text: str) -> list[str]:
    """The cores of one accepted phrase (none for most phrases)."""
    if has_cjk(text) or any(ch.isdigit() for ch in text):
        return []
    parts = text.split()
    if len(parts) == 2 and parts[1].lower() in EPONYM_HEADS and len(parts[0]) >= 5 and parts[0][0].isupper():
        return [parts[0]]  # `May-Thurner syndrome`, `McBurney's point`: the name
    clause = _main_clause(text)
    if clause:
        return [clause, *core_texts(clause)]
    toks = tokenize(normalise(text, limit=300))
    if any(t.kind != "w" for t in toks) or not 2 <= len(toks) <= 6:
        return []
    words = [t.text for t in toks]
    if any(w in _KEEP or split_prefix(w)[0] == "non" for w in words):
        return []
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    # `hyperpigmentation of the skin`: the group before `of`
    group = words[: words.index("of")] if "of" in words else words
    named = group
    while len(named) > 1 and named[-1] in TEST_WORDS:  # `a D-dimer blood test`: the D-dimer
        named = named[:-1]
    if named is not group and not any(w in _KEEP or w in TEST_WORDS or w in VAGUE_HEADS for w in named) \
            and sum(len(w) for w in named) >= 4:
        return [" ".join(named)]
    if not 1 <= len(group) <= 3 or any(w in STOPWORDS or w in FRAMING for w in group):
        return []
    if group is words and len(group) == 1:
        return []
    head = group[-1]
    out: list[str] = []
    if head in EPONYM_HEADS and len(group) == 2 and len(group[0]) >= 5 and group[0] not in TEST_WORDS \
            and group[0] not in VAGUE_HEADS:
        out.append(group[0])
    elif head not in VAGUE_HEADS and len(head) >= 5:
        if group is not words:
            out.append(" ".join(group))
        if len(group) >= 2:
            out.append(head)
        if len(group) == 3 and group[1] not in VAGUE_HEADS:
            out.append(" ".join(group[1:]))
    return [c for c in dict.fromkeys(out) if c != text]


def _main_clause(text: str) -> str:
    """The words before a `when`/`once`/`because` clause, when they say enough on their own."""
    words = normalise(text, limit=300).text.split()
    for i in range(2, len(words)):
        if any(" ".join(words[i:i + len(s.split())]) == s for s in CLAUSE_STARTS):
            head = [w.strip(",;:") for w in words[:i]]
            content = [w for w in head if w not in STOPWORDS and w not in FRAMING]
            if len(content) >= 2 or (content and len(content[0]) >= 8 and content[0] not in VAGUE_HEADS):
                return " ".join(head).strip(" ,;:")
            return ""
    return ""
