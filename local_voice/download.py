"""`python -m local_voice download-model`: fetch, verify and install the Dutch Vosk model.

The zip is streamed to a temporary file next to the destination with a progress bar,
its SHA-256 is checked against the pinned value, it is unpacked into a temporary
folder, and only then renamed into place: an interrupted or wrong download never
leaves a half model behind.
"""

from __future__ import annotations

import hashlib
import http.client
import shutil
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

MODEL_URL = "https://alphacephei.com/vosk/models/vosk-model-small-nl-0.22.zip"
MODEL_SHA256 = "039811c3b829de64e4f123a9f684a53784005b212a346ac0b899dc7efce2ed0a"
CHUNK = 64 * 1024
TIMEOUT_SECONDS = 30


class DownloadError(Exception):
    """The model could not be installed. `kind` is 'offline', 'checksum' or 'failed'."""

    def __init__(self, kind: str, **details: str) -> None:
        super().__init__(f"{kind}: {details}")
        self.kind = kind
        self.details = details


@dataclass
class ProgressBar:
    """A one-line progress bar on a terminal stream (redrawn in place)."""

    out: TextIO = sys.stderr
    width: int = 30
    _last: int = -1

    def __call__(self, done: int, total: int | None) -> None:
        if total:
            percent = min(100, done * 100 // total)
            if percent == self._last:
                return
            self._last = percent
            filled = self.width * percent // 100
            bar = "#" * filled + "-" * (self.width - filled)
            self.out.write(f"\r[{bar}] {percent:3d}%  {done / 1e6:.1f}/{total / 1e6:.1f} MB")
        else:
            self.out.write(f"\r{done / 1e6:.1f} MB")
        if total and done >= total:
            self.out.write("\n")
        self.out.flush()


def install_model(
    destination: Path,
    *,
    url: str = MODEL_URL,
    sha256: str = MODEL_SHA256,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    """Download, verify and unpack the model into `destination` (a folder that must not exist)."""
    if destination.exists():
        raise DownloadError("failed", reason=f"{destination} already exists")
    parent = destination.parent
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=parent))
    try:
        archive = work / "model.zip"
        actual = _fetch(url, archive, progress)
        if actual != sha256.lower():
            raise DownloadError("checksum", actual=actual, expected=sha256.lower())
        unpacked = work / "unpacked"
        try:
            with zipfile.ZipFile(archive) as zipped:
                _check_members(zipped)
                zipped.extractall(unpacked)
        except (zipfile.BadZipFile, OSError) as error:
            raise DownloadError("failed", reason=str(error)) from None
        root = _model_root(unpacked)
        root.rename(destination)
        return destination
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _fetch(url: str, target: Path, progress: Callable[[int, int | None], None] | None) -> str:
    digest = hashlib.sha256()
    host = urllib.parse.urlsplit(url).hostname or url
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response, target.open("wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            if total is not None and done != total:
                raise DownloadError("failed", reason=f"the download stopped after {done} of {total} bytes")
    except urllib.error.HTTPError as error:
        raise DownloadError("failed", reason=f"HTTP {error.code} from {host}") from None
    except urllib.error.URLError as error:
        raise DownloadError("offline", host=host, reason=str(error.reason)) from None
    except (TimeoutError, ConnectionError) as error:
        raise DownloadError("failed", reason=f"{type(error).__name__}: {error}") from None
    except (OSError, http.client.HTTPException) as error:
        raise DownloadError("failed", reason=f"{type(error).__name__}: {error}") from None
    return digest.hexdigest()


def _check_members(zipped: zipfile.ZipFile) -> None:
    for name in zipped.namelist():
        path = Path(name)
        if path.is_absolute() or ".." in path.parts:
            raise DownloadError("failed", reason=f"unsafe path in the archive: {name}")


def _model_root(unpacked: Path) -> Path:
    """The folder holding am/ and conf/: the archive's single top folder, or its root."""
    if (unpacked / "am").is_dir():
        return unpacked
    entries = [e for e in unpacked.iterdir()] if unpacked.is_dir() else []
    if len(entries) == 1 and (entries[0] / "am").is_dir() and (entries[0] / "conf").is_dir():
        return entries[0]
    raise DownloadError("failed", reason="the archive does not contain a Vosk model")


def download_command(destination: Path, say: Callable[..., str], out: TextIO, *, url: str = MODEL_URL,
                     sha256: str = MODEL_SHA256) -> int:
    """The `download-model` command: one line per outcome on `out`; exit status 0, or 1."""
    from local_voice.model_files import looks_like_model

    if looks_like_model(destination):
        print(say("download_present", path=destination), file=out)
        return 0
    print(say("download_start", url=url), file=out, flush=True)
    try:
        install_model(destination, url=url, sha256=sha256, progress=ProgressBar(out))
    except DownloadError as error:
        out.write("\n")
        message = {"offline": "download_offline", "checksum": "download_checksum"}.get(error.kind, "download_failed")
        print(say(message, **error.details), file=out)
        return 1
    print(say("download_done", path=destination), file=out)
    return 0
