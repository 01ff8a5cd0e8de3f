"""Audio in: 16-bit mono PCM frames from a microphone or from memory, one interface.

The microphone is captured by PortAudio's own thread (through `sounddevice`) into a
bounded queue; the recogniser reads that queue in the listening thread, so recognising
never stalls the capture. Frames are dropped, not queued, while the source is muted
(half duplex: the coach must not hear itself). `ArraySource` feeds recorded audio
through the same interface for tests and benchmarks.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
import wave
from pathlib import Path
from typing import Any, Protocol

FRAME_SECONDS = 0.05  # the early end of speech is checked once per frame
QUEUE_SECONDS = 10.0


class MicrophoneLost(Exception):
    """The microphone is gone or stopped delivering audio."""


class EndOfAudio(Exception):
    """A recorded source has nothing more to give."""


class AudioSource(Protocol):
    """Where 16-bit mono PCM comes from; `sample_rate` is the rate the audio really has."""

    sample_rate: int

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def read(self, timeout: float) -> bytes | None:
        """The next frame; None if none came within `timeout` s. Raises MicrophoneLost, EndOfAudio."""
        ...

    def mute(self) -> None:
        """Drop what is captured from now on (the coach is speaking)."""
        ...

    def unmute(self) -> None:
        """Drop what is queued and deliver new audio again."""
        ...


class ArraySource:
    """Recorded PCM delivered in frames, followed by `tail_seconds` of silence, then EndOfAudio."""

    def __init__(self, pcm: bytes, sample_rate: int, *, tail_seconds: float = 1.5,
                 frame_seconds: float = FRAME_SECONDS) -> None:
        self.sample_rate = sample_rate
        self._frame_bytes = max(2, int(sample_rate * frame_seconds) * 2)
        self._data = pcm + b"\x00\x00" * int(sample_rate * tail_seconds)
        self._position = 0
        self._muted = False

    def append(self, pcm: bytes, *, tail_seconds: float = 1.5) -> None:
        """More audio after what is left (the next utterance of a test)."""
        self._data = self._data[self._position:] + pcm + b"\x00\x00" * int(self.sample_rate * tail_seconds)
        self._position = 0

    @property
    def seconds_read(self) -> float:
        return self._position / 2 / self.sample_rate

    def start(self) -> None:
        pass

    def stop(self) -> None:
        pass

    def mute(self) -> None:
        self._muted = True

    def unmute(self) -> None:
        self._muted = False

    def read(self, timeout: float) -> bytes | None:
        if self._position >= len(self._data):
            raise EndOfAudio()
        frame = self._data[self._position:self._position + self._frame_bytes]
        self._position += len(frame)
        return None if self._muted else frame


def read_wav(path: Path) -> tuple[bytes, int]:
    """PCM bytes and sample rate of a 16-bit mono WAV file."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
            raise ValueError(f"{path}: need 16-bit mono WAV")
        return wav.readframes(wav.getnframes()), wav.getframerate()


class MicrophoneSource:
    """A sounddevice input stream (int16 mono, at the device's own rate) into a bounded queue."""

    def __init__(self, device: int | str | None = None, *, sample_rate: int | None = None,
                 frame_seconds: float = FRAME_SECONDS, stall_seconds: float = 2.0) -> None:
        import sounddevice  # type: ignore[import-untyped]

        self._sd = sounddevice
        self.device = device
        info = sounddevice.query_devices(device, "input")
        self.sample_rate = int(sample_rate or info["default_samplerate"])
        self._block = int(self.sample_rate * frame_seconds)
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=max(1, int(QUEUE_SECONDS / frame_seconds)))
        self._stall = stall_seconds
        self._muted = threading.Event()
        self._stream: Any = None
        self._last_frame = time.monotonic()
        self.overflows = 0

    def _callback(self, data: Any, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        self._last_frame = time.monotonic()
        if self._muted.is_set():
            return
        try:
            self._queue.put_nowait(bytes(data))
        except queue.Full:
            self.overflows += 1

    def start(self) -> None:
        """Open the stream; raises MicrophoneLost when the device cannot be opened."""
        self.stop()
        try:
            self._stream = self._sd.RawInputStream(
                samplerate=self.sample_rate, blocksize=self._block, device=self.device,
                dtype="int16", channels=1, callback=self._callback,
            )
            self._stream.start()
            self._last_frame = time.monotonic()
        except Exception as error:  # noqa: BLE001  PortAudioError, ValueError for a vanished device
            self._stream = None
            raise MicrophoneLost(str(error)) from None

    def stop(self) -> None:
        if self._stream is not None:
            with contextlib.suppress(Exception):  # a vanished device may fail to close
                self._stream.close()
            self._stream = None

    def mute(self) -> None:
        self._muted.set()

    def unmute(self) -> None:
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._muted.clear()

    def read(self, timeout: float) -> bytes | None:
        if self._stream is None:
            raise MicrophoneLost("not started")
        try:
            return self._queue.get(timeout=min(timeout, self._stall))
        except queue.Empty:
            # A USB microphone pulled out may leave the stream "active" with no callbacks.
            stalled = time.monotonic() - self._last_frame > self._stall
            if not self._stream.active or stalled:
                raise MicrophoneLost("no audio from the microphone") from None
            return None


def list_devices() -> str:
    """The audio devices PortAudio sees, as `sounddevice` prints them."""
    import sounddevice

    return str(sounddevice.query_devices())
