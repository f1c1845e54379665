"""Plain mode as a learner meets it in a real process: the course's notice first, Ctrl+C, the
end of input, and a session that can be continued."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _start(*args: str) -> subprocess.Popen[bytes]:
    # As a learner's shell starts it: Ctrl+C delivered. A test run started in the background
    # (`pytest &`) ignores SIGINT, every child inherits that, and Python then installs no handler.
    return subprocess.Popen(
        [sys.executable, "-m", "tutor", "plain", *args], cwd=ROOT, env=os.environ.copy(),
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _read_until(proc: subprocess.Popen[bytes], marker: str, timeout: float = 60) -> str:
    """What the tutor printed until `marker` (a prompt, say): read as it comes, never blocking."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    seen = b""
    end = time.monotonic() + timeout
    while marker.encode() not in seen and time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            seen += chunk
    text = seen.decode("utf-8", "replace")
    assert marker in text, text
    return text


def test_ctrl_c_stops_without_a_traceback_and_keeps_the_answers() -> None:
    proc = _start("--quiz", "starter")
    assert proc.stdin is not None
    first = _read_until(proc, "> ")
    assert "For education only" in first.split("Question")[0]  # the notice comes before anything else
    proc.stdin.write(b"anticoagulation\n")
    proc.stdin.flush()
    _read_until(proc, "> ")
    proc.send_signal(signal.SIGINT)
    raw_out, raw_err = proc.communicate(timeout=60)
    out, err = raw_out.decode(), raw_err.decode()
    assert proc.returncode == 130
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert "Interrupted." in out and "Your answers are kept." in out
    again = subprocess.run([sys.executable, "-m", "tutor", "plain", "--continue"], cwd=ROOT, input="/quit\n",
                           text=True, capture_output=True, env=os.environ.copy(), timeout=120)
    assert again.returncode == 0 and "where you left off" in again.stdout
