"""A small course built in code for the grading tests (no YAML, independent of shipped content)."""

from __future__ import annotations

from tutor.grading import Grader
from tutor.model import (
    Course,
    Example,
    Expectation,
    GlossaryTerm,
    Loc,
    Misconception,
    NumericKey,
    Option,
    PartialAnswer,
    Prompt,
    Question,
)

GLOSSARY = [
    GlossaryTerm("cdt", "catheter-directed thrombolysis", "Lysis through a catheter.", zh="导管溶栓",
                 aliases=("CDT",)),
    GlossaryTerm("pts", "post-thrombotic syndrome", "Chronic leg symptoms after DVT.", zh="血栓后综合征",
                 aliases=("PTS", "postthrombotic syndrome")),
    GlossaryTerm("anticoagulation", "anticoagulation", "Drugs that stop clots growing.", zh="抗凝",
                 aliases=("anticoagulant therapy",)),
    GlossaryTerm("ivcf", "IVC filter", "A filter in the inferior vena cava.", zh="下腔静脉滤器",
                 aliases=("IVCF", "inferior vena cava filter")),
    GlossaryTerm("pe", "pulmonary embolism", "A clot in the lung arteries.", zh="肺栓塞", aliases=("PE",)),
]


def short(qid: str, accept: tuple[str, ...], *, misconceptions: tuple[Misconception, ...] = (),
          partial: tuple[PartialAnswer, ...] = (), prompt: str = "What is it?",
          dialogue: Prompt | None = None, examples: tuple[Example, ...] = ()) -> Question:
    return Question(
        id=qid, case_id="t", kind="short", prompt=prompt, explanation="", cite=("review",),
        expectations=(Expectation("answer", accept, prompt=dialogue, loc=Loc("t.yaml", 10, 5)),),
        misconceptions=misconceptions, partial=partial, examples=examples, loc=Loc("t.yaml", 1, 1),
    )


def listq(qid: str, groups: dict[str, tuple[str, ...]], need: int, *,
          misconceptions: tuple[Misconception, ...] = (), prompts: dict[str, tuple[str, ...]] | None = None,
          examples: tuple[Example, ...] = ()) -> Question:
    prompts = prompts or {}
    exps = tuple(
        Expectation(gid, acc, prompt=Prompt("?", prompts[gid]) if gid in prompts else None,
                    loc=Loc("t.yaml", 20 + i, 7))
        for i, (gid, acc) in enumerate(groups.items())
    )
    return Question(id=qid, case_id="t", kind="list", prompt="Name them.", explanation="", cite=("review",),
                    expectations=exps, need=need, misconceptions=misconceptions, examples=examples,
                    loc=Loc("t.yaml", 1, 1))


def numeric(qid: str, low: float, high: float, unit: str, *, scale: str = "", tolerance: float = 0.0,
            is_range: bool = True, misconceptions: tuple[Misconception, ...] = ()) -> Question:
    return Question(id=qid, case_id="t", kind="numeric", prompt="How much?", explanation="", cite=("review",),
                    numeric=NumericKey(low, high, unit, scale, tolerance, is_range),
                    misconceptions=misconceptions)


def choice(qid: str, options: tuple[Option, ...]) -> Question:
    return Question(id=qid, case_id="t", kind="choice", prompt="Which?", explanation="", cite=("review",),
                    options=options)


LYSIS = Misconception("lysis", ("thrombolysis", "lysis", "溶栓"), "Lysis is not the baseline.")
FILTER = Misconception("filter", ("IVC filter", "filter"), "A filter does not treat the clot.")

BASELINE = short("baseline", ("anticoagulation", "anticoagulant therapy", "抗凝治疗", "抗凝"),
                 misconceptions=(LYSIS, FILTER),
                 partial=(PartialAnswer(("blood thinner",), 0.5, "Name it precisely."),),
                 dialogue=Prompt("Heparin is what kind of drug?", ("anticoagulant",)))
CDT = short("cdt", ("catheter-directed thrombolysis",),
            misconceptions=(Misconception("systemic", ("systemic thrombolysis",), "Not systemic."),))
PTS = short("pts", ("post-thrombotic syndrome",))
IVC = short("ivc", ("inferior vena cava",))
SHOCK = short("shock", ("obstructive shock",),
              misconceptions=(Misconception("septic", ("septic shock",), "No infection."),))
HYPER = short("hyper", ("hypertension",))
LEFT = short("left", ("left iliac vein compression",))
RISK = short("risk", ("bleeding",), prompt="What is the main risk of CDT?")
POSTPROC = short("postproc", ("post-procedural bleeding", "bleeding"))
MORE = short("more", ("more bleeding",))
INCREASE = short("increase", ("increased bleeding risk",))
HIGHER = short("higher", ("higher clearance",))
NO_INCREASE = short("no-increase", ("no increase in bleeding",))
ALONE = short("alone", ("anticoagulation alone",))
INSTEAD = short("instead", ("PMT instead of CDT",))
RATHER = short("rather", ("PMT rather than CDT",))
WITHOUT = short("without", ("CDT without a filter",))
ONLY = short("only", ("only anticoagulation",))
ADEQUATE = short("adequate", ("adequate anticoagulation",),
                 partial=(PartialAnswer(("anticoagulation",), 0.5),))
SUPERIOR = short("superior", ("inferior vena cava",))
ANGIOJET = short("angiojet", ("AngioJet",))
THROMBOLYSIS = short("thrombolysis", ("thrombolysis",))
FREE = short("free", ("free-floating thrombus",))
NEGATIVE = short("cannot", ("dissolve the clot",), prompt="What can anticoagulation not do?")
NUMBERED = short("numbered", ("within 14 days",))
ZH = short("zh", ("溶栓",))

VIRCHOW = listq("virchow", {
    "injury": ("vessel wall injury", "endothelial injury", "血管内膜损伤"),
    "stasis": ("slow blood flow", "venous stasis", "血流缓慢"),
    "hypercoag": ("hypercoagulability", "hypercoagulable state", "高凝状态"),
}, 3, misconceptions=(Misconception("bleeding", ("bleeding tendency",), "The opposite."),),
    prompts={"stasis": ("stasis", "slow flow")})
COMBO = listq("combo", {
    "anticoag": ("anticoagulation",),
    "endo": ("endovascular treatment", "CDT"),
}, 2)
TWO_OF_THREE = listq("two-of-three", {
    "a": ("contraindication to anticoagulation",),
    "b": ("anticoagulation failure", "failed anticoagulation"),
    "c": ("free-floating thrombus",),
}, 2)

PTS_RATE = numeric("pts-rate", 20, 50, "percent")
ZOU = numeric("zou", 86.84, 86.84, "percent", tolerance=0.5, is_range=False)
ACUTE = numeric("acute", 7, 14, "days")
EUROPE = numeric("europe", 1.5, 3.3, "EUR", scale="billion")
MILLION = numeric("million", 10, 10, "count", scale="million", is_range=False)
MILLE = numeric("mille", 1, 2, "per_mille")
YEARS = numeric("years", 2, 2, "years", is_range=False)
HOURS = numeric("hours", 48, 72, "hours")
USA = numeric("usa", 7, 10, "USD", scale="billion")
SUBACUTE = numeric("subacute", 15, 30, "days",
                   misconceptions=(Misconception("acute-range", ("7-14 days",), "That is the acute phase."),))

SIGNS = choice("signs", (
    Option("A", "New swelling of both legs and the scrotum", correct=True),
    Option("B", "A rash on the chest", feedback="A rash does not point to the cava."),
    Option("C", "Fever alone", accept=("just a fever",)),
))
SIDES = choice("sides", (
    Option("A", "Left iliac vein", correct=True),
    Option("B", "Right iliac vein"),
))

QUESTIONS = [
    BASELINE, CDT, PTS, IVC, SHOCK, HYPER, LEFT, RISK, POSTPROC, MORE, INCREASE, HIGHER, NO_INCREASE, ALONE,
    INSTEAD, RATHER, WITHOUT, ONLY, ADEQUATE, SUPERIOR, ANGIOJET, THROMBOLYSIS, FREE, NEGATIVE, NUMBERED, ZH,
    VIRCHOW, COMBO, TWO_OF_THREE, PTS_RATE, ZOU, ACUTE, EUROPE, MILLION, MILLE, YEARS, HOURS, USA, SUBACUTE,
    SIGNS, SIDES,
]


def make_course() -> Course:
    return Course(glossary={t.id: t for t in GLOSSARY})


_grader: Grader | None = None


def grader() -> Grader:
    """One shared grader over the test course (grading has no state beyond caches)."""
    global _grader
    if _grader is None:
        _grader = Grader(make_course())
    return _grader


def verdict(q: Question, text: str) -> str:
    return grader().grade(q, text).verdict
