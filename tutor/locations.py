"""Where the tutor keeps its files; each can be moved with an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

APP = "ledvt-tutor"


def data_dir() -> Path:
    """Progress and sessions (TUTOR_DATA_DIR overrides)."""
    env = os.environ.get("TUTOR_DATA_DIR")
    if env:
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def cache_dir() -> Path:
    """Disposable caches: the parsed course, graded examples (TUTOR_CACHE_DIR overrides)."""
    env = os.environ.get("TUTOR_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path(APP, appauthor=False)


def config_file() -> Path:
    """Settings such as the theme (TUTOR_CONFIG_FILE overrides)."""
    env = os.environ.get("TUTOR_CONFIG_FILE")
    if env:
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False) / "config.json"
