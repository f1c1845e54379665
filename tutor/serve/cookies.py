"""A signed session cookie that expires: who signed in, as what, until when.

The cookie holds `payload.signature`, the signature an HMAC-SHA256 of the payload with a key kept
in the class folder, so a browser can neither forge nor extend it. A session names the issue of
the secrets it was opened with: issuing a student new secrets ends their old sessions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

COOKIE = "tutor_session"
KEY_FILE = "session.key"


@dataclass(frozen=True)
class Session:
    sid: str
    """The roster id, or "" for the instructor."""
    role: str
    """"student" or "instructor"."""
    generation: int
    """The issue of the secrets this session was opened with."""
    expires: float
    """When it ends, in seconds since the epoch."""


def load_key(class_dir: Path) -> bytes:
    """The class's signing key, made on first use (readable by its owner only)."""
    path = class_dir / KEY_FILE
    if not path.exists():
        class_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) < 32:
        raise ValueError(f"{path}: the session key is too short; delete it to make a new one")
    return key


def sign(key: bytes, session: Session) -> str:
    payload = json.dumps([session.sid, session.role, session.generation, session.expires]).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_mac(key, body)}"


def verify(key: bytes, cookie: str | None, now: float) -> Session | None:
    """The session in `cookie` if it is signed with `key` and not expired, else None."""
    if not cookie or len(cookie) > 1000 or cookie.count(".") != 1:
        return None
    body, mac = cookie.split(".")
    if not hmac.compare_digest(mac, _mac(key, body)):
        return None
    try:
        sid, role, generation, expires = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except ValueError:
        return None
    if not (isinstance(sid, str) and role in ("student", "instructor") and isinstance(generation, int)
            and isinstance(expires, (int, float))) or expires <= now:
        return None
    return Session(sid, role, generation, float(expires))


def _mac(key: bytes, body: str) -> str:
    return base64.urlsafe_b64encode(hmac.new(key, body.encode(), hashlib.sha256).digest()).decode().rstrip("=")
