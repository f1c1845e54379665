"""Step 2 of grading: numbers, ranges, units and magnitudes, read before punctuation goes.

`find_quantities` reads `86.84%`, `20–50 %`, `20 to 50 percent`, `7 to 14 days`,
`one to two weeks`, `1-2‰`, `15亿`, `1.5 billion euros`, `百分之二十` and the like out of a
normalised text. A `Quantity` is an interval with a unit family; `compare` checks it against a
question's `NumericKey`, converting within a family (seconds/minutes/hours/days/weeks/months/years; percent,
per mille, per 1,000 ... per million; thousand/million/billion/万/亿) and refusing a unit of
another family.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from ..measures import FAMILIES, MEASURES
from ..model import NumericKey
from ..texts import Msg, msg
from ..texts.quantity import quantity

# Each unit: (family, factor to the family's base unit).
UNITS: dict[str, tuple[str, float]] = {
    "fraction": ("rate", 1.0),
    "percent": ("rate", 1e-2),
    "per_mille": ("rate", 1e-3),
    "per_1000": ("rate", 1e-3),
    "per_10000": ("rate", 1e-4),
    "per_100000": ("rate", 1e-5),
    "per_million": ("rate", 1e-6),
    "seconds": ("time", 1 / 86400),
    "minutes": ("time", 1 / 1440),
    "hours": ("time", 1 / 24),
    "days": ("time", 1.0),
    "weeks": ("time", 7.0),
    "months": ("time", 30.4375),
    "years": ("time", 365.25),
    "count": ("count", 1.0),
    "EUR": ("EUR", 1.0),
    "USD": ("USD", 1.0),
    **{name: (m.family, m.factor) for name, m in MEASURES.items()},
}

SCALES: dict[str, float] = {
    "": 1.0, "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
    "万": 1e4, "亿": 1e8, "千": 1e3, "百万": 1e6, "千万": 1e7, "十亿": 1e9,
}

FAMILY_NAMES = {
    "rate": msg("grade.family.rate"), "time": msg("grade.family.time"), "count": msg("grade.family.count"),
    "EUR": msg("grade.family.EUR"), "USD": msg("grade.family.USD"),
    # the measures of tutor/measures.py
    "molar": msg("grade.family.molar"), "mass_conc": msg("grade.family.mass_conc"),
    "mass_per_kg": msg("grade.family.mass_per_kg"), "units_per_kg_rate": msg("grade.family.units_per_kg_rate"),
    "units_per_kg": msg("grade.family.units_per_kg"), "units_rate": msg("grade.family.units_rate"),
    "flow_per_kg": msg("grade.family.flow_per_kg"), "mass_rate": msg("grade.family.mass_rate"),
    "flow": msg("grade.family.flow"), "per_minute": msg("grade.family.per_minute"), "mass": msg("grade.family.mass"),
    "drug_units": msg("grade.family.drug_units"), "volume": msg("grade.family.volume"),
    "pressure": msg("grade.family.pressure"), "length": msg("grade.family.length"),
    "celsius": msg("grade.family.celsius"),
}
"""What a unit family measures, in words (for "20 days is a length of time, not a rate")."""
assert set(FAMILIES) <= set(FAMILY_NAMES), "a family of tutor/measures.py has no name"

@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or range as written: values in `unit` (None: no unit given) times `scale`."""

    low: float
    high: float
    unit: str | None
    scale: float = 1.0
    scaled: bool = False
    """True when the learner wrote a magnitude (million, 亿...)."""
    is_range: bool = False
    start: int = 0
    end: int = 0

    @property
    def family(self) -> str | None:
        return UNITS[self.unit][0] if self.unit else None

    def said(self) -> Msg:
        """The quantity as a message: each language writes the number and unit its own way."""
        return quantity(self.low, self.high, self.unit, scale=self.scale if self.scaled else 1.0,
                        is_range=self.is_range)

    def same(self, other: Quantity) -> bool:
        """The same amount (for numbers inside accepted phrases): equal after conversion."""
        if self.unit is None or other.unit is None or (
                self.family != other.family and self.unit in MEASURES and other.unit in MEASURES):
            # Two measures of different kinds compare as written, as before they were read: a
            # phrase's `0.5 mg` is still met by `0.5 ml of 1 in 1000` (a dose error is the key's
            # misconceptions to name). Within a family they are converted (`500 micrograms`).
            a = (self.low * self.scale, self.high * self.scale)
            b = (other.low * other.scale, other.high * other.scale)
        elif self.family != other.family:
            return False
        else:
            a, b = self.base(), other.base()
        return _close(a[0], b[0]) and _close(a[1], b[1])

    def base(self) -> tuple[float, float]:
        factor = UNITS[self.unit][1] if self.unit else 1.0
        return (self.low * factor * self.scale, self.high * factor * self.scale)


def _close(a: float, b: float, tol: float = 0.0) -> bool:
    return abs(a - b) <= tol + 1e-9 * max(1.0, abs(a), abs(b))


# --- reading -------------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}

_BELOW_HUNDRED = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# A year as it is said: `nineteen eighty-nine`, `nineteen oh five`, `twenty twenty-four`.
_YEAR_WORDS = (
    r"(?:eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty) "
    rf"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]{_UNIT_WORD})?|"
    rf"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:oh|o)[- ]{_UNIT_WORD})"
    r"(?![a-z -]*(?:hundred|thousand|million|percent))"
)
_YEAR = re.compile(_YEAR_WORDS)
# `eight hundred and twenty`, `a hundred and five`: the tens belong to the hundreds unless they
# begin another number of hundreds (`between three hundred and four hundred`).
_WORD_NUM = (
    rf"{_YEAR_WORDS}"
    rf"|(?:(?:{_BELOW_HUNDRED}|a) hundred(?:(?: and)? {_BELOW_HUNDRED}(?![a-z -]*(?:hundred|thousand|million)))?"
    rf"|{_BELOW_HUNDRED})"
)
_WORD_DIGIT = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
_WORD_DECIMAL = rf"(?: point(?: {_WORD_DIGIT})+)?"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A Chinese numeral: digits and 十百千, with 万/亿 inside it only when more digits follow
# (`一万五千`; a trailing 万 or 亿 is read as a magnitude), and a decimal part after 点.
_ZH_DIGIT_RUN = r"[零〇一二两三四五六七八九十百千]+"
_ZH_NUM = rf"{_ZH_DIGIT_RUN}(?:[万亿]{_ZH_DIGIT_RUN})*(?:点[零〇一二三四五六七八九]+)?"

# Fractions and proportions in words, read as percentages: `a fifth`, `two thirds`, `half`,
# `one in five`, `1 in 4`, `19 out of 20`.
_DENOMS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
           "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
           "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_NUMER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine)"
_FRACTION = (
    rf"(?:{_NUMER} |(?<![a-z])(?=half(?![a-z])))(?:half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|"
    r"sevenths?|eighths?|ninths?|tenths?)(?![a-z-])"
    r"|(?:one|1) (?:in|out of) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred)(?![a-z0-9])"
    r"|(?<![0-9.])(?:[2-9]|two|three|four|five|six|seven|eight|nine) in "
    r"(?:[1-9]\d{0,3}|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred)(?![a-z0-9.])"
    r"(?! (?:minute|hour|day|week|month|year|second)s?\b)"
    r"|(?<![0-9.])(?:[1-9]\d{0,2}|two|three|four|five|six|seven|eight|nine) out of "
    r"(?:[1-9]\d{0,3}|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred)(?![a-z0-9.])"
)
# Multiples in words: `twice`, `double`, `quadruple`, `threefold`.
_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "thrice": 3, "quadruple": 4,
              "quadrupled": 4, "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10}
_MULTIPLE = r"(?:" + "|".join(sorted(_MULTIPLES, key=len, reverse=True)) + r")(?![a-z])"

_TIME_WORD = "(?:minute|hour|day|week|month|year)"
_ZH_HALF = r"(?<![零〇一二两三四五六七八九十百千万0-9])半(?=个?(?:月(?![板瓣])|小时|钟头|年|天|星期))"
"""半个月, 半年, 半小时 (half a month...), not 半月板 (the meniscus) nor the 半 of 两个半小时."""
ATOM = re.compile(
    rf"(?P<h>(?<![a-z])(?:half|a quarter|quarter|three quarters) (?:of )?an? (?={_TIME_WORD}s?\b)|{_ZH_HALF})"
    rf"|(?P<r>(?<![0-9./])[1-9]\d?/[1-9]\d{{0,2}}(?![0-9/.]))"
    rf"|(?P<f>(?<![a-z])(?:{_FRACTION}))"
    rf"|(?P<x>(?<![a-z]){_MULTIPLE})"
    rf"|(?P<d>(?<![a-z0-9.])(?:{_DIGITS})(?![0-9]))"
    rf"|(?P<w>(?<![a-z])(?:{_WORD_NUM}{_WORD_DECIMAL}|an?(?= (?:{_TIME_WORD}|fortnight)s?\b))(?![a-z]))"
    rf"|(?P<y>[一二两三四五六七八九十]{{1,3}}分之[一二两三四五六七八九十]{{1,3}}|一半|半数)"
    rf"|(?P<z>{_ZH_NUM})"
)

_MAG = re.compile(
    r"\s?(?P<m>thousand|k(?![a-z])|million|mn(?![a-z])|mln(?![a-z])|billion|bn(?![a-z])|bln(?![a-z])|"
    r"十亿|百万|千万|万|亿|千(?![克米])|hundred)"
)

_PER = r"(?:per|in|/|every|each|out of|of every)\s?"
_UNIT_PATTERNS: list[tuple[str, str]] = [
    # doses, pressures, lengths, laboratory values (tutor/measures.py), before `h` and `d` read `mg/h`
    *((m.pattern, name) for name, m in MEASURES.items()),
    (r"%|percent(?:age)?(?![a-z])|per\s?cent(?![a-z])|pct(?![a-z])", "percent"),
    (r"‰|per\s?mill?e(?![a-z])|permill?e(?![a-z])", "per_mille"),
    (rf"{_PER}(?:1\s?000\s?000|1,000,000|a million|one million|million)(?![a-z0-9,])|ppm(?![a-z])|/百万|每百万",
     "per_million"),
    (rf"{_PER}(?:100\s?000|100,000|100k|10万|十万|a hundred thousand|one hundred thousand|hundred thousand)"
     r"(?![a-z0-9,])|/10万|每10万|每十万", "per_100000"),
    (rf"{_PER}(?:10\s?000|10,000|10k|ten thousand|1万|一万|万)(?![a-z0-9,])|每万", "per_10000"),
    (rf"{_PER}(?:1\s?000|1,000|1k|a thousand|one thousand|thousand)(?![a-z0-9,])|每千", "per_1000"),
    # `second` alone only where no word is joined to it: `1 second-line drug` is no time
    (r"seconds(?![a-z])|secs?(?![a-z])|second(?![a-z-])|秒钟|秒", "seconds"),
    (r"minutes?(?![a-z])|mins?(?![a-z])|分钟", "minutes"),
    (r"hours?(?![a-z])|hrs?(?![a-z])|h(?![a-z])|个?小时|个?钟头", "hours"),
    (r"days?(?![a-z])|d(?![a-z'])|天|日", "days"),
    (r"fortnights?(?![a-z])", "fortnights"),
    (r"成(?![人年功为本分果绩立员就熟型])", "tenths"),
    (r"weeks?(?![a-z])|wks?(?![a-z])|w(?![a-z])|个?星期|个?礼拜|周", "weeks"),
    (r"months?(?![a-z])|mos?(?![a-z])|个月|月", "months"),
    (r"years?(?![a-z])|yrs?(?![a-z])|y(?![a-z])|年", "years"),
    (r"euros?(?![a-z])|eur(?![a-z])|€|欧元", "EUR"),
    (r"(?:us\s?)?dollars?(?![a-z])|usd(?![a-z])|us\$|\$|美元", "USD"),
    (r"(?:people|persons?|patients?|individuals|cases|adults|subjects|times|fold)(?![a-z])|x(?![a-z])|人次|人|例|名|倍",
     "count"),
]
_UNIT = re.compile(r"\s?(?:" + "|".join(f"(?P<u{i}>{p})" for i, (p, _) in enumerate(_UNIT_PATTERNS)) + ")")
_UNIT_NAMES = [name for _, name in _UNIT_PATTERNS]

_PREFIX_UNITS = [("十万分之", "per_100000"), ("百万分之", "per_million"), ("万分之", "per_10000"),
                 ("千分之", "per_mille"), ("百分之", "percent")]
_CURRENCY_PREFIX = re.compile(r"(?:us\$|\$|€|eur|usd|rmb|¥)\s?$")
_CONNECTIVE = re.compile(r"\s?(?:-|~|to(?![a-z])|至|到|and(?![a-z]))\s?")
_SECOND_PREFIX = re.compile(r"(?:十万分之|百万分之|万分之|千分之|百分之|us\$|\$|€|¥)\s?")
_BETWEEN = re.compile(r"(?:between|from)\s?$")


_AND_A_HALF = re.compile(r"\s?(?:and a half(?![a-z])|半(?![小个年月天周]))")
_AND_A_HALF_BEFORE_UNIT = re.compile(r" and a half")


_CLINICAL_TIME = {"12": "months", "52": "weeks", "7": "days"}
"""Clinical shorthand for a time: `3/12` is three months, `6/52` six weeks, `5/7` five days."""


def _word_value(text: str) -> float:
    if text in ("a", "an"):
        return 1.0
    if _YEAR.fullmatch(text):  # `nineteen eighty-nine`: the century, then the year in it
        century, _, year = text.partition(" ")
        return float(_below_hundred(century) * 100 + _below_hundred(year.replace("oh", "").replace("o-", "")))
    if " point " in text:  # `thirteen point eight`
        whole, _, digits = text.partition(" point ")
        return float(f"{_word_value(whole):g}." + "".join(str(_SMALL[d]) for d in digits.split()))
    hundreds, hundred, rest = text.partition(" hundred")
    if hundred:
        top = 1 if hundreds in ("a", "an") else _below_hundred(hundreds)
        return float(top * 100 + _below_hundred(rest.strip().removeprefix("and ")))
    return float(_below_hundred(text))


def _below_hundred(text: str) -> int:
    """`twenty-one`, `seventy five`, `twelve`; 0 for no words."""
    return sum(_SMALL.get(p, 0) + _TENS.get(p, 0) for p in re.split(r"[- ]", text) if p)


def _zh_value(text: str) -> float | None:
    """A Chinese numeral: below 10,000 by hand (a trailing 万 or 亿 is read as a magnitude), with
    万/亿 inside it or a decimal part by cn2an, imported only then."""
    if "点" in text or "万" in text or "亿" in text:
        import cn2an  # noqa: PLC0415 (only answers with such numerals pay for it)

        try:
            return float(cn2an.cn2an(text, "smart"))
        except (ValueError, TypeError, KeyError):
            return None
    if all(c in _ZH_DIGITS for c in text):  # 二五 → 25 (digit by digit)
        return float("".join(str(_ZH_DIGITS[c]) for c in text)) if len(text) > 1 else float(_ZH_DIGITS[text])
    total = 0
    digit: int | None = None
    for c in text:
        if c in _ZH_DIGITS:
            digit = _ZH_DIGITS[c]
        elif c in _ZH_UNITS:
            total += (1 if digit is None else digit) * _ZH_UNITS[c]
            digit = None
        else:
            return None
    if digit is not None:
        total += digit
    return float(total)


def _fraction_value(raw: str) -> float:
    words = raw.split()
    if words[1:2] in (["in"], ["out"]):  # `one in five`, `19 out of 20`
        first, last = words[0], words[-1]
        top = float(first) if first.isdigit() else _word_value(first)
        n = float(last) if last.isdigit() else (100.0 if last == "hundred" else _word_value(last))
        return top / n if n else 0.0
    if len(words) == 1:  # `half`
        return 0.5
    top = 1.0 if words[0] in ("a", "an") else _word_value(words[0])
    return top / _DENOMS[words[1]]


@dataclass(slots=True)
class _Atom:
    value: float
    start: int
    end: int
    kind: str  # "d" digits, "w" English words, "z" Chinese numerals
    scale: float = 1.0
    scaled: bool = False
    unit: str | None = None
    lead: int = -1
    """Where a unit written before the number (百分之, €, $) begins."""


def _atom_at(text: str, pos: int) -> _Atom | None:
    m = ATOM.match(text, pos)
    if m is None:
        return None
    kind = m.lastgroup or "d"
    raw = m.group(kind)
    if kind == "f":
        return _Atom(100 * _fraction_value(raw), m.start(), m.end(), kind, unit="percent")
    if kind == "x":
        return _Atom(float(_MULTIPLES[raw]), m.start(), m.end(), kind, unit="count")
    if kind == "h":  # `half a day`, `a quarter of a year`: the unit follows
        part = 0.75 if raw.startswith("three") else 0.25 if "quarter" in raw else 0.5
        return _Atom(part, m.start(), m.end(), "w")
    if kind == "y" and raw in ("一半", "半数"):  # half
        return _Atom(50.0, m.start(), m.end(), "f", unit="percent")
    if kind == "y":  # 五分之一: a fifth
        den, num = (_zh_value(p) for p in raw.split("分之"))
        if not den or num is None or num >= den:
            return None
        return _Atom(100 * num / den, m.start(), m.end(), "f", unit="percent")
    if kind == "r":  # `1/4`: a proportion
        top, bottom = raw.split("/")
        if bottom in _CLINICAL_TIME and text[m.end():m.end() + 1] in ("", " ", ",", ".", ";"):
            return _Atom(float(top), m.start(), m.end(), "d", unit=_CLINICAL_TIME[bottom])
        if int(top) >= int(bottom):  # `24/7`: not a proportion; read the numbers one by one
            return _Atom(float(top), m.start(), m.start() + len(top), "d")
        return _Atom(100 * int(top) / int(bottom), m.start(), m.end(), "f", unit="percent")
    if kind == "d":
        value = float(raw.replace(",", ""))
        if not math.isfinite(value):  # 309 nines: not a number anyone means
            return None
    elif kind == "w":
        value = _word_value(raw)
    else:
        v = _zh_value(raw)
        if v is None:
            return None
        value = v
    return _Atom(value, m.start(), m.end(), kind)


def _extend(text: str, atom: _Atom) -> None:
    """Read the magnitude and the unit that follow a number."""
    pos = atom.end
    m = _MAG.match(text, pos)
    if m is not None:
        atom.scale = SCALES[m.group("m")] if m.group("m") in SCALES else {
            "k": 1e3, "mn": 1e6, "mln": 1e6, "bn": 1e9, "bln": 1e9}[m.group("m")]
        atom.scaled = True
        pos = m.end()
    if text.startswith("个半", pos):  # 两个半小时, 三个半月
        atom.value += 0.5
        pos += 2
        if text.startswith("月", pos):
            pos += 1
            atom.unit = "months"
    u = _UNIT.match(text, pos)
    if u is not None and u.lastgroup and atom.unit is None:  # `1 in 4 patients` stays a proportion
        atom.unit = _UNIT_NAMES[int(u.lastgroup[1:])]
        pos = u.end()
        if atom.unit == "fortnights":
            atom.value, atom.unit = atom.value * 2, "weeks"
        elif atom.unit == "tenths":  # 两成 is 20%: tens of percent (a range's first end, 两到五成, too)
            atom.unit, atom.scale, atom.scaled = "percent", atom.scale * 10, True
        half = _AND_A_HALF.match(text, pos)
        if half is not None and atom.kind != "f":  # `four and a half hours`, 二十九天半
            atom.value += 0.5
            pos = half.end()
    elif atom.kind in "dw" and atom.unit is None:
        half = _AND_A_HALF_BEFORE_UNIT.match(text, pos)
        if half is not None:  # `4 and a half hours`: the unit after the half
            u = _UNIT.match(text, half.end())
            if u is not None and u.lastgroup:
                atom.value += 0.5
                atom.unit = _UNIT_NAMES[int(u.lastgroup[1:])]
                pos = u.end()
            elif atom.value.is_integer() and not re.match(r"\s*(?:of\b|[0-9])", text[half.end():]):
                atom.value += 0.5  # `one and a half`: 1.5, not 1 and 50%
                pos = half.end()
    atom.end = pos
    if atom.unit is None:
        before = text[: atom.start].rstrip()
        for prefix, unit in _PREFIX_UNITS:
            if before.endswith(prefix):
                atom.unit = unit
                atom.lead = len(before) - len(prefix)
                break
        else:
            c = _CURRENCY_PREFIX.search(text[: atom.start])
            if c is not None:
                atom.unit = "EUR" if c.group(0).strip() in ("€", "eur") else "USD"
                atom.lead = c.start()


def find_quantities(text: str, *, loose: bool = False) -> list[Quantity]:
    """Every number or range in a normalised text, with its unit and magnitude.

    Number words (`three`) and Chinese numerals (`三`) count only beside a unit or a magnitude
    (`three weeks`, `三周`), since `one` and `一` are also ordinary words; with `loose`, number
    words count on their own too (for the answer to a numeric question).
    """

    def _plausible(atom: _Atom) -> bool:
        return atom.kind in "dfx" or atom.unit is not None or atom.scaled or (loose and atom.kind in "wz")

    out: list[Quantity] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = ATOM.search(text, pos)
        if m is None:
            break
        prefix = next((p for p, _ in _PREFIX_UNITS if text.startswith(p, m.start())), None)
        if prefix is not None:  # the 百 of 百分之 is not a number
            pos = m.start() + len(prefix)
            continue
        first = _atom_at(text, m.start())
        if first is None or first.end == first.start:
            pos = m.end() or pos + 1
            continue
        _extend(text, first)
        second: _Atom | None = None
        conn = _CONNECTIVE.match(text, first.end)
        if conn is not None:
            is_and = conn.group(0).strip() == "and"
            if not is_and or _BETWEEN.search(text[: first.start]):
                at = conn.end()
                skip = _SECOND_PREFIX.match(text, at)
                if skip is not None:
                    at = skip.end()
                cand = _atom_at(text, at)
                if cand is not None:
                    _extend(text, cand)
                    second = cand
        if second is not None:
            if not (_plausible(first) or _plausible(second)):
                pos = second.end
                continue
            unit = second.unit or first.unit
            if second.unit is None:
                second.unit = first.unit
            if first.unit is None:
                first.unit = second.unit
            if not first.scaled and second.scaled:
                first.scale, first.scaled = second.scale, True
            elif first.scaled and not second.scaled:
                second.scale, second.scaled = first.scale, True
            if first.unit != second.unit and first.unit and second.unit:
                # `1‰-2%`: read each end in its own unit, reported in the second's unit
                f1, f2 = UNITS[first.unit], UNITS[second.unit]
                if f1[0] == f2[0]:
                    first.value = first.value * f1[1] / f2[1]
                    first.unit = second.unit
            lo, hi = first.value * first.scale / second.scale, second.value
            out.append(Quantity(min(lo, hi), max(lo, hi), unit, second.scale, second.scaled or first.scaled,
                                True, first.lead if first.lead >= 0 else first.start, second.end))
            pos = second.end
            continue
        if _plausible(first):
            out.append(Quantity(first.value, first.value, first.unit, first.scale, first.scaled, False,
                                first.lead if first.lead >= 0 else first.start, first.end))
        pos = first.end
    out = [_calendar_year(text, q) for q in _day_windows(text, out)]
    return _per_people(text, out) if "每" in text else out


def _calendar_year(text: str, q: Quantity) -> Quantity:
    """`1776年`, `1939-1945年`: a whole number from 1000 to 2199 with 年 is a year of the calendar,
    a number as a year key has it, not a length of time (that is `5年`, or `1776 years`)."""
    if q.unit == "years" and not q.scaled and text[q.end - 1:q.end] == "年" \
            and all(v.is_integer() and 1000 <= v < 2200 for v in (q.low, q.high)):
        return replace(q, unit=None)
    return q


_DAY_BEFORE = re.compile(r"(?:\bdays?|第)\s?$")
_DAY_TO = re.compile(r"\s?(?:-|~|to|and|until|through|至|到)\s?(?:day\s?|第)?")


def _day_windows(text: str, found: list[Quantity]) -> list[Quantity]:
    """`from day 15 to day 30`, `between day 29 and day 54`, `第15天到第30天`: one window of days,
    15-30 days (days counted from the start, as a key in days counts them)."""
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        if prev is not None and _day_number(text, prev) and _day_number(text, q) \
                and _DAY_TO.fullmatch(text, prev.end, q.start):
            out[-1] = Quantity(min(prev.low, q.low), max(prev.low, q.low), "days", is_range=True, start=prev.start,
                               end=q.end)
        else:
            out.append(q)
    return out


def _day_number(text: str, q: Quantity) -> bool:
    """`day 15`, `第15天`: one day's number, written after `day` or `第`."""
    return not q.is_range and not q.scaled and q.unit in (None, "days") \
        and _DAY_BEFORE.search(text[:q.start]) is not None


_DENOMINATORS = {100.0: "percent", 1e3: "per_1000", 1e4: "per_10000", 1e5: "per_100000", 1e6: "per_million"}
_RATE_GAP = re.compile(r"(?:\s|中|里|当中|就|有|约有|约|大约|大概|会有|,|，)*")


def _per_people(text: str, found: list[Quantity]) -> list[Quantity]:
    """Chinese gives a rate's people as a count beside its denominator, before it or after it:
    每1000人1到2人 and 1到2人每1000人 are both 1-2 per 1,000."""
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.unit in (None, "count") and b.unit in (None, "count"):
            before = text[:a.start].rstrip().endswith("每")
            if before and not a.is_range and a.low * a.scale in _DENOMINATORS \
                    and _RATE_GAP.fullmatch(text[a.end:b.start]):
                out.append(Quantity(b.low, b.high, _DENOMINATORS[a.low * a.scale], b.scale, b.scaled, b.is_range,
                                    text.rfind("每", 0, a.start), b.end))
                i += 2
                continue
            if not b.is_range and b.low * b.scale in _DENOMINATORS and text[a.end:b.start].strip() == "每":
                out.append(Quantity(a.low, a.high, _DENOMINATORS[b.low * b.scale], a.scale, a.scaled, a.is_range,
                                    a.start, b.end))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# --- comparing -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NumericResult:
    ok: bool
    reason: Msg
    family_error: bool = False
    close: bool = False
    """Not the answer, but part of it: one value inside the answer's range, or a range that
    overlaps the answer without being it (`3-6 months` for 3 months): partial credit."""


def key_scale(key: NumericKey) -> float:
    return SCALES.get(key.scale, 1.0)


def as_read(q: Quantity, key: NumericKey) -> Quantity:
    """`q` as read against the key. A count key was the only way to ask for a dose or a pressure
    before those units existed, and banks still say `unit: count` for `20 mg`: against one, a
    learner's dose, volume or pressure is read as no unit."""
    if q.unit in MEASURES and UNITS[key.unit][0] == "count":
        return replace(q, unit=None)
    return q


def in_key_units(
    q: Quantity, key: NumericKey, *, as_fraction: bool = False, absolute: bool = False,
) -> tuple[float, float] | None:
    """`q` converted to the key's unit and scale, or None when it is of another family.

    A number with no unit is read in the key's unit, and with no magnitude in the key's
    magnitude (`1.5-3.3` for 1.5-3.3 billion euros), unless `absolute` (`10,000,000` for 10
    million people); `as_fraction` reads a bare 0.2 as 20%.
    """
    key_family, key_factor = UNITS[key.unit]
    q = as_read(q, key)
    if q.unit is None:
        factor = UNITS["fraction"][1] / key_factor if as_fraction else 1.0
        scale = q.scale / key_scale(key) if (q.scaled or absolute) else 1.0
        return (q.low * factor * scale, q.high * factor * scale)
    family, q_factor = UNITS[q.unit]
    if family != key_family:
        return None
    scale = q.scale / key_scale(key) if (q.scaled or absolute) else 1.0
    factor = q_factor / key_factor * scale
    return (q.low * factor, q.high * factor)


def _slack(q: Quantity, key: NumericKey) -> float:
    """Months and years are not whole numbers of days or weeks: allow 2% across those conversions,
    and 10% between weeks and months (12 weeks is how people say three months) and from half a
    month to days (how people say two weeks)."""
    if q.unit and q.unit != key.unit and {q.unit, key.unit} == {"weeks", "months"}:
        return 0.10
    if q.unit == "months" and key.unit == "days" and q.high <= 0.5:  # half a month, 半个月: two weeks
        return 0.10
    if q.unit and q.unit != key.unit and {q.unit, key.unit} & {"months", "years"}:
        return 0.02
    return 0.0


def _from_day_after(q: Quantity, key: NumericKey) -> bool:
    """A window of days said in weeks or months: its first day is the day after the weeks it
    begins with (`2 weeks to 1 month` for days 15-30: from the day after two weeks)."""
    return q.is_range and key.is_range and key.unit == "days" and q.unit in ("weeks", "months")


def compare(q: Quantity, key: NumericKey) -> NumericResult:
    """Is `q` the key's answer? Both ends of a range must fall within the key's tolerance."""
    conv = in_key_units(q, key)
    if conv is None:
        family = q.family or ""
        return NumericResult(
            False, msg("grade.number_family", number=q.said(), family=FAMILY_NAMES.get(family, family),
                       want=FAMILY_NAMES[UNITS[key.unit][0]]),
            family_error=True,
        )
    matches = NumericResult(True, msg("grade.number_matches", number=q.said(), expected=key.said))
    slack = _slack(q, key)
    why = _check(conv, q.is_range, key, slack)
    if why is None:
        return matches
    if _from_day_after(q, key) and _check((conv[0] + 1, conv[1]), True, key, slack) is None:
        return matches
    if not q.scaled and key.scale:
        absolute = in_key_units(q, key, absolute=True)
        if absolute is not None and _check(absolute, q.is_range, key, slack) is None:
            return matches
    if q.unit is None and UNITS[key.unit][0] == "rate" and max(q.low, q.high) <= 1 < key.high:
        # A bare proportion: 0.2 to 0.5 for 20-50%.
        frac = in_key_units(q, key, as_fraction=True)
        if frac is not None and _check(frac, q.is_range, key) is None:
            return NumericResult(True, msg("grade.number_as_proportion", number=q.said(), expected=key.said))
    return NumericResult(False, msg("grade.number_wrong", number=q.said(), why=why), close=_overlaps(conv, q, key))


OVERLAP_SPREAD = 3.0
"""A range around a one-value answer earns part of the credit only when its top is at most this
many times its bottom: `3-6 months` for 3 months does, `1-100 days` for 14 days does not."""


def _overlaps(conv: tuple[float, float], q: Quantity, key: NumericKey) -> bool:
    lo, hi = conv
    tol = key.tolerance
    if not q.is_range:
        return key.is_range and key.low - tol <= lo <= key.high + tol
    if key.is_range or lo > key.high + tol or hi < key.low - tol:  # two ranges that differ: another answer
        return False
    return lo > 0 and hi / lo <= OVERLAP_SPREAD


def _check(conv: tuple[float, float], is_range: bool, key: NumericKey, slack: float = 0.0) -> Msg | None:
    """Why the converted value is not the key's answer, or None when it is."""
    lo, hi = conv
    tol = key.tolerance

    def near(x: float, k: float) -> bool:
        return _close(x, k, tol + slack * abs(k))

    if key.is_range and not is_range:
        if key.low - tol <= lo <= key.high + tol:
            return msg("grade.number_inside_range", expected=key.said)
        return msg("grade.number_answer_is", expected=key.said)
    if near(lo, key.low) and near(hi, key.high):
        return None
    if is_range and not key.is_range and lo <= key.high + tol and hi >= key.low - tol:
        return msg("grade.number_overlaps_it", expected=key.said)
    return msg("grade.number_answer_is", expected=key.said)
