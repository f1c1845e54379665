"""Where the built-in course lives: inside the installed package, or in a checkout."""

from __future__ import annotations

from pathlib import Path

from .result import Source


def builtin_root() -> Path:
    """The folder holding `content/` and `quizzes/`.

    A wheel carries them as `tutor/_course/` (see pyproject's force-include); a checkout or
    an editable install reads them from the top of the repository.
    """
    # The package's own folder (importlib.resources would cost ~20 ms of start-up to say the same).
    packaged = Path(__file__).resolve().parents[1] / "_course"
    if (packaged / "content").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def builtin_sources() -> list[Source]:
    root = builtin_root()
    return [Source(root / "content", "content", "built-in"), Source(root / "quizzes", "quizzes", "built-in")]


def user_sources(paths: list[str]) -> list[Source]:
    return [Source(Path(p), p) for p in paths]
