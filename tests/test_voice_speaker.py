"""The speaker: real pyttsx3 and espeak-ng, with `aplay` (the sound card) replaced by a recorder."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest
from voice_helpers import needs_espeak

from dialogue import Pause, Say
from local_voice.speaker import Pyttsx3Speaker, SpeakerUnavailable, speak_parts


@pytest.fixture
def played(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake `aplay` first on PATH that keeps a copy of every WAV it is asked to play."""
    bin_dir, out = tmp_path / "bin", tmp_path / "played"
    bin_dir.mkdir()
    out.mkdir()
    script = bin_dir / "aplay"
    script.write_text(f'#!/bin/sh\nn=$(ls "{out}" | wc -l)\ncp "$1" "{out}/$n.wav"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return out


def seconds(path: Path) -> float:
    with wave.open(str(path)) as wav:
        return wav.getnframes() / wav.getframerate()


@needs_espeak
def test_each_sentence_is_played_once_in_order(played: Path) -> None:
    speaker = Pyttsx3Speaker(rate=200)
    assert list(played.iterdir()) == []  # the warm-up says nothing
    speaker = Pyttsx3Speaker(rate=200)  # a second speaker on the same engine
    assert list(played.iterdir()) == []
    speaker.say("Ja.")
    assert len(list(played.iterdir())) == 1  # played before say() returned
    speaker.say("Dit is een veel langere zin die de coach uitspreekt.")
    speaker.say("Ja.")
    files = sorted(played.iterdir())
    assert len(files) == 3
    assert seconds(files[0]) < seconds(files[1])
    assert seconds(files[2]) == pytest.approx(seconds(files[0]), rel=0.2)


@needs_espeak
def test_rate_changes_the_length(played: Path) -> None:
    speaker = Pyttsx3Speaker(rate=220)
    speaker.say("Adem rustig in en adem langzaam uit.")
    speaker.rate = 110
    speaker.say("Adem rustig in en adem langzaam uit.")
    fast, slow = sorted(played.iterdir())
    assert seconds(slow) > seconds(fast) * 1.4


def test_missing_aplay_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SpeakerUnavailable, match="aplay"):
        Pyttsx3Speaker()


class RecordingSpeaker:
    def __init__(self, clock: FakeClock, seconds_per_sentence: float) -> None:
        self.clock, self.cost, self.said = clock, seconds_per_sentence, []  # type: list[str]

    def say(self, text: str) -> None:
        self.said.append(text)
        self.clock.now += self.cost


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_pauses_are_measured_from_the_end_of_each_cue() -> None:
    clock = FakeClock()
    speaker = RecordingSpeaker(clock, seconds_per_sentence=1.5)
    parts = [Say("1. Adem in."), Pause(4.0), Say("Adem uit."), Pause(6.0), Say("2. Adem in.")]
    spoken = speak_parts(parts, speaker, clock=clock, sleep=clock.sleep)
    assert speaker.said == ["1. Adem in.", "Adem uit.", "2. Adem in."]
    says = [s for s in spoken if s.kind == "say"]
    assert says[1].started - says[0].ended == pytest.approx(4.0)
    assert says[2].started - says[1].ended == pytest.approx(6.0)
    assert clock.sleeps == [pytest.approx(4.0), pytest.approx(6.0)]


def test_a_breath_that_includes_its_cue_is_measured_from_the_start_of_the_cue() -> None:
    """The cue is said inside the breath: 'In...' and breathing in take the 4 s together."""
    clock = FakeClock()
    speaker = RecordingSpeaker(clock, seconds_per_sentence=1.5)
    parts = [Say("In..."), Pause(4.0, includes_cue=True), Say("En uit..."), Pause(6.0, includes_cue=True), Say("In...")]
    spoken = speak_parts(parts, speaker, clock=clock, sleep=clock.sleep)
    says = [s for s in spoken if s.kind == "say"]
    assert says[1].started - says[0].started == pytest.approx(4.0)
    assert says[2].started - says[1].started == pytest.approx(6.0)
    assert clock.sleeps == [pytest.approx(2.5), pytest.approx(4.5)]


def test_consecutive_pauses_add_up() -> None:
    clock = FakeClock()
    spoken = speak_parts([Say("a"), Pause(1.0), Pause(2.0), Say("b")], RecordingSpeaker(clock, 0.5),
                         clock=clock, sleep=clock.sleep)
    assert spoken[-1].started - spoken[0].ended == pytest.approx(3.0)
