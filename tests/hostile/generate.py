"""Large hostile content, written on demand (too big to keep in the repository), and the same
amount of ordinary content to compare it with. Used by tests/test_hostile_content.py and
bench/hostile_content.py."""

from __future__ import annotations

HEAD = "format: 1\ncases:\n"


def _case(cid: str, steps: str) -> str:
    return f"  - id: {cid}\n    title: Case {cid}\n    tags: [cdt]\n    steps:\n{steps}"


def _question(qid: str, prompt: str, misconceptions: str = "") -> str:
    return (
        f"          - id: {qid}\n            kind: short\n            prompt: {prompt}\n"
        f"            explanation: Because the review says so.\n            cite: [review]\n"
        f"            answer:\n              accept: [anticoagulation]\n{misconceptions}"
    )


def _misconceptions(start: int, n: int) -> str:
    if not n:
        return ""
    rows = "".join(
        f"              - id: m{i}\n                match: [wrong idea {i}]\n"
        f"                feedback: Not idea {i}.\n"
        for i in range(start, start + n)
    )
    return "            misconceptions:\n" + rows


def many_misconceptions(n: int) -> str:
    """One question with n misconceptions."""
    step = "      - id: s\n        questions:\n" + _question("q", "What is the baseline?", _misconceptions(0, n))
    return HEAD + _case("many-misconceptions", step)


def ordinary_misconceptions(n: int, per_question: int = 4) -> str:
    """The same n misconceptions, a few per question, as a bank is usually written."""
    out = [HEAD]
    for c in range(0, n, per_question * 10):
        steps = ""
        for k in range(c, min(n, c + per_question * 10), per_question):
            steps += f"      - id: s{k}\n        questions:\n" + _question(
                f"q{k}", "What is the baseline?", _misconceptions(k, min(per_question, n - k)))
        out.append(_case(f"ordinary-m{c}", steps))
    return "".join(out)


def long_prompt(chars: int) -> str:
    """One question whose prompt is `chars` characters long, in sentences, with no question mark."""
    sentence = "The patient has a swollen leg and pain in the calf "
    text = (sentence * (chars // len(sentence) + 1))[:chars].rstrip()
    step = "      - id: s\n        questions:\n" + _question("q", f'"{text}"')
    return HEAD + _case("long-prompt", step)


def ordinary_prompts(chars: int, per_prompt: int = 200) -> str:
    """The same number of prompt characters in prompts of an ordinary length."""
    sentence = "The patient has a swollen leg and pain in the calf. What now? "
    text = (sentence * (per_prompt // len(sentence) + 1))[:per_prompt].rstrip()
    steps = "".join(
        f"      - id: s{k}\n        questions:\n" + _question(f"q{k}", f'"{text}"')
        for k in range(max(1, chars // per_prompt))
    )
    return HEAD + _case("ordinary-prompts", steps)


def many_steps(n: int) -> str:
    """One case of n steps in a chain, with a question at the last."""
    steps = "".join(f"      - id: s{i}\n        text: Step {i}.\n" for i in range(n - 1))
    steps += f"      - id: s{n - 1}\n        questions:\n" + _question("q", "What now?")
    return HEAD + _case("many-steps", steps)


def ordinary_steps(n: int, per_case: int = 20) -> str:
    """The same number of steps in cases of an ordinary length."""
    out = [HEAD]
    for c in range(0, n, per_case):
        k = min(per_case, n - c)
        steps = "".join(f"      - id: s{i}\n        text: Step {i}.\n" for i in range(k - 1))
        steps += f"      - id: s{k - 1}\n        questions:\n" + _question("q", "What now?")
        out.append(_case(f"ordinary-s{c}", steps))
    return "".join(out)


def tiny_nodes(size: int) -> str:
    """A file of `size` bytes made of the smallest nodes YAML allows: `[[],[],...]` in a field."""
    body = "[]," * ((size - 40) // 3)
    return f"format: 1\nreferences: [{body}[]]\n"
