from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.course.loader import LoadResult, Source, load
from tutor.course.resources import builtin_sources, user_sources

ROOT = Path(__file__).resolve().parents[1]


def with_checkout() -> dict[str, str]:
    """The environment for a script that imports this `tests` package. The GIFT parser in the test
    extra installs a top-level `tests` package of its own, which comes before the checkout."""
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


@pytest.fixture(scope="session")
def builtin() -> LoadResult:
    return load(builtin_sources())


@pytest.fixture(autouse=True)
def _isolated_data(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the real user's data or cache folders."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TUTOR_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("TUTOR_CONFIG_FILE", str(base / "config.toml"))
    # English unless a test chooses otherwise: neither the caller's TUTOR_LANG nor a Chinese locale
    # decides, and a test that sets the language in use leaves English behind it.
    monkeypatch.delenv("TUTOR_LANG", raising=False)
    if any(os.environ.get(v, "").lower().startswith("zh") for v in ("LC_ALL", "LC_MESSAGES", "LANG")):
        monkeypatch.setenv("LC_ALL", "C.UTF-8")
    from tutor.texts import use_language

    use_language("en")


def load_with(tmp_path: Path, files: dict[str, str], *, builtin_too: bool = True) -> LoadResult:
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    sources = builtin_sources() if builtin_too else []
    return load(sources + user_sources([str(tmp_path)]))


def fixture_sources() -> list[Source]:
    """A stable course for app tests: built-in references, tags and glossary, the worked example."""
    content = ROOT / "content"
    return [
        Source(content / "course.yaml", "content/course.yaml"),
        Source(content / "references.yaml", "content/references.yaml"),
        Source(content / "tags.yaml", "content/tags.yaml"),
        Source(content / "glossary.yaml", "content/glossary.yaml"),
        Source(ROOT / "examples" / "branching-case.yaml", "examples/branching-case.yaml"),
        Source(ROOT / "tests" / "fixtures" / "quiz.yaml", "tests/fixtures/quiz.yaml"),
    ]
