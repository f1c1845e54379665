"""Which language the tutor speaks, and remembering the learner's choice.

The order, first that says something wins: `--lang`, `TUTOR_LANG`, the choice remembered in the
config file (key "language"), the system locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX
reads them), else English.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

from . import DEFAULT_LANGUAGE, LANGUAGES

CONFIG_KEY = "language"


class ConfigError(ValueError):
    """The config file cannot be read as a JSON object; the message says where and why."""


def normalise(value: object) -> str | None:
    """A supported language code from `zh`, `zh_CN.UTF-8`, `zh-Hant`, `EN`...; None otherwise."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


def locale_language(env: Mapping[str, str]) -> str | None:
    """The language of the system locale: the first of LC_ALL, LC_MESSAGES, LANG that is set
    decides (LC_ALL=C over LANG=zh_CN is English), "zh..." is Chinese, anything else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT_LANGUAGE
    return None


def choose_language(cli_value: str | None, env: Mapping[str, str], config: Mapping[str, object]) -> str:
    """The interface language: `--lang`, TUTOR_LANG, the remembered choice, the locale, English."""
    for value in (cli_value, env.get("TUTOR_LANG"), config.get(CONFIG_KEY)):
        lang = normalise(value)
        if lang is not None:
            return lang
    return locale_language(env) or DEFAULT_LANGUAGE


def read_config(path: Path | None = None) -> dict[str, object]:
    """The config file as a dict ({} when there is none); ConfigError when it is not a JSON object."""
    if path is None:
        from ..locations import config_file

        path = config_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot be read: {e}") from e
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{path}:{e.lineno}:{e.colno}: not valid JSON: {e.msg}") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the settings must be a JSON object ({{...}}), not {type(data).__name__}")
    return data


def remember_language(lang: str, path: Path | None = None) -> Path:
    """Keep `lang` as the learner's choice in the config file, the file's other keys as they were.
    Written to a temporary file and renamed over the old one, so a crash never leaves half a file.
    A config file that cannot be read raises ConfigError and is left exactly as it is."""
    if lang not in LANGUAGES:
        raise ValueError(f"not a language the tutor speaks: {lang!r} (one of {', '.join(LANGUAGES)})")
    if path is None:
        from ..locations import config_file

        path = config_file()
    data = read_config(path)
    data[CONFIG_KEY] = lang
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def resolve_language(cli_value: str | None = None, env: Mapping[str, str] | None = None,
                     warn: TextIO | None = None) -> str:
    """`choose_language` for this process: reads the config file only when neither `--lang` nor
    TUTOR_LANG decide. A malformed config file is reported (on `warn`, stderr by default) and
    ignored, never rewritten."""
    env = os.environ if env is None else env
    if normalise(cli_value) or normalise(env.get("TUTOR_LANG")):
        return choose_language(cli_value, env, {})
    try:
        config = read_config()
    except ConfigError as e:
        print(f"tutor: {e}; the language setting there is ignored", file=warn or sys.stderr)
        config = {}
    return choose_language(cli_value, env, config)
