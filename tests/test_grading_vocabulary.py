"""The medical vocabulary that ships with the grader: the file itself, and what it makes equivalent.

Names in one entry are interchangeable everywhere, also inside longer accepted answers, and
entries that share a name merge: so a wrong name, or one shared by two entries that mean
different things, turns a wrong answer right in every course. These checks read the file as the
grader does (`phrase_key`), and grade a few answers through the real grader.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.test_grading_support import short
from tutor.grading import Grader
from tutor.grading.glossary import phrase_key
from tutor.grading.normalize import has_cjk
from tutor.grading.vocabulary import DATA
from tutor.model import Course

RAW = DATA.read_text(encoding="utf-8")
DATA_JSON = json.loads(RAW)
ENTRIES: list[dict[str, Any]] = DATA_JSON["entries"]
KINDS: list[dict[str, Any]] = DATA_JSON["kinds"]

AMBIGUOUS = {
    "ms", "pd", "ca", "pt", "ra", "asa", "svt", "gbs", "ga", "cs", "us", "ie", "im", "bm", "fast", "aids", "gas",
    "ph", "hd", "cin", "ali", "als", "scd", "crt", "cat", "pta", "sk", "toe", "ua", "cr", "chd", "aed", "mra", "mtp",
    "ast", "uc", "prom", "icd", "cpm", "acd", "ods", "peg", "ett", "rsi", "pcv", "pid", "asd", "iol", "rrt", "tma", "amr",
}
"""Abbreviations with two common clinical meanings (or an everyday word of the same letters):
MS multiple sclerosis / mitral stenosis, PD Parkinson's / peritoneal dialysis, PT prothrombin
time / physiotherapy, ASA aspirin / the anaesthetists' grade, SVT supraventricular tachycardia /
superficial vein thrombosis, IM intramuscular / `I'm`, FAST the scan / `fast`..."""

OPPOSITES = [
    (r"\bhypo", r"\bhyper"), (r"\bbrady", r"\btachy"), (r"\bsuperior\b|\bsvc\b|上腔", r"\binferior\b|\bivc|下腔"),
    (r"\bupper\b", r"\blower\b"), (r"\bleft\b", r"\bright\b"), (r"\bacute\b", r"\bchronic\b"),
    (r"\b(?:high|raised|increased|elevated)\b", r"\b(?:low|reduced|decreased)\b"), ("高", "低"),
    (r"thrombosis", r"thrombolysis|lysis\b"), (r"embolism|embolus", r"embolectomy"),
    (r"streptokinase|链激酶", r"urokinase|尿激酶"), (r"\bsystolic\b", r"\bdiastolic\b"),
    (r"\btype 1\b", r"\btype 2\b"), (r"\bsmall\b|\bshort saphenous", r"\bgreat\b|\bgreater\b|\blong saphenous"),
    (r"(?<!sub)massive", r"submassive"), (r"\bstemi\b", r"\bnstemi\b"), (r"\bresistant\b|\bmrsa\b", r"\bsensitive\b|\bsusceptible\b|\bmssa\b"),
    (r"anticoagula", r"antiplatelet"), (r"(?<!non )\bdihydropyridine", r"\bnon dihydropyridine|rate limiting"),
    (r"(?<!non )\bselective beta|cardioselective", r"\bnon selective"), (r"(?<!pre )\beclampsia", r"\bpre eclampsia|\bpreeclampsia"),
    (r"\baspiration pneumonia", r"\baspiration thrombectomy|\bthrombus aspiration"), (r"\bischaemic\b|\bischemic\b", r"haemorrhagic|hemorrhagic"),
    (r"\bdeep\b", r"\bsuperficial\b"), (r"\btwice\b", r"\bthree\b|\bfour\b"), (r"\bventricular tachycardia", r"fibrillation"),
    (r"\bestimated\b|\begfr\b", r"(?<!e)\bgfr\b"), (r"\bloop\b", r"\bthiazide\b"), (r"\bmajor\b", r"\bminor\b|non major|nonmajor"),
    (r"\babsolute\b", r"\brelative\b"), (r"\bodds\b", r"\bhazard\b|\brisk ratio|\brelative risk"),
    (r"acidosis|酸中毒", r"alkalosis|碱中毒"), (r"\bnephrotic", r"\bnephritic"), (r"mononitrate", r"dinitrate"),
    (r"(?<!non )\bhodgkin", r"\bnon hodgkin"), (r"\bhdl\b|high density", r"\bldl\b|low density"),
    (r"\bregurgitation\b", r"\bstenosis\b"), (r"\bcolostomy\b", r"\bileostomy\b"), (r"\bfirst trimester", r"\b(?:second|third) trimester"),
    (r"\bpreoperative\b|\bpre op\b|术前", r"\bpostoperative\b|\bpost op\b|术后"), (r"\bspinal\b", r"\bepidural\b|\bgeneral anesth"),
    (r"\btype 1 respiratory|hypox(?:a)?emic respiratory|低氧性呼吸", r"\btype 2 respiratory|hypercapnic respiratory|高碳酸性呼吸"),
]
"""Words whose names must never share a merged entry: an opposite, a neighbour, or a part of
the other (`pre-eclampsia` is not `eclampsia`)."""


def key_text(name: str) -> str:
    return " ".join(phrase_key(name))


def merged_groups() -> list[list[str]]:
    """The entries as the grader sees them: entries that share a name are one group."""
    groups: list[list[str]] = []
    owner: dict[tuple[str, ...], int] = {}
    for entry in ENTRIES:
        names = [str(n) for n in entry["names"]]
        hit = next((owner[phrase_key(n)] for n in names if phrase_key(n) in owner), None)
        if hit is None:
            hit = len(groups)
            groups.append([])
        for n in names:
            if phrase_key(n) not in owner:
                owner[phrase_key(n)] = hit
                groups[hit].append(n)
    return groups


def test_the_file_keeps_its_layout_one_entry_a_line() -> None:
    lines = RAW.splitlines()
    start, end = lines.index(' "entries": ['), lines.index(" ],")
    body = lines[start + 1:end]
    assert len(body) == len(ENTRIES)
    for n, line in enumerate(body, start + 2):
        assert line.startswith(' {"kind": '), f"{DATA.name}:{n}: not one entry on its own line"
        assert json.loads(line.rstrip(",")) == ENTRIES[n - start - 2]


def test_every_entry_has_a_known_kind_and_names() -> None:
    sources = DATA_JSON["sources"]
    for n, entry in enumerate(ENTRIES):
        assert entry["kind"] in {"abbreviation", "synonym", "lay", "chinese"}, entry
        assert entry["kind"] in sources
        names = entry["names"]
        assert isinstance(names, list) and len(names) >= 2, entry
        for name in names:
            assert isinstance(name, str) and name == name.strip() and phrase_key(name), (n, name)


def test_no_chinese_name_is_a_single_character() -> None:
    for entry in ENTRIES:
        for name in entry["names"]:
            cjk = [c for c in name if has_cjk(c)]
            if cjk and len(cjk) == len(name.replace(" ", "")):
                assert len(cjk) >= 2, f"{name!r} in {entry['names']}: one character matches inside longer words"
    for kind in KINDS:
        for name in (*kind["general"], *kind["instances"]):
            assert not (has_cjk(name) and len(name) < 2), name


def test_no_ambiguous_abbreviation_is_a_name() -> None:
    for entry in ENTRIES:
        for name in entry["names"]:
            assert key_text(name) not in AMBIGUOUS, f"{name!r} has two common meanings ({entry['names'][0]})"


def test_a_name_in_two_entries_is_the_head_of_one_of_them() -> None:
    """Two entries may share a name only when one names the other's head term (the lay names of
    `pulmonary embolism` in their own entry): a name shared by two different things would merge them."""
    where: dict[tuple[str, ...], list[int]] = {}
    for i, entry in enumerate(ENTRIES):
        for name in {phrase_key(n) for n in entry["names"]}:
            where.setdefault(name, []).append(i)
    for name, at in where.items():
        if len(at) > 1:
            heads = {phrase_key(str(ENTRIES[i]["names"][0])) for i in at}
            assert name in heads, f"{' '.join(name)!r} is in {[ENTRIES[i]['names'][0] for i in at]}"


@pytest.mark.parametrize(("a", "b"), OPPOSITES)
def test_no_merged_entry_holds_two_different_things(a: str, b: str) -> None:
    for group in merged_groups():
        keys = [key_text(n) for n in group]
        only_a = [k for k in keys if re.search(a, k) and not re.search(b, k)]
        only_b = [k for k in keys if re.search(b, k) and not re.search(a, k)]
        assert not (only_a and only_b), f"{only_a} and {only_b} in one entry"


def test_every_kind_has_a_source() -> None:
    assert "kind_of" in DATA_JSON["sources"]
    for kind in KINDS:
        assert kind["kind"] == "kind_of"
        codes = re.findall(r"\b[A-Z]\d\d[A-Z]{0,2}\d{0,2}\b", str(kind.get("atc", "")))
        assert codes, f"{kind['general'][0]}: no WHO ATC code"
        general = {phrase_key(g) for g in kind["general"]}
        instances = {phrase_key(i) for i in kind["instances"]}
        assert general and instances and not general & instances, kind["general"]


def test_no_kind_makes_a_general_class_accept_a_drug_that_does_not_do_its_job() -> None:
    """`calcium channel blocker` alone names no drug: for rate control a dihydropyridine is wrong."""
    generals = {phrase_key(g) for kind in KINDS for g in kind["general"]}
    assert phrase_key("calcium channel blocker") not in generals
    assert phrase_key("CCB") not in generals


G = Grader(Course())


@pytest.mark.parametrize(("key", "answer", "expected"), [
    ("Staphylococcus aureus", "staph aureus", "correct"),
    ("Staphylococcus aureus", "金黄色葡萄球菌", "correct"),
    ("MRSA", "S. aureus", "incorrect"),
    ("methicillin-resistant Staphylococcus aureus", "Staphylococcus aureus", "incorrect"),
    ("Streptococcus pneumoniae", "pneumococcus", "correct"),
    ("Streptococcus pneumoniae", "Streptococcus pyogenes", "incorrect"),
    ("rate-limiting calcium channel blocker", "diltiazem", "correct"),
    ("rate-limiting calcium channel blocker", "amlodipine", "incorrect"),
    ("non-dihydropyridine calcium channel blocker", "dihydropyridine calcium channel blocker", "incorrect"),
    ("beta-blocker", "bisoprolol", "correct"),
    ("cardioselective beta-blocker", "propranolol", "incorrect"),
    ("high-intensity statin", "simvastatin", "incorrect"),
    ("statin", "atorvastatin", "correct"),
    ("steroids", "prednisolone", "correct"),
    ("inhaled corticosteroid", "prednisolone", "incorrect"),
    ("opioid antagonist", "morphine", "incorrect"),
    ("DOAC", "apixaban", "correct"),
    ("apixaban", "Eliquis", "correct"),
    ("apixaban", "rivaroxaban", "incorrect"),
    ("LMWH", "Clexane", "correct"),
    ("LMWH", "heparin", "incorrect"),
    ("SABA", "salbutamol", "correct"),
    ("noradrenaline", "Levophed", "correct"),
    ("noradrenaline", "vasopressin", "incorrect"),
    ("EpiPen", "adrenaline auto-injector", "correct"),
    ("left common iliac vein", "LCIV", "correct"),
    ("left common iliac vein", "right common iliac vein", "incorrect"),
    ("upper GI bleed", "lower GI bleed", "incorrect"),
    ("hyperthyroidism", "overactive thyroid", "correct"),
    ("hypothyroidism", "overactive thyroid", "incorrect"),
    ("aspiration thrombectomy", "aspiration pneumonia", "incorrect"),
    ("massive pulmonary embolism", "submassive PE", "incorrect"),
    ("capillary blood glucose", "CBG", "correct"),
    ("diuretic", "water tablet", "correct"),
    ("loop diuretic", "thiazide", "incorrect"),
    ("great saphenous vein", "small saphenous vein", "incorrect"),
    ("pre-eclampsia", "eclampsia", "incorrect"),
    ("intramuscular adrenaline", "I'm giving adrenaline", "incorrect"),
    ("urokinase", "尿激酶", "correct"),
    ("streptokinase", "urokinase", "incorrect"),
    ("GI bleed", "GIB", "correct"),
    # ward short forms of one drug or class
    ("vitamin K", "vit K", "correct"),
    ("noradrenaline", "norepi", "correct"),
    ("magnesium sulphate", "mag sulph", "correct"),
    ("antibiotics", "abx", "correct"),
    ("antibiotics", "antivirals", "incorrect"),
    ("infection", "感染", "correct"),
    ("central nervous system neoplasm", "CNS neoplasm", "correct"),
    ("intracranial tumour", "颅内肿瘤", "correct"),
    ("intracranial tumour", "颅内出血", "incorrect"),
    ("stop smoking", "戒烟", "correct"),
    ("smoking cessation", "quit smoking", "correct"),
    ("stop smoking", "keep smoking", "incorrect"),
    ("female sex", "women", "correct"),
    ("female sex", "female gender", "correct"),
    ("female sex", "men", "incorrect"),
    # a general term after an article: the drug takes none
    ("start a vasopressor", "start noradrenaline", "correct"),
    ("start an anticoagulant", "start LMWH", "correct"),
    ("start a vasopressor", "start a fluid bolus", "incorrect"),
])
def test_the_vocabulary_grades(key: str, answer: str, expected: str) -> None:
    g = G.grade(short("v", (key,)), answer)
    assert g.verdict == expected, g.reason


def test_a_vocabulary_name_is_never_read_as_a_slip_for_another() -> None:
    from tests.test_grading_support import grader, short

    assert grader().grade(short("nstemi", ("NSTEMI",)), "STEMI").verdict == "incorrect"
    assert grader().grade(short("stemi", ("STEMI",)), "NSTEMI").verdict == "incorrect"
    assert grader().grade(short("stemi2", ("STEMI",)), "stemy").verdict == "correct"  # a slip still is one
