"""`tutor review` clustering: 10,000 unmatched answers to one question (target: at most 2 s).

Two sets, made in this run from a fixed seed:
- class-like: wrong answers as a large class gives them. The phrasings are the accepted
  answers and misconceptions of the built-in course's other questions (real wrong answers to
  this one), drawn with a Zipf-like skew, and about a third of them written with slips
  (a dropped, doubled or swapped letter), other case, or framing words around them;
- all different: 10,000 answers no two of which are the same (two to four course words in
  random order), the worst case for the leader step.

Printed: the time to cluster (keys with the grader's normalisation, exact groups, rapidfuzz
leaders), the clusters made, and, separately, the time to regrade every distinct answer with
the current bank (what `tutor review` adds to show today's verdicts), with its ratio to the
clustering.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.course.loader import load  # noqa: E402
from tutor.course.resources import builtin_sources  # noqa: E402
from tutor.grading import Grader  # noqa: E402
from tutor.instructor.review_queue import ReviewAnswer, cluster_answers, keyed  # noqa: E402
from tutor.model import Course  # noqa: E402

GID = "ac-patient-question/baseline"
N = 10_000


def slip(rng: random.Random, text: str) -> str:
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return text[:i] + text[i + 1:]
    if kind == 1:
        return text[:i] + text[i] + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def class_like(course: Course, rng: random.Random) -> list[str]:
    phrases: list[str] = []
    for q in course.questions():
        if q.gid == GID:
            continue
        for e in q.expectations:
            phrases.extend(e.accept)
        for m in q.misconceptions:
            phrases.extend(m.match)
    phrases = sorted(set(phrases))
    rng.shuffle(phrases)
    weights = [1 / (rank + 1) for rank in range(len(phrases))]
    out = []
    for base in rng.choices(phrases, weights, k=N):
        r = rng.random()
        if r < 0.2:
            base = slip(rng, base)
        elif r < 0.27:
            base = slip(rng, slip(rng, base))
        elif r < 0.32:
            base = base.upper() if rng.random() < 0.5 else base.capitalize()
        elif r < 0.37:
            base = rng.choice(("I think ", "maybe ", "it is ")) + base
        out.append(base)
    return out


def all_different(course: Course, rng: random.Random) -> list[str]:
    words = sorted({w for q in course.questions() for e in q.expectations for a in e.accept
                    for w in a.split() if w.isascii() and w.isalpha() and len(w) > 3})
    seen: set[str] = set()
    while len(seen) < N:
        seen.add(" ".join(rng.sample(words, rng.randint(2, 4))))
    return sorted(seen)


def run(name: str, texts: list[str], course: Course, grader: Grader) -> None:
    answers = [ReviewAnswer(GID, t, "incorrect") for t in texts]
    keyed.cache_clear()
    t0 = time.perf_counter()
    clusters = cluster_answers(GID, answers, grader.vocab)
    t_cluster = time.perf_counter() - t0
    q = course.question(GID)
    assert q is not None, GID
    distinct = sorted(set(texts))
    t1 = time.perf_counter()
    for text in distinct:
        grader.grade(q, text)
    t_grade = time.perf_counter() - t1
    biggest = clusters[0]
    print(f"{name}: {len(texts):,} answers, {len(distinct):,} distinct, {len(clusters):,} clusters "
          f"(largest {biggest.count}: {biggest.answer!r} with {len(biggest.members)} spellings)")
    print(f"  clustering          {t_cluster:7.3f} s   (target <= 2 s: {'met' if t_cluster <= 2 else 'NOT met'})")
    print(f"  regrading distinct  {t_grade:7.3f} s   ({t_grade / t_cluster:.1f}x the clustering)")


def main() -> None:
    course = load(builtin_sources()).course
    grader = Grader(course)
    first = course.question(GID)
    assert first is not None, GID
    grader.grade(first, "warm up")
    _ = grader.vocab
    rng = random.Random(15)
    run("class-like", class_like(course, rng), course, grader)
    run("all different", all_different(course, rng), course, grader)


if __name__ == "__main__":
    main()
