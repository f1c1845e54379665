"""Choosing the interface language (--lang, TUTOR_LANG, the remembered choice, the locale) and
remembering it in the config file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.texts.language import ConfigError, choose_language, read_config, remember_language, resolve_language


def test_order_cli_env_config_locale() -> None:
    env = {"TUTOR_LANG": "en", "LANG": "zh_CN.UTF-8"}
    config = {"language": "en"}
    assert choose_language("zh", env, config) == "zh"
    assert choose_language(None, {"TUTOR_LANG": "zh", "LANG": "en_US.UTF-8"}, {"language": "en"}) == "zh"
    assert choose_language(None, {"LANG": "en_US.UTF-8"}, {"language": "zh"}) == "zh"
    assert choose_language(None, {"LANG": "zh_TW.UTF-8"}, {}) == "zh"
    assert choose_language(None, {"LANG": "zh_CN.UTF-8"}, {"language": "en"}) == "en"
    assert choose_language(None, {}, {}) == "en"


def test_locale_follows_posix_precedence() -> None:
    assert choose_language(None, {"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_GB.UTF-8"}, {}) == "zh"
    assert choose_language(None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, {}) == "en"
    assert choose_language(None, {"LC_ALL": "", "LANG": "zh_SG"}, {}) == "zh"
    assert choose_language(None, {"LANG": "fr_FR.UTF-8"}, {}) == "en"


def test_unknown_values_are_passed_over() -> None:
    assert choose_language(None, {"TUTOR_LANG": "klingon", "LANG": "zh_CN"}, {"language": 3}) == "zh"
    assert choose_language(None, {"TUTOR_LANG": "zh-Hant"}, {}) == "zh"
    assert choose_language(None, {"TUTOR_LANG": "EN_us"}, {"language": "zh"}) == "en"


def test_remember_keeps_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "config.json"
    remember_language("zh", path)  # no folder, no file yet
    assert read_config(path) == {"language": "zh"}
    path.write_text(json.dumps({"theme": "textual-light", "language": "zh", "n": [1, 2]}), encoding="utf-8")
    remember_language("en", path)
    assert json.loads(path.read_text(encoding="utf-8")) == {"theme": "textual-light", "language": "en", "n": [1, 2]}
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temporary file left


@pytest.mark.parametrize("text", ['{"theme": "dark",\n "language": }', "[1, 2]", '"zh"'])
def test_malformed_config_is_reported_and_left_alone(tmp_path: Path, text: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        remember_language("zh", path)
    assert str(e.value).startswith(f"{path}:")
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["config.json"]


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"theme": "dark",\n "language": }', encoding="utf-8")
    with pytest.raises(ConfigError, match=r":2:14: not valid JSON"):
        read_config(path)


def test_remember_refuses_an_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        remember_language("fr", tmp_path / "config.json")
    assert not (tmp_path / "config.json").exists()


def test_resolve_reads_the_remembered_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "config.json"
    monkeypatch.setenv("TUTOR_CONFIG_FILE", str(path))
    remember_language("zh", path)
    assert resolve_language(None, {"LANG": "en_US.UTF-8"}) == "zh"
    assert resolve_language("en", {}) == "en"
    path.write_text("{oops", encoding="utf-8")
    assert resolve_language(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    err = capsys.readouterr().err
    assert f"{path}:1:2: not valid JSON" in err and "ignored" in err
    assert path.read_text(encoding="utf-8") == "{oops"


def _plain(args: list[str], env: dict[str, str]) -> str:
    full = {**os.environ, **env}
    return subprocess.run([sys.executable, "-m", "tutor", *args], input="/quit\n", env=full,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, check=True).stdout


def test_lang_option_before_or_after_the_verb(tmp_path: Path) -> None:
    env = {"TUTOR_CONFIG_FILE": str(tmp_path / "config.json")}
    for args in (["--lang", "zh", "plain"], ["plain", "--lang", "zh"]):
        assert "输入 /help 查看指令" in _plain(args, env)
    assert "Type /help for commands" in _plain(["plain"], env)
    assert "输入 /help 查看指令" in _plain(["plain"], {**env, "TUTOR_LANG": "zh"})
    assert "Type /help for commands" in _plain(["plain", "--lang", "en"], {**env, "TUTOR_LANG": "zh"})
