"""Each student's password and one-time link, and the instructor's secret, kept only as salted
Argon2id hashes (argon2-cffi) in `<class dir>/credentials.json`.

The secrets themselves are printed once, when they are issued, and never written anywhere.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .roster import Roster

FILE_NAME = "credentials.json"
FORMAT = 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: a password is read off paper
# OWASP's Argon2id profile (19 MiB, 2 passes, 1 lane): about 20 ms of CPU a check, where
# argon2-cffi's default (RFC 9106's 64 MiB, 3 passes, 4 lanes) takes about 190 ms, and a class of 30
# signing in at once on two cores waited 3 s for that alone. The secrets are random (59 bits and
# more), not chosen by people, so a slower hash would buy little. The parameters are kept in each
# hash: ones issued before still verify.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_DUMMY = _HASHER.hash("not a secret")  # verified against when the id is unknown: the same time either way


def new_password() -> str:
    """A password to hand out: 12 characters (about 59 bits) in groups of four."""
    chars = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return "-".join(chars[i:i + 4] for i in range(0, 12, 4))


def new_token() -> str:
    """A one-time sign-in token: 256 random bits."""
    return secrets.token_urlsafe(32)


@dataclass
class Issued:
    """The secrets of one issue, to print once."""

    passwords: dict[str, str] = field(default_factory=dict)
    """Each student's new password, by roster id."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Each student's new one-time link token, by roster id."""
    instructor: str | None = None
    """The instructor's new secret, when one was issued."""


class Credentials:
    """The hashes in a class folder; verification is CPU-bound: call it off the event loop."""

    def __init__(self, class_dir: Path) -> None:
        self.path = class_dir / FILE_NAME
        self.data: dict[str, Any] = {"format": FORMAT, "instructor": None, "students": {}}
        self._lock = threading.Lock()  # a link is used up in a worker thread
        self._stamp: tuple[int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        """Read the file again if it changed (an instructor issued new secrets while serving)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return
        if (st.st_mtime_ns, st.st_size) == self._stamp:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"{self.path}: not a credentials file ({error}); issue the sign-ins again") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("students"), dict):
            raise ValueError(f"{self.path}: not a credentials file of format {FORMAT}")
        self.data, self._stamp = data, (st.st_mtime_ns, st.st_size)

    def issue(self, roster: Roster, *, only: str | None = None) -> Issued:
        """New secrets for every student on the roster (or only the one with id `only`, keeping the
        others and the instructor's), replacing the old ones, and a new instructor secret."""
        issued = Issued()
        students: dict[str, Any] = self.data["students"]
        for sid in roster.students:
            if only is not None and sid != only:
                continue
            password, token = new_password(), new_token()
            generation = int(students.get(sid, {}).get("generation", 0)) + 1
            students[sid] = {"password": _HASHER.hash(password), "link": _HASHER.hash(token),
                             "generation": generation}
            issued.passwords[sid], issued.tokens[sid] = password, token
        if only is None:
            issued.instructor = secrets.token_urlsafe(18)
            generation = int((self.data.get("instructor") or {}).get("generation", 0)) + 1
            self.data["instructor"] = {"secret": _HASHER.hash(issued.instructor), "generation": generation}
        self.save()
        return issued

    def save(self) -> None:
        """Write the file whole or not at all, readable by its owner only."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".credentials-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self.data, out, indent=1)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
            st = self.path.stat()
            self._stamp = (st.st_mtime_ns, st.st_size)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def generation(self, sid: str) -> int:
        """How many times this student's secrets were issued: a session from an older issue is void."""
        if sid == "":
            return int((self.data.get("instructor") or {}).get("generation", 0))
        return int(self.data["students"].get(sid, {}).get("generation", 0))

    def check_password(self, sid: str, password: str) -> bool:
        """Whether `password` is the student's."""
        entry = self.data["students"].get(sid)
        return _verify(entry.get("password") if entry else None, password)

    def use_link(self, sid: str, token: str) -> bool:
        """Whether `token` is the student's unused link token; a right one is used up at once."""
        with self._lock:
            entry = self.data["students"].get(sid)
            if not _verify(entry.get("link") if entry else None, token):
                return False
            assert entry is not None
            entry["link"] = None
            self.save()
            return True

    def check_instructor(self, secret: str) -> bool:
        """Whether `secret` is the instructor's."""
        entry = self.data.get("instructor")
        return _verify(entry.get("secret") if entry else None, secret)


def _verify(hashed: object, secret: str) -> bool:
    if not isinstance(hashed, str):
        _safe_verify(_DUMMY, secret)
        return False
    return _safe_verify(hashed, secret)


def _safe_verify(hashed: str, secret: str) -> bool:
    try:
        return _HASHER.verify(hashed, secret[:1024])
    except (VerificationError, InvalidHashError):
        return False
