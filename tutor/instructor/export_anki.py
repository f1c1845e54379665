"""`tutor export anki`: the course as an Anki deck (.apkg), built with genanki.

One note per question, list questions included: their parts are asked together and explained
together, and a learner rates recalling the whole answer; a note per part would ask "name one of
several" with no way to say which. The front is the case so far and the question; the back the
answer, every answer the tutor accepts, the explanation with its notes, and the full references.

Ids are derived from names, never drawn at random: the note type and the deck keep their ids from
one export to the next, and each note's GUID comes from its question's global id, so importing a
newer export updates the notes already there instead of adding copies.
"""

from __future__ import annotations

import hashlib
import html
import os
from collections.abc import Callable
from pathlib import Path

from ..model import Course, Question
from .export_common import Exported, Exporter, accepted, markdown_text, plain

FIELDS = ("Question", "Answer", "Accepted", "Explanation", "References", "Id")
MODEL_NAME = "LEDVT tutor question"
# Changing the fields or templates makes a new note type: give it a new version here.
MODEL_KEY = "ledvt-tutor/question-note/1"

FRONT = '<div class="question">{{Question}}</div>'
BACK = (
    '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
    '{{#Accepted}}<div class="accepted">Also accepted: {{Accepted}}</div>{{/Accepted}}'
    '<div class="explanation">{{Explanation}}</div>'
    '{{#References}}<div class="references">{{References}}</div>{{/References}}'
)
CSS = (
    ".card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 46em; margin: auto; }\n"
    ".accepted, .references { font-size: 14px; color: #555; }\n"
    ".answer { font-weight: bold; }\n"
)


def stable_id(name: str) -> int:
    """An Anki id derived from a name: the same name gives the same id in every export.

    In genanki's recommended range (between 2**30 and 2**31), clear of ids Anki makes from the clock."""
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest()
    return (1 << 30) + int.from_bytes(digest, "big") % (1 << 30)


def note_guid(q: Question) -> str:
    import genanki

    return str(genanki.guid_for("ledvt-tutor", q.gid))


def export_anki(course: Course, path: Path, *, now: float) -> Exported:
    """Write the deck to `path` (atomically: a half-written deck never replaces a good one).

    `now` stamps the notes; Anki updates a note on import only when its stamp is newer."""
    import genanki  # only this verb needs it

    ex = Exporter(course)
    info = course.info
    deck_name = info.title if info else "Tutor course"
    model = genanki.Model(
        stable_id(MODEL_KEY), MODEL_NAME,
        fields=[{"name": f} for f in FIELDS],
        templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}],
        css=CSS,
    )
    deck = genanki.Deck(stable_id(f"ledvt-tutor/deck/{deck_name}"), deck_name)
    render = _markdown()
    count = 0
    for q in ex.questions():
        deck.add_note(genanki.Note(
            model=model, fields=_fields(ex, q, render), guid=note_guid(q),
            tags=[t.replace(" ", "_") for t in ex.tags(q)],
        ))
        count += 1
    # beside the target, so the rename stays on one file system; created as any file is (umask)
    tmp = str(path.parent / f".{path.name}.{os.getpid()}.part")
    try:
        genanki.Package(deck).write_to_file(tmp, timestamp=now)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return Exported("", count, ex.warnings)


def _markdown() -> Callable[[str], str]:
    """Markdown to HTML with raw HTML switched off: a card shows course text, it never runs it."""
    from markdown_it import MarkdownIt  # comes with Textual, which renders the app's Markdown

    md = MarkdownIt("commonmark", {"html": False})
    return md.render


def _fields(ex: Exporter, q: Question, render: Callable[[str], str]) -> list[str]:
    front = ex.question_text(q, graded=False)
    if q.kind == "choice":
        front += "\n\n" + "\n".join(f"- {o.letter}. {ex.cites(o.text)}" for o in q.options)
    answer = ex.answer_line(q)
    if q.kind == "list":
        answer += "\n\n" + "\n".join(f"- {markdown_text(e.label)}" for e in q.expectations)
    if q.kind == "list":  # each part with the answers accepted for it
        also = "<br>".join(html.escape(f"{plain(e.label)}: {' / '.join(accepted(e))}") for e in q.expectations)
    elif q.kind == "short":
        also = html.escape(" / ".join(a for e in q.expectations for a in accepted(e)[1:]))
    else:
        also = ""
    explanation = "\n\n".join([ex.cites(q.explanation), *ex.notes(q)])
    refs = ex.reference_lines(q)
    return [
        render(front),
        render(answer),
        also,
        render(explanation),
        "<br>".join(html.escape(line) for line in refs),
        html.escape(q.gid),
    ]
