"""The two documents an unseen set's answer writer works from, made from a frozen bank.

    .venv/bin/python bench/unseen/writer_docs.py BANK OUT_DIR [--prefix i1-] [--lang zh]

`questions.md`: each question with its case's text up to its step, its kind and its prompt (and
options): what a student sees, no answers. The writer drafts from it alone and locks the draft.
`keys.md`: each question's accepted wordings, partly right answers, misconceptions and
explanation: what the writer reads only after locking, to give each answer a verdict.
`--prefix` keeps the cases whose id starts with it (one bank writer's part); `--lang` reads a
bilingual bank (the built-in course's `content/`, say) in that language.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tutor.course.loader import load  # noqa: E402
from tutor.course.resources import user_sources  # noqa: E402
from tutor.model import Case, Question  # noqa: E402


def kind_line(q: Question) -> str:
    if q.kind == "list":
        return f"list (name {q.need})"
    return q.kind


def case_text(case: Case, step_id: str) -> str:
    """The case's text a student has read by the time they reach `step_id`, in order."""
    texts = []
    for step in case.steps:
        if step.text.strip():
            texts.append(step.text.strip())
        if step.id == step_id:
            break
    return "\n\n".join(texts)


def question_entry(case: Case, q: Question) -> list[str]:
    lines = [f"## {q.gid}", "", f"Case: {case.title}", "", case_text(case, q.step_id), "",
             f"Kind: {kind_line(q)}", "", f"Question: {q.prompt.strip()}", ""]
    lines += [f"  {o.letter}. {o.text}" for o in q.options]
    return lines + [""] if q.options else lines


def key_entry(q: Question) -> list[str]:
    lines = [f"## {q.gid}", "", f"Question: {q.prompt.strip()}", ""]
    if q.options:
        lines += [f"  {o.letter}. {o.text}" + ("   <- correct" if o.correct else "") for o in q.options]
    elif q.numeric is not None:
        n = q.numeric
        value = f"{n.low:g} to {n.high:g}" if n.is_range or n.low != n.high else f"{n.low:g}"
        tolerance = f" (tolerance {n.tolerance:g})" if n.tolerance else ""
        lines.append(f"  {value} {n.scale} {n.unit}".rstrip() + tolerance)
    else:
        if q.kind == "list":
            lines.append(f"Name {q.need} of these:")
        lines += [f"  - {' / '.join(e.accept) or e.id}" for e in q.expectations]
    for p in q.partial:
        lines.append(f"Partly right (credit {p.credit:g}): {' / '.join(p.accept)}")
    for m in q.misconceptions:
        lines.append(f"Wrong (misconception): {' / '.join(m.match)}")
    return lines + [f"Explanation: {' '.join(q.explanation.split())}", "", ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bank", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    result = load(user_sources([str(args.bank)]), args.lang)
    for error in result.errors:
        print(f"{args.bank}: {error}", file=sys.stderr)
    questions = ["# Questions (cases and prompts only; no answers)", "", ""]
    keys = ["# Keys (the instructor's answer key for each question)", "", ""]
    count = 0
    for case in result.course.cases.values():
        if not case.id.startswith(args.prefix):
            continue
        for q in case.questions:
            questions += question_entry(case, q)
            keys += key_entry(q)
            count += 1
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "questions.md").write_text("\n".join(questions), encoding="utf-8")
    (args.out / "keys.md").write_text("\n".join(keys), encoding="utf-8")
    print(f"{count} questions written to {args.out}/questions.md and keys.md")
    return 0 if count else 1


if __name__ == "__main__":
    raise SystemExit(main())
