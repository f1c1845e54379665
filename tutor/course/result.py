"""What loading produces, and where content comes from: light enough for the start-up path.

The app starts from a cached `LoadResult`; reading the cache must not import the YAML loader.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Course, Loc
from .problems import Problem

SUFFIXES = (".yaml", ".yml")


@dataclass
class Source:
    """A folder (or single file) of content, and how its paths are shown in messages."""

    root: Path
    label: str

    def files(self) -> Iterator[tuple[Path, str]]:
        """The content files to read, in name order (see `entries` for what is refused)."""
        for path, shown, problem in self.entries():
            if problem is None:
                yield path, shown

    def entries(self) -> Iterator[tuple[Path, str, Problem | None]]:
        """Every content file under the root, or the reason it is not read.

        The walk is iterative (a deep folder tree cannot exhaust the stack) and follows no
        link that leaves the folder: a shared folder holding `notes.yaml -> ~/.ssh/id_rsa`
        must not make the tutor read, and then quote, a private file.
        """
        if self.root.is_file():
            yield self.root, self.label, None
            return
        try:
            top = os.path.realpath(self.root)
        except (OSError, ValueError):
            return
        found: list[tuple[str, Path, Problem | None]] = []
        stack = [self.root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    listing = list(it)
            except OSError:
                continue
            for entry in listing:
                path = Path(entry.path)
                rel = path.relative_to(self.root).as_posix()
                shown = f"{self.label.rstrip('/')}/{rel}" if self.label else rel
                problem = _refusal(entry, top, shown)
                if problem is not None:
                    found.append((rel, path, problem))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                elif path.suffix in SUFFIXES and (entry.is_symlink() or entry.is_file(follow_symlinks=False)):
                    found.append((rel, path, None))
        for rel, path, problem in sorted(found, key=lambda f: f[0]):
            yield path, (f"{self.label.rstrip('/')}/{rel}" if self.label else rel), problem


def _refusal(entry: os.DirEntry[str], top: str, shown: str) -> Problem | None:
    """Why this folder entry is not read, or None. Only entries that would be content count."""
    named = os.path.splitext(entry.name)[1] in SUFFIXES
    try:
        if entry.is_symlink():
            target = os.path.realpath(entry.path)
            if os.path.commonpath([top, target]) != top:
                return Problem(Loc(shown, 1, 1), "this is a link to a file or folder outside the content folder; "
                               "it is not read", "copy the file into the folder instead of linking to it")
            if os.path.isdir(target):
                return Problem(Loc(shown, 1, 1), "this is a link to a folder; it is not followed",
                               "move the folder's files here instead of linking to them", "warning")
            if not named:
                return None
            if not os.path.exists(target):
                return Problem(Loc(shown, 1, 1), "this link leads to no file", "remove the link or fix its target")
            mode = os.stat(target).st_mode
        elif not named or entry.is_dir(follow_symlinks=False):
            return None
        else:
            mode = entry.stat(follow_symlinks=False).st_mode
    except (OSError, ValueError):
        return Problem(Loc(shown, 1, 1), "cannot look at this file", "check that it exists and can be read")
    if not stat.S_ISREG(mode):
        return Problem(Loc(shown, 1, 1), "this is not an ordinary file (a device, pipe or socket); it is not read",
                       "content files are ordinary text files")
    return None


@dataclass
class LoadResult:
    """A loaded course with the problems found in its files and the files it came from."""

    course: Course
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    lang: str = "en"
    """The language the course's texts were read in, where they have it."""

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


