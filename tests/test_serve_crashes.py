"""The server's crash log (tutor/serve/crashes.py): kept across restarts, and a file that is not
one is set aside, never read as crashes nor lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tutor.serve.crashes import FILE_NAME, CrashLog


async def test_crashes_are_read_back_by_a_new_log(tmp_path: Path) -> None:
    first = CrashLog(tmp_path, keep_seconds=600)
    first.of("ana").extend([time.time() - 5, time.time()])
    await first.save()
    again = CrashLog(tmp_path, keep_seconds=600)
    assert len(again.of("ana")) == 2 and again.of("bo") == []


async def test_old_and_future_crashes_do_not_count(tmp_path: Path) -> None:
    now = time.time()
    (tmp_path / FILE_NAME).write_text(json.dumps({"format": 1, "students": {
        "ana": [now - 10_000, now - 1, now + 10_000, 1e308]}}), encoding="utf-8")
    assert CrashLog(tmp_path, keep_seconds=600).of("ana") == [pytest.approx(now - 1)]


@pytest.mark.parametrize("text", ["{not json", '{"format": 1, "students": {"ana": [1' + "0" * 400 + "]}}",
                                  '{"format": 9, "students": {}}', '["ana"]', '{"format": 1, "students": {"a": ["x"]}}'])
def test_an_unreadable_log_is_set_aside_and_counting_starts_again(tmp_path: Path, text: str,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / FILE_NAME).write_text(text, encoding="utf-8")
    log = CrashLog(tmp_path, keep_seconds=600)
    assert log.of("ana") == []
    kept = list(tmp_path.glob(f"{FILE_NAME}.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    assert "could not be read" in caplog.text and kept[0].name in caplog.text
