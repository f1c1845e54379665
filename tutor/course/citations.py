"""Inline citations in course Markdown, `[@key]`: read by validation, the engine and the faces."""

from __future__ import annotations

import re

CITATION = re.compile(r"\[@([^\]\s]+)\]")
"""Inline citations in Markdown text: `[@key]`."""


def inline_keys(text: str) -> list[str]:
    return CITATION.findall(text) if "[@" in text else []
