"""`tutor serve` end to end, as a class uses it: the server started as a real process, two students
signing in from headless Chromium (Debian's chromium and chromium-driver, driven by Selenium), each
answering in the terminal the page draws on a canvas. What happened is read from each student's
own progress store; keys go to xterm.js's hidden textarea."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve_kit import answers, free_port, make_class, start_server, stop_server, wait_for

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="the browser test needs Chromium and its driver: apt-get install chromium chromium-driver",
)


def browser(profile: Path) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    # A closed network: everything that would phone home is off, or the browser stalls.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--window-size=1100,760"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(DRIVER)), options=options)


def sign_in(driver: Any, base: str, sid: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/signin")
    driver.find_element(By.ID, "id").send_keys(sid)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "signin").click()


def element(driver: Any, element_id: str) -> Any:
    """The element with this id, once the page that has it is there."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 60).until(expected_conditions.presence_of_element_located((By.ID, element_id)))


def terminal(driver: Any) -> Any:
    """The textarea xterm.js reads keys from, once the page has connected."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 60).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".xterm-helper-textarea")))


def type_keys(driver: Any, text: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    box = terminal(driver)
    driver.execute_script("arguments[0].focus()", box)
    ActionChains(driver).send_keys(text).perform()


def tutor_ready(folder: Path, settle: float = 3.0) -> None:
    """Wait until the student's tutor has opened their store, then for its first screen."""
    wait_for(lambda: (folder / "progress.sqlite3").exists(), 90, f"the tutor in {folder}")
    time.sleep(settle)


@pytest.fixture
def profiles() -> Iterator[Path]:
    base = Path(tempfile.mkdtemp(prefix="tutor-chromium-"))
    yield base
    shutil.rmtree(base, ignore_errors=True)


def test_two_students_in_headless_chromium(tmp_path: Path, profiles: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    class_dir, _, issued = make_class(tmp_path)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(tmp_path / "roster.csv", class_dir, port, tmp_path / "server.log")
    drivers: list[Any] = []
    try:
        ana, bo = browser(profiles / "ana"), browser(profiles / "bo")
        drivers += [ana, bo]
        ana_dir, bo_dir = class_dir / "students" / "ana", class_dir / "students" / "bo"

        # Bo's password is not Ana's: only the sign-in page again, and no tutor for anyone.
        sign_in(ana, base, "ana", issued.passwords["bo"])
        assert element(ana, "error").text == "That id and password do not match."
        assert ana.current_url == f"{base}/signin" and not (class_dir / "students").exists()
        ana.get(base)
        assert ana.current_url == f"{base}/signin"

        # Ana comes in by her one-time link; Bo, trying it after her, gets only the sign-in page.
        link = f"{base}/link?id=ana&token={issued.tokens['ana']}"
        ana.get(link)
        ana.find_element(By.ID, "signin").click()
        terminal(ana)
        bo.get(link)
        bo.find_element(By.ID, "signin").click()
        assert "This link was used already" in element(bo, "error").text
        assert not bo_dir.exists()
        sign_in(bo, base, "bo", issued.passwords["bo"])
        tutor_ready(ana_dir)
        tutor_ready(bo_dir, settle=0)
        for driver in (ana, bo):
            type_keys(driver, Keys.ENTER)  # the first quiz on the home screen
        time.sleep(2.5)
        type_keys(ana, "10 million" + Keys.ENTER)
        type_keys(bo, "about a thousand" + Keys.ENTER)
        wait_for(lambda: len(answers(ana_dir)) == 1 and len(answers(bo_dir)) == 1, 60, "both answers")
        assert [a[2] for a in answers(ana_dir)] == ["10 million"]
        assert [a[2] for a in answers(bo_dir)] == ["about a thousand"]

        # A reload mid-case: a new tutor for Ana, which continues her session where it was.
        ana.refresh()
        time.sleep(1.0)
        terminal(ana)
        time.sleep(4.0)
        type_keys(ana, "c")
        time.sleep(2.5)
        type_keys(ana, "deep vein thrombosis and pulmonary embolism" + Keys.ENTER)
        wait_for(lambda: len(answers(ana_dir)) == 2, 60, "Ana's answer after the reload")
        (s1, q1, _), (s2, q2, a2) = answers(ana_dir)
        assert s1 == s2 and q1 != q2 and a2 == "deep vein thrombosis and pulmonary embolism"
        assert [a[2] for a in answers(bo_dir)] == ["about a thousand"]
        ana.save_screenshot(str(tmp_path / "served.png"))
    finally:
        for driver in drivers:
            driver.quit()
        stop_server(server)
    # Stopping the server ended both tutors and brought the class's exports up to date.
    assert sorted(p.name for p in (class_dir / "exports").iterdir()) == ["ana.json", "bo.json"]
