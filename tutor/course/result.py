"""What loading produces, and where content comes from: light enough for the start-up path.

The app starts from a cached `LoadResult`; unpickling it must not import the YAML loader.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Course
from .problems import Problem


@dataclass
class Source:
    """A folder (or single file) of content, and how its paths are shown in messages."""

    root: Path
    label: str

    def files(self) -> Iterator[tuple[Path, str]]:
        if self.root.is_file():
            yield self.root, self.label
            return
        found = [p for p in self.root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
        for p in sorted(found):
            rel = p.relative_to(self.root).as_posix()
            yield p, f"{self.label.rstrip('/')}/{rel}" if self.label else rel


@dataclass
class LoadResult:
    """A loaded course with the problems found in its files and the files it came from."""

    course: Course
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]
