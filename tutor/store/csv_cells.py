"""Spreadsheet formula injection: CSV cells that a spreadsheet would run are written as text.

A learner's answer or comment such as `=HYPERLINK("http://…")` or `@SUM(…)` is a formula to
Excel, LibreOffice and Google Sheets when an instructor opens the export. As OWASP recommends
(https://owasp.org/www-community/attacks/CSV_Injection), a cell beginning with `=`, `+`, `-`,
`@`, a tab or a carriage return gets a leading single quote, which spreadsheets read as "this is
text".

So that an import gives back exactly what was exported (an answer `-5` to a numeric question
must stay `-5`, and a learner may really type `'=x`), the row's `escaped` column names the cells
that were quoted; import removes the quote from those cells only, and from no other. A cell is
never changed on import unless its row says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MARK_FIELD = "escaped"


def neutralise(row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with every risky cell quoted, and `escaped` naming those cells."""
    out: dict[str, Any] = {}
    quoted: list[str] = []
    for key, value in row.items():
        if isinstance(value, str) and value.startswith(TRIGGERS):
            out[key] = "'" + value
            quoted.append(key)
        else:
            out[key] = value
    out[MARK_FIELD] = " ".join(quoted)
    return out


def restore(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row read back: the quote the export added removed from the cells `escaped` names."""
    named = set(str(row.get(MARK_FIELD) or "").split())
    out = {k: v for k, v in row.items() if k != MARK_FIELD}
    for key in named:
        value = out.get(key)
        if isinstance(value, str) and value.startswith("'"):
            out[key] = value[1:]
    return out
