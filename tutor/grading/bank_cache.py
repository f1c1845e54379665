"""A persistent cache of answer-bank checks, so `tutor validate` re-grades only edited questions."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .. import __version__
from ..locations import cache_dir
from .bank_check import CHECK_VERSION


def _code_signature() -> str:
    """Changes when the grading code changes, so a cached verdict never outlives its rules."""
    h = hashlib.blake2b(f"{__version__}/{CHECK_VERSION}".encode(), digest_size=8)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        st = path.stat()
        h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def cache_path() -> Path:
    return cache_dir() / f"bank-checks-{_code_signature()}.json"


def load_cache() -> dict[str, Any]:
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save_cache(cache: dict[str, Any]) -> None:
    path = cache_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("bank-checks-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # an unwritable cache only costs time
