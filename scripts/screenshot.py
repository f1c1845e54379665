"""Regenerate docs/screenshot.svg: the tutor mid-case, drawn by the app's own SVG screenshot.

    python scripts/screenshot.py
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input

from tutor.app.app import TutorApp
from tutor.course.loader import load
from tutor.course.resources import builtin_sources
from tutor.grading import Grader

ROOT = Path(__file__).resolve().parents[1]
QUIZ = "ivcf"
ANSWERS = ["place an IVC filter", "contraindication to anticoagulation"]


async def main() -> None:
    result = load(builtin_sources())
    app = TutorApp(result, lambda: Grader(result.course), quiz_id=QUIZ, clock=lambda: 0.0)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        for text in ANSWERS:
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await pilot.pause()
        for inp in app.screen.query(Input):
            inp.cursor_blink = False
        await pilot.pause()
        out = ROOT / "docs" / "screenshot.svg"
        out.write_text(app.export_screenshot(title="LEDVT tutor"), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    asyncio.run(main())
