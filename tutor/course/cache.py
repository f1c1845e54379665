"""A cache of the parsed course, so the app starts in milliseconds instead of re-reading YAML.

The key is every content file's path, size and modification time plus the tutor's version:
any edit, added or removed file, or upgrade makes a fresh load. A broken or foreign cache
file is ignored and rewritten; the cache never holds anything that is not rebuilt from
the content files.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..locations import cache_dir
from .result import LoadResult, Source

_MAGIC = b"ledvt-tutor-course-cache\n"


_CODE = sorted(Path(__file__).parent.glob("*.py")) + [Path(__file__).parent.parent / "model.py"]
"""The code that reads and checks a course: changing it (a new check, say) invalidates the cache."""


def _fingerprint(sources: Sequence[Source]) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(__version__.encode())
    for code in _CODE:
        try:
            st = code.stat()
        except OSError:
            continue
        h.update(f"{code.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    for source in sources:
        h.update(str(source.root.resolve()).encode())
        for path, shown in source.files():
            try:
                st = path.stat()
            except OSError:
                continue
            h.update(f"{shown}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def load_cached(sources: Sequence[Source]) -> LoadResult:
    key = _fingerprint(sources)
    path = cache_dir() / f"course-{key}.pickle"
    try:
        blob = path.read_bytes()
        if blob.startswith(_MAGIC):
            # Only our own cache files, named by a hash of the content they came from, are read.
            result = pickle.loads(blob[len(_MAGIC):])
            if isinstance(result, LoadResult):
                return result
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    from .loader import load  # only on a miss: the YAML loader is not needed to start

    result = load(sources)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("course-*.pickle"):
            old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_bytes(_MAGIC + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder only costs speed
    return result
