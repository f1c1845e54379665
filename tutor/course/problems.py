"""Problems found in content, reported at the author's line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..model import Loc
from ..safe_text import one_line


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong in a course file, at its line and column, with how to fix it."""

    loc: Loc
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        tail = f"; {self.hint}" if self.hint else ""
        level = "" if self.severity == "error" else "warning: "
        # One line per problem: a file name or a quoted value cannot forge more, nor drive the terminal.
        return one_line(f"{self.loc}: {level}{self.message}{tail}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.loc.path,
            "line": self.loc.line,
            "column": self.loc.column,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


def sort_key(p: Problem) -> tuple[str, int, int, str]:
    return (p.loc.path, p.loc.line, p.loc.column, p.message)
