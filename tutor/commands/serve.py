"""`tutor serve`: the tutor for a class in the browser; `tutor serve issue`: the class's sign-ins.

Needs the `serve` extra (`pip install '.[serve]'`): textual-serve, aiohttp and argon2-cffi are
imported only here, when the verb runs.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from ..safe_text import one_line

NAME = "serve"


def add_parser(subparsers: Any, parents: Sequence[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add `serve` to the `tutor` command's subparsers."""
    p = subparsers.add_parser(
        "serve", parents=list(parents), help="serve the tutor to a class in the browser",
        description="Serve the tutor in the browser, one tutor process per signed-in student, each with their own "
                    "progress in the class folder. `tutor serve issue` first prints each student's password and "
                    "one-time link and the instructor's secret (stored only as salted hashes).",
    )
    p.add_argument("action", nargs="?", choices=("issue",), help="issue: new sign-ins for the roster, printed once")
    p.add_argument("--roster", required=True, metavar="FILE", help="the class list: a CSV file with columns id,name")
    p.add_argument("--class-dir", required=True, metavar="DIR",
                   help="the class folder: sign-in hashes, each student's progress, their exports")
    p.add_argument("--host", default="127.0.0.1",
                   help="the address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="the port (default 8000)")
    p.add_argument("--public-url", metavar="URL",
                   help="the address students open, when it is not http://HOST:PORT (behind a reverse proxy)")
    p.add_argument("--max-students", type=_positive, default=30, metavar="N",
                   help="tutor processes at once, at most (default 30; about 50-60 MB each)")
    p.add_argument("--idle-minutes", type=float, default=20.0, metavar="M",
                   help="end a student's tutor after M minutes without a key (default 20; answers are saved)")
    p.add_argument("--session-hours", type=float, default=8.0, metavar="H",
                   help="how long a sign-in lasts (default 8)")
    p.add_argument("--no-warm", action="store_true",
                   help="start each student's tutor from nothing instead of forking it from a warm one "
                        "(about three times the CPU for each)")
    p.add_argument("--student", metavar="ID", help="issue: new sign-ins for this student only")
    assert isinstance(p, argparse.ArgumentParser)
    return p


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace, *, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run `tutor serve` or `tutor serve issue`; the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        from ..serve.roster import RosterError, read_roster
    except ImportError as error:  # pragma: no cover - depends on the installation
        print(f"tutor serve needs the serve extra: pip install 'ledvt-tutor[serve]' ({error})", file=err)
        return 2
    try:
        roster = read_roster(Path(args.roster))
    except RosterError as error:
        print(one_line(str(error)), file=err)
        return 2
    class_dir = Path(args.class_dir).resolve()
    try:
        if args.action == "issue":
            return _issue(args, roster, class_dir, out, err)
        return _serve(args, roster, class_dir, err)
    except (OSError, ValueError) as error:  # an unreadable class folder, credentials or session key
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        where = f"{error.filename}: " if isinstance(error, OSError) and error.filename else ""
        print(one_line(f"tutor serve: {where}{detail}"), file=err)
        return 1


def _public_url(args: argparse.Namespace) -> str:
    if args.public_url:
        return str(args.public_url).rstrip("/")
    host = f"[{args.host}]" if ":" in args.host else args.host
    return f"http://{host}:{args.port}"


def _issue(args: argparse.Namespace, roster: Any, class_dir: Path, out: TextIO, err: TextIO) -> int:
    from urllib.parse import urlencode

    from ..serve.credentials import Credentials

    if args.student and roster.get(args.student) is None:
        print(one_line(f"tutor serve issue: no student {args.student!r} on the roster"), file=err)
        return 2
    issued = Credentials(class_dir).issue(roster, only=args.student)
    base = _public_url(args)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "name", "password", "link"])
    for sid, password in issued.passwords.items():
        link = f"{base}/link?{urlencode({'id': sid, 'token': issued.tokens[sid]})}"
        writer.writerow([sid, roster.students[sid].name, password, link])
    if issued.instructor:
        print(f"# instructor's secret (sign in at {base}/instructor): {issued.instructor}", file=err)
    print(f"# {len(issued.passwords)} sign-ins issued; only their hashes are kept, in {class_dir}. Hand each "
          "student their line; earlier passwords and links no longer work.", file=err)
    return 0


def _serve(args: argparse.Namespace, roster: Any, class_dir: Path, err: TextIO) -> int:
    from ..serve.credentials import Credentials
    from ..serve.server import ClassConfig, ClassServer
    from . import load_course, report_problems

    if args.host in ("0.0.0.0", "::", "") and not args.public_url:
        print(f"tutor serve: with --host {args.host or '(all)'}, give --public-url, the address students open "
              "(the page's connection, the links and the check of each request's origin use it)", file=err)
        return 2
    if Credentials(class_dir).generation("") == 0:
        print("tutor serve: no sign-ins yet; run `tutor serve issue` with the same --roster and --class-dir first",
              file=err)
        return 2
    tutor_args: list[str] = []
    for folder in getattr(args, "content", []) or []:
        tutor_args += ["--content", str(Path(folder).resolve())]
    if getattr(args, "only", False):
        tutor_args.append("--only")
    if any(a == "--lang" or a.startswith("--lang=") for a in sys.argv[1:]):  # given, not guessed
        tutor_args += ["--lang", args.lang]
    # Load the course once here: problems are reported before anyone signs in, and every
    # student's tutor then starts from the warm course cache.
    loaded = load_course(args)
    report_problems(loaded.problems, err)
    config = ClassConfig(class_dir, roster, tutor_args, max_students=args.max_students,
                         idle_minutes=args.idle_minutes, session_hours=args.session_hours,
                         roster_file=Path(args.roster).resolve(), warm=not args.no_warm)
    ClassServer(config, host=args.host, port=args.port, public_url=_public_url(args)).serve()
    return 0
