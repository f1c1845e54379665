"""Grading step 1: normalisation, and the tokens built on it."""

from __future__ import annotations

import pytest

from tutor.grading.normalize import MAX_CHARS, normalise
from tutor.grading.tokens import canon, stem, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Anticoagulation  ", "anticoagulation"),
        ("ANTICOAGULATION", "anticoagulation"),
        ("Anti–coagulation", "anti-coagulation"),  # en dash
        ("Anti—coagulation", "anti-coagulation"),  # em dash
        ("Anti−coagulation", "anti-coagulation"),  # minus sign
        ("don’t", "don't"),  # curly apostrophe
        ("“CDT”", '"cdt"'),
        ("ＣＤＴ", "cdt"),  # full width
        ("２０％～５０％", "20%~50%"),
        ("café", "cafe"),  # accents
        ("Straße", "strasse"),  # case folding
        ("cat\u200bheter", "catheter"),  # zero-width space
        ("cath\x07eter\x00", "catheter"),  # control characters
        ("IVC\tfilter", "ivc filter"),
        ("导管 溶栓", "导管溶栓"),  # spaces between Chinese characters
        ("導管溶栓", "导管溶栓"),  # traditional to simplified
        ("血栓後綜合徵", "血栓后综合征"),
        ("[bold]CDT[/bold]", "[bold]cdt[/bold]"),  # markup is just text
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw).text == expected


def test_index_maps_back_to_the_original() -> None:
    n = normalise("  Ca\u0301theter  導管")
    start = n.text.index("catheter")
    assert n.original[slice(*n.span(start, start + len("catheter")))] == "Ca\u0301theter"
    zh = n.text.index("导管")
    assert n.original[slice(*n.span(zh, zh + 2))] == "導管"


def test_long_text_is_capped() -> None:
    n = normalise("a" * 10_000)
    assert len(n.text) == MAX_CHARS


def test_opencc_is_imported_only_for_chinese() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from tutor.grading.normalize import normalise; normalise('anticoagulation');"
        "print('opencc' in sys.modules); normalise('導管'); print('opencc' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True"]


@pytest.mark.parametrize(
    ("a", "b"),
    [("haemorrhage", "hemorrhage"), ("oedema", "edema"), ("organised", "organized"), ("ischaemia", "ischemia"),
     ("mobilisation", "mobilization"), ("tumour", "tumor")],
)
def test_british_and_american_spellings_agree(a: str, b: str) -> None:
    assert canon(a) == canon(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("filters", "filter"), ("anticoagulant", "anticoagulation"), ("anticoagulants", "anticoagulation"),
     ("contraindicated", "contraindication"), ("emboli", "embolism"), ("thrombi", "thrombus"),
     ("therapies", "therapy"), ("failed", "failure")],
)
def test_word_forms_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("a", "b"), [("thrombosis", "thrombolysis"), ("coagulation", "anticoagulation"),
                                      ("thrombus", "thrombosis")])
def test_different_words_keep_different_stems(a: str, b: str) -> None:
    assert stem(a) != stem(b)


def test_tokens() -> None:
    toks = tokenize(normalise("He can't take anti-coagulation, 20-50% and 导管溶栓; free-floating"))
    assert [(t.kind, t.text) for t in toks] == [
        ("w", "he"), ("w", "can"), ("w", "not"), ("w", "take"), ("w", "anti"), ("w", "coagulation"), ("p", ","),
        ("q", "20-50%"), ("p", "and"), ("c", "导"), ("c", "管"), ("c", "溶"), ("c", "栓"), ("p", ";"),
        ("w", "free"), ("w", "floating"),
    ]
    assert toks[5].joined and toks[-1].joined and not toks[4].joined
