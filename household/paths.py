"""Where a household's files live on this machine (the XDG base directories)."""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "samen-sterker"
STORE_FILE = "samen-sterker.sqlite3"


def default_data_dir() -> Path:
    """The user's data directory for the coach: $XDG_DATA_HOME/samen-sterker (or ~/.local/share/...)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP_DIR_NAME


def default_cache_dir() -> Path:
    """The user's cache directory for the coach: $XDG_CACHE_HOME/samen-sterker (or ~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / APP_DIR_NAME


def default_store_path() -> Path:
    """The household store file in the default data directory."""
    return default_data_dir() / STORE_FILE
