"""Load + validate time for synthetic banks of 1k, 10k and 20k questions.

Prints, from one run: libyaml composing the same files (the floor: line and column need the
composed nodes), our parse + validate, their ratio (target <= 1.5), and the ratio 20k/10k
(target <= 2.2: cost grows linearly). Questions are as rich as the shipped ones: aliases,
misconceptions, hints, dialogue fields, examples, notes, citations.

    python bench/validate.py            # 1k, 10k, 20k
    python bench/validate.py 2000       # other sizes
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from tutor.course.loader import Source, load

QUESTIONS_PER_CASE = 4
CASES_PER_FILE = 100


def question(i: int, kind: str) -> str:
    common = f"""\
          - id: q{i}
            kind: {kind}
            difficulty: medium
            prompt: |
              According to the review, what is the answer to synthetic question {i}? Explain briefly.
            explanation: |
              Synthetic explanation {i}: anticoagulation is the baseline treatment of LEDVT and
              catheter-directed thrombolysis adds local lysis [@review] [@hu2022].
            cite: [review, hu2022]
            hints:
              - Think about the baseline treatment.
              - It is a drug treatment that stops further clotting.
            misconceptions:
              - id: lysis
                match: [thrombolysis, clot busting, 溶栓]
                feedback: Lysis is an add-on for selected patients, not the baseline [@goldhaber2021].
                cite: [goldhaber2021]
              - id: filter
                match: [IVC filter, vena cava filter]
                feedback: A filter is for patients who cannot be anticoagulated.
            notes:
              - kind: doubt
                text: A synthetic doubt note on figure {i}.
                cite: [review]
            examples:
              accept: [anticoagulation, anticoagulaton, 抗凝治疗]
              reject: [no anticoagulation, coagulation, thrombolysis]
"""
    if kind == "short":
        return common + """\
            answer:
              accept: [anticoagulation, anticoagulant therapy, anticoagulants, 抗凝治疗, 抗凝]
              hint: The drugs every DVT patient gets unless something forbids them.
              prompt:
                text: Heparin and warfarin are what kind of drug?
                accept: [anticoagulants, anticoagulant]
              assertion: Anticoagulation is the baseline.
"""
    return common + """\
            need: 2
            groups:
              - id: injury
                accept: [vessel wall injury, endothelial injury, intimal injury, 血管内膜损伤]
                hint: Think of the vessel wall.
                prompt: {text: What happens to the intima?, accept: [injury, damage]}
                assertion: Injury to the vessel wall is one.
              - id: stasis
                accept: [slow blood flow, venous stasis, stasis, 血流缓慢]
                hint: Think of blood in a still leg.
                assertion: Slow flow is another.
              - id: hypercoag
                accept: [hypercoagulability, hypercoagulable state, 高凝状态]
                assertion: A hypercoagulable state is the third.
"""


def write_bank(folder: Path, n_questions: int) -> None:
    n_cases = max(1, n_questions // QUESTIONS_PER_CASE)
    case_no = 0
    q_no = 0
    file_no = 0
    while case_no < n_cases:
        parts = ["format: 1\ncases:\n"]
        for _ in range(min(CASES_PER_FILE, n_cases - case_no)):
            parts.append(f"""\
  - id: synth-{case_no}
    title: Synthetic case {case_no}
    tags: [cdt, acute, evidence]
    summary: A synthetic case for the benchmark.
    steps:
      - id: s1
        text: |
          A 50-year-old with a swollen left leg for three days. Duplex shows iliofemoral thrombus.
        questions:
""")
            for j in range(QUESTIONS_PER_CASE):
                parts.append(question(q_no, "short" if j % 2 == 0 else "list"))
                q_no += 1
            case_no += 1
        (folder / f"bank-{file_no:04d}.yaml").write_text("".join(parts), encoding="utf-8")
        file_no += 1


def floor(folder: Path) -> None:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for p in sorted(folder.glob("*.yaml")):
        yaml.compose(p.read_text(encoding="utf-8"), Loader=loader)


def ours(folder: Path, builtin: list[Source]) -> int:
    result = load([*builtin, Source(folder, "bank")])
    errors = [p for p in result.errors if p.loc.path.startswith("bank")]
    if errors:
        raise SystemExit(f"the synthetic bank should be valid: {errors[0]}")
    return sum(len(c.questions) for c in result.course.cases.values())


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    from tutor.course.resources import builtin_root

    sizes = [int(a) for a in sys.argv[1:]] or [1000, 10000, 20000]
    root = builtin_root()
    # The references and tags the bank cites, without the shipped cases, so only the bank is timed.
    refs = [Source(root / "content" / "references.yaml", "content/references.yaml"),
            Source(root / "content" / "tags.yaml", "content/tags.yaml")]
    results: dict[int, float] = {}
    print(f"{'questions':>10} {'compose floor':>14} {'ours':>9} {'ours/floor':>11}")
    for n in sizes:
        tmp = Path(tempfile.mkdtemp(prefix="tutor-bench-"))
        try:
            write_bank(tmp, n)
            t_floor = best_of(lambda: floor(tmp))  # noqa: B023 - called at once, inside the loop
            count = ours(tmp, refs)
            t_ours = best_of(lambda: ours(tmp, refs))  # noqa: B023 - called at once, inside the loop
            results[n] = t_ours
            print(f"{count:>10} {t_floor:>13.3f}s {t_ours:>8.3f}s {t_ours / t_floor:>11.2f}")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if 10000 in results and 20000 in results:
        print(f"ratio 20k/10k: {results[20000] / results[10000]:.2f} (target <= 2.2)")
    if 10000 in results:
        print(f"10k load+validate: {results[10000]:.2f}s (target <= 2 s on a 2-core machine)")


if __name__ == "__main__":
    main()
