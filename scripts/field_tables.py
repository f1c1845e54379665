"""Write the authoring guide's field tables (content/README.md) from the format's declaration.

    python scripts/field_tables.py          # rewrite the tables in place
    python scripts/field_tables.py --check  # exit 1 if a table is stale (what the test checks)
"""

from __future__ import annotations

import sys
from pathlib import Path

from tutor.course.field_tables import render

GUIDE = Path(__file__).resolve().parents[1] / "content" / "README.md"


def main() -> int:
    text = GUIDE.read_text(encoding="utf-8")
    fresh = render(text)
    if "--check" in sys.argv[1:]:
        if fresh != text:
            print(f"{GUIDE.name}: field tables are stale; run python scripts/field_tables.py", file=sys.stderr)
            return 1
        return 0
    GUIDE.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
