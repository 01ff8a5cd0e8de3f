"""Spoken audio ready before it is needed: sentences rendered once, kept on disk, played at once.

Most of what the coach says is fixed text, or fixed text with the household's names.
`CachedSpeaker` plays each sentence from a WAV file in a `SpeechCache`; a sentence not
there yet is rendered on the spot, and `prefetch` renders the sentences the coach is
likely to say next in a background thread while it listens, so an answer starts with
its first sample instead of waiting for synthesis.

Rendering runs `espeak-ng` (the same libespeak-ng and Dutch voice pyttsx3 drives) in a
process of its own, the text on its standard input: pyttsx3's espeak driver registers one
synthesis callback for the whole process, so a second engine instance for
`save_to_file` would take it from the speaking engine (and it prints the file name on
standard output); a process of its own shares nothing, and no text shows in a process
list or a file name.

The cache lives in the household's data directory: file names are hashes of stamp and
text, so no spoken text is visible; sentences holding the household's names are kept
apart (`personal/`) and removed when the names change; `clear()` removes everything (call
it when the household's data is erased). A file is written under a temporary name and
renamed, so a crash never leaves half a file under a cached name, and a file whose WAV
header or length is wrong is rendered again, never played. The cache is bounded (files
and bytes, least recently played out first) and rebuilt when its stamp changes (the
prompts, the voice, the rate or the espeak-ng version).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from local_voice.speaker import DEFAULT_RATE, DUTCH_VOICES, Pyttsx3Speaker, SpeakerUnavailable

CACHE_DIR_NAME = "speech-cache"
PERSONAL_DIR = "personal"
STAMP_FILE = "stamp"
NAMES_FILE = "names"  # a hash of the names the personal sentences were rendered with
MAX_FILES = 600
MAX_BYTES = 150 * 1024 * 1024
WAV_HEADER_BYTES = 44
PROMPT_FILES = ("prompts.toml", "voice.toml")  # the locale files whose sentences are cached


class Renderer(Protocol):
    """Writes one sentence as a 16-bit mono WAV file."""

    @property
    def identity(self) -> str:
        """What the audio depends on besides the text (voice, rate, engine version)."""
        ...

    def render(self, text: str, path: Path) -> None:
        """Write `text` spoken to `path`; raises OSError or subprocess.CalledProcessError."""
        ...


class EspeakRenderer:
    """`espeak-ng` with the Dutch voice at a rate in words per minute."""

    def __init__(self, *, rate: int = DEFAULT_RATE, voices: Sequence[str] = DUTCH_VOICES) -> None:
        if shutil.which("espeak-ng") is None:
            raise SpeakerUnavailable("espeak-ng is missing; apt-get install espeak-ng")
        self.rate = rate
        self.voice = _find_voice(voices)
        version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=False)
        self.identity = f"espeak-ng {version.stdout.strip()} voice={self.voice} rate={rate}"

    def render(self, text: str, path: Path) -> None:
        subprocess.run(["espeak-ng", "--stdin", "-v", self.voice, "-s", str(self.rate), "-w", str(path)],
                       input=text.encode("utf-8"), check=True, capture_output=True, timeout=30)


def _find_voice(wanted: Sequence[str]) -> str:
    listed = subprocess.run(["espeak-ng", "--voices=nl"], capture_output=True, text=True, check=False).stdout
    files = {line.split()[4] for line in listed.splitlines()[1:] if len(line.split()) > 4}
    for voice in wanted:
        if voice in files:
            return voice
    if files:
        return "nl"  # the language's default voice
    raise SpeakerUnavailable(f"no Dutch espeak-ng voice ({', '.join(wanted)}); apt-get install espeak-ng")


def wav_seconds(path: Path) -> float | None:
    """The length of a whole 16-bit mono WAV file; None when it is missing, cut short or not one."""
    try:
        size = path.stat().st_size
        with wave.open(str(path), "rb") as wav:
            frames, rate = wav.getnframes(), wav.getframerate()
            if wav.getnchannels() != 1 or wav.getsampwidth() != 2 or rate <= 0 or frames <= 0:
                return None
    except (OSError, EOFError, wave.Error):
        return None
    if size < WAV_HEADER_BYTES + 2 * frames:  # the header promises more than the file holds
        return None
    return frames / rate


class SpeechCache:
    """Rendered sentences in a folder, keyed by a hash of (stamp, text)."""

    def __init__(self, folder: Path, renderer: Renderer, *, stamp: str = "", max_files: int = MAX_FILES,
                 max_bytes: int = MAX_BYTES) -> None:
        """`stamp`: what else the audio depends on (e.g. a hash of the prompts file); with the
        renderer's identity it makes the version stamp; a different one empties the cache."""
        self.folder = folder
        self.renderer = renderer
        self._stamp = hashlib.sha256(f"{stamp}\n{renderer.identity}".encode()).hexdigest()
        self._max_files = max_files
        self._max_bytes = max_bytes
        self._lock = threading.Lock()
        self.renders = 0
        self._open()

    def _open(self) -> None:
        for folder in (self.folder, self.folder / PERSONAL_DIR):
            folder.mkdir(parents=True, exist_ok=True)
            os.chmod(folder, 0o700)
            for stale in folder.glob("*.tmp"):  # a render cut off by a crash or a stop
                stale.unlink(missing_ok=True)
        stamp_file = self.folder / STAMP_FILE
        try:
            current = stamp_file.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            current = ""
        if current != self._stamp:
            self.clear()
            _write_atomically(stamp_file, self._stamp.encode("ascii"))

    def path(self, text: str, *, personal: bool = False) -> Path:
        """Where the audio of `text` is kept (whether or not it is there yet)."""
        name = hashlib.sha256(f"{self._stamp}\n{text}".encode()).hexdigest()[:40] + ".wav"
        return (self.folder / PERSONAL_DIR if personal else self.folder) / name

    def get(self, text: str, *, personal: bool = False) -> Path | None:
        """The audio of `text` when a whole file is there (marked as just used), else None."""
        path = self.path(text, personal=personal)
        if wav_seconds(path) is None:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # least recently used goes first
        return path

    def ensure(self, text: str, *, personal: bool = False) -> Path:
        """The audio of `text`, rendered now when it is missing or broken; raises OSError
        or subprocess.SubprocessError when it cannot be rendered."""
        found = self.get(text, personal=personal)
        if found is not None:
            return found
        with self._lock:  # one render at a time, and never the same text twice
            found = self.get(text, personal=personal)
            if found is not None:
                return found
            path = self.path(text, personal=personal)
            temporary = path.with_name(f".{path.stem}.{os.getpid()}.{threading.get_ident()}.tmp")
            try:
                self.renderer.render(text, temporary)
                if wav_seconds(temporary) is None:
                    raise OSError("the renderer wrote no whole WAV file")
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
            self.renders += 1
            self._bound()
            return path

    def _bound(self) -> None:
        files = []
        for folder in (self.folder, self.folder / PERSONAL_DIR):
            for path in folder.glob("*.wav"):
                with contextlib.suppress(OSError):
                    info = path.stat()
                    files.append((info.st_mtime, info.st_size, path))
        files.sort()
        total = sum(size for _, size, _ in files)
        while files and (len(files) > self._max_files or total > self._max_bytes):
            _, size, path = files.pop(0)
            path.unlink(missing_ok=True)
            total -= size

    def keep_personal_for(self, names: Sequence[str]) -> None:
        """Remove the sentences with names unless they were rendered for these `names`."""
        marker = self.folder / PERSONAL_DIR / NAMES_FILE
        fingerprint = hashlib.sha256(f"{self._stamp}\n{chr(0).join(names)}".encode()).hexdigest()
        try:
            if marker.read_text(encoding="ascii").strip() == fingerprint:
                return
        except (OSError, UnicodeDecodeError):
            pass
        self.clear(personal_only=True)
        _write_atomically(marker, fingerprint.encode("ascii"))

    def clear(self, *, personal_only: bool = False) -> None:
        """Remove the cached audio (only the sentences with names, with `personal_only`)."""
        with self._lock:
            folders = [self.folder / PERSONAL_DIR] + ([] if personal_only else [self.folder])
            for folder in folders:
                for path in [*folder.glob("*.wav"), *folder.glob("*.tmp")]:
                    path.unlink(missing_ok=True)


class AplayPlayer:
    """Plays a WAV file through `aplay` on the chosen ALSA card; returns when it has been heard."""

    def __init__(self, output_card: str | None = None, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        if shutil.which("aplay") is None:
            raise SpeakerUnavailable("aplay is missing (apt-get install alsa-utils)")
        self._env = dict(os.environ)
        if output_card is not None:
            self._env["ALSA_CARD"] = output_card  # aplay plays on ALSA's default card
        self._clock = clock
        self._sleep = sleep

    def play(self, path: Path, seconds: float) -> None:
        """Play `path`, `seconds` long; returns no sooner than `seconds` after it started."""
        started = self._clock()
        subprocess.run(["aplay", "-q", str(path)], env=self._env, check=False, stdin=subprocess.DEVNULL)
        left = seconds - (self._clock() - started)
        if left > 0:
            self._sleep(left)


class Player(Protocol):
    def play(self, path: Path, seconds: float) -> None: ...


@dataclass
class _Queue:
    """What is waiting to be rendered, most urgent lane first."""

    reply: deque[tuple[str, bool]]  # the reply being spoken now
    guesses: deque[tuple[str, bool]]  # what may be said next (replaced with each new guess)
    warm_up: deque[tuple[str, bool]]  # every fixed sentence, whenever there is time
    busy: bool = False

    def lanes(self) -> tuple[deque[tuple[str, bool]], ...]:
        return (self.reply, self.guesses, self.warm_up)

    def __bool__(self) -> bool:
        return any(self.lanes())

    def pop(self) -> tuple[str, bool]:
        return next(lane for lane in self.lanes() if lane).popleft()


class CachedSpeaker:
    """A `Speaker` that plays cached audio and renders ahead in a background thread."""

    def __init__(self, cache: SpeechCache, player: Player) -> None:
        self.cache = cache
        self._player = player
        self._names: tuple[str, ...] | None = None  # not known yet: the first set_names checks
        self._queue = _Queue(deque(), deque(), deque())
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        self.misses = 0

    def say(self, text: str) -> None:
        """Speak one sentence from the cache (rendered now if it is not there); returns
        when it has been played."""
        if not text.strip():
            return
        personal = self._is_personal(text)
        path = self.cache.get(text, personal=personal)
        if path is None:
            self.misses += 1
            try:
                path = self.cache.ensure(text, personal=personal)
            except (OSError, subprocess.SubprocessError):
                self._say_uncached(text)  # a full or broken data disk must not silence the coach
                return
        seconds = wav_seconds(path)
        if seconds is None:  # damaged between the check and now
            self._say_uncached(text)
            return
        self._player.play(path, seconds)

    def _say_uncached(self, text: str) -> None:
        """Render into a private temporary file, play it, and delete it."""
        handle, name = tempfile.mkstemp(suffix=".wav")
        os.close(handle)
        path = Path(name)
        try:
            self.cache.renderer.render(text, path)
            seconds = wav_seconds(path)
            if seconds is None:
                raise OSError("the renderer wrote no whole WAV file")
            self._player.play(path, seconds)
        finally:
            path.unlink(missing_ok=True)

    def prefetch(self, texts: Iterable[str], *, first: bool = False) -> None:
        """Render these sentences in the background, in order, in place of the earlier
        guesses; with `first`, before anything else (the reply being spoken now)."""
        wanted = [(t, self._is_personal(t)) for t in dict.fromkeys(texts) if t.strip()]
        with self._wake:
            lane = self._queue.reply if first else self._queue.guesses
            lane.clear()
            lane.extend(wanted)
            self._start()

    def warm_up(self, texts: Iterable[str]) -> None:
        """Render these sentences in the background whenever nothing more urgent waits."""
        with self._wake:
            self._queue.warm_up.extend((t, self._is_personal(t)) for t in dict.fromkeys(texts) if t.strip())
            self._start()

    def _start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._render_ahead, name="speech-prefetch", daemon=True)
            self._thread.start()
        self._wake.notify_all()

    def wait_until_rendered(self, timeout: float) -> bool:
        """Wait until nothing is left to render ahead; False if that took longer than `timeout`."""
        with self._wake:
            return self._wake.wait_for(lambda: not self._queue and not self._queue.busy, timeout)

    def set_names(self, names: Sequence[str] | None) -> None:
        """The household's names: sentences holding them are kept apart, and removed when the
        names differ from those they were rendered with (also across restarts: a household
        erased while this speaker was not running loses them at the next start)."""
        new = tuple(n for n in (names or ()) if n.strip())
        if new != self._names:
            self._names = new
            self.cache.keep_personal_for(new)

    def clear(self) -> None:
        """Forget what was waiting to be rendered and remove all cached audio (the household's
        data is being erased)."""
        with self._wake:
            for lane in self._queue.lanes():
                lane.clear()
        self.cache.clear()

    def _is_personal(self, text: str) -> bool:
        folded = text.casefold()
        return any(name.casefold() in folded for name in self._names or ())

    def _render_ahead(self) -> None:
        while True:
            with self._wake:
                self._queue.busy = False
                self._wake.notify_all()
                self._wake.wait_for(lambda: bool(self._queue))
                text, personal = self._queue.pop()
                self._queue.busy = True
            with contextlib.suppress(OSError, subprocess.SubprocessError):
                self.cache.ensure(text, personal=personal)  # a failure shows when it is said


def remove_speech_cache(data_dir: Path) -> None:
    """Remove the speech cache of the household whose data lives in `data_dir` (for the erase
    path: the cache may hold the household's names)."""
    shutil.rmtree(data_dir / CACHE_DIR_NAME, ignore_errors=True)


def files_stamp(paths: Iterable[Path]) -> str:
    """A hash of these files' contents (a missing file counts as empty): part of the version
    stamp, so a changed prompts file rebuilds the cache."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.name).encode())
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def open_speaker(data_dir: Path, locale_dir: Path, *, rate: int = DEFAULT_RATE,
                 output_card: str | None = None) -> CachedSpeaker | Pyttsx3Speaker:
    """The voice mode's speaker: cached audio in `data_dir`, stamped with the locale's
    prompts; pyttsx3 speaking directly when the cache folder cannot be written.
    Raises SpeakerUnavailable when espeak-ng or aplay is missing."""
    renderer = EspeakRenderer(rate=rate)
    player = AplayPlayer(output_card)
    stamp = files_stamp([locale_dir / name for name in PROMPT_FILES])
    try:
        return CachedSpeaker(SpeechCache(data_dir / CACHE_DIR_NAME, renderer, stamp=stamp), player)
    except OSError:
        return Pyttsx3Speaker(rate=rate, output_card=output_card)
