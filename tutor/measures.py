"""Units of measurement a numeric key may be written in besides rates, times, counts and money.

Instructors ask for doses, pressures, lengths and laboratory values (`20 mg`, `65 mmHg`,
`5.5 cm`, `130 mmol/L`, `500 µg/L`). Each unit belongs to a family and is converted only
within it (`0.45 mL/s` is `27 mL/min`; `1.5 g/L` is `150 mg/dL`); a number in another family's
unit is wrong (`20 mL` for `20 mg`). Units with no fixed factor between them (mmol/L and mg/dL
depend on the substance; °C and °F are not proportional) are different families.

Pure data, shared by the grader (reading and comparing), the course model (labels) and the
catalogue (the number said with its unit's symbol).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Measure:
    family: str
    factor: float
    """To the family's base unit."""
    symbol: str
    """As written after a number in both languages (`20 mg`, `65 mmHg`)."""
    pattern: str
    """How a learner writes it after a number, in a casefolded text."""


_L = r"\s?/\s?l(?![a-z])|\s?per\s?lit(?:re|er)(?![a-z])"
"""`/L`, `/ L`, `per litre`."""
_DL = r"\s?/\s?dl(?![a-z])|\s?per\s?decilit(?:re|er)(?![a-z])"
_ML = r"\s?/\s?ml(?![a-z])|\s?per\s?millilit(?:re|er)(?![a-z])"
_MIN = r"\s?(?:/|per)\s?min(?:ute)?(?![a-z])"
_HOUR = r"\s?(?:/|per)\s?(?:h|hr|hour)(?![a-z])"
_KG = r"\s?(?:/|per)\s?kg(?![a-z])"
_UG = r"(?:µg|μg|mcg|ug|micrograms?|微克)"
_MG = r"(?:mg|milligrams?|毫克)"
_UNIT = r"(?:units?|iu|u)"
_MLW = r"(?:ml|millilit(?:re|er)s?)"
_ZPER = "(?:/|每)"
"""Chinese writes `克/升` or `克每升`."""

# Compound units come before the simple units they begin with (`mg/dL` before `mg`).
MEASURES: dict[str, Measure] = {
    # concentration by amount of substance (base: mmol/L)
    "mmol/L": Measure("molar", 1.0, "mmol/L", rf"(?:mmol|millimol(?:e|es)?)(?:{_L})|毫摩尔{_ZPER}升"),
    "umol/L": Measure("molar", 1e-3, "µmol/L", rf"(?:µmol|μmol|umol|micromol(?:e|es)?)(?:{_L})|微摩尔{_ZPER}升"),
    # concentration by mass (base: g/L)
    "g/dL": Measure("mass_conc", 10.0, "g/dL", rf"(?:g|grams?)(?:{_DL})|克{_ZPER}分升"),
    "g/L": Measure("mass_conc", 1.0, "g/L", rf"(?:g|grams?)(?:{_L})|克{_ZPER}升"),
    "mg/dL": Measure("mass_conc", 1e-2, "mg/dL", rf"{_MG}(?:{_DL})|毫克{_ZPER}分升"),
    "mg/L": Measure("mass_conc", 1e-3, "mg/L", rf"{_MG}(?:{_L})|毫克{_ZPER}升"),
    "ug/mL": Measure("mass_conc", 1e-3, "µg/mL", rf"{_UG}(?:{_ML})|微克{_ZPER}毫升"),
    "ug/L": Measure("mass_conc", 1e-6, "µg/L", rf"{_UG}(?:{_L})|微克{_ZPER}升"),
    "ng/mL": Measure("mass_conc", 1e-6, "ng/mL", rf"(?:ng|nanograms?)(?:{_ML})|纳克{_ZPER}毫升"),
    # doses by weight, and infusion rates
    "mg/kg": Measure("mass_per_kg", 1.0, "mg/kg", rf"{_MG}(?:{_KG})(?!\s?(?:/|per)\s?(?:h|hr|hour|min|d|day))"
                     rf"|毫克{_ZPER}千克"),
    "units/kg/h": Measure("units_per_kg_rate", 1.0, "units/kg/h",
                          rf"{_UNIT}(?:{_KG})(?:{_HOUR})|单位{_ZPER}千克{_ZPER}小时"),
    "units/kg": Measure("units_per_kg", 1.0, "units/kg", rf"{_UNIT}(?:{_KG})|单位{_ZPER}千克"),
    "units/h": Measure("units_rate", 1.0, "units/h", rf"{_UNIT}(?:{_HOUR})|单位{_ZPER}小时"),
    "mL/kg/h": Measure("flow_per_kg", 1.0, "mL/kg/h", rf"{_MLW}(?:{_KG})(?:{_HOUR})|毫升{_ZPER}千克{_ZPER}小时"),
    "mg/h": Measure("mass_rate", 1.0, "mg/h", rf"{_MG}(?:{_HOUR})|毫克{_ZPER}小时"),
    "mg/min": Measure("mass_rate", 60.0, "mg/min", rf"{_MG}(?:{_MIN})|毫克{_ZPER}分钟?"),
    "mL/min": Measure("flow", 1.0, "mL/min", rf"{_MLW}(?:{_MIN})|毫升{_ZPER}分钟?"),
    "mL/s": Measure("flow", 60.0, "mL/s", rf"{_MLW}\s?(?:/|per)\s?(?:s|sec|second)(?![a-z])|毫升{_ZPER}秒"),
    "mL/h": Measure("flow", 1 / 60, "mL/h", rf"{_MLW}(?:{_HOUR})|毫升{_ZPER}小时"),
    "L/h": Measure("flow", 1000 / 60, "L/h", rf"(?:l|lit(?:re|er)s?)(?:{_HOUR})|升{_ZPER}小时"),
    "L/min": Measure("flow", 1000.0, "L/min", rf"(?:l|lit(?:re|er)s?)(?:{_MIN})|升{_ZPER}分钟?"),
    "per_minute": Measure("per_minute", 1.0, "/min",
                          r"bpm(?![a-z])|(?:beats|breaths)\s?(?:/|per|a|an)\s?min(?:ute)?(?![a-z])"
                          rf"|(?:/|per)\s?min(?:ute)?(?![a-z])|次{_ZPER}分钟?"),
    # mass (base: g)
    "ug": Measure("mass", 1e-6, "µg", rf"{_UG}(?![a-z/])"),
    "mg": Measure("mass", 1e-3, "mg", rf"{_MG}(?![a-z/])"),
    "g": Measure("mass", 1.0, "g", r"(?:g|grams?|grammes?)(?![a-z/])|克(?![罗隆林拉莱])"),
    "kg": Measure("mass", 1e3, "kg", r"(?:kg|kilograms?|kilos?)(?![a-z/])|千克|公斤"),
    # drug units (heparin, urokinase: `80 units/kg`, `20万U`)
    "units": Measure("drug_units", 1.0, "units", rf"{_UNIT}(?![a-z/])|单位"),
    # volume (base: mL)
    "mL": Measure("volume", 1.0, "mL", r"(?:ml|millilit(?:re|er)s?|cc)(?![a-z/])|毫升"),
    "L": Measure("volume", 1000.0, "L", r"(?:l|lit(?:re|er)s?)(?![a-z/])|升(?![高])"),
    # pressure (base: mmHg); cmH2O and kPa by their fixed factors
    "mmHg": Measure("pressure", 1.0, "mmHg", r"mm\s?hg(?![a-z])|millimet(?:re|er)s? of mercury|毫米汞柱"),
    "cmH2O": Measure("pressure", 0.73556, "cmH2O", r"cm\s?h2o(?![a-z])|厘米水柱"),
    "kPa": Measure("pressure", 7.50062, "kPa", r"kpa(?![a-z])|千帕"),
    # length (base: mm); a bare `m` is left alone: in notes it is as often months
    "mm": Measure("length", 1.0, "mm", r"(?:mm|millimet(?:re|er)s?)(?![a-z/])|毫米"),
    "cm": Measure("length", 10.0, "cm", r"(?:cm|centimet(?:re|er)s?)(?![a-z/])|厘米|公分"),
    "m": Measure("length", 1000.0, "m", r"met(?:re|er)s?(?![a-z])|米(?![a-z])"),
    # temperature
    "celsius": Measure("celsius", 1.0, "°C", r"°\s?c(?![a-z])|℃|degrees? c(?:elsius)?(?![a-z])|celsius|摄氏度"),
}

FAMILIES = tuple(dict.fromkeys(m.family for m in MEASURES.values()))
"""Each has a `grade.family.<family>` catalogue key (what it measures, in words)."""
