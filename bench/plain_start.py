"""Plain mode's time to the first question: the built-in course, against the built-in course with
an instructor's 10,000-question folder beside it, both with the course cache warm.

    python bench/plain_start.py [runs]

Target (issue: session service): at most 1.3x. Every face opens the course through the session
service, which reads the data-only course cache; before, plain mode parsed every YAML file.
"""

from __future__ import annotations

import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validate import write_bank  # noqa: E402  # bench/validate.py: the synthetic instructor bank


def first_question(args: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `tutor plain` to its first question on standard output."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "tutor", *args, "plain", "--quiz", "starter"], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    seen = b""
    while b"Question 1" not in seen:
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        chunk = os.read(proc.stdout.fileno(), 65536) if ready else b""
        if not chunk:
            raise SystemExit(f"no first question: {seen[-500:]!r} {proc.stderr.read()[-1500:]!r}")
        seen += chunk
    took = time.perf_counter() - start
    proc.stdin.write(b"/quit\n")
    proc.stdin.close()
    proc.wait(60)
    return took


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    env = dict(os.environ, TUTOR_CACHE_DIR=tempfile.mkdtemp(prefix="tutor-bench-cache-"),
               TUTOR_DATA_DIR=tempfile.mkdtemp(prefix="tutor-bench-data-"))
    bank = Path(tempfile.mkdtemp(prefix="tutor-bench-bank-"))
    write_bank(bank, 10_000)
    big = ["--content", str(bank)]
    first_question([], env)  # warm the caches: the course cache, and the OS's
    first_question(big, env)
    builtin, with_bank = [], []
    for _ in range(runs):  # interleaved, so a slow moment of the machine falls on both
        builtin.append(first_question([], env))
        with_bank.append(first_question(big, env))
    b, w = statistics.median(builtin), statistics.median(with_bank)
    print(f"plain mode, first question: built-in course {b * 1000:.0f} ms, with a 10,000-question folder "
          f"{w * 1000:.0f} ms: ratio {w / b:.2f} (target <= 1.3), median of {runs}")


if __name__ == "__main__":
    main()
