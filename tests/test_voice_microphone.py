"""MicrophoneSource over a fake `sounddevice` (the hardware layer): queue, mute, loss."""

from __future__ import annotations

import sys
import threading
import types
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from local_voice.audio import FRAME_SECONDS, MicrophoneLost, MicrophoneSource


class FakeStream:
    def __init__(self, device: Any, callback: Callable[..., None], samplerate: int, blocksize: int,
                 **_: Any) -> None:
        self.callback, self.blocksize, self.active = callback, blocksize, False

    def start(self) -> None:
        if FakeSoundDevice.unplugged:
            raise RuntimeError("Error opening RawInputStream: device unavailable")
        self.active = True

    def close(self) -> None:
        self.active = False

    def deliver(self, count: int) -> None:
        status = types.SimpleNamespace(input_overflow=False)
        for i in range(count):
            self.callback(bytes([i % 256]) * (2 * self.blocksize), self.blocksize, None, status)


class FakeSoundDevice(types.ModuleType):
    unplugged = False
    streams: ClassVar[list[FakeStream]] = []

    def __init__(self) -> None:
        super().__init__("sounddevice")

    def query_devices(self, device: Any = None, kind: str | None = None) -> dict[str, Any]:
        return {"name": "USB mic", "default_samplerate": 48000.0}

    def RawInputStream(self, **kwargs: Any) -> FakeStream:
        stream = FakeStream(**kwargs)
        FakeSoundDevice.streams.append(stream)
        return stream


@pytest.fixture
def device(monkeypatch: pytest.MonkeyPatch) -> FakeSoundDevice:
    fake = FakeSoundDevice()
    FakeSoundDevice.unplugged = False
    FakeSoundDevice.streams = []
    monkeypatch.setitem(sys.modules, "sounddevice", fake)
    return fake


def test_frames_arrive_at_the_device_rate(device: FakeSoundDevice) -> None:
    source = MicrophoneSource(stall_seconds=0.2)
    assert source.sample_rate == 48000
    source.start()
    FakeSoundDevice.streams[-1].deliver(3)
    frames = [source.read(1) for _ in range(3)]
    assert all(f is not None and len(f) == 2 * int(48000 * FRAME_SECONDS) for f in frames)


def test_muted_frames_are_dropped_and_queue_drained(device: FakeSoundDevice) -> None:
    source = MicrophoneSource(stall_seconds=0.5)
    source.start()
    stream = FakeSoundDevice.streams[-1]
    stream.deliver(2)
    source.mute()
    stream.deliver(5)
    source.unmute()  # the two frames from before are dropped too
    stream.deliver(1)
    assert source.read(1) is not None
    assert source.read(0.05) is None


def test_a_silent_stream_is_a_lost_microphone(device: FakeSoundDevice) -> None:
    source = MicrophoneSource(stall_seconds=0.1)
    source.start()
    with pytest.raises(MicrophoneLost):
        for _ in range(10):
            source.read(0.1)


def test_unplugged_device_cannot_be_opened_then_comes_back(device: FakeSoundDevice) -> None:
    source = MicrophoneSource(stall_seconds=0.5)
    FakeSoundDevice.unplugged = True
    with pytest.raises(MicrophoneLost):
        source.start()
    FakeSoundDevice.unplugged = False
    source.start()
    threading.Thread(target=FakeSoundDevice.streams[-1].deliver, args=(1,)).start()
    assert source.read(1) is not None
