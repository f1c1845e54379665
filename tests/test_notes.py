"""The three kinds of marked note: what each must cite, and how each face announces it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import load_with
from tutor.course.loader import load
from tutor.course.resources import builtin_sources
from tutor.engine import replies as r
from tutor.model import Course, Note, NoteKind
from tutor.text_render import TextRenderer

CASE = """\
format: 1
references:
  - key: guide-x
    authors: "Doe, J."
    year: 2021
    title: A guideline
    journal: Journal
    details: "1(1):1-2"
    beyond_review: true
cases:
  - id: n-case
    title: Notes
    tags: [ivcf, acute]
    steps:
      - id: s
        text: A patient.
        questions:
          - id: q
            kind: short
            prompt: What?
            answer:
              accept: [anticoagulation]
            explanation: Because.
            cite: [review]
            notes:
              - kind: guidance
                text: Guidelines say otherwise.
                cite: [CITE]
"""


def load_builtin() -> Course:
    return load(builtin_sources()).course


def _errors(tmp_path: Path, cite: str) -> list[str]:
    result = load_with(tmp_path, {"n.yaml": CASE.replace("CITE", cite)})
    return [p.message for p in result.errors]


def test_a_guidance_note_citing_a_guideline_loads(tmp_path: Path) -> None:
    assert _errors(tmp_path, "guide-x") == []


@pytest.mark.parametrize("cite", ["review"])
def test_a_guidance_note_must_cite_a_source_beyond_the_review(tmp_path: Path, cite: str) -> None:
    assert any("'guidance' note must cite a source marked beyond_review" in e for e in _errors(tmp_path, cite))


@pytest.mark.parametrize("kind, marker", [
    ("doubt", "Doubt about the review"),
    ("beyond", "Beyond the review"),
    ("guidance", "Current guidance differs from the review"),
])
def test_each_face_names_the_kind_of_note(kind: NoteKind, marker: str) -> None:
    from tutor.app.reply_widgets import widgets_for
    from tutor.app.widgets.chat_entry import TutorEntry

    course = load_builtin()
    reply = r.Explanation(gid="c/q", answer="x", markdown="why", notes=(Note(kind, "text"),))
    text = TextRenderer(course)
    assert f"{marker}: text" in text.render(reply)
    (entry,) = widgets_for(reply, course, text)
    assert isinstance(entry, TutorEntry) and f"{marker}:** text" in entry._markdown


def test_a_cases_own_notes_come_once_with_its_first_feedback() -> None:
    """A case's notes (here the guidance note on routine filters) are shown after the learner's
    first answer or decision in the case, once, in both faces' text; never before it."""
    from tests.test_cli import tutor

    out = tutor("plain", "--quiz", "mat", stdin="b\nb\nsyringe\n").stdout
    note = load_builtin().cases["mat-no-filter"].notes[0]
    first_words = " ".join(note.text.split()[:5])
    flat = " ".join(out.split())
    assert flat.count(first_words) == 1
    assert flat.index(first_words) > flat.index("Not right")  # after the first verdict, never before
