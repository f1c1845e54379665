"""Course-wide checks that teaching does not repeat or give itself away.

Two checks over a loaded course, with no user interface:

- `near_duplicate_prompts`: two questions anywhere in the course whose prompts say nearly the
  same thing, which a shuffled exam could draw together;
- `revealing_summaries`: a case whose title or summary, shown before the first question, names
  one of that case's own accepted answers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from tutor.model import Case, Question

# Two prompts are near-duplicates when they score at least PROMPT_THRESHOLD (rapidfuzz's
# token_set_ratio on normalised text, 0-100), or at least RELATED_THRESHOLD while their right
# answers mostly coincide (ANSWER_OVERLAP of the smaller answer set). Calibrated on the course
# of issue 13: its repeated questions scored 100, 100, 100 and 96.5 on wording alone (the
# 20-50% PTS figure three times, the subacute phase twice), and 84.1 and 81.6 with the same
# answers (the organised thrombus, the features of PTS); after the fix, the most alike pair
# of different questions scores 90.9 with different answers, and no pair with shared answers
# reaches 80. Same-fact questions worded quite differently are beyond a text check; they are
# left to the author and the reader.
PROMPT_THRESHOLD = 95.0
RELATED_THRESHOLD = 80.0
ANSWER_OVERLAP = 0.6

# Accepted answers shorter than this are not looked for in titles and summaries: a two- or
# three-letter answer such as "PE", "DVT" or "CDT" names the topic a case is about (a summary
# must be able to say "acute DVT" or "after CDT"), so finding it would flag every case.
MIN_ANSWER_CHARS = 4

_WORD = re.compile(r"[^\w\s]+")


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, runs of space to one."""
    return " ".join(_WORD.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class PromptPair:
    """Two questions whose prompts are near-duplicates."""

    first: Question
    second: Question
    score: float


@dataclass(frozen=True)
class Revealing:
    """A case whose title or summary names one of its own accepted answers."""

    case: Case
    field: str
    """`title` or `summary`."""
    answer: str


def prompt_score(a: str, b: str) -> float:
    """How alike two prompts are, 0-100."""
    return float(fuzz.token_set_ratio(normalise(a), normalise(b)))


def answer_keys(q: Question) -> set[str]:
    """What counts as the right answer, normalised: accepted phrasings, the numeric key, or the
    correct option's text."""
    if q.numeric is not None:
        n = q.numeric
        return {f"= {n.low:g} {n.high:g} {n.unit} {n.scale}"}
    if q.options:
        return {normalise(o.text) for o in q.options if o.correct}
    return {normalise(a) for e in q.expectations for a in e.accept}


def answer_overlap(a: Question, b: Question) -> float:
    """The share of the smaller set of right answers that the other question accepts too."""
    ka, kb = answer_keys(a), answer_keys(b)
    if not ka or not kb:
        return 0.0
    return len(ka & kb) / min(len(ka), len(kb))


def near_duplicate_prompts(
    questions: Iterable[Question],
    threshold: float = PROMPT_THRESHOLD,
    related: float = RELATED_THRESHOLD,
    overlap: float = ANSWER_OVERLAP,
) -> list[PromptPair]:
    """Every pair of questions that ask nearly the same thing, most alike first: prompts scoring
    at least `threshold`, or at least `related` with right answers that overlap by `overlap`."""
    pairs: list[PromptPair] = []
    for a, b in combinations(list(questions), 2):
        score = prompt_score(a.prompt, b.prompt)
        if score >= threshold or (score >= related and answer_overlap(a, b) >= overlap):
            pairs.append(PromptPair(a, b, score))
    return sorted(pairs, key=lambda p: -p.score)


def accepted_answers(case: Case) -> Iterator[str]:
    """The right answers a learner could give in this case: short and list answers, the
    `accept:` phrasings of a correct option, and the recommended choice of each decision."""
    for step in case.steps:
        for q in step.questions:
            for e in q.expectations:
                yield from e.accept
            for o in q.options:
                if o.correct:
                    yield from o.accept
        if step.decision and step.decision.recommended:
            yield from step.decision.recommended.accept


def _contains_words(text: str, phrase: str) -> bool:
    """Whether `phrase` occurs in `text` as whole words, case-insensitively."""
    needle = normalise(phrase)
    return bool(needle) and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", normalise(text)) is not None


def revealing_summaries(cases: Iterable[Case], min_chars: int = MIN_ANSWER_CHARS) -> list[Revealing]:
    """Every case whose title or summary names one of its own accepted answers."""
    found: list[Revealing] = []
    for case in cases:
        answers = sorted({a for a in accepted_answers(case) if len(normalise(a)) >= min_chars})
        for field_name in ("title", "summary"):
            text = getattr(case, field_name)
            found.extend(Revealing(case, field_name, a) for a in answers if _contains_words(text, a))
    return found
