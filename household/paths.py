"""Where a household's files live on this machine (the XDG base directories), and keeping
them private: the data folder is made 0700 and the household's files 0600, whatever the umask."""

from __future__ import annotations

import contextlib
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


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> None:
    """Create the folder (and its parents) if needed; the folder itself only for its owner.
    A folder that exists is left as it is. Raises OSError."""
    if not path.is_dir():
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        path.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is masked by the umask


def private_file(path: Path) -> None:
    """Create the file empty with mode 0600 if it is missing; take group and other permissions
    away from one that exists (an owner's read-only file stays read-only). Raises OSError
    only when the file cannot be created."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        with contextlib.suppress(OSError):  # not ours to change, or not a file: the open will say
            mode = path.stat().st_mode
            if mode & 0o077:
                path.chmod(mode & 0o700)
