"""The authoring guide's field tables are written from the format's declaration: a field added to
the format, or a changed description, fails here until `python scripts/field_tables.py` is run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.course.field_tables import marked, render, tables

GUIDE = Path(__file__).resolve().parents[1] / "content" / "README.md"


def test_the_guide_s_field_tables_match_the_format() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert render(text) == text, "content/README.md is stale: run python scripts/field_tables.py"


def test_every_object_of_the_format_has_a_table_in_the_guide() -> None:
    shown = marked(GUIDE.read_text(encoding="utf-8"))
    assert sorted(shown) == sorted(tables())
    assert len(shown) == len(set(shown))


def test_a_new_field_shows_in_its_table() -> None:
    from tutor.course import spec
    from tutor.fields import F, Str

    guide = "<!-- fields: note -->\n<!-- /fields -->\n"
    spec.NOTE.fields["colour"] = F(Str(learner=True), False, "A colour for the note.")
    try:
        assert "| `colour` | no | A colour for the note (may be given in English and Chinese). |" in render(guide)
    finally:
        del spec.NOTE.fields["colour"]
    assert "colour" not in render(guide)


def test_an_unknown_table_is_named() -> None:
    with pytest.raises(KeyError, match="'nothing'"):
        render("<!-- fields: nothing -->\n<!-- /fields -->\n")
