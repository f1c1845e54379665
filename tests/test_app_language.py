"""The app in Chinese and English: its own words from the catalogue, the switch (F5 and the
palette) that redraws the screen on view and continues an open session, Textual's own words in
Chinese, and Chinese text laid out at 80x24 and 120x40 in both themes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tests.bilingual_kit import bilingual_app, screen_lines
from tests.test_app import type_line
from tutor.app.app import TutorApp
from tutor.app.line_breaks import NO_LINE_START
from tutor.app.screens.chat_screen import ChatScreen
from tutor.app.screens.home_screen import HomeScreen
from tutor.app.screens.summary_screen import SummaryScreen
from tutor.app.widgets.key_bar import KeyBar, key_words
from tutor.store import open_store
from tutor.texts import active_language, en_app, use_language, zh_app
from tutor.texts.language import read_config

ROOT = Path(__file__).resolve().parents[1]
PARAM = re.compile(r"\{(\w+)")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

# The whole worked example, answered in Chinese: a right answer, the harmful choice and back, one
# part of the list, a skip, the right option; then Enter opens the summary.
ANSWERS = ("抗凝", "b", "a", "漂浮血栓", "跳过", "a")


async def start(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def settle(pilot: Pilot[None], app: TutorApp) -> None:
    """Let a switch of language finish: its worker, the message, the redraws."""
    await app.workers.wait_for_complete()
    for _ in range(10):
        await pilot.pause(0.02)


@pytest.fixture(autouse=True)
def _language_restored() -> Iterator[None]:
    """A switch sets the process's language (as the CLI does): the next test starts as this one did."""
    before = active_language()
    yield
    use_language(before)


def shown(app: TutorApp) -> str:
    return "\n".join(screen_lines(app))


# The catalogue ---------------------------------------------------------------------------------------


def test_the_chinese_app_words_match_the_english_key_for_key() -> None:
    assert set(zh_app.MESSAGES) == set(en_app.MESSAGES)
    for key, english in en_app.MESSAGES.items():
        chinese = zh_app.MESSAGES[key]
        assert sorted(PARAM.findall(chinese)) == sorted(PARAM.findall(english)), key
        if key not in ("app.language_name.en", "app.key.language", "app.palette.language",
                       "app.language_name.zh", "app.review.describe"):  # names, or parameters only
            assert CJK.search(chinese), f"{key} is not in Chinese: {chinese!r}"


def test_every_app_key_the_code_names_is_in_both_languages() -> None:
    named: set[str] = set()
    descriptions: set[str] = set()
    for path in (ROOT / "tutor" / "app").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"(?:words\(\s*\w+,\s*|msg\(\s*)f?[\"'](app\.[a-z_.]+)[\"'{]", source))
        descriptions |= set(re.findall(r"Binding\(\s*\"[^\"]+\",\s*\"[^\"]+\",\s*\"([^\"]+)\"", source))
    assert len(named) > 40 and len(descriptions) > 15
    from tutor.texts import catalogue

    for lang in ("en", "zh"):
        missing = sorted(k for k in named if k not in catalogue(lang) and not k.endswith("."))
        assert not missing, (lang, missing)
    # every key a learner's screens show (not the instructor's) has Chinese words in the key bar
    learner = {"Quit", "Refs", "Theme", "Language", "Mode", "Continue", "Review", "Stats", "Confidence", "Hint",
               "Skip", "Home", "Scroll", "Summary", "Retry missed", "Close", "Review due"}
    assert learner <= descriptions
    for description in learner:
        assert key_words(description, "zh") != description, description
        assert key_words(description, "en") == (description if description != "Language" else "中文")


# No English of the app's own on a Chinese screen ------------------------------------------------------


def english_words_of_the_app() -> set[str]:
    """The app's own English phrases a Chinese screen must not show (the ones not the same in both)."""
    from tutor.texts import catalogue

    en, zh = catalogue("en"), catalogue("zh")
    phrases = {v.split("{")[0].strip(" :·,.") for k, v in en.items() if k.startswith(("app.", "face.", "verdict."))
               and v != zh.get(k)}
    return {p for p in phrases if len(p) >= 5 and re.search(r"[a-z]{3}", p) and p not in ("English",)}


async def test_a_chinese_session_shows_none_of_the_apps_english() -> None:
    english = english_words_of_the_app()
    assert {"Question", "Find quiz", "Choose a quiz", "Not right", "Your decision"} <= english
    seen: list[str] = []
    app = bilingual_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        seen.append(shown(app))
        await start(pilot)
        seen.append(shown(app))
        for answer in ANSWERS:
            await type_line(pilot, answer)
            seen.append(shown(app))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        seen.append(shown(app))
        await pilot.press("f3")
        await pilot.pause()
        references = shown(app)  # the sources' own titles are English, so only the panel's words
    text = "\n".join(seen)
    assert "小结" in text and "第 1 题，共 3 题" in text
    from tutor.text_render import reference_line

    sources = " ".join(reference_line(ref) for ref in app.course.references.values())
    leaks = sorted(p for p in english if p in text and p not in sources)  # a source's title is as printed
    assert not leaks
    assert "参考文献" in references and "依据" in references and "built on" not in references


# Switching language ----------------------------------------------------------------------------------


async def test_f5_switches_mid_session_and_no_answer_is_lost() -> None:
    store = open_store()
    app = bilingual_app("en", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = app.screen.query_one(KeyBar)
        assert "f5 中文" in bar.render().plain
        await start(pilot)
        await type_line(pilot, "anticoagulation")  # answered in English
        chat = app.screen
        assert isinstance(chat, ChatScreen)
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.lang == "zh" and app.screen is chat
        assert isinstance(chat, ChatScreen)
        assert chat.engine.course.cases["bi-filter-bleed"].title.startswith("示例病例")
        assert len(chat.engine.state.records) == 1  # the answer before the switch is kept
        text = shown(app)
        assert "怎样防止他发生肺栓塞？" in text and "f5 English" in text  # the decision, asked again in Chinese
        assert "已答 0/3" in text  # the status line drawn again keeps the count (one counts after the decision)
        assert "接着上次的进度继续" in text
        await type_line(pilot, "a")  # the filter
        await type_line(pilot, "抗凝禁忌和抗凝失败")
        assert len(chat.engine.state.records) == 2
        chat.session.wait(5)
    app.end_saving()
    assert read_config()["language"] == "zh"
    found = store.unfinished(app.course)
    assert found is not None
    session_id, state = found
    assert [r.gid for r in state.records] == ["bi-filter-bleed/baseline", "bi-filter-bleed/why-filter"]
    assert session_id == 1  # one stored session, continued across the switch
    store.close()


async def test_the_palette_switches_back_to_english_and_remembers_it() -> None:
    app = bilingual_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        assert palette.query_one(Input).placeholder == "搜索命令…"
        await pilot.press(*"English")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.lang == "en"
        home = app.screen
        assert isinstance(home, HomeScreen)
        text = shown(app)
        assert "Choose a quiz" in text and "Worked example" in text and "f5 中文" in text
        assert "示例病例" not in text
    assert read_config()["language"] == "en"


async def test_the_summary_is_redrawn_in_the_other_language_with_the_same_score() -> None:
    app = bilingual_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for answer in ANSWERS:
            await type_line(pilot, answer)
        await pilot.press("enter")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        score = summary.summary.score
        assert "Summary" in shown(app)
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.screen is summary
        assert isinstance(summary, SummaryScreen) and summary.summary.score == score
        text = shown(app)
        assert "小结" in text and "得分" in text and "你的决策" in text
        assert "照样开始足量抗凝" in text  # the path taken, in the course's Chinese


async def test_a_choice_that_cannot_be_remembered_still_switches_and_says_why() -> None:
    def refuse(lang: str) -> None:
        raise PermissionError(13, "Permission denied")

    app = bilingual_app("en", remember=refuse)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.lang == "zh"
        said = [n.message for n in app._notifications]
        assert any("没能记住" in m and "Permission denied" in m for m in said), said


async def test_a_malformed_config_file_is_left_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "config.json"
    config.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("TUTOR_CONFIG_FILE", str(config))
    app = bilingual_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f5")
        await settle(pilot, app)
        assert app.lang == "zh"
        assert any("没能记住" in n.message for n in app._notifications)
    assert config.read_text(encoding="utf-8") == "{not json"


# Textual's own words --------------------------------------------------------------------------------


async def test_the_palette_says_no_matches_in_chinese() -> None:
    app = bilingual_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"qqqqxz")
        await pilot.pause(1.0)
        await pilot.pause()
        options = app.screen.query_one(CommandList)
        prompts = [str(options.get_option_at_index(i).prompt.renderable)  # type: ignore[union-attr]  # a Rich Group
                   for i in range(options.option_count)]
        assert prompts == ["没有找到匹配的命令"]
        assert "No matches" not in shown(app)


async def test_textuals_commands_are_named_in_chinese() -> None:
    app = bilingual_app("zh")
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        helps = [c.help for c in app.get_system_commands(app.screen)]
    assert titles[:3] == ["配色", "退出", "按键"] and "截图" in titles
    assert all(CJK.search(h) for h in helps)


# Layout: wide characters at 80x24 and 120x40, in both themes -------------------------------------------

LINE_START = NO_LINE_START - {"—", "…"}  # a dash or an ellipsis opening a line is only unusual
BORDERS = " ▊▎▌│┃▏▕"


def layout_faults(app: TutorApp, width: int) -> list[str]:
    faults = []
    for number, line in enumerate(screen_lines(app)):
        if cell_len(line) != width:
            faults.append(f"line {number} is {cell_len(line)} cells wide: {line!r}")
        body = line.lstrip(BORDERS)
        if body and body[0] in LINE_START:
            faults.append(f"line {number} starts with {body[0]!r}: {line!r}")
    bar = app.screen.query_one(KeyBar).render()
    if not bar.plain.rstrip().endswith(key_words("Find quiz", app.lang)):
        faults.append(f"the palette key is cut from the key bar: {bar.plain!r}")
    if key_words("Language", app.lang) not in bar.plain:
        faults.append(f"the language key is not on the key bar: {bar.plain!r}")
    return faults


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_chinese_screens_fit_and_break_lines_as_chinese_does(size: tuple[int, int], theme: str) -> None:
    app = bilingual_app("zh")
    faults: list[str] = []
    async with app.run_test(size=size) as pilot:
        app.theme = theme
        await pilot.pause()
        faults += layout_faults(app, size[0])
        await start(pilot)
        for answer in ("溶栓", "抗凝", "b", "a", "漂浮血栓", "跳过", "a"):
            faults += layout_faults(app, size[0])
            await type_line(pilot, answer)
            # every turn scrolled through, so each line of the transcript is looked at
            transcript = app.screen.query_one("#transcript")
            while transcript.scroll_y > 0:
                faults += layout_faults(app, size[0])
                transcript.scroll_page_up(animate=False)
                await pilot.pause()
            faults += layout_faults(app, size[0])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.query_one("#summary")
        while True:
            faults += layout_faults(app, size[0])
            if summary.scroll_y >= summary.max_scroll_y:
                break
            summary.scroll_page_down(animate=False)
            await pilot.pause()
    assert not faults


async def test_the_answered_count_is_measured_in_cells() -> None:
    from tutor.app.widgets.quiz_status import QuizStatus

    app = bilingual_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await type_line(pilot, "抗凝")
        await type_line(pilot, "a")  # the decision, then the next question
        status = app.screen.query_one(QuizStatus)
        line = status.render()
        assert "已答 1/3" in line.plain
        assert line.cell_length == status.size.width  # not two cells per character too wide



# The statistics -------------------------------------------------------------------------------------


async def test_the_stats_screen_speaks_chinese_with_its_bars_in_one_column(tmp_path: Path) -> None:
    from tests.test_store_support import day, record, store_at, topic
    from tutor.app.screens.stats_screen import StatsScreen

    store = store_at(tmp_path / "p.sqlite3")
    app = bilingual_app("zh", store=store)
    course = app.course
    for n, q in enumerate(course.questions()):
        store.record_attempt(None, record(q, ("correct", "incorrect", "partial")[n % 3], misconceptions=()),
                             topic(course, q), day(n))
    try:
        async with app.run_test(size=(80, 40)) as pilot:
            await app.workers.wait_for_complete()
            app.push_screen(StatsScreen(store, course, day(4)))
            await pilot.pause()
            lines = screen_lines(app)
            text = "\n".join(lines)
            assert "各主题掌握情况" in text and "未来 14 天到期的题" in text and "今天" in text
            assert "Mastery" not in text and "answers" not in text
            rows = [line for line in lines if "下腔静脉滤器" in line or "适应证" in line]
            assert len(rows) == 2  # one topic, one theme
            # the bars start in the same terminal column, whatever the label's width in cells
            assert len({cell_len(row[: row.index("█" if "█" in row else "░")]) for row in rows}) == 1
            await pilot.press("f5")
            await settle(pilot, app)
            assert "Mastery by topic" in shown(app) and "Inferior vena cava filt" in shown(app)
    finally:
        store.close()


# Only the language in use is imported --------------------------------------------------------------

CHILD = """
import asyncio, sys
from tests.bilingual_kit import bilingual_app

async def main(lang):
    app = bilingual_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first question, in the chat
        await pilot.pause()
    print(" ".join(sorted(m for m in sys.modules if m.startswith("tutor.texts."))))

asyncio.run(main(sys.argv[1]))
"""


@pytest.mark.parametrize(("lang", "other"), [("zh", "tutor.texts.en"), ("en", "tutor.texts.zh")])
def test_the_app_imports_the_words_of_its_language_only(lang: str, other: str) -> None:
    import subprocess
    import sys

    from tests.conftest import with_checkout

    out = subprocess.run([sys.executable, "-c", CHILD, lang], capture_output=True, text=True, env=with_checkout(),
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded = out.stdout.split()
    assert f"tutor.texts.{lang}_app" in loaded
    assert not [m for m in loaded if m.startswith(other)], loaded


# `tutor app` passes the chosen language on ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_tutor_app_opens_the_course_in_the_chosen_language(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import argparse

    from tutor.app import run as run_module

    seen: list[tuple[str, str, bool]] = []

    def run(self: TutorApp, **kwargs: object) -> None:  # instead of taking over the terminal
        assert self.course.info is not None
        seen.append((self.lang, self.course.info.title, self._reopen is not None))

    monkeypatch.setattr(TutorApp, "run", run)
    assert run_module.run_app(argparse.Namespace(lang=lang)) == 0
    from tutor.session import open_course

    info = open_course(lang=lang).course.info
    assert info is not None and (CJK.search(info.title) is not None) == (lang == "zh")
    assert seen == [(lang, info.title, True)]


async def test_textual_s_keys_panel_describes_the_keys_in_chinese() -> None:
    from textual.widgets import KeyPanel

    app = bilingual_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        assert isinstance(app.screen, ChatScreen)
        described = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.description}
        assert described and all(CJK.search(d) or d == "English" for d in described), described
        app.action_show_help_panel()
        await pilot.pause()
        assert app.screen.query(KeyPanel)
        on_screen = shown(app)
        assert "跳过" in on_screen and "Skip" not in on_screen and "Hint" not in on_screen
