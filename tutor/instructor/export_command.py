"""`tutor export FORMAT [--output FILE]`: where each export goes and what the instructor is told."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from ..model import Course
from ..safe_text import json_text, one_line
from .export_common import Exported

TEXT_FORMATS = ("json", "moodle-xml", "gift")


def run_export(course: Course, fmt: str, output: str | None, languages: dict[str, Course] | None = None) -> int:
    """`languages`: the course read in each of its languages, which JSON carries all of."""
    if fmt == "anki":
        return _anki(course, output)
    done = _text(course, fmt, languages)
    for w in done.warnings:
        print(one_line(str(w)), file=sys.stderr)
    if not output or output == "-":
        sys.stdout.write(done.text)
        return 0
    try:
        Path(output).write_text(done.text, encoding="utf-8")
    except OSError as e:
        print(one_line(f"tutor export {fmt}: cannot write {output}: {e.strerror or e}"), file=sys.stderr)
        return 1
    print(one_line(f"tutor export {fmt}: wrote {done.questions} questions to {output}"), file=sys.stderr)
    return 0


def _text(course: Course, fmt: str, languages: dict[str, Course] | None = None) -> Exported:
    if fmt == "moodle-xml":
        from .export_moodle import export_moodle_xml

        return export_moodle_xml(course)
    if fmt == "gift":
        from .export_gift import export_gift

        return export_gift(course)
    from ..export import export_json, export_languages

    data = export_languages(languages) if languages else export_json(course)
    n = sum(len(s["questions"]) for c in data["cases"] for s in c["steps"])
    return Exported(json_text(json.dumps(data, indent=2, ensure_ascii=False)) + "\n", n, [])


def _anki(course: Course, output: str | None) -> int:
    if output == "-":
        print("tutor export anki: an .apkg is a binary file and is not written to standard output; "
              "give --output FILE.apkg", file=sys.stderr)
        return 2
    path = Path(output) if output else Path.cwd() / f"{deck_file_name(course)}.apkg"
    from .export_anki import export_anki

    try:
        done = export_anki(course, path, now=time.time())
    except OSError as e:
        print(one_line(f"tutor export anki: cannot write {path}: {e.strerror or e}"), file=sys.stderr)
        return 1
    for w in done.warnings:
        print(one_line(str(w)), file=sys.stderr)
    print(one_line(f"tutor export anki: wrote {done.questions} notes to {path}"), file=sys.stderr)
    return 0


def deck_file_name(course: Course) -> str:
    """A file name from the course's title: `endovascular-treatment-of-...`."""
    title = course.info.title if course.info else "course"
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    if len(slug) > 80:  # cut at a word
        slug = slug[:81].rsplit("-", 1)[0]
    return slug or "course"
