"""The speech cache: each sentence rendered once, rebuilt when the voice changes, erased on
request, and never a half file played. A counting renderer stands in for espeak-ng where
only the bookkeeping is tested; the real one where audio matters."""

from __future__ import annotations

import os
import wave
from pathlib import Path

import pytest
from voice_helpers import needs_espeak

from local_voice.speech_cache import (
    CACHE_DIR_NAME,
    PERSONAL_DIR,
    AplayPlayer,
    CachedSpeaker,
    EspeakRenderer,
    SpeechCache,
    files_stamp,
    remove_speech_cache,
    wav_seconds,
)


class CountingRenderer:
    """Writes a WAV of silence, 10 ms per character; counts what it was asked to render."""

    def __init__(self, identity: str = "test voice=nl rate=150") -> None:
        self.identity = identity
        self.rendered: list[str] = []

    def render(self, text: str, path: Path) -> None:
        self.rendered.append(text)
        with wave.open(str(path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(22050)
            wav.writeframes(b"\x00\x00" * 220 * len(text))


class RecordingPlayer:
    """Notes each file it is asked to play, with its length, and checks it is whole."""

    def __init__(self) -> None:
        self.played: list[tuple[Path, float]] = []

    def play(self, path: Path, seconds: float) -> None:
        assert wav_seconds(path) == pytest.approx(seconds)
        self.played.append((path, seconds))


def speaker(folder: Path, renderer: CountingRenderer, **kwargs: object) -> tuple[CachedSpeaker, RecordingPlayer]:
    player = RecordingPlayer()
    return CachedSpeaker(SpeechCache(folder, renderer, **kwargs), player), player  # type: ignore[arg-type]


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.wav"))


def test_a_sentence_is_rendered_once_and_played_from_the_cache(tmp_path: Path) -> None:
    renderer = CountingRenderer()
    say, player = speaker(tmp_path, renderer)
    say.say("Adem rustig in.")
    say.say("Adem rustig in.")
    assert renderer.rendered == ["Adem rustig in."]
    assert player.played[0] == player.played[1]
    assert player.played[0][1] == pytest.approx(len("Adem rustig in.") * 0.01, abs=0.001)
    again, _ = speaker(tmp_path, renderer)  # a restart with the same voice keeps it
    again.say("Adem rustig in.")
    assert renderer.rendered == ["Adem rustig in."]


def test_no_spoken_text_in_file_names(tmp_path: Path) -> None:
    say, _ = speaker(tmp_path, CountingRenderer())
    say.set_names(("Sam", "Lotte"))
    say.say("Dag Sam en Lotte.")
    say.say("Adem uit.")
    names = " ".join(p.name for p in tmp_path.rglob("*")).lower()
    assert "sam" not in names and "adem" not in names and "lotte" not in names


@pytest.mark.parametrize("change", ["identity", "stamp"])
def test_a_changed_voice_rate_or_prompts_file_rebuilds(tmp_path: Path, change: str) -> None:
    renderer = CountingRenderer()
    say, _ = speaker(tmp_path, renderer, stamp="prompts v1")
    say.say("Adem uit.")
    old = cached_files(tmp_path)
    if change == "identity":
        renderer = CountingRenderer("test voice=nl rate=120")
        say, _ = speaker(tmp_path, renderer, stamp="prompts v1")
    else:
        say, _ = speaker(tmp_path, renderer, stamp="prompts v2")
    assert cached_files(tmp_path) == []  # the old audio is gone
    say.say("Adem uit.")
    assert renderer.rendered[-1] == "Adem uit." and cached_files(tmp_path) != old


def test_the_stamp_follows_the_prompts_file(tmp_path: Path) -> None:
    prompts = tmp_path / "prompts.toml"
    prompts.write_text("a = 'Dag.'\n")
    first = files_stamp([prompts])
    prompts.write_text("a = 'Hallo.'\n")
    assert files_stamp([prompts]) != first


def test_clear_removes_the_audio_and_names_are_gone_from_disk(tmp_path: Path) -> None:
    renderer = CountingRenderer()
    say, _ = speaker(tmp_path, renderer)
    say.say("Adem uit.")
    say.set_names(("Sam", "Lotte"))
    say.say("Goed gedaan, Sam.")
    personal = cached_files(tmp_path / PERSONAL_DIR)
    assert len(personal) == 1
    say.set_names(("Kim", "Lotte"))  # other names: the sentences with the old ones go
    assert not personal[0].exists()
    assert len(cached_files(tmp_path)) == 1  # the fixed sentence stays
    say.say("Goed gedaan, Kim.")
    say.clear()  # the household's data is erased
    assert cached_files(tmp_path) == []
    say.say("Adem uit.")
    assert renderer.rendered.count("Adem uit.") == 2


@pytest.mark.parametrize("damage", ["missing", "truncated", "not a wav", "empty"])
def test_a_missing_or_corrupt_file_is_rendered_again_never_played_half(tmp_path: Path, damage: str) -> None:
    renderer = CountingRenderer()
    say, player = speaker(tmp_path, renderer)
    say.say("Adem rustig in.")
    (path,) = cached_files(tmp_path)
    whole = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(whole[: len(whole) // 2])
    elif damage == "not a wav":
        path.write_bytes(b"RIFX" + whole[4:])
    else:
        path.write_bytes(b"")
    say.say("Adem rustig in.")
    assert renderer.rendered == ["Adem rustig in."] * 2
    assert path.read_bytes() == whole
    assert [seconds for _, seconds in player.played] == [player.played[0][1]] * 2  # RecordingPlayer checked each


def test_a_failed_render_leaves_nothing_under_the_cached_name(tmp_path: Path) -> None:
    class HalfRenderer(CountingRenderer):
        def render(self, text: str, path: Path) -> None:
            super().render(text, path)
            path.write_bytes(path.read_bytes()[:60])  # cut off mid-way

    say, player = speaker(tmp_path, HalfRenderer())
    with pytest.raises(OSError):
        say.say("Adem uit.")
    assert list(tmp_path.rglob("*.wav")) == [] and list(tmp_path.rglob("*.tmp")) == []
    assert player.played == []


def test_the_cache_is_bounded_least_recently_used_out(tmp_path: Path) -> None:
    say, _ = speaker(tmp_path, CountingRenderer(), max_files=3)
    for n, text in enumerate(["een", "twee", "drie", "een", "vier"]):
        say.say(text)
        for path in cached_files(tmp_path):  # file times one second apart, as on a real day
            os.utime(path, (os.stat(path).st_mtime - 1,) * 2)
        del n
    kept = {say.cache.path(t) for t in ("een", "drie", "vier")}
    assert set(cached_files(tmp_path)) == kept  # "twee" was used least recently


def test_prefetched_sentences_are_ready_before_they_are_said(tmp_path: Path) -> None:
    renderer = CountingRenderer()
    say, _ = speaker(tmp_path, renderer)
    say.prefetch(["Adem in.", "Adem uit.", "Adem in."])
    assert say.wait_until_rendered(10)
    assert renderer.rendered == ["Adem in.", "Adem uit."]
    say.say("Adem uit.")
    assert say.misses == 0 and len(renderer.rendered) == 2


def test_the_cache_folder_is_private(tmp_path: Path) -> None:
    speaker(tmp_path / "cache", CountingRenderer())
    assert (tmp_path / "cache").stat().st_mode & 0o077 == 0
    assert (tmp_path / "cache" / PERSONAL_DIR).stat().st_mode & 0o077 == 0


@needs_espeak
def test_espeak_renders_a_whole_dutch_wav(tmp_path: Path) -> None:
    renderer = EspeakRenderer(rate=150)
    cache = SpeechCache(tmp_path, renderer)
    short = wav_seconds(cache.ensure("Ja."))
    long = wav_seconds(cache.ensure("Adem rustig in en adem langzaam uit."))
    assert short is not None and long is not None and long > short * 2
    slower = SpeechCache(tmp_path / "slow", EspeakRenderer(rate=100))
    assert (wav_seconds(slower.ensure("Adem rustig in en adem langzaam uit.")) or 0) > long * 1.3


@needs_espeak
def test_cached_audio_plays_through_aplay_and_holds_for_exactly_its_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir, out = tmp_path / "bin", tmp_path / "played"
    bin_dir.mkdir()
    out.mkdir()
    script = bin_dir / "aplay"  # a stand-in sound card: keeps a copy of what it plays
    script.write_text(f'#!/bin/sh\nfor a; do f="$a"; done\nn=$(ls "{out}" | wc -l)\ncp "$f" "{out}/$n.wav"\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    held: list[float] = []
    player = AplayPlayer(clock=lambda: 0.0, sleep=held.append)  # aplay returned at once
    say = CachedSpeaker(SpeechCache(tmp_path / "cache", EspeakRenderer()), player)
    say.say("Adem rustig in.")
    say.say("Adem rustig in.")
    first, second = sorted(out.iterdir())
    assert first.read_bytes() == second.read_bytes()
    length = wav_seconds(first)
    assert length is not None and length > 0.5
    assert held == [pytest.approx(length)] * 2  # muted for the audio's length, not longer


def test_names_erased_while_the_coach_was_not_running_are_dropped_at_the_next_start(tmp_path: Path) -> None:
    say, _ = speaker(tmp_path, CountingRenderer())
    say.set_names(("Sam", "Lotte"))
    say.say("Dag Sam en Lotte.")
    assert len(cached_files(tmp_path / PERSONAL_DIR)) == 1
    restarted, _ = speaker(tmp_path, CountingRenderer())
    restarted.set_names(("Sam", "Lotte"))  # the same household: kept
    assert len(cached_files(tmp_path / PERSONAL_DIR)) == 1
    restarted, _ = speaker(tmp_path, CountingRenderer())
    restarted.set_names(None)  # erased (by the typed console, say) in between
    assert cached_files(tmp_path / PERSONAL_DIR) == []


def test_remove_speech_cache_removes_the_folder(tmp_path: Path) -> None:
    say, _ = speaker(tmp_path / CACHE_DIR_NAME, CountingRenderer())
    say.say("Adem uit.")
    remove_speech_cache(tmp_path)
    assert not (tmp_path / CACHE_DIR_NAME).exists()


def test_a_cache_that_cannot_be_written_still_speaks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from local_voice import speech_cache

    renderer = CountingRenderer()
    say, player = speaker(tmp_path / "cache", renderer)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(speech_cache.os, "replace", disk_full)
    say.say("Adem uit.")
    assert renderer.rendered == ["Adem uit."] * 2  # the cache's attempt, then a private temporary file
    assert len(player.played) == 1 and not player.played[0][0].exists()  # played, then deleted
    assert cached_files(tmp_path / "cache") == [] and list((tmp_path / "cache").rglob("*.tmp")) == []


def test_the_reply_renders_before_the_guesses_and_the_warm_up(tmp_path: Path) -> None:
    renderer = CountingRenderer()
    say, _ = speaker(tmp_path, renderer)
    with say._wake:  # hold the background thread until everything is queued
        say.warm_up(["Welkom."])
        say.prefetch(["Oud."])
        say.prefetch(["Nieuw."])  # replaces the older guess
        say.prefetch(["Antwoord."], first=True)
    assert say.wait_until_rendered(10)
    assert renderer.rendered == ["Antwoord.", "Nieuw.", "Welkom."]
