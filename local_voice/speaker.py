"""Speaking: pyttsx3 with the Dutch espeak-ng voice, and pauses timed by this program.

pyttsx3 2.99 traps avoided here: one `say()` per `runAndWait()` (of several, only the
last is spoken); a fresh engine starts "busy", so its first `runAndWait()` returns
before speaking and the sound comes out during the next one: an empty warm-up
utterance (which synthesises nothing) clears that, and from then on properties apply
at once and each `runAndWait()` plays its own sentence; pyttsx3 runs libespeak-ng in
its asynchronous mode, whose own thread can deliver a late end-of-message event that
ends the next sentence before any of it is heard (an empty play), so every sentence
and every rate change is followed by `espeak_Synchronize()`, which returns when that
thread has finished; `save_to_file()` is never called on the speaking engine; and
because pyttsx3 plays through `aplay` and returns as if it had spoken when `aplay` is
missing, its absence is an error here. SSML is read aloud by espeak, so pauses are
timed by `speak_parts` on a monotonic clock, measured from the moment the cue before
them finished speaking; a breath's pause that includes its cue (`Pause.includes_cue`)
is measured from the moment the cue started, so the cue is said inside the breath.
"""

from __future__ import annotations

import atexit
import os
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from dialogue import Pause, Say

DUTCH_VOICES = ("gmw/nl", "nl")
DEFAULT_RATE = 150


class SpeakerUnavailable(Exception):
    """Speech output cannot work on this machine; the message says why."""


class Speaker(Protocol):
    """Says one sentence and returns when it has been spoken."""

    def say(self, text: str) -> None: ...


@runtime_checkable
class RendersAhead(Protocol):
    """A speaker that can render sentences before they are said (`speech_cache.CachedSpeaker`)."""

    def prefetch(self, texts: Iterable[str], *, first: bool = False) -> None: ...

    def warm_up(self, texts: Iterable[str]) -> None: ...

    def set_names(self, names: Sequence[str] | None) -> None: ...


class Pyttsx3Speaker:
    """The real speaker: pyttsx3's espeak driver, played through `aplay`."""

    def __init__(self, *, rate: int = DEFAULT_RATE, voices: Sequence[str] = DUTCH_VOICES,
                 output_card: str | None = None, engine: Any = None) -> None:
        if shutil.which("aplay") is None:
            raise SpeakerUnavailable("aplay is missing (apt-get install alsa-utils)")
        if output_card is not None:
            os.environ["ALSA_CARD"] = output_card  # aplay plays on ALSA's default card
        self._synchronize: Callable[[], Any] = lambda: None
        self._applied_rate: int | None = None
        if engine is None:
            try:
                import pyttsx3  # type: ignore[import-untyped]
                from pyttsx3.drivers import _espeak  # type: ignore[import-untyped]

                engine = pyttsx3.init("espeak")
                self._synchronize = _espeak.Synchronize
            except Exception as error:  # noqa: BLE001  no libespeak-ng: OSError/RuntimeError inside pyttsx3
                raise SpeakerUnavailable(f"espeak-ng is missing ({error}); apt-get install espeak-ng") from None
        self._engine = engine
        engine.setProperty("voice", _find_voice(engine, voices))
        _warm_up(engine)
        self._synchronize()
        self.rate = rate

    def say(self, text: str) -> None:
        """Speak one sentence; returns when `aplay` has played it."""
        if not text.strip():
            return
        if self.rate != self._applied_rate:
            self._engine.setProperty("rate", self.rate)
            self._synchronize()
            self._applied_rate = self.rate
        self._engine.say(text)
        self._engine.runAndWait()
        self._synchronize()


_warmed: list[Any] = []  # engines already warmed up (pyttsx3.init hands out one per driver)
# Let the engine go before interpreter shutdown: pyttsx3's __del__ fails once modules are torn down.
atexit.register(_warmed.clear)


def _warm_up(engine: Any) -> None:
    """Once per engine: on a used engine an empty say() is ignored and the last text replays."""
    if any(e is engine for e in _warmed):
        return
    engine.say("")
    engine.runAndWait()
    _warmed.append(engine)


def _find_voice(engine: Any, wanted: Sequence[str]) -> str:
    available = {voice.id: voice for voice in engine.getProperty("voices")}
    for voice_id in wanted:
        if voice_id in available:
            return voice_id
    for voice in available.values():
        if any(str(lang).lower().startswith("nl") for lang in getattr(voice, "languages", [])):
            return str(voice.id)
    raise SpeakerUnavailable(f"no Dutch espeak-ng voice ({', '.join(wanted)}); apt-get install espeak-ng")


@dataclass(frozen=True)
class Spoken:
    """One part as it was rendered: a sentence, or a pause and how long it lasted."""

    kind: str  # "say" or "pause"
    text: str
    started: float
    ended: float


def speak_parts(
    parts: Sequence[Say | Pause],
    speaker: Speaker,
    *,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    listen: Callable[[float], str | None] | None = None,
) -> list[Spoken]:
    """Say each sentence; hold each pause until `seconds` after the previous sentence ended
    (or, for a pause that includes its cue, after it started).

    With `listen`, each pause is spent listening (for at most the time left); what is heard
    there ends the reply early, as a last `Spoken("heard", text, ...)`.
    """
    rendered: list[Spoken] = []
    cue_end = cue_start = clock()
    after_cue = False
    for part in parts:
        if isinstance(part, Pause):
            start = clock()
            if part.includes_cue and after_cue:
                cue_end = cue_start  # the cue is part of the breath
            cue_end += part.seconds  # consecutive pauses add up from the same cue
            after_cue = False
            remaining = cue_end - clock()
            if remaining > 0 and listen is not None:
                heard = listen(remaining)
                if heard:
                    rendered.append(Spoken("heard", heard, start, clock()))
                    return rendered
                remaining = cue_end - clock()
            if remaining > 0:
                sleep(remaining)
            rendered.append(Spoken("pause", "", start, clock()))
        else:
            start = cue_start = clock()
            speaker.say(part.spoken)  # phone numbers as they are said, not as digits
            cue_end = clock()
            after_cue = True
            rendered.append(Spoken("say", part.text, start, cue_end))
    return rendered
