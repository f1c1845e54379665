"""Only tutor/app/ imports Textual: every other module imports without `textual` or `rich`.

The modules are found by walking the package, so a new module is covered without editing this
file. They are imported in a fresh interpreter, one after another, with sys.modules checked after
each: a module's import runs only code no earlier module ran, so the first module after which
Textual or Rich is loaded is the one that loads it (the rest are then checked in a new interpreter).
No module outside the app uses Rich either (plain mode and the CLI print plain text), so both are
refused.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import tutor
from tests.conftest import ROOT

GUI = ("textual", "rich")
SERVED = "tutor.serve."
"""`tutor serve` runs textual-serve, which logs with Rich, in the server process (each student's
tutor is a child process): its modules may load Rich, never Textual."""
ENTRY_POINTS = {"tutor.__main__"}
"""Modules that run the tutor when imported; tutor.__main__ only imports tutor.cli, which is checked."""

PROBE = """
import importlib, json, sys
gui = set(sys.argv[1].split(","))
for name in sys.argv[2:]:
    try:
        before = set(sys.modules)
        importlib.import_module(name)
    except BaseException as error:  # SystemExit too: a module must not run anything when imported
        print(json.dumps([name, None, [], f"{type(error).__name__}: {error}"]), flush=True)
        break
    bad = sorted(m for m in sys.modules if m.split(".")[0] in gui)
    loaded = sorted(m for m in set(sys.modules) - before if m.startswith("tutor"))
    print(json.dumps([name, bad, loaded, ""]), flush=True)
    if bad:
        break
"""


def core_modules() -> list[str]:
    """Every module of the tutor outside tutor/app/."""
    names = (m.name for m in pkgutil.walk_packages(tutor.__path__, "tutor."))
    return sorted(n for n in names if not (n == "tutor.app" or n.startswith("tutor.app.")) and n not in ENTRY_POINTS)


def survey(modules: list[str]) -> dict[str, tuple[list[str] | None, list[str], str]]:
    """module -> (the Textual and Rich modules loaded once it is imported, or None when its import
    failed; the tutor modules its import loaded; the error)."""
    found: dict[str, tuple[list[str] | None, list[str], str]] = {}
    todo = list(modules)
    while todo:
        out = subprocess.run([sys.executable, "-c", PROBE, ",".join(GUI), *todo], cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        lines = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("[")]
        if not lines:
            raise AssertionError(f"the probe failed before {todo[0]}: {out.stderr[-2000:]}")
        for name, bad, loaded, error in lines:
            found[name] = (bad, loaded, error)
        todo = todo[len(lines):]
    return found


MODULES = core_modules()


@pytest.fixture(scope="module")
def surveyed() -> dict[str, tuple[list[str] | None, list[str], str]]:
    return survey(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_the_module_imports_neither_textual_nor_rich(module: str, surveyed: dict[str, tuple[list[str] | None,
                                                                                             list[str], str]]) -> None:
    bad, loaded, error = surveyed[module]
    assert bad is not None, f"importing {module} failed: {error}"
    if module.startswith(SERVED):
        bad = [m for m in bad if m.split(".")[0] != "rich"]
    assert bad == [], f"importing {module} loads {', '.join(bad[:5])}; it imported {', '.join(loaded)}"


def test_every_core_module_is_covered_and_no_app_module() -> None:
    assert {"tutor.engine", "tutor.plain", "tutor.text_render", "tutor.store.saver", "tutor.cli"} <= set(MODULES)
    assert not [m for m in MODULES if m.startswith("tutor.app")]


def test_the_probe_names_a_module_that_loads_textual() -> None:
    found = survey(["tutor.safe_text", "tutor.app.app", "tutor.model"])
    assert found["tutor.safe_text"][0] == []
    bad = found["tutor.app.app"][0]
    assert bad is not None and "textual" in bad and "rich" in bad
    assert found["tutor.model"][0] == []  # checked afresh, after the module that loaded Textual


def test_loading_the_course_loads_neither() -> None:
    code = (
        "import sys\n"
        "from tutor.course.loader import load\nfrom tutor.course.resources import builtin_sources\n"
        "load(builtin_sources())\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {GUI!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
