"""Checks that need the whole course: citations, tags, quizzes, and each case's step graph."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..kinds import kind_of
from ..model import OUTSIDE_NOTES, Case, Course, GlossaryTerm, Loc, Note, Question, Step, name_key
from .citations import inline_keys
from .problems import Problem


def validate(course: Course, rejected: set[str] | None = None) -> list[Problem]:
    """Every problem the whole course shows; the id of each case with an error goes into `rejected`."""
    out: list[Problem] = []
    _suggested[0] = 0
    v = _Validator(course, out)
    owners: dict[str, GlossaryTerm] = {}
    for term in course.glossary.values():
        v.cite(term.cite, term.loc, "glossary term")
        v.inline(term.definition, term.loc)
        v.glossary_names(term, owners)
    for case in course.cases.values():
        before = v.errors
        v.case(case)
        if rejected is not None and v.errors > before:
            rejected.add(case.id)
    for quiz in course.quizzes.values():
        v.quiz(quiz)
    return out


class _Validator:
    def __init__(self, course: Course, out: list[Problem]) -> None:
        self.course = course
        self.out = out
        self.errors = 0
        self.suggestions = 0
        """How many "did you mean" hints were computed: each costs a scan of the candidates."""

    def error(self, loc: Loc, message: str, hint: str = "") -> None:
        self.errors += 1
        self.out.append(Problem(loc, message, hint))

    def warn(self, loc: Loc, message: str, hint: str = "") -> None:
        self.out.append(Problem(loc, message, hint, "warning"))

    def glossary_names(self, term: GlossaryTerm, owners: dict[str, GlossaryTerm]) -> None:
        """A name another term already has stays that term's: grading never merges two terms."""
        for name in term.names:
            first = owners.setdefault(name_key(name), term)
            if first is not term:
                self.warn(
                    term.loc,
                    f"glossary term {term.id!r}: the name {name!r} already belongs to {first.id!r} "
                    f"({first.loc.path}:{first.loc.line}); grading does not use it for {term.id!r}",
                    "remove the name, or add what you mean to that term's own file",
                )

    # citations -------------------------------------------------------------------------

    def cite(self, keys: Iterable[str], loc: Loc, what: str, *, in_beyond_note: bool = False) -> None:
        for key in keys:
            ref = self.course.references.get(key)
            if ref is None:
                self.error(loc, f"{what} cites {key!r}, which is not a reference", _close(key, self.course.references))
            elif ref.beyond_review and not in_beyond_note:
                self.error(
                    loc,
                    f"{what} cites {key!r}, a source beyond the review, outside a 'beyond' or 'guidance' note",
                    "move the statement into a note with kind: beyond (or guidance, for a guideline)",
                )

    def inline(self, text: str, loc: Loc, *, in_beyond_note: bool = False) -> None:
        keys = inline_keys(text)
        if keys:
            self.cite(keys, loc, "the text", in_beyond_note=in_beyond_note)

    def notes(self, notes: Iterable[Note]) -> None:
        for note in notes:
            beyond = note.kind in OUTSIDE_NOTES
            self.cite(note.cite, note.loc, "note", in_beyond_note=beyond)
            self.inline(note.text, note.loc, in_beyond_note=beyond)
            keys = list(note.cite) + inline_keys(note.text)
            if beyond and not any(
                (r := self.course.references.get(k)) is not None and r.beyond_review for k in keys
            ):
                self.error(
                    note.loc,
                    f"a '{note.kind}' note must cite a source marked beyond_review: true",
                    "add the checked source to references with beyond_review: true",
                )

    # cases -----------------------------------------------------------------------------

    def case(self, case: Case) -> None:
        tags = self.course.tags
        for tag in case.tags:
            if tag not in tags:
                self.error(case.loc, f"case {case.id!r} has the unknown tag {tag!r}", _close(tag, tags))
        if tags and not any(tags.get(t) is not None and tags[t].kind == "modality" for t in case.tags):
            modalities = ", ".join(t.id for t in tags.values() if t.kind == "modality")
            self.error(case.loc, f"case {case.id!r} has no modality tag", f"add one of: {modalities}")
        self.notes(case.notes)
        step_ids: dict[str, Loc] = {}
        question_ids: dict[str, Loc] = {}
        for step in case.steps:
            if step.id in step_ids:
                self.error(step.loc, f"step id {step.id!r} is already used at {step_ids[step.id]}")
            step_ids.setdefault(step.id, step.loc)
            self.inline(step.text, step.loc)
            for q in step.questions:
                if q.id in question_ids:
                    self.error(q.loc, f"question id {q.id!r} is already used in this case at {question_ids[q.id]}")
                question_ids.setdefault(q.id, q.loc)
                self.question(q)
            if step.decision:
                self.decision_fields(step)
        self.graph(case)

    def question(self, q: Question) -> None:
        self.cite(q.cite, q.loc, f"question {q.gid!r}")
        self.inline(q.explanation, q.loc)
        self.inline(q.prompt, q.loc)
        if not q.cite:
            self.error(q.loc, f"question {q.gid!r} cites no source", "add cite: [key]")
        for tag in q.tags:
            if tag not in self.course.tags:
                self.error(q.loc, f"question {q.gid!r} has the unknown tag {tag!r}", _close(tag, self.course.tags))
        self.notes(q.notes)
        seen: set[str] = set()
        for m in q.misconceptions:
            if m.id in seen:
                self.error(m.loc, f"misconception id {m.id!r} is used twice in {q.gid!r}")
            seen.add(m.id)
            self.cite(m.cite, m.loc, "misconception")
            self.inline(m.feedback, m.loc)
        for finding in kind_of(q).check(q):
            self.error(finding.loc, finding.message, finding.hint)

    def decision_fields(self, step: Step) -> None:
        assert step.decision is not None
        d = step.decision
        ids: set[str] = set()
        for c in d.choices:
            if c.id in ids:
                self.error(c.loc, f"choice id {c.id!r} is used twice in this decision")
            ids.add(c.id)
            self.cite(c.cite, c.loc, f"choice {c.id!r}")
            self.inline(c.consequence, c.loc)
        recommended = [c for c in d.choices if c.recommended]
        if not recommended:
            self.error(d.loc, f"the decision at step {step.id!r} has no recommended choice",
                       "mark the choice the review supports with recommended: true")
        elif len(recommended) > 1:
            self.error(recommended[1].loc, f"the decision at step {step.id!r} has more than one recommended choice")
        if step.next or step.end or step.returns_to:
            self.error(step.loc, f"step {step.id!r} is a decision, so its choices say where to go",
                       "remove next, end or returns_to from this step")

    # the step graph ---------------------------------------------------------------------

    def graph(self, case: Case) -> None:
        steps = {s.id: s for s in case.steps}
        edges: dict[str, list[str]] = {}
        for i, step in enumerate(case.steps):
            targets: list[str] = []
            if step.decision:
                for c in step.decision.choices:
                    if c.next not in steps:
                        self.error(c.loc, f"choice {c.id!r} leads to step {c.next!r}, which does not exist",
                                   _close(c.next, steps))
                    else:
                        targets.append(c.next)
            elif step.returns_to:
                target = steps.get(step.returns_to)
                if target is None or target.decision is None:
                    self.error(step.loc,
                               f"step {step.id!r} returns to {step.returns_to!r}, which is not a decision step",
                               _close(step.returns_to, {k for k, s in steps.items() if s.decision}))
                else:
                    targets.append(step.returns_to)
            elif step.next and not step.end:
                if step.next not in steps:
                    self.error(step.loc, f"step {step.id!r} leads to step {step.next!r}, which does not exist",
                               _close(step.next, steps))
                else:
                    targets.append(step.next)
            elif not step.end and i + 1 < len(case.steps):
                following = case.steps[i + 1]
                if following.returns_to:
                    self.error(step.loc, f"step {step.id!r} falls through into the teaching branch {following.id!r}",
                               "give this step next: or end: true")
                targets.append(following.id)
            edges[step.id] = targets
        if not case.steps:
            return
        reached = set(_walk([case.steps[0].id], edges))
        for step in case.steps:
            if step.id not in reached:
                self.error(step.loc, f"step {step.id!r} cannot be reached from the start of case {case.id!r}",
                           "lead a choice or a next: to it, or remove it")
        # A step from which no ending can be reached is caught in a loop. Both walks are linear:
        # a case may have 20,000 steps.
        ends = [st for st, t in edges.items() if not t and not steps[st].decision]
        can_end = set(_walk_back(ends, edges))
        stuck = [st for st in case.steps if st.id in reached and st.id not in can_end]
        # Report at a step of the loop itself, not at the steps that merely lead into it.
        looping = _in_cycles([st.id for st in stuck], edges)
        in_loop = [st for st in stuck if st.id in looping]
        in_loop.sort(key=lambda st: (st.decision is not None, bool(st.returns_to)))  # stable: file order
        for step in (in_loop or stuck)[:1]:
            self.error(step.loc, f"step {step.id!r} is in a loop with no way out to the end of the case",
                       "give one step in the loop end: true or a next: that leaves it")

    # quizzes ---------------------------------------------------------------------------

    def quiz(self, quiz: object) -> None:
        from ..model import Quiz

        assert isinstance(quiz, Quiz)
        sel = quiz.select
        if not (sel.tags or sel.cases or sel.questions):
            self.error(quiz.loc, f"quiz {quiz.id!r} selects nothing", "give select: tags, cases or questions")
            return
        for tag in sel.tags:
            if tag not in self.course.tags:
                self.error(quiz.loc, f"quiz {quiz.id!r} names the unknown tag {tag!r}", _close(tag, self.course.tags))
        for cid in sel.cases:
            if cid not in self.course.cases:
                self.error(quiz.loc, f"quiz {quiz.id!r} names the case {cid!r}, which does not exist",
                           _close(cid, self.course.cases))
        for gid in sel.questions:
            if self.course.question(gid) is None:
                self.error(quiz.loc, f"quiz {quiz.id!r} names the question {gid!r}, which does not exist",
                           "write it as case-id/question-id")
        from ..selection import quiz_cases

        if not quiz_cases(self.course, quiz):
            self.error(quiz.loc, f"quiz {quiz.id!r} names no case that exists", "check the ids under select")
        if quiz.time_limit and quiz.mode != "exam":
            self.warn(quiz.loc, f"quiz {quiz.id!r} has a time limit, which only applies in exam mode")


def _walk(starts: list[str], edges: dict[str, list[str]]) -> Iterator[str]:
    """Every step reachable from one of `starts` (themselves included), without recursion."""
    seen = set(starts)
    stack = list(starts)
    while stack:
        s = stack.pop()
        yield s
        for t in edges.get(s, ()):
            if t not in seen:
                seen.add(t)
                stack.append(t)


def _walk_back(starts: list[str], edges: dict[str, list[str]]) -> Iterator[str]:
    """Every step from which one of `starts` can be reached: the same walk over reversed edges."""
    into: dict[str, list[str]] = {}
    for s, targets in edges.items():
        for t in targets:
            into.setdefault(t, []).append(s)
    return _walk(starts, into)


def _in_cycles(nodes: list[str], edges: dict[str, list[str]]) -> set[str]:
    """The nodes that lie on a cycle among `nodes` (Tarjan's components, without recursion)."""
    allowed = set(nodes)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: set[str] = set()
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges.get(root, ())))]
        while work:
            v, it = work[-1]
            for w in it:
                if w not in allowed:
                    continue
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(edges.get(w, ()))))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    if len(component) > 1 or v in edges.get(v, ()):
                        out.update(component)
    return out


_SUGGESTIONS = 50
"""At most this many "did you mean" hints per validation: each compares against every name, so
a file of thousands of dangling links must not cost thousands of scans."""
_suggested = [0]


def _close(word: str, options: Iterable[str]) -> str:
    import difflib

    if _suggested[0] >= _SUGGESTIONS:
        return "check the spelling of the id"
    _suggested[0] += 1
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else "check the spelling of the id"
