"""The review queue: the answers the grader did not accept, grouped so an instructor decides once per group.

Answers come in as plain records (`ReviewAnswer`), wherever they were stored: the local store
(`answers_from_store`) or a class's progress exports (`answers_from_class`). For each question,
every answer called incorrect, partial or unclear, and every contested one, is clustered
(Powergrading's idea: grade a group of similar answers at once):

1. each answer is reduced to a key with the grader's own normalisation and tokens (case,
   accents, traditional Chinese, word forms, British spelling and word order stop mattering);
   answers with the same key form one group at once;
2. the groups, largest first, are clustered around leaders by rapidfuzz similarity of their
   keys: a group joins the most similar leader at or above `THRESHOLD`, else leads a cluster.

Meaning stays first, as in the grader: two answers are never put together when they differ in a
word that flips meaning (negations, directions, `alone`), a number, an abbreviation (IVC/SVC, PE),
their Chinese characters, or in two real words (thrombosis/thrombolysis): only a misspelling
(a word the course does not know) is read as a slip of another.

Each cluster is then graded again with the current bank, so the queue shows today's verdict
and reason; answers the bank now accepts, and answers already written into the question's
examples, are left out (they have been decided).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..grading.normalize import has_cjk, is_cjk, normalise
from ..grading.tokens import DIRECTION, FILLER, FLIPPERS, FRAMING, STOPWORDS, family, stem, tokenize, wordlist
from ..texts import Msg

if TYPE_CHECKING:
    from ..grading.grader import Grader
    from ..model import Course, Question
    from .class_results import ClassResults

THRESHOLD = 85.0
"""rapidfuzz similarity (0-100) of two keys for their answers to share a cluster."""
NOT_ACCEPTED = frozenset({"incorrect", "partial", "unclear"})
_NEGATION_CUES = frozenset({"no", "not", "without", "never", "none", "neither", "nor", "avoid", "avoiding", "except",
                            "against", "instead", "rather", "ruled", "rule", "unnecessary", "wrong", "incorrect"})
_NUMBER_WORDS = wordlist("""zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty
fifty sixty seventy eighty ninety hundred thousand million billion half third quarter twice double triple""")
_IGNORED = STOPWORDS | FRAMING | FILLER


@dataclass(frozen=True)
class ReviewAnswer:
    """One stored answer, wherever it came from."""

    gid: str
    answer: str
    verdict: str
    """The verdict the learner was given."""
    contested: bool = False
    comment: str = ""
    """The learner's comment when contesting."""
    student: str = ""


@dataclass
class Member:
    """One way an answer was written: how many times, with the verdicts given and the contests."""

    answer: str
    count: int = 0
    contested: int = 0
    comments: list[str] = field(default_factory=list)
    given: Counter[str] = field(default_factory=Counter)


@dataclass
class Cluster:
    """Similar answers to one question, decided together."""

    gid: str
    key: str
    """The leader's key (guard and words): names the cluster across runs."""
    members: list[Member]
    """Distinct answers as written, most frequent first; the first is the cluster's leader."""
    verdict: str = ""
    """Today's verdict on the leader, with the current bank (every member gets the same kind)."""
    credit: float = 0.0
    reason: str = ""
    unrecognised: tuple[str, ...] = ()
    """List questions: the leader's items that matched no group (what an instructor would accept)."""
    reasons: tuple[Msg, ...] = field(default=(), compare=False)
    """`reason` as messages, for the queue in the language it is printed in (`reason` is English)."""

    @property
    def count(self) -> int:
        return sum(m.count for m in self.members)

    @property
    def contested(self) -> int:
        return sum(m.contested for m in self.members)

    @property
    def comments(self) -> list[str]:
        return [c for m in self.members for c in m.comments]

    @property
    def given(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for m in self.members:
            total.update(m.given)
        return total

    @property
    def answer(self) -> str:
        return self.members[0].answer

    @property
    def id(self) -> str:
        """Stable across runs over the same answers: the question and the leader's key."""
        return hashlib.blake2b(f"{self.gid}\0{self.key}".encode(), digest_size=5).hexdigest()

    def examples(self, limit: int = 5) -> list[str]:
        """The most frequent ways it was written: what goes into the question's examples."""
        return [m.answer for m in self.members[:limit]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "cluster": self.id, "answer": self.answer, "count": self.count, "contested": self.contested,
            "members": [{"answer": m.answer, "count": m.count} for m in self.members],
            "given": dict(self.given), "verdict": self.verdict, "credit": round(self.credit, 4),
            "reason": self.reason, "unrecognised": list(self.unrecognised), "comments": self.comments,
        }


@dataclass
class QuestionQueue:
    """A question's clusters, largest first."""

    question: Question
    clusters: list[Cluster]
    resolved: int = 0
    """Gathered answers left out: today's bank accepts them, or they are already examples."""

    def as_dict(self) -> dict[str, Any]:
        q = self.question
        return {
            "question": q.gid, "kind": q.kind, "prompt": q.prompt, "file": q.loc.path,
            "expectations": [e.id for e in q.expectations] if q.kind in ("short", "list") else [],
            "answers": sum(c.count for c in self.clusters), "resolved": self.resolved,
            "clusters": [c.as_dict() for c in self.clusters],
        }


# -- keys and clustering (no grader needed) -----------------------------------------------------------


@dataclass(frozen=True)
class Keyed:
    key: str
    """Content words (as word families), sorted, then the Chinese characters: what similarity compares."""
    guard: tuple[str, ...]
    """What must be equal for two answers to share a cluster: flippers, numbers, short terms, Chinese."""
    words: tuple[str, ...]
    """The content words as the grader spells them (for the real-word check)."""

    @property
    def full(self) -> str:
        """Key and guard together: equal for answers the exact step groups."""
        return " ".join(self.guard) + "|" + self.key


@lru_cache(maxsize=65536)
def keyed(text: str) -> Keyed:
    """The clustering key of an answer, from the grader's own normalisation and tokens."""
    norm = normalise(text)
    toks = tokenize(norm, numbers=any(c.isdigit() for c in norm.text) or has_cjk(norm.text))
    words: list[str] = []
    guard: list[str] = []
    cjk: list[str] = []
    for t in toks:
        if t.kind == "q":
            guard.append(t.text)
        elif t.kind == "c":
            cjk.append(t.text)
        elif t.kind == "w":
            w = t.text
            if w in FLIPPERS or w in _NEGATION_CUES or w in DIRECTION or w in _NUMBER_WORDS or w.isdigit():
                guard.append(w)
            elif w in _IGNORED:
                continue
            elif len(w) <= 3:
                guard.append(w)  # abbreviations get no spelling allowance (IVC/SVC, PE, CDT/PMT)
            else:
                words.append(w)
    zh = "".join(c for c in cjk if is_cjk(c))
    if zh:
        guard.append(zh)
    key = " ".join(sorted(_word_key(w) for w in words))
    return Keyed(key, tuple(sorted(guard)), tuple(words))


def _word_key(w: str) -> str:
    return family(w) or stem(w)


def cluster_answers(gid: str, answers: Iterable[ReviewAnswer], known: frozenset[str] = frozenset(),
                    threshold: float = THRESHOLD) -> list[Cluster]:
    """One question's answers in clusters, largest first. `known`: the words the course uses (a
    difference in two of them keeps answers apart)."""
    from rapidfuzz import fuzz, process

    groups: dict[tuple[tuple[str, ...], str], dict[str, Member]] = {}
    for a in answers:
        k = keyed(a.answer)
        members = groups.setdefault((k.guard, k.key), {})
        m = members.get(a.answer)
        if m is None:
            m = members[a.answer] = Member(a.answer)
        m.count += 1
        m.given[a.verdict] += 1
        if a.contested:
            m.contested += 1
            if a.comment:
                m.comments.append(a.comment)
    made = {gk: Cluster(gid, keyed(next(iter(ms))).full, _by_count(list(ms.values()))) for gk, ms in groups.items()}
    ordered = sorted(made.items(), key=lambda kv: (-kv[1].count, kv[1].answer))
    buckets: dict[tuple[str, ...], _Leaders] = {}
    out: list[Cluster] = []
    for (guard, key), c in ordered:
        leaders = buckets.setdefault(guard, _Leaders())
        target = None
        if key:
            cands = sorted(leaders.candidates(key))
            best = process.extract(key, [leaders.keys[i] for i in cands], scorer=fuzz.ratio,
                                   score_cutoff=threshold, limit=5)
            for _, _score, j in best:
                i = cands[j]
                if _same_words(c, leaders.clusters[i], known):
                    target = leaders.clusters[i]
                    break
        if target is None:
            leaders.add(key, c)
            out.append(c)
        else:
            _merge(target, c)
    out.sort(key=lambda c: (-c.count, c.answer))
    return out


class _Leaders:
    """The cluster leaders of one guard, indexed by the first and last three letters of each word:
    a slip leaves one end of a word as it was, so a leader a few slips away shares an entry, and
    only those leaders are compared (all of them would make the step quadratic)."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.clusters: list[Cluster] = []
        self.index: dict[str, list[int]] = {}

    @staticmethod
    def _blocks(key: str) -> set[str]:
        return {b for w in key.split() for b in ("<" + w[:3], ">" + w[-3:])}

    def candidates(self, key: str) -> set[int]:
        found: set[int] = set()
        for b in self._blocks(key):
            found.update(self.index.get(b, ()))
        return found

    def add(self, key: str, c: Cluster) -> None:
        i = len(self.keys)
        self.keys.append(key)
        self.clusters.append(c)
        for b in self._blocks(key):
            self.index.setdefault(b, []).append(i)


def _same_words(a: Cluster, b: Cluster, known: frozenset[str]) -> bool:
    """False when each answer has a real word the other lacks: two terms, not a slip."""
    wa, wb = keyed(a.answer).words, keyed(b.answer).words
    fa, fb = {_word_key(w) for w in wa}, {_word_key(w) for w in wb}
    only_a = [w for w in wa if _word_key(w) not in fb]
    only_b = [w for w in wb if _word_key(w) not in fa]
    return not (any(w in known for w in only_a) and any(w in known for w in only_b))


def _merge(into: Cluster, other: Cluster) -> None:
    into.members = _by_count(into.members + other.members)


def _by_count(members: list[Member]) -> list[Member]:
    return sorted(members, key=lambda m: (-m.count, m.answer))


# -- the queue -------------------------------------------------------------------------------------------


def needs_review(a: ReviewAnswer) -> bool:
    return a.contested or a.verdict in NOT_ACCEPTED


def build_queue(course: Course, grader: Grader, answers: Iterable[ReviewAnswer],
                gids: set[str] | None = None) -> tuple[list[QuestionQueue], list[str]]:
    """The review queue, in the course's question order, and a note per question no longer in the course."""
    by_gid: dict[str, list[ReviewAnswer]] = {}
    for a in answers:
        if a.answer.strip() and needs_review(a) and (gids is None or a.gid in gids):
            by_gid.setdefault(a.gid, []).append(a)
    notes = [f"{gid}: {len(rows)} answers to a question no longer in the course" for gid, rows in
             sorted(by_gid.items()) if course.question(gid) is None]
    known = grader.vocab
    queues: list[QuestionQueue] = []
    for q in course.questions():
        rows = by_gid.get(q.gid)
        if not rows:
            continue
        decided = {keyed(ex.text) for ex in q.examples}
        kept = [a for a in rows if keyed(a.answer) not in decided]
        resolved = len(rows) - len(kept)
        clusters: list[Cluster] = []
        for c in cluster_answers(q.gid, kept, known):
            kept_members, left = _split_by_grade(c, q, grader)
            resolved += left
            clusters.extend(kept_members)
        clusters.sort(key=lambda c: (-c.count, c.answer))
        if clusters:
            queues.append(QuestionQueue(q, clusters, resolved))
    return queues, notes


def _split_by_grade(c: Cluster, q: Question, grader: Grader) -> tuple[list[Cluster], int]:
    """The cluster split where today's bank treats its members differently (a typo of one term
    graded as a misconception beside another term that matches nothing), and how many answers it
    now accepts (left out unless contested)."""
    parts: dict[tuple[str, str], Cluster] = {}
    resolved = 0
    for m in c.members:
        g = grader.grade(q, m.answer)
        if g.verdict == "correct" and not m.contested:
            resolved += m.count
            continue
        kind = (g.verdict, g.misconceptions[0].id if g.misconceptions else "")
        part = parts.get(kind)
        if part is None:
            part = parts[kind] = Cluster(c.gid, keyed(m.answer).full, [], g.verdict, g.credit, g.reason,
                                         g.unrecognised, g.reasons)
        part.members.append(m)
    return list(parts.values()), resolved


def answers_from_export(doc: dict[str, Any], student: str = "") -> Iterator[ReviewAnswer]:
    """Every answer of one learner's progress export (`tutor progress export --format json`; the
    local store is read through its own export), each contested one with the learner's comment."""
    attempts = [(a["gid"], a["answer"], str(a.get("verdict") or ""), bool(a.get("contested")))
                for a in doc.get("attempts") or ()
                if isinstance(a, dict) and isinstance(a.get("gid"), str) and isinstance(a.get("answer"), str)
                and not a.get("skipped")]
    contests = [(c["gid"], c["answer"], str(c.get("comment") or "")) for c in doc.get("contests") or ()
                if isinstance(c, dict) and isinstance(c.get("gid"), str) and isinstance(c.get("answer"), str)]
    return _paired(attempts, contests, student)


def answers_from_class(results: ClassResults) -> Iterator[ReviewAnswer]:
    """Every answer of every student of a class (`class_results.load_class`), students kept apart."""
    for s in results.students:
        records = (a.record for a in s.attempts if not a.removed)
        attempts = [(r.gid, r.answer, r.verdict, r.contested) for r in records if not r.skipped]
        contests = [(c.gid, c.answer, c.comment) for c in s.contests]
        yield from _paired(attempts, contests, s.id)


def _paired(attempts: Iterable[tuple[str, str, str, bool]], contests: Iterable[tuple[str, str, str]],
            student: str) -> Iterator[ReviewAnswer]:
    """Attempts with the contests of the same answer joined to them; a contest with no attempt beside
    it (contested outside a session) is an answer of its own."""
    by_answer: dict[tuple[str, str], list[str]] = {}
    for gid, answer, comment in contests:
        by_answer.setdefault((gid, answer), []).append(comment)
    for gid, answer, verdict, contested in attempts:
        comments = by_answer.get((gid, answer))
        hit = bool(comments)
        comment = comments.pop(0) if comments else ""
        yield ReviewAnswer(gid, answer, verdict, contested or hit, comment, student)
    for (gid, answer), left in by_answer.items():
        for comment in left:
            yield ReviewAnswer(gid, answer, "", True, comment, student)


def answers_from_store(store: Any) -> Iterator[ReviewAnswer]:
    """Every answer in the local store, read through its own progress export."""
    import json

    yield from answers_from_export(json.loads(store.export("json")))
