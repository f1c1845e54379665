"""The command textual-serve runs for each student when a warm tutor is waiting (see tutor/zygote.py).

    python -I -S warm_client.py SOCKET COLD_COMMAND...

Standard library only, and run without `site`: it starts in a few milliseconds. It hands its
standard input, output and error and its environment (the student's TUTOR_DATA_DIR among them) to
the warm tutor over the Unix socket SOCKET, which forks a tutor for them, and then waits for that
tutor's exit status and ends with it, so textual-serve sees the tutor's end as its own. When no
warm tutor answers, it becomes a cold one: it runs COLD_COMMAND in its place.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys


def main(argv: list[str]) -> int:
    path, cold = argv[1], argv[2:]
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = json.dumps({"env": dict(os.environ), "cwd": os.getcwd()}).encode()
        socket.send_fds(conn, [len(request).to_bytes(4, "big") + request], [0, 1, 2])
        reader = conn.makefile("rb")
        first = reader.readline()  # "pid N", from the forked tutor itself
    except OSError:
        first = b""
    if not first.startswith(b"pid "):  # no warm tutor, or it could not fork: a cold start
        conn.close()
        os.execv(cold[0], cold)
    # A Ctrl+C at the server's terminal reaches the tutor as it would a cold one; this client
    # ends only with it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The tutor's standard streams are its own now: close our copies, so that textual-serve sees
    # the end of its output when the tutor ends.
    for fd in (0, 1, 2):
        os.close(fd)
    try:
        words = reader.readline().split()  # "exit N" or "signal N", when the tutor has ended
    except OSError:
        words = []
    if len(words) == 2 and words[0] == b"exit":
        return int(words[1])
    if len(words) == 2 and words[0] == b"signal":
        number = int(words[1])
        if number not in (signal.SIGKILL, signal.SIGSTOP):  # the two whose action cannot be set
            signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)  # ended the way the tutor was, for textual-serve to see
    return 1  # ended without a word: neither the tutor nor the warm process could say how


if __name__ == "__main__":
    os._exit(main(sys.argv))  # not sys.exit: our standard streams are closed, nothing to flush
