"""Which misconception phrasings an answer could match at all, found without trying each one.

A question may carry 10,000 misconceptions; trying every phrasing on every answer made the bank
check quadratic. Each phrasing is filed under one key it cannot match without (its rarest word,
or a number's value, or a Chinese character), and an answer looks up only the keys it has.
`match.match_phrase` gives up at once on a phrasing missing such a key, so the result is the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .match import Answer, Phrase
from .numbers import Quantity

Pair = tuple[Any, Phrase]


def _values(q: Quantity) -> list[tuple[str, str]]:
    # `Quantity.same` compares the raw amounts when either side has no unit, and the amounts
    # in base units otherwise: an answer that matches shares one of the two.
    raw = f"{q.low * q.scale:.9g}"
    out = [("r", raw)]
    if q.unit is not None:
        out.append(("b", f"{q.base()[0]:.9g}"))
    return out


@dataclass(slots=True)
class Gate:
    buckets: dict[Any, list[int]] = field(default_factory=dict)
    pairs: list[Pair] = field(default_factory=list)
    always: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, targets: list[Any]) -> Gate:
        gate = cls()
        pairs = [(t, ph) for t in targets for ph in t.phrases]
        # Optional keys (`risk`, a purpose) can be absent from a match: never file a phrasing by one.
        counts = Counter(k.text for _, ph in pairs for k in ph.keys if k.kind in "wf" and not k.optional)
        for i, (t, ph) in enumerate(pairs):
            gate.pairs.append((t, ph))
            words = [k.text for k in ph.keys if k.kind in "wf" and not k.optional]
            numbers = [k.qty for k in ph.keys if k.kind == "q" and k.qty is not None and not k.optional]
            chinese = [k.text for k in ph.keys if k.kind == "c" and k.text and not k.optional]
            if numbers:
                for key in _values(numbers[0]):
                    gate.buckets.setdefault(("q", key), []).append(i)
            elif words:
                gate.buckets.setdefault(("w", min(words, key=lambda w: counts[w])), []).append(i)
            elif chinese:
                gate.buckets.setdefault(("c", chinese[0][0]), []).append(i)
            else:
                gate.always.append(i)
        return gate

    def candidates(self, ans: Answer) -> list[Pair]:
        if ans._cands is None:
            ans._cands = ans._build()
        found = set(self.always)
        get = self.buckets.get
        for word in ans._cands:
            found.update(get(("w", word), ()))
        for ch in set(ans.cjk):
            if ch != "\x00":
                found.update(get(("c", ch), ()))
        for tok in ans.tokens:
            if tok.kind == "q" and tok.qty is not None:
                for key in _values(tok.qty):
                    found.update(get(("q", key), ()))
        return [self.pairs[i] for i in sorted(found)]
