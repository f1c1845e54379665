"""The server's own HTML pages: sign-in, a one-time link, "the class is full", the instructor's.

Every value put in a page is escaped; the pages carry no script.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

_STYLE = """
body { font-family: system-ui, sans-serif; background: #0c181f; color: #e8eef2; margin: 0; }
main { max-width: 40em; margin: 4em auto; padding: 2em; background: #12232d; border-radius: 6px; }
h1 { font-size: 1.4em; margin-top: 0; }
label { display: block; margin: 1em 0 0.3em; }
input { font-size: 1.1em; padding: 0.4em; width: 100%; box-sizing: border-box; }
button { font-size: 1.1em; margin-top: 1.2em; padding: 0.5em 1.5em; background: #5e0ba7; color: #fff; border: 0; }
.error { color: #ffb4a8; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 0.3em 0.6em; border-bottom: 1px solid #2c4452; }
a { color: #9fd3ff; }
"""


def page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>'
            f"<body><main>{body}</main></body></html>")


def sign_in(title: str, error: str = "", student_id: str = "") -> str:
    note = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    return page(f"Sign in · {title}", f"""<h1>{escape(title)}</h1>{note}
<form method="post" action="/signin">
<label for="id">Your id (from your instructor)</label>
<input id="id" name="id" autocomplete="username" value="{escape(student_id)}" required>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" id="signin">Sign in</button>
</form>
<p>Your answers cross the network to this server and are kept for your instructor.</p>
<p><a href="/instructor">Instructor</a></p>""")


def link(title: str, student_id: str, token: str) -> str:
    # A button, not an immediate sign-in: a mail client that opens the link to preview it would
    # otherwise use up the one-time token.
    return page(f"Sign in · {title}", f"""<h1>{escape(title)}</h1>
<form method="post" action="/link">
<input type="hidden" name="id" value="{escape(student_id)}">
<input type="hidden" name="token" value="{escape(token)}">
<p>This link signs you in once. After that, sign in with your id and password.</p>
<button type="submit" id="signin">Start</button>
</form>""")


def full(title: str, max_students: int) -> str:
    return page(f"The class is full · {title}", f"""<h1>The class is full</h1>
<p id="full">All {max_students} places are taken. Try again in a minute: a place frees up when
someone closes their tutor or stays away from it.</p><p><a href="/">Try again</a></p>""")


def stopped(title: str, crashes: int, minutes: int) -> str:
    return page(f"Your tutor stopped · {title}", f"""<h1>Your tutor stopped working</h1>
<p id="stopped">It ended unexpectedly {crashes} times in a row, so it is not started again for about
{minutes} minutes. Every answer you gave is saved. Tell your instructor; then try again.</p>
<p><a href="/">Try again</a></p>""")


def instructor_sign_in(title: str, error: str = "") -> str:
    note = f'<p class="error" id="error">{escape(error)}</p>' if error else ""
    return page(f"Instructor · {title}", f"""<h1>Instructor · {escape(title)}</h1>{note}
<form method="post" action="/instructor/signin">
<label for="secret">The instructor's secret (from <code>tutor serve issue</code>)</label>
<input id="secret" name="secret" type="password" autocomplete="current-password" required>
<button type="submit" id="signin">Sign in</button>
</form>""")


def instructor(title: str, rows: Iterable[tuple[str, str, str, str]], online: int, max_students: int,
               exports: str) -> str:
    """`rows`: each student's id, name, whether and since when online, and their last export."""
    cells = "".join(f"<tr><td>{escape(sid)}</td><td>{escape(name)}</td><td>{escape(state)}</td>"
                    f"<td>{escape(export)}</td></tr>" for sid, name, state, export in rows)
    return page(f"Instructor · {title}", f"""<h1>Instructor · {escape(title)}</h1>
<p id="online">{online} of at most {max_students} students online.</p>
<table><thead><tr><th>id</th><th>name</th><th>online</th><th>last export</th></tr></thead>
<tbody>{cells}</tbody></table>
<p><a href="/instructor/exports.zip" id="download">Download the class's progress exports (.zip)</a></p>
<p>On the server, <code>tutor class {escape(exports)}</code> reports the class's results from the same
files; they are brought up to date after each student's session and on every download.</p>
<form method="post" action="/signout"><button type="submit">Sign out</button></form>""")
