"""The grader: a question and a learner's text in, a `Grade` out.

    grader = Grader(course)
    g = grader.grade(question, "anticoagulaton")   # Grade(verdict="correct", credit=1.0, ...)

Lenient with spelling, strict with meaning: see `content/README.md`, "How answers are graded",
for the rules as instructors read them. The steps live in their own modules (normalize,
numbers, tokens, negation, match); this module decides the verdict.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from ..kinds import kind_of
from ..model import (
    Choice,
    Course,
    Decision,
    Expectation,
    GlossaryTerm,
    Misconception,
    NumericKey,
    Option,
    PartialAnswer,
    Question,
)
from ..texts import Msg, join, msg
from .compiled import CompiledQuestion, Target, choice_targets, question_sentence
from .gate import Gate
from .glossary import GlossaryIndex
from .match import (
    ZH_NEGATORS,
    Answer,
    KeyIndex,
    Miss,
    Phrase,
    PhraseMatch,
    inclusive,
    is_item_sep,
    match_phrase,
    modifiers,
)
from .normalize import has_cjk, is_cjk, normalise
from .numbers import UNITS, Quantity, as_read, compare, find_quantities, in_key_units
from .tokens import (
    ASKED_ABOVE,
    ASKED_BELOW,
    FILLER,
    FRAMING,
    NEGATION_WORDS,
    OPPOSITES,
    POSITIONAL,
    STOPWORDS,
    Tok,
    family,
)
from .vocab import course_vocabulary
from .vocabulary import with_vocabulary
from .zh_paraphrase import chinese_paraphrase

Verdict = Literal["correct", "partial", "incorrect", "unclear"]

OwnerT = TypeVar("OwnerT")

ROLE_PRIORITY = {"misconception": 0, "accept": 1, "option": 1, "partial": 2, "prompt": 3}
"""On equally specific matches of the same words, a misconception wins."""


@dataclass(frozen=True, slots=True)
class Match:
    """One accepted answer (or answer group) found in the learner's text."""

    expectation_id: str
    accepted: str
    """The accepted phrasing that matched, as written in the course (or the glossary)."""
    span: tuple[int, int]
    """Where in the learner's original text."""
    edits: int = 0
    """Spelling slips forgiven."""
    via: str = "alias"
    """`exact`, `alias`, `glossary`, `typo`, `number`, `letter`, `option` or `prompt`."""


@dataclass(frozen=True, slots=True)
class Grade:
    """The verdict on one answer, as plain data."""

    verdict: Verdict
    credit: float
    reasons: tuple[Msg, ...] = ()
    """Why, one part per message (catalogue keys in `tutor/texts/en_grading.py`); the parts naming
    what is left out have keys beginning `grade.missing`."""
    matched: tuple[Match, ...] = ()
    missing: tuple[str, ...] = ()
    """Expectation ids not found (list and short questions)."""
    misconceptions: tuple[Misconception, ...] = ()
    """Misconceptions named in the answer, most specific first."""
    partial_answer: PartialAnswer | None = None
    option: Option | None = None
    """Choice questions: the option picked."""
    suggestion: str | None = None
    """For `unclear`: the accepted answer the learner probably meant ("Did you mean ...?")."""
    negated: tuple[str, ...] = ()
    """Accepted answers the learner named but negated (`not CDT`)."""
    unrecognised: tuple[str, ...] = ()
    """List answers: items that match no group (they count as wrong)."""
    near_span: tuple[int, int] | None = field(default=None, compare=False)
    """For `unclear`: the part of the text the suggestion would replace."""

    @property
    def reason(self) -> str:
        """The reasons in English, as `tutor grade --json` and batch grading write them (whatever
        language the interface speaks: scripts read this)."""
        return join(self.reasons, "en")

    @property
    def misconception(self) -> Misconception | None:
        return self.misconceptions[0] if self.misconceptions else None

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "credit": round(self.credit, 4),
            "reason": self.reason,
            "matched": [
                {"expectation": m.expectation_id, "accepted": m.accepted, "span": list(m.span), "edits": m.edits,
                 "via": m.via}
                for m in self.matched
            ],
            "missing": list(self.missing),
            "misconceptions": [{"id": m.id, "feedback": m.feedback} for m in self.misconceptions],
            "partial_answer": (
                {"accept": list(self.partial_answer.accept), "credit": self.partial_answer.credit,
                 "feedback": self.partial_answer.feedback} if self.partial_answer else None
            ),
            "option": (
                {"letter": self.option.letter, "text": self.option.text, "correct": self.option.correct,
                 "feedback": self.option.feedback} if self.option else None
            ),
            "suggestion": self.suggestion,
            "negated": list(self.negated),
            "unrecognised": list(self.unrecognised),
        }


@dataclass(slots=True)
class _Hit:
    target: Target
    m: PhraseMatch


@dataclass(slots=True)
class _Scan:
    hits: list[_Hit] = field(default_factory=list)
    nears: list[_Hit] = field(default_factory=list)
    blocked: list[_Hit] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)


def _pairs(ans: Answer, targets: list[Target], gate: Gate | None) -> Iterator[tuple[Target, Phrase]]:
    """Each target's phrasings in order; with a gate, only the misconception phrasings the answer
    could match (see gate.py), in the same order, so the result is as if all were tried."""
    gated = False
    for t in targets:
        if gate is not None and t.role == "misconception":
            if not gated:
                gated = True
                yield from gate.candidates(ans)
            continue
        for ph in t.phrases:
            yield t, ph


def _scan(ans: Answer, targets: list[Target], gate: Gate | None = None) -> _Scan:
    out = _Scan()
    if ans._cands is None:
        ans._cands = ans._build()
    cands = ans._cands
    for t, ph in _pairs(ans, targets, gate):
        first = ph.first_word()
        if first and first not in cands:  # the quick way out of match_phrase, without the call
            if t.role == "accept":
                out.misses.append(ph.missing(first))
            continue
        r = match_phrase(ans, ph)
        if isinstance(r, Miss):
            if t.role == "accept":
                out.misses.append(r)
            continue
        if ph.via == "core" and _core_not_alone(ans, r, t):
            continue
        hit = _Hit(t, r)
        if r.status != "blocked" and not r.problem:
            flip = _flipping_modifier(ans, r, t)
            if flip:
                r.problem = f"flipped:{flip}"
        if r.ok:
            out.hits.append(hit)
        elif r.negated_by is not None or r.problem.startswith("flipped"):
            out.blocked.append(hit)
        elif r.status == "near" and not r.problem:
            out.nears.append(hit)
    return out


def _flipping_modifier(ans: Answer, m: PhraseMatch, target: Target) -> str:
    """A modifier that reverses what the match names, judged against the whole target.

    `pre` before `bleeding` when the group accepts `post-procedural bleeding`; `superior`
    before `vena cava filter` when the group knows `inferior`; `non`/`anti` that no phrasing has.
    """
    words = target.words
    before = _word_before(ans, m.lo, words)
    if before is not None and before in ans.flip_tokens and ans.tokens[before].text not in words:
        return ans.tokens[before].text
    if before is not None and before < m.lo - 1:  # past the target's own words: `superior vena cava`
        w = ans.tokens[before].text
        if w in POSITIONAL and OPPOSITES.get(w) in words:
            return w
    for w in modifiers(ans, m.used, words):
        if w in words:
            continue
        opposite = OPPOSITES.get(w)
        if opposite in words or w in ("anti", "non"):
            return w
    return ""


def _core_not_alone(ans: Answer, m: PhraseMatch, target: Target) -> bool:
    """A core (`filter` of `IVC filter`) stands for its phrase only when the learner wrote it
    alone in that part of the answer, or with the phrase's own words: `SVC filter`, `low thrombus
    burden` and `contraindication to thrombolysis` name something else."""
    toks = ans.tokens
    lo, hi = min(m.used), max(m.used)
    while lo > 0 and not is_item_sep(toks[lo - 1]):  # the part: between separators (`and`, `,`)
        lo -= 1
    while hi + 1 < len(toks) and not is_item_sep(toks[hi + 1]):
        hi += 1
    for i in range(lo, hi + 1):
        t = toks[i]
        if i in m.used or t.kind == "p":
            continue
        if t.kind != "w":
            return True
        w = t.text
        if w not in STOPWORDS and w not in FRAMING and w not in FILLER and w not in target.words \
                and family(w) not in target.words and w not in NEGATION_WORDS:
            return True
    return False


def _word_before(ans: Answer, lo: int, words: frozenset[str] = frozenset()) -> int | None:
    """The word before a match, past articles and words of the target's own phrasings (`vena`
    before `cava`, so that `superior vena cava` is not read as `the cava`)."""
    i = lo - 1
    while i >= 0 and ans.tokens[i].kind == "w" and (ans.tokens[i].text in ("the", "a", "an")
                                                     or ans.tokens[i].text in words):
        i -= 1
    return i if i >= 0 and ans.tokens[i].kind == "w" else None


def _assign(hits: list[_Hit]) -> tuple[list[_Hit], list[_Hit], set[int]]:
    """Pick non-overlapping matches, most specific first; each target counts once."""
    ordered = sorted(hits, key=lambda h: (-len(h.m.used), _rank(h), h.m.edits, h.m.skipped, h.m.forms,
                                          -h.m.phrase.size, h.m.lo))
    taken: set[int] = set()
    chosen: list[_Hit] = []
    extra: list[_Hit] = []
    seen: set[tuple[str, str]] = set()
    for h in ordered:
        if h.m.used & taken:
            continue
        taken |= h.m.used
        key = (h.target.role, h.target.id)
        if key in seen:
            extra.append(h)
        else:
            seen.add(key)
            chosen.append(h)
    chosen.sort(key=lambda h: h.m.lo)
    return chosen, extra, taken


def _cores_alone(ans: Answer, chosen: list[_Hit]) -> list[_Hit]:
    """A core match counts only alone in its item of a list: `temporal relationship` is one item,
    not `temporality` and a core `relationship`."""
    items = {ans.seps[h.m.lo] for h in chosen if h.m.phrase.via != "core"}
    return [h for h in chosen if h.m.phrase.via != "core" or ans.seps[h.m.lo] not in items]


def _owned(t: Target, kind: type[OwnerT]) -> OwnerT:
    """What a target stands for, as the kind of thing its role says it is."""
    owner = t.owner
    assert isinstance(owner, kind), (t.role, type(owner))
    return owner


def _rank(h: _Hit) -> int:
    """A misconception first; then what the author wrote (an accepted, partial or option phrasing)
    before a synonym the glossary or shipped vocabulary derived from it: `blood thinner` listed
    as partial stays partial though the vocabulary knows it as an anticoagulant."""
    role = ROLE_PRIORITY[h.target.role]
    if role == 0:
        return 0
    return role + (10 if h.m.phrase.via in ("glossary", "kind") else 0)


_KEPT: dict[int, Grader] = {}
"""The graders kept in this process (`Grader.keep`), by the id of their course."""


class Grader:
    """Grades learners' answers against a course. Cheap to create; questions compile on first use."""

    @classmethod
    def for_course(cls, course: Course) -> Grader:
        """The grader kept for this very course (`keep`), with what it has built and compiled;
        else a new one."""
        kept = _KEPT.get(id(course))
        return kept if kept is not None and kept.course is course else cls(course)

    def keep(self) -> Grader:
        """Keep this grader for `for_course` (the warm tutor of `tutor serve` does, so that the
        tutors it forks find their questions compiled)."""
        _KEPT[id(self.course)] = self
        return self

    def __init__(self, course: Course) -> None:
        self.course = course
        self._glossary: GlossaryIndex | None = None
        self._compiled: dict[tuple[str, str, str], CompiledQuestion] = {}
        self._decisions: dict[int, tuple[Decision, list[Target], KeyIndex]] = {}
        self._vocab: frozenset[str] | None = None

    # -- set-up --

    @property
    def glossary(self) -> GlossaryIndex:
        """The course's glossary with the shipped vocabulary, built on first use (off start-up)."""
        if self._glossary is None:
            self._glossary = GlossaryIndex.build(with_vocabulary(list(self.course.glossary.values())))
        return self._glossary

    @property
    def vocab(self) -> frozenset[str]:
        if self._vocab is None:
            self._vocab = course_vocabulary(self.course)
        return self._vocab

    def warm(self) -> Grader:
        """Build what the first answer would otherwise wait for (the glossary with the shipped
        vocabulary, the course's words, the stemmer): for a thread to call off the event loop."""
        _ = self.glossary, self.vocab
        family("warming")
        return self

    def compiled(self, q: Question) -> CompiledQuestion:
        """The question compiled for grading, cached by id, graded-content hash and prompt."""
        key = (q.gid, q.graded_hash, q.prompt)
        cq = self._compiled.get(key)
        if cq is None:
            build = kind_of(q).compile or CompiledQuestion.build
            cq = build(q, self.glossary)
            self._compiled[key] = cq
        return cq

    def prepare(self, q: Question) -> None:
        """Compile `q` ahead of its answer (a face calls this on a thread while the learner reads)."""
        self.compiled(q)

    def _answer(self, cq: CompiledQuestion, text: str) -> Answer:
        return Answer(text, cq.index, self.vocab, list_mode=cq.list_mode, echo=cq.echo,
                      numeric=kind_of(cq.question).numbers)

    # -- the API --

    def grade(self, question: Question, text: str) -> Grade:
        """Grade `text` as an answer to `question`."""
        if not text or not text.strip():
            return Grade("incorrect", 0.0, (msg("grade.empty"),), missing=_all_ids(question))
        cq = self.compiled(question)
        ans = self._answer(cq, text)
        if not any(t.kind != "p" for t in ans.tokens):
            return Grade("incorrect", 0.0, (msg("grade.empty"),), missing=_all_ids(question))
        return kind_of(question).grade(self, cq, ans)

    def covered(self, question: Question, text: str, open_ids: set[str] | list[str] | tuple[str, ...]) -> set[str]:
        """Which still-open expectations `text` covers (a dialogue turn); prompts' answers count too."""
        if not text or not text.strip():
            return set()
        cq = self.compiled(question)
        ans = self._answer(cq, text)
        return kind_of(question).covered(self, cq, ans, set(open_ids))

    def _covered_numeric(self, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
        """The number named, or else a prompt's answer."""
        question = cq.question
        if question.numeric is not None:
            ok = any(t.qty is not None and not ans.neg.by[i] and compare(t.qty, question.numeric).ok
                     for i, t in enumerate(ans.tokens) if t.kind == "q")
            ids = {e.id for e in question.expectations} or {"answer"}
            if ok:
                return ids & wanted
        return self._covered_free(cq, ans, wanted)

    def _covered_choice(self, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
        g = self._choice(cq, ans)
        return ({"answer"} & wanted) if g.correct else set()

    def _covered_free(self, cq: CompiledQuestion, ans: Answer, wanted: set[str]) -> set[str]:
        targets = [t for t in cq.accepts + cq.prompts if t.id in wanted] + cq.misconceptions
        scan = _scan(ans, targets)
        chosen, extra, _ = _assign(scan.hits)
        return {h.target.id for h in chosen + extra if h.target.role in ("accept", "prompt")} & wanted

    def confirm(self, question: Question, text: str, suggestion: str) -> Grade:
        """Grade as if the learner had typed `suggestion` (after "Did you mean ...? yes")."""
        g = self.grade(question, text)
        if g.verdict == "unclear" and g.suggestion == suggestion and g.near_span is not None:
            a, b = g.near_span
            capped = text[: len(normalise(text).original)]
            return self.grade(question, capped[:a] + suggestion + capped[b:])
        if kind_of(question).list_mode and text.strip():
            return self.grade(question, f"{text}\n{suggestion}")
        return self.grade(question, suggestion)

    def choose(self, decision: Decision, text: str) -> Choice | None | str:
        """The decision's choice named by `text` (letter, text or accepted phrasing).

        A `str` is a suggestion ("Did you mean ...?") for a near miss; None: nothing recognised.
        """
        if not text or not text.strip():
            return None
        entry = self._decisions.get(id(decision))
        if entry is None or entry[0] is not decision:
            targets, index = choice_targets(decision.choices, self.glossary)
            entry = (decision, targets, index)
            self._decisions[id(decision)] = entry
        _, targets, index = entry
        ans = Answer(text, index, self.vocab, list_mode=False)
        pick = _pick_option(ans, targets)
        if pick.target is not None:
            return _owned(pick.target, Choice)
        return pick.suggestion

    def lookup(self, text: str) -> GlossaryTerm | None:
        """The glossary term `text` asks about ("what is PTS?", "define CDT", "什么是血栓后综合征")."""
        return self.glossary.lookup(text)

    # -- short and list questions --

    def _free(self, cq: CompiledQuestion, ans: Answer) -> Grade:
        q = cq.question
        scan = _scan(ans, cq.accepts + cq.misconceptions + cq.partials, cq.gate)
        chosen, extra, taken = _assign(scan.hits)
        if cq.list_mode:
            chosen = _cores_alone(ans, chosen)
        accepted = [h for h in chosen if h.target.role == "accept"]
        miscs = [h for h in chosen if h.target.role == "misconception"]
        partials = [h for h in chosen if h.target.role == "partial"]
        matched = tuple(self._match(ans, h, cq) for h in accepted)
        found = {h.target.id for h in accepted}
        missing = tuple(t.id for t in cq.accepts if t.id not in found)
        misconceptions = _misconceptions(miscs)
        negated = tuple(dict.fromkeys(
            h.m.phrase.text for h in scan.blocked
            if h.target.role == "accept" and h.m.negated_by is not None and h.target.id not in found
            and not (h.m.used & taken)
        ))
        need = max(1, kind_of(q).need(q))
        partial_answer: PartialAnswer | None = None
        best_partial = max(partials, key=lambda h: _owned(h.target, PartialAnswer).credit, default=None)
        if best_partial is not None:
            partial_answer = _owned(best_partial.target, PartialAnswer)
        unrecognised: tuple[str, ...] = ()
        if cq.list_mode:
            recognised = set(taken)
            for h in extra + scan.blocked + scan.nears:
                recognised |= h.m.used
            unrecognised = tuple(
                item for item in _unrecognised_items(ans, recognised)
                if not _scan(self._answer(cq, item), cq.accepts + cq.misconceptions + cq.partials, cq.gate).hits
            )
            # `when anticoagulation is contraindicated or fails`: an item that leaves out the words
            # it shares with the item before it.
            open_targets = [t for t in cq.accepts if t.id not in found]
            for item, text in _elided_items(ans, recognised) if open_targets and unrecognised else ():
                hits = [h for h in _scan(self._answer(cq, text), open_targets).hits if h.target.id not in found]
                if hits and item in unrecognised:
                    found.add(hits[0].target.id)
                    a, b = ans.norm.original.find(item), len(item)
                    matched += (Match(hits[0].target.id, hits[0].m.phrase.text, (a, a + b), 0, "alias"),)
                    unrecognised = tuple(u for u in unrecognised if u != item)
            missing = tuple(t.id for t in cq.accepts if t.id not in found)
        wrong = bool(misconceptions) or bool(unrecognised)
        common: dict[str, Any] = dict(matched=matched, missing=missing, misconceptions=misconceptions,
                                      negated=negated, unrecognised=unrecognised)
        n_found = len(found)

        # A one-answer question answered with alternatives, or with the key buried in a long text.
        if not cq.list_mode and found:
            # A misconception offered as an alternative (`Sydney or Canberra`) is hedging, not a slip.
            mine = set().union(*(h.m.used for h in miscs)) if miscs else set()
            judged = _one_answer_problem(
                ans, (taken - mine) | set().union(*(h.m.used for h in scan.blocked + scan.nears)),
                max(h.m.phrase.size for h in accepted), alternatives_only=bool(misconceptions))
            if judged is not None:
                return Grade("incorrect", 0.0, (judged,), **common)

        # Exclusivity: "anticoagulation alone" for a key that needs several parts.
        if cq.list_mode and need >= 2 and 0 < n_found < need:
            excl = [i for i in ans.neg.exclusive if i not in taken]
            if excl and not any(h.m.phrase.exclusive for h in accepted):
                word = ans.tokens[excl[0]].text
                return Grade("incorrect", 0.0, (msg("grade.leaves_out", word=word, need=need),), **common)

        # A near miss of a missing part ("Did you mean ...?") comes first, unless something wrong is named.
        # It may overlap a partial answer it contains (`adeqte anticoagulation`), not a found part.
        firm = set().union(*(h.m.used for h in chosen if h.target.role != "partial"))
        near = [h for h in scan.nears if h.target.role == "accept" and h.target.id not in found
                and not (h.m.used & firm)]
        if near and n_found < need and not misconceptions:
            return self._unclear(ans, near, common)
        if n_found == 0 and partial_answer is None:
            if misconceptions:
                return Grade("incorrect", 0.0, (_misconception(miscs),), **common)
            said = None if cq.list_mode or scan.blocked or negated else \
                chinese_paraphrase(ans, cq.accepts, cq.misconceptions + cq.partials)
            if said is not None:
                target, text = said
                common["matched"] = (Match(target.id, text, _chinese_span(ans), 0, "paraphrase"),)
                common["missing"] = tuple(t.id for t in cq.accepts if t.id != target.id)
                return Grade("correct", 1.0, (msg("grade.matched_paraphrase", accepted=text),), **common)
            return Grade("incorrect", 0.0, (_failure_reason(ans, scan),), **common)

        credit = min(n_found / need, 1.0)
        if partial_answer is not None and n_found < need:
            credit = max(credit, partial_answer.credit)
        if n_found >= need and not wrong:
            return Grade("correct", 1.0, _found_reasons(matched, q), partial_answer=None, **common)
        if n_found >= need and not misconceptions and len(unrecognised) == 1 and len(cq.accepts) > need:
            # All the items asked for from an open list (`name two of ...`), and one more the bank
            # does not know: instructors counted it right (3 of 3 in sets A-E). From a closed list
            # (a triad, the three Baltic states) the extra is more often wrong (`Poland`), so the
            # answer stays partial there (5 of 7 were counted right). The feedback names the extra.
            return Grade("correct", 1.0, (*_found_reasons(matched, q),
                                          msg("grade.not_recognised", items=_series([_quoted(unrecognised[0])]))),
                         partial_answer=None, **common)
        if wrong:
            credit = min(credit, 1 - 0.5 / need)
        reasons = _found_reasons(matched, q) if matched else (
            (msg("grade.partly_right", phrase=best_partial.m.phrase.text),) if best_partial else ())
        if misconceptions:
            reasons += (_misconception(miscs),)
        if unrecognised:
            reasons += (msg("grade.not_recognised", items=_series([_quoted(u) for u in unrecognised])),)
        if cq.list_mode and missing and n_found < need:
            reasons += (msg("grade.missing", labels=_series([_label(cq, i) for i in missing])),)
        return Grade("partial", round(credit, 4), reasons, partial_answer=partial_answer, **common)

    def _unclear(self, ans: Answer, near: list[_Hit], common: dict[str, Any]) -> Grade:
        best = min(near, key=lambda h: (len(h.m.near), h.m.skipped, -h.m.phrase.size, h.m.lo))
        slips = _series([msg("grade.slip", written=a, term=k) for k, a in best.m.near])
        return Grade(
            "unclear", 0.0, (msg("grade.close_to", phrase=best.m.phrase.text, slips=slips),),
            suggestion=best.m.phrase.text, near_span=ans.span(best.m.used), **common,
        )

    def _match(self, ans: Answer, h: _Hit, cq: CompiledQuestion) -> Match:
        ph = h.m.phrase
        owner = h.target.owner
        first = owner.accept[0] if isinstance(owner, Expectation) and owner.accept else ""
        if h.m.edits:
            via = "typo"
        elif ph.via in ("glossary", "kind"):
            via = "glossary"
        elif ph.via == "prompt":
            via = "prompt"
        else:
            via = "exact" if ph.text == first else "alias"
        return Match(h.target.id, ph.text, ans.span(h.m.used), h.m.edits, via)

    # -- numeric questions --

    def _numeric(self, cq: CompiledQuestion, ans: Answer) -> Grade:
        q = cq.question
        key = q.numeric
        assert key is not None
        exp_id = q.expectations[0].id if q.expectations else "answer"
        scan = _scan(ans, cq.misconceptions + cq.partials, cq.gate)
        chosen, _, _ = _assign(scan.hits)
        miscs = [h for h in chosen if h.target.role == "misconception"]
        misconceptions = _misconceptions(miscs)
        partials = [h for h in chosen if h.target.role == "partial"]
        good: list[tuple[int, Tok]] = []
        wrong: list[Msg] = []
        family: list[Msg] = []
        negated: list[str] = []
        same: list[tuple[int, Tok]] = []
        bare: list[tuple[int, Tok]] = []
        key_family = UNITS[key.unit][0]
        for i, t in enumerate(ans.tokens):
            if t.kind != "q" or t.qty is None:
                continue
            if key_family == "count" and _SCORE_OUT_OF.fullmatch(t.text) and _ASKS_SCORE.search(q.prompt):
                t = ans.tokens[i] = _points_scored(t)  # this answer's own tokens: read as the points
            assert t.qty is not None
            qty_family = as_read(t.qty, key).family
            if ans.neg.by[i]:
                negated.append(t.text)
            elif qty_family is None and key_family != "count" and _measured_in(ans, i):
                family.append(msg("grade.number_other_unit", number=t.text, unit=ans.tokens[i + 1].text))
            elif qty_family is None:
                bare.append((i, t))
            elif qty_family == key_family:
                same.append((i, t))
            else:
                family.append(compare(t.qty, key).reason)
        # Numbers with the key's kind of unit decide; bare numbers only when there are none.
        misses: list[tuple[Tok, Msg]] = []
        close: list[Tok] = []
        asked = question_sentence(q.prompt) if same or bare else ""
        for i, t in same or bare:
            assert t.qty is not None
            if len(same or bare) > 1 and _date_part(ans, t):
                continue
            bound = _whole_bound(ans, t.qty, key, asked)
            r = compare(bound, key)
            if r.ok:
                good.append((i, t))
            else:
                misses.append((t, r.reason))
                if r.close or (bound is not t.qty and compare(t.qty, key).ok) \
                        or _rounded_key(ans, t, key):  # `more than 15`: one off; `about 2%` for 1.7%
                    close.append(t)
        # `up to half of them, 20 to 50%`: a number inside a right range restates one of its ends;
        # `7 because [H+] = 10^-7`, `9 (3+3+1.5+1.5)`: once the first number given is right, the
        # numbers of its working or its reason are not a second answer; `14 July 1789`: a day.
        first_right = bool(good) and (not misses or good[0][1].start < min(t.start for t, _ in misses))
        wrong = [reason for t, reason in misses
                 if not any(_within(t, g) for _, g in good)
                 and not (first_right and _in_working(ans, good[0][1], t))
                 and not (good and _result_of(ans, good[-1][1], t))
                 and not any(_restated(ans, t, g, key) for _, g in good)]
        if good and miscs and _RESULT.search(ans.norm.text[:good[-1][1].start]):
            # a misconception's number inside the working of a right result (`(1/2)^4 = 1/16 = 6.25%`)
            last = good[-1][1]
            miscs = [h for h in miscs if not all(ans.tokens[i].end <= last.start and ans.tokens[i].kind == "q"
                                                 and _result_of(ans, last, ans.tokens[i]) for i in h.m.used)]
            misconceptions = _misconceptions(miscs)
        common: dict[str, Any] = dict(misconceptions=misconceptions, negated=tuple(negated))
        if good and not wrong:
            i, t = good[0]
            m = Match(exp_id, key.label, ans.span([i]), 0, "number")
            said = msg("grade.number_matches", number=t.text, expected=key.said)
            if misconceptions:
                return Grade("partial", 0.5, (said, _misconception(miscs)), matched=(m,), **common)
            return Grade("correct", 1.0, (said,), matched=(m,), **common)
        missing = (exp_id,)
        if good and wrong:
            return Grade("incorrect", 0.0, (msg("grade.more_than_one_number", why=wrong[0]),), missing=missing,
                         **common)
        if misconceptions:
            return Grade("incorrect", 0.0, (_misconception(miscs),), missing=missing, **common)
        if partials:
            best = max(partials, key=lambda h: _owned(h.target, PartialAnswer).credit)
            p = _owned(best.target, PartialAnswer)
            return Grade("partial", p.credit, (msg("grade.partly_right", phrase=best.m.phrase.text),),
                         missing=missing, partial_answer=p, **common)
        if wrong and len(close) == len(misses) and not family:
            return Grade("partial", 0.5, (wrong[0],), missing=missing, **common)
        if wrong:
            return Grade("incorrect", 0.0, (wrong[0],), missing=missing, **common)
        if family:
            return Grade("incorrect", 0.0, (family[0],), missing=missing, **common)
        if negated:
            return Grade("incorrect", 0.0, (msg("grade.negated", text=negated[0]),), missing=missing, **common)
        return Grade("incorrect", 0.0, (msg("grade.no_number"),), missing=missing, **common)

    # -- single best answer --

    def _choice(self, cq: CompiledQuestion, ans: Answer) -> Grade:
        scan = _scan(ans, cq.misconceptions, cq.gate)
        chosen, _, _ = _assign(scan.hits)
        misconceptions = _misconceptions([h for h in chosen if h.target.role == "misconception"])
        pick = _pick_option(ans, cq.options)
        if pick.target is None:
            if pick.suggestion is not None:
                return Grade("unclear", 0.0, (msg("grade.close_to_option", option=pick.suggestion),),
                             suggestion=pick.suggestion, missing=("answer",), near_span=pick.span,
                             misconceptions=misconceptions)
            return Grade("unclear" if pick.ambiguous else "incorrect", 0.0, (pick.reason,), missing=("answer",),
                         misconceptions=misconceptions)
        option = _owned(pick.target, Option)
        m = Match("answer", option.text, pick.span, pick.edits, pick.via)
        if option.correct:
            if misconceptions:
                return Grade("partial", 0.5, (msg("grade.chose_letter", letter=option.letter),
                                              msg("grade.misconception_too")),
                             matched=(m,), option=option, misconceptions=misconceptions)
            return Grade("correct", 1.0, (_chose(option),), matched=(m,), option=option)
        return Grade("incorrect", 0.0, (_chose(option),), missing=("answer",), option=option,
                     misconceptions=misconceptions)


# --- choosing an option ----------------------------------------------------------------------

_ANNOUNCED = (r"^(?:(?:the answer is|my answer is|answer is|option|answer|choice|choose|i choose|i pick|i'd pick|"
              r"pick|letter|答案是|答案|我选择?|选项?|选择)\s*[:：]?\s*)?")
_LETTER = re.compile(
    _ANNOUNCED + r"[(\[]?([a-z])[)\].:：]?\s*(?:项|选项)?\s*(?:吧|啊|呀|呢|嘛|吗)?\s*[?？]?$"
)
"""A letter alone, perhaps announced (`answer: B`, `选C`) or with a Chinese final particle (`A吧`)."""
_LETTER_PREFIX = re.compile(
    _ANNOUNCED + r"[(\[]?([a-z])(?:吧|啊)?(?:[)\].:：?？]\s*|\s*[-–—,，、(（]\s*|\s+(?=because\b|since\b|as\b)"
    r"|\s+(?=(?:i think|i guess|i believe|probably|maybe|perhaps)\b(?![\s,，]*[a-z]\s*(?:$|[,.;?!])))"
    r"|\s+(?=[\u4e00-\u9fff]{2})(?![超线二型族组级类期波段或还和与]))\S")
"""A letter followed by its reason, perhaps announced: `B. Argon`, `A - even low dose lysis is
unsafe`, `C because ...`, `option b, warfarin`, `选A，蛋白C先下降`, `A吧，32mm ...`, `A (BRIDGE)`,
`A 瑞利散射` (not a letter that begins a Chinese term: `B 超`, `X 线`, `D 二聚体`, `A 型`), or by a
doubt before its reason: `B? 深静脉是1秒`, `A I think, there was a trend`."""
_LETTER_SUFFIX = re.compile(
    r"(?:[,，;；.。:：]\s*(?:so\s+|hence\s+|therefore\s+|所以|因此)?(?:(?:it's|it is|the answer is|answer|option|"
    r"i'd pick|i pick|i choose|选择?|選擇?|答案是?)\s*)?|\s(?:so|hence|therefore)\s+(?:(?:it's|it is|option)\s+)?)"
    r"[(\[]?([a-z])[)\]]?\s*(?:吧|啊)?\s*[.!。！]?$")
"""A reason followed by its letter: `absolute CI, so A`, `腺苷释放导致心动过缓，选A`."""
_LONE_LETTER = re.compile(r"(?:^|[,;/，、]|\bor\b|\band\b|或者?|还是|和)\s*[(\[]?([a-z])[)\]]?\s*"
                          r"(?=$|[,;/，、]|\bor\b|\band\b|或|还是|和)")
"""A letter standing alone as an item: `A, B, C or D` and `B 或 C` name several options."""
_HEDGE = re.compile(r"^(?:i think|i guess|i believe|i'd say|i would say|i'd go with|i would go with|probably|"
                    r"maybe|perhaps|it's|it is|definitely|"
                    r"我觉得是?|我认为是?|我选|应该是|可能是|大概是)\s*[:：,，]?\s*")

_NOT_LETTER = re.compile(r"^(?:not|no|never|not option|不是|不选|非)\s*[(\[]?[a-z][)\]]?\s*[.!]?$")
"""A letter denied: `not A`, `不是B`."""
_TRAILING_HEDGE = re.compile(
    r"\s*[,，]?\s*(?:i think|i guess|i believe|probably|maybe|perhaps|吧|我觉得|我猜)\s*[?？.!]*$")
"""A hedge after the answer: `option A I think`, `B probably`."""


@dataclass(slots=True)
class _Pick:
    target: Target | None = None
    via: str = "option"
    span: tuple[int, int] = (0, 0)
    edits: int = 0
    suggestion: str | None = None
    ambiguous: bool = False
    reason: Msg = msg("grade.no_option")


def _pick_option(ans: Answer, targets: list[Target]) -> _Pick:
    text = _TRAILING_HEDGE.sub("", _HEDGE.sub("", ans.norm.text.strip(), count=1))
    letters = {t.id.lower(): t for t in targets}
    named = {m.group(1) for m in _LONE_LETTER.finditer(text)} & set(letters)
    if len(named) >= 2:
        return _Pick(reason=msg("grade.several_options", letters=_series(sorted(n.upper() for n in named))))
    if _NOT_LETTER.match(text):  # `not A` names no option
        return _Pick()
    m = _LETTER.match(text) or _LETTER_PREFIX.match(text) or _LETTER_SUFFIX.search(text)
    if m is not None and named - {m.group(1)}:  # `A. or B`: a second letter standing alone
        both = sorted(n.upper() for n in {*named, m.group(1)})
        return _Pick(reason=msg("grade.several_options", letters=_series(both)))
    if m is not None and m.group(1) in letters and not _negated_letter(ans):
        at = len(ans.norm.text) - len(ans.norm.text.lstrip()) + len(ans.norm.text.strip()) - len(text)
        return _Pick(letters[m.group(1)], "letter", ans.norm.span(at + m.start(1), at + m.end(1)))
    by_place = _pick_by_place(ans, text, targets)
    if by_place is not None:
        return by_place
    by_number = _pick_by_number(ans, targets)
    if by_number is not None:
        return by_number
    n_content = _content_weight(ans.tokens, range(len(ans.tokens)))
    if n_content == 0:
        return _Pick()
    scored: list[tuple[float, int, Target, frozenset[int], int, bool]] = []
    for t in targets:
        best: tuple[float, int, frozenset[int], int, bool] | None = None
        for ph in t.phrases:
            r = match_phrase(ans, ph)
            if isinstance(r, PhraseMatch) and r.ok:
                cov = _content_weight(ans.tokens, r.used) / n_content
                score = 1.0 + cov
                if best is None or score > best[0]:
                    best = (score, len(r.used) - r.forms, r.used, r.edits, False)
                continue
            used, n_keys, n_exact, n_near, blocked = _coverage(ans, ph)
            if blocked or not used:
                continue
            cov = _content_weight(ans.tokens, used) / n_content
            key_cov = n_keys / max(1, len(ph.keys))
            if cov >= 0.5 and (key_cov >= 0.3 or cov >= 0.99):
                score = cov * max(key_cov, 0.3)
                if best is None or score > best[0]:
                    best = (score, n_exact, frozenset(used), 0, n_near > 0)
        if best is not None:
            scored.append((best[0], best[1], t, best[2], best[3], best[4]))
    if not scored:
        return _pick_by_chinese_pairs(ans, targets)
    scored.sort(key=lambda s: (-s[0], -s[1]))
    top = scored[0]
    if len(scored) > 1 and scored[1][0] >= top[0] - 0.1 and scored[1][1] >= top[1]:
        names = _series([s[2].id for s in scored[:2]])
        return _Pick(ambiguous=True, reason=msg("grade.ambiguous_options", names=names))
    if top[5]:
        owner = top[2].owner
        return _Pick(suggestion=getattr(owner, "text", None), span=ans.span(top[3]))
    return _Pick(top[2], "option", ans.span(top[3]), top[4])


_PLACES = {"first": 0, "1st": 0, "one": 0, "second": 1, "2nd": 1, "two": 1, "third": 2, "3rd": 2, "three": 2,
           "fourth": 3, "4th": 3, "four": 3, "fifth": 4, "5th": 4, "five": 4, "last": -1}
_ORDINAL = r"(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+(?:one|option|answer|choice)\b"
_NUMBERED = r"(?:option|answer|choice)\s+(?:number\s+)?(one|two|three|four|five)\b"
_PLACE = re.compile(rf"(?:^|(?<=[,，;；.]\s))(?:the\s+)?{_ORDINAL}|^{_NUMBERED}")
"""An option named by its place in the list (`the first one`, `the last option`) or by its number
in words (`option two`), at the start of the answer or of a sentence."""
_ANY_PLACE = re.compile(rf"{_ORDINAL}|{_NUMBERED}|\b(?:second|third|fourth|fifth|last)\b")


def _pick_by_place(ans: Answer, text: str, targets: list[Target]) -> _Pick | None:
    m = _PLACE.search(text)
    if m is None or len(_ANY_PLACE.findall(text)) != 1 or _LONE_LETTER.search(text) \
            or any(t.kind == "w" and t.text in NEGATION_WORDS for t in ans.tokens):
        return None  # `the first one or the second`, `the first one is not it`: no one answer
    word = m.group(1) or m.group(2)
    k = _PLACES[word]
    if k >= len(targets):
        return None
    return _Pick(targets[k], "option")


def _pick_by_number(ans: Answer, targets: list[Target]) -> _Pick | None:
    """Options that differ by their numbers (`0.2 Gy`, `2 Gy`, `20 Gy`) answered with one number:
    `about 2 gray`, `小于1克每升`. The option whose number it is, when only one has it."""
    numbers = [(i, t.qty) for i, t in enumerate(ans.tokens) if t.kind == "q" and t.qty is not None]
    if not numbers:
        return _pick_by_number_in_words(ans, targets)
    if len(numbers) != 1 or ans.neg.by[numbers[0][0]]:
        return None
    i, mine = numbers[0]

    def has_it(target: Target) -> bool:
        # `2 days` is not `2 Gy` (a unit the option does not have); `2` may be `2 days`
        return any(k.kind == "q" and k.qty is not None and k.qty.same(mine)
                   and (mine.unit is None or k.qty.family == mine.family) for ph in target.phrases for k in ph.keys)

    found = [t for t in targets if has_it(t)]
    if len(found) != 1:
        return None
    return _Pick(found[0], "option", ans.span([i]))


def _pick_by_number_in_words(ans: Answer, targets: list[Target]) -> _Pick | None:
    """A number in words alone, no unit (`nineteen eighty-nine` for `1989`): the one option that
    is that number."""
    numbers = find_quantities(ans.norm.text, loose=True)
    if len(numbers) != 1 or any(t.kind == "w" and t.text in NEGATION_WORDS for t in ans.tokens):
        return None
    mine = numbers[0]
    found = [t for t in targets if any(len(ph.keys) == 1 and ph.keys[0].kind == "q" and ph.keys[0].qty is not None
                                       and ph.keys[0].qty.same(mine) for ph in t.phrases)]
    return _Pick(found[0], "option", ans.norm.span(mine.start, mine.end)) if len(found) == 1 else None


PAIRS_AT_LEAST = 0.3
PAIRS_AHEAD = 1.5
"""A Chinese answer in the learner's own words picks the option whose pairs of characters it
shares most (Dice similarity at least 0.3, and 1.5 times the next option's), when no option's
words are found as written."""


def _pick_by_chinese_pairs(ans: Answer, targets: list[Target]) -> _Pick:
    mine = _pairs_of(ans.cjk)
    if len(mine) < 2:
        return _Pick()
    negated = any(c in ZH_NEGATORS for c in ans.cjk)
    scores = []
    for t in targets:
        owner = t.owner
        written = (getattr(owner, "text", ""), *getattr(owner, "also", ()), *getattr(owner, "accept", ()))
        texts = [text for text in written if has_cjk(text)]
        if not texts:
            continue
        theirs = _pairs_of("".join(c if is_cjk(c) else "\x00" for c in normalise(" ".join(texts)).text))
        if not theirs:
            continue
        dice = 2 * len(mine & theirs) / (len(mine) + len(theirs))
        says_not = any(c in ZH_NEGATORS for text in texts for c in normalise(text).text)
        scores.append((dice, says_not, t))
    scores.sort(key=lambda s: -s[0])
    if not scores or scores[0][0] < PAIRS_AT_LEAST:
        return _Pick()
    if len(scores) > 1 and scores[0][0] < PAIRS_AHEAD * scores[1][0]:
        return _Pick()
    dice, says_not, best = scores[0]
    if says_not != negated:  # 不能 in one and not the other: the pairs cannot tell these apart
        return _Pick()
    return _Pick(best, "option", _chinese_span(ans))


def _chinese_span(ans: Answer) -> tuple[int, int]:
    """Where the answer's Chinese characters stand in what the learner wrote."""
    return ans.span(i for i, c in enumerate(ans.cjk) if c != "\x00")


def _pairs_of(cjk: str) -> set[str]:
    return {cjk[i:i + 2] for i in range(len(cjk) - 1) if "\x00" not in cjk[i:i + 2]}


def _negated_letter(ans: Answer) -> bool:
    return any(ans.neg.by[i] for i, t in enumerate(ans.tokens) if t.kind == "w" and len(t.text) == 1)


def _content_weight(tokens: list[Tok], ids: Any) -> float:
    w = 0.0
    for i in ids:
        t = tokens[i]
        if t.kind == "w" and t.text not in STOPWORDS and t.text not in FILLER:
            w += 1
        elif t.kind == "c":
            w += 0.5
        elif t.kind == "q":
            w += 1
    return w


def _coverage(ans: Answer, ph: Any) -> tuple[set[int], int, int, int, bool]:
    """How much of a long option text the answer names.

    Returns (tokens used, keys found, keys found exactly, keys found only as near misses, blocked).
    """
    used: set[int] = set()
    n_keys = n_exact = n_near = 0
    for key in ph.keys:
        if key.kind in ("c", "q"):  # Chinese terms and quantities: found exactly or not at all
            found = ans.find_cjk(key.text) if key.kind == "c" else ans.find_qty(key.qty, key.bound)
            spots = [s for s in found if not used.intersection(s)]
            if spots:
                used.update(spots[0])
                n_keys += 1
                n_exact += 1
            continue
        cands = ans.candidates(key.text)
        if any(c.kind == "opposite" for c in cands) and key.kind == "f":
            return used, n_keys, n_exact, n_near, True
        ok = [c for c in cands if c.kind in ("exact", "form", "typo") and not used.intersection(c.idx)]
        if key.kind == "f":
            ok = [c for c in ok if c.kind != "typo"]
        if ok:
            ok.sort(key=lambda c: (c.kind != "exact", c.cost))
            used.update(ok[0].idx)
            n_keys += 1
            n_exact += ok[0].kind == "exact"
            continue
        near = [c for c in cands if c.kind == "near" and not used.intersection(c.idx)]
        if near:
            used.update(near[0].idx)
            n_keys += 1
            n_near += 1
    if used and ans.neg.negating(frozenset(used)) is not None:
        return used, n_keys, n_exact, n_near, True
    return used, n_keys, n_exact, n_near, False


# --- helpers -----------------------------------------------------------------------------------


_OR = frozenset({"or", "/", "或", "还是"})
_ALTERNATIVE_SEPS = _OR | {",", "，", ";", "；", "、"}
LONG_ANSWER = 30
"""Content words beyond the matched answer from which an answer says too much else to be judged
right: a key pasted into unrelated text is not an answer."""


def _one_answer_problem(ans: Answer, recognised: set[int], key_size: int, *,
                        alternatives_only: bool = False) -> Msg | None:
    """Why an answer to a one-answer question that names the key is still not right, or None.

    `alternatives_only`: the answer names a misconception too, and is judged on that already
    (partial) unless it offers it as an alternative."""
    items: list[tuple[list[int], str]] = [([], "")]  # token ids, the separator before the item
    toks = ans.tokens
    for i, t in enumerate(toks):
        if t.kind == "p" and t.text in _ALTERNATIVE_SEPS and (t.text != "/" or _between_words(ans, i)) \
                or _chinese_or(ans, i):
            items.append(([], t.text))
        else:
            items[-1][0].append(i)
    others = []
    # Words of the recognised answer: an item that shares one qualifies the same answer
    # (`contraindicated or recurrent PE despite anticoagulation`), and so does a short item right
    # after it that leaves the shared words out (`contraindicated or fails`).
    shared = {toks[i].text for i in recognised if toks[i].kind == "w" and len(toks[i].text) >= 4
              and toks[i].text not in STOPWORDS}
    aside = _conditional_asides(ans)
    for n, (ids, sep) in enumerate(items):
        content = [i for i in ids if not _is_filler(ans.tokens[i]) and ans.tokens[i].kind != "p"]
        if not content or any(i in recognised for i in ids) or any(ans.neg.by[i] for i in content) \
                or all(i in aside for i in content):
            continue
        prev_recognised = n > 0 and any(i in recognised for i in items[n - 1][0])
        if any(toks[i].text in shared for i in content) or (prev_recognised and len(content) <= 2
                                                            and all(toks[i].kind == "w" for i in content)
                                                            and _verb_like(ans, content)):
            continue
        after = items[n + 1][1] if n + 1 < len(items) else ""
        others.append((sep in _OR or after in _OR, ans.snippet(ids)))
    if any(alt for alt, _ in others):
        return msg("grade.alternatives", answers=_series([_quoted(o) for _, o in others]))
    if alternatives_only:
        return None
    if len(others) >= 2:
        return msg("grade.several_answers", answers=_series([_quoted(o) for _, o in others[:3]]))
    stray = sum(1 for i, t in enumerate(ans.tokens) if i not in recognised and not _is_filler(t) and t.kind != "p")
    if stray > max(LONG_ANSWER, key_size // 2):
        return msg("grade.too_long")
    return None


_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
_WORKING = frozenset({"(", "（", ":", "：", "because", "since", "as", "at", "=", "/", "of", "out", "with", "from",
                      "so"})


MEASURES = frozenset({
    "ml", "l", "dl", "mg", "g", "kg", "mcg", "ug", "ng", "mmol", "umol", "mmhg", "kpa", "cm", "mm", "m", "km",
    "msv", "sv", "gy", "mgy", "iu", "units", "bpm", "sec", "seconds", "mins", "degrees", "c", "f",
})
"""Units of measure the grader does not convert: a number written with one (`30-40 ml`, `25 mSv`)
is not read as a rate, a time or a sum of money. A `count` key is the author's own measure
(`30` for 30 mL/kg), so there it is read."""


_ABOVE = re.compile(r"(?:\bmore than|\bgreater than|\bhigher than|\babove|\bover|>|大于|超过|高于)\s*$")
_BELOW = re.compile(r"(?:\bless than|\bfewer than|\blower than|\bbelow|\bunder|<|小于|低于)\s*$")
_NOT_BOUND = re.compile(r"(?:不|未|\bnot|\bno|\bnever)\s*$")


def _whole_bound(ans: Answer, qty: Quantity, key: NumericKey, prompt: str) -> Quantity:
    """A strict bound on a whole count is the next whole number: `over 14` (or `>14`) says 15 or
    more, and `more than 15` says 16 or more, not 15 (`15 or more`, `at least 15`, `≥15` and
    `not more than 15` say 15). Not where the question asks for the bound that way itself (`What
    urate should treatment keep him below?`): `<360` then names the 360 asked for."""
    if key.unit != "count" or key.is_range or not float(key.low).is_integer():
        return qty
    before = ans.norm.text[max(0, qty.start - 20):qty.start]
    above, below = _ABOVE.search(before), _BELOW.search(before)
    bound = above or below
    if bound is None or _NOT_BOUND.search(before[:bound.start()]):  # `not more than 10`, `不超过10`: at most 10
        return qty
    if (ASKED_ABOVE if above else ASKED_BELOW).search(prompt):
        return qty
    return inclusive(qty, ">" if above else "<")[0]


_CONDITIONS = frozenset({"if", "unless", "when", "where", "如果", "若"})


def _conditional_asides(ans: Answer) -> set[int]:
    """Tokens inside brackets that give a choice for a case (`CTPA (or V/Q if contrast is
    contraindicated)`): a plan for another case, not a second answer offered for this one."""
    out: set[int] = set()
    opened: list[int] = []
    for i, t in enumerate(ans.tokens):
        if t.kind == "p" and t.text in "(（":
            opened.append(i)
        elif t.kind == "p" and t.text in ")）" and opened:
            start = opened.pop()
            if any(ans.tokens[j].text in _CONDITIONS for j in range(start + 1, i)):
                out.update(range(start + 1, i))
    return out


def _chinese_or(ans: Answer, i: int) -> bool:
    """`或` and `或者` between two Chinese answers say `or` (`或许`, maybe, and `或然`, probable, do not):
    the tokens keep Chinese characters as characters, so the separator is read here. Inside brackets
    it offers a second choice for a case the bracket names (`阿莫西林(青霉素过敏用多西环素或克拉霉素)`)."""
    toks = ans.tokens
    if toks[i].kind != "c" or toks[i].text != "或" or i == 0 or i + 1 >= len(toks):
        return False
    opened = sum(1 for t in toks[:i] if t.text in "(（") - sum(1 for t in toks[:i] if t.text in ")）")
    return toks[i + 1].text not in ("许", "然") and opened <= 0


def _measured_in(ans: Answer, i: int) -> bool:
    nxt = ans.tokens[i + 1] if i + 1 < len(ans.tokens) else None
    return nxt is not None and nxt.kind == "w" and nxt.text in MEASURES and nxt.start <= ans.tokens[i].end + 1


def _date_part(ans: Answer, t: Tok) -> bool:
    """A day of the month beside its month (`14 July`, `July 14th`): part of a date, not an answer."""
    i = ans.tokens.index(t)
    near = [ans.tokens[j] for j in (i - 1, i + 1) if 0 <= j < len(ans.tokens)]
    return t.qty is not None and t.qty.unit is None and t.qty.low <= 31 and any(
        n.kind == "w" and n.text in _MONTHS for n in near)


def _in_working(ans: Answer, first: Tok, t: Tok) -> bool:
    """`t` comes after the first number, behind a bracket, a colon or a word that begins working or
    a reason; never behind an `or` (`6 (or 7)`, `6: or 7` offer a second answer)."""
    between = [x for x in ans.tokens if first.end <= x.start < t.start]
    if any(x.text in ("or", "或", "还是") for x in between):
        return False
    return any(x.text in _WORKING for x in between) or any(w in ans.norm.text[first.end:t.start] for w in _WORKING_ZH)


_WORKING_ZH = ("因为", "由于", "根据")
_RESTATED = re.compile(r"\s*[(（]\s*(?:about|approx\w*|around|roughly|i\.?e\.?|~|约|即)?\s*")
RESTATE_SPREAD = 1.25
"""How far apart (as a ratio) a number and its restatement in brackets may be: months and days
do not convert exactly (`1-2 months (29-54 d)`)."""


_SCORE_OUT_OF = re.compile(r"(\d+)\s*(?:/|out of)\s*(\d+)")
_ASKS_SCORE = re.compile(r"\bscores?\b|\bpoints?\b|评分|得分|几分", re.IGNORECASE)


def _points_scored(t: Tok) -> Tok:
    """`4/9`, `4 out of 9` for a score the question asks: 4 points of a scale's 9, not 44%."""
    m = _SCORE_OUT_OF.fullmatch(t.text)
    assert m is not None and t.qty is not None
    points, out_of = int(m.group(1)), int(m.group(2))
    if points > out_of:
        return t
    return replace(t, qty=Quantity(points, points, None, start=t.qty.start, end=t.qty.end))


_ROUGHLY = re.compile(r"(?:\babout|\baround|\bapprox\w*|\broughly|\bnearly|\balmost|~|约|大约|大概)\s*$")
_DIGITS = re.compile(r"\d+(?:\.(\d+))?")


def _rounded_key(ans: Answer, t: Tok, key: NumericKey) -> bool:
    """`about 2%` for 1.7%, `around 14%` for 14.4%, `约6%` for 6.25%: a one-value key rounded to
    the places the learner wrote, said as a rough figure. Near it, not it: part of the credit."""
    q = t.qty
    if q is None or q.is_range or key.is_range or q.unit not in (None, key.unit) \
            or _ROUGHLY.search(ans.norm.text[:t.start]) is None:
        return False
    written = _DIGITS.search(t.text)
    step = 10.0 ** -len(written.group(1) or "") if written else 1.0
    conv = in_key_units(q, key)
    return conv is not None and conv[0] != key.low and abs(conv[0] - key.low) <= step / 2


def _restated(ans: Answer, t: Tok, right: Tok, key: NumericKey) -> bool:
    """`about 1-2 months (29-54 d)`: the right number in brackets right after `t` says the same
    amount in other units (their spans meet, give or take RESTATE_SPREAD), so it is one answer."""
    if right.start < t.end or _RESTATED.fullmatch(ans.norm.text, t.end, right.start) is None:
        return False
    assert t.qty is not None and right.qty is not None
    mine, theirs = in_key_units(t.qty, key), in_key_units(right.qty, key)
    if mine is None or theirs is None or t.qty.unit == right.qty.unit or min(mine) <= 0:
        return False
    return mine[0] <= theirs[1] * RESTATE_SPREAD and theirs[0] <= mine[1] * RESTATE_SPREAD \
        and max(mine[1] / theirs[1], theirs[1] / mine[1]) <= RESTATE_SPREAD
_RESULT = re.compile(r"(?:=|≈|~=|\bso|\btherefore|\bhence|\bgives|→|->|所以|因此|约等于)\s*(?:about|approx\w*|约)?\s*$")


def _result_of(ans: Answer, last: Tok, t: Tok) -> bool:
    """A calculation that ends in the answer (`NNT = 1/0.145 ≈ 7`, `27 × 2 = 54 mg`): its numbers
    before the `=` that gives the last, right one are the working, not second answers."""
    text = ans.norm.text
    return t.start < last.start and _RESULT.search(text[t.end:last.start]) is not None \
        and not any(x.kind == "q" and x.start > last.start for x in ans.tokens)




def _verb_like(ans: Answer, ids: list[int]) -> bool:
    """`fails`, `failed`, `recurs`: a predicate left without its subject, not a second answer (a
    word the course or the medical word list knows, `filters`, `thrombolysis`, is a term)."""
    return all(ans.tokens[i].text.endswith(("s", "ed", "ing")) and ans.tokens[i].text not in ans.vocab
               for i in ids)


def _between_words(ans: Answer, i: int) -> bool:
    """`CDT/PMT` or `CDT / PMT`, not the `/` of `[/bold]`."""
    text, t = ans.norm.text, ans.tokens[i]
    before, after = text[t.start - 1:t.start], text[t.end:t.end + 1]
    return (before.isalnum() or before == " ") and (after.isalnum() or after == " ")


def _within(t: Tok, outer: Tok) -> bool:
    assert t.qty is not None and outer.qty is not None
    if t.qty.family != outer.qty.family:
        return False
    (lo, hi), (olo, ohi) = t.qty.base(), outer.qty.base()
    return outer.qty.is_range and olo <= lo and hi <= ohi


def _misconceptions(hits: list[_Hit]) -> tuple[Misconception, ...]:
    """The misconceptions matched, most specific (longest matched phrasing) first."""
    ordered = sorted(hits, key=lambda h: (-len(h.m.used), -h.m.phrase.size))
    return tuple(h.target.owner for h in ordered if isinstance(h.target.owner, Misconception))


def _all_ids(q: Question) -> tuple[str, ...]:
    return kind_of(q).parts(q)


def _quoted(text: str) -> Msg:
    """Learner or course text as one quoted item of a list; the catalogue says how to quote."""
    return msg("grade.quoted", text=text)


def _series(items: list[Msg] | list[str]) -> object:
    """Items as one list parameter: the first, then the rest (the catalogue's `grade.series`)."""
    if len(items) == 1:
        return items[0]
    return msg("grade.series", first=items[0], rest=_series(items[1:]))


def _misconception(miscs: list[_Hit]) -> Msg:
    return msg("grade.misconception", phrase=miscs[0].m.phrase.text)


def _chose(option: Option) -> Msg:
    return msg("grade.chose", letter=option.letter, text=option.text)


def _label(cq: CompiledQuestion, exp_id: str) -> str:
    for t in cq.accepts:
        if t.id == exp_id:
            e = _owned(t, Expectation)
            return e.label
    return exp_id


def _found_reasons(matched: tuple[Match, ...], q: Question) -> tuple[Msg, ...]:
    """One part per accepted answer found; a list question's count leads the first."""
    parts = [_found(m) for m in matched]
    if parts and kind_of(q).list_mode:
        parts[0] = msg("grade.found_of", found=len(matched), need=q.need, match=parts[0])
    return tuple(parts)


def _found(m: Match) -> Msg:
    if m.edits == 1:
        return msg("grade.matched_typo", accepted=m.accepted)
    if m.edits:
        return msg("grade.matched_typos", accepted=m.accepted, typos=m.edits)
    if m.via == "glossary":
        return msg("grade.matched_glossary", accepted=m.accepted)
    return msg("grade.matched", accepted=m.accepted)


def _list_items(ans: Answer) -> list[list[int]]:
    """The token ids of each item of a list answer, split at the item separators."""
    from .match import is_item_sep

    items: list[list[int]] = [[]]
    for i, t in enumerate(ans.tokens):
        if is_item_sep(t):
            items.append([])
        else:
            items[-1].append(i)
    return items


def _unrecognised_items(ans: Answer, recognised: set[int]) -> tuple[str, ...]:
    """Items of a list answer that match nothing: each is a wrong item."""
    out = []
    items = _list_items(ans)
    for n, item in enumerate(items):
        if not item or any(i in recognised for i in item):
            continue
        content = [i for i in item if not _is_filler(ans.tokens[i])]
        if not content or any(ans.neg.by[i] for i in content) or _enumeration_marker(ans, item):
            continue
        if ans.tokens[item[0]].text in ("eg", "ie") and n > 0 and any(i in recognised for i in items[n - 1]):
            continue  # `inflammation, e.g. pneumonia`: an example of the item before, not another item
        out.append(ans.snippet(item))
    return tuple(out)


def _enumeration_marker(ans: Answer, item: list[int]) -> bool:
    """`1.` or `2)` at the start of a line of a list answer numbers the item after it: no item."""
    if len(item) != 1:
        return False
    i, toks, text = item[0], ans.tokens, ans.norm.text
    t = toks[i]
    line_start = text.rfind("\n", 0, t.start) + 1
    return t.kind == "q" and t.text.isdigit() and not text[line_start:t.start].strip() \
        and i + 1 < len(toks) and toks[i + 1].text in (".", ")")


def _elided_items(ans: Answer, recognised: set[int]) -> list[tuple[str, str]]:
    """Short unrecognised items of a list answer read with the words they share with the item
    before (`fails` after `anticoagulation is contraindicated` is read as `anticoagulation fails`)
    or with the noun they share with the item after (`type I` before `type II error` is read as
    `type I error`). (item as written, the item with the shared words restored)."""
    items = _list_items(ans)
    words = [[i for i in item if not _is_filler(ans.tokens[i])] for item in items]
    out = []
    for n, item in enumerate(items):
        content = words[n]
        if not content or len(content) > 2 or any(i in recognised for i in item):
            continue
        text = [ans.tokens[i].text for i in content]
        if n > 0 and len(words[n - 1]) >= 2:
            out.append((ans.snippet(item), " ".join([*(ans.tokens[i].text for i in words[n - 1][:-1]), *text])))
        if n + 1 < len(items) and len(words[n + 1]) >= 2:
            out.append((ans.snippet(item), " ".join([*text, ans.tokens[words[n + 1][-1]].text])))
            if len(words[n + 1]) >= 3:  # `surgery or immobilisation within 4 weeks`: `surgery within 4 weeks`
                out.append((ans.snippet(item), " ".join([*text, *(ans.tokens[i].text for i in words[n + 1][1:])])))
    return out


def _is_filler(t: Tok) -> bool:
    if t.kind == "w":
        return t.text in STOPWORDS or t.text in FILLER
    if t.kind == "c":
        return t.text in "的了是等我们你他她它这那有和及"
    return False


def _failure_reason(ans: Answer, scan: _Scan) -> Msg:
    """Why nothing was accepted: the first of a negation, a reversing word, a near opposite or
    a different term found, else that no accepted answer was found."""
    for h in scan.blocked:
        if h.target.role in ("accept", "partial") and h.m.negated_by is not None:
            t = h.m.negated_by
            used = set(h.m.used) | set(range(*ans.neg.triggers[t]))
            return msg("grade.negated", text=ans.snippet(used))
    for h in scan.blocked:
        if h.target.role in ("accept", "partial") and h.m.problem.startswith("flipped:"):
            word = h.m.problem.split(":", 1)[1]
            return msg("grade.flipped", word=word, phrase=h.m.phrase.text)
    by_kind: dict[str, Miss] = {}
    for miss in scan.misses:
        by_kind.setdefault(miss.kind, miss)
    if "flip" in by_kind:
        m = by_kind["flip"]
        return msg("grade.opposite_not", word=m.answer_word, term=m.key)
    if "opposite" in by_kind:
        m = by_kind["opposite"]
        if m.key == "↓":
            return msg("grade.opposite_more", word=m.answer_word)
        if m.key == "↑":
            return msg("grade.opposite_less", word=m.answer_word)
        return msg("grade.opposite", word=m.answer_word, term=m.key)
    if "diff" in by_kind:
        m = by_kind["diff"]
        return msg("grade.different_term", word=m.answer_word, term=m.key)
    # a short term one letter off: SVC for IVC, CTD for CDT
    from rapidfuzz.distance import OSA

    words = [t.text for t in ans.tokens if t.kind == "w"]
    for miss in scan.misses:
        if miss.kind == "missing" and 1 < len(miss.key) <= 4:
            for w in words:
                if w != miss.key and len(w) == len(miss.key) and OSA.distance(w, miss.key) <= 1:
                    return msg("grade.short_term_exact", word=w, term=miss.key)
    return msg("grade.none_found")
