"""The early end of speech: whole phrases of the step's grammar end without Vosk's trailing
silence; phrases that begin a longer phrase, and free speech, wait for Vosk's endpoint.

On the real Vosk engine (the Korean test model) with espeak-ng speech. Where an utterance
ended is read from the audio position, never from a clock.
"""

from __future__ import annotations

from typing import Any

import pytest
from voice_helpers import korean_model_dir, needs_espeak, silence, speech

from local_voice.audio import ArraySource
from local_voice.endpoint import EarlyEndpoint, early_phrases, ends_with_early_phrase
from local_voice.grammar import Grammar
from local_voice.model_files import load_model, tuned_model_dir
from local_voice.recognizer import VoskListener

RATE = 16000
WORDS = Grammar(("네", "아니요", "안녕하세요"))
WITH_LONGER = Grammar(("네", "네 감사합니다", "아니요"))


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_model(tuned_model_dir(korean_model_dir(), tmp_path_factory.mktemp("models")))


def hear(model: Any, text: str, grammar: Grammar, *, early: bool = True) -> tuple[str | None, str, float]:
    """What was heard, how it ended, and the audio position (s) it ended at."""
    source = ArraySource(silence(0.3, RATE) + speech(text, "ko", RATE), RATE, tail_seconds=3.0)
    listener = VoskListener(model, source, **({} if early else {"hold_seconds": None}))
    heard = listener.listen(grammar, timeout=5)
    return heard, listener.last_end, source.seconds_read


def test_prefixes_of_longer_phrases_never_end_early() -> None:
    assert early_phrases(("nog", "nog vijf", "ja", "ja graag", "nee", "[unk]")) == frozenset(
        {"nog vijf", "ja graag", "nee"})
    assert early_phrases(("ja  graag", "ja")) == frozenset({"ja graag"})
    assert early_phrases(("janee", "ja")) == frozenset({"janee", "ja"})  # words, not letters


def test_phrases_one_after_another_end_as_their_last_phrase_does() -> None:
    phrases = frozenset({"nee", "stop", "ja", "ja graag", "het is zonnig"})
    early = early_phrases(phrases)
    assert ends_with_early_phrase("nee stop", phrases, early)
    assert ends_with_early_phrase("ja graag", phrases, early)
    assert ends_with_early_phrase("nee het is zonnig", phrases, early)
    assert not ends_with_early_phrase("nee ja", phrases, early)  # "ja" may become "ja graag"
    assert not ends_with_early_phrase("nee het is", phrases, early)
    assert not ends_with_early_phrase("nee [unk] stop", phrases, early)
    assert not ends_with_early_phrase("", phrases, early)


def test_a_phrase_ends_only_after_quiet_audio_with_an_unchanged_partial() -> None:
    check = EarlyEndpoint(frozenset({"ja"}), RATE, hold_seconds=0.1)
    loud, quiet = b"\x00\x10" * 800, b"\x00\x00" * 800  # 50 ms frames
    assert not check.update(loud, "ja")
    assert not check.update(loud, "ja")  # still speaking
    assert not check.update(quiet, "ja")
    assert check.update(quiet, "ja")  # 100 ms of quiet with "ja" unchanged
    check = EarlyEndpoint(frozenset({"ja"}), RATE, hold_seconds=0.1)
    check.update(loud, "ja")
    assert not check.update(quiet, "ja")
    assert not check.update(quiet, "nee")  # changed: the hold starts again
    assert not check.update(quiet, "nee")  # and "nee" is not a phrase that ends early


@needs_espeak
@pytest.mark.parametrize("word", ["네", "아니요", "안녕하세요"])
def test_whole_phrases_end_early(model: Any, word: str) -> None:
    heard, how, position = hear(model, word, WORDS)
    assert (heard, how) == (word, "grammar")
    waited, how_waited, waited_position = hear(model, word, WORDS, early=False)
    assert (waited, how_waited) == (word, "endpoint")
    assert position < waited_position  # less audio was needed to answer


@needs_espeak
def test_a_phrase_that_begins_a_longer_one_waits_for_the_endpoint(model: Any) -> None:
    heard, how, _ = hear(model, "네", WITH_LONGER)
    assert heard == "네"
    assert how != "grammar"  # Vosk's own endpoint (or, with this model, the end of the audio)
    heard, how, _ = hear(model, "아니요", WITH_LONGER)
    assert (heard, how) == ("아니요", "grammar")


@needs_espeak
def test_free_speech_waits_for_the_endpoint(model: Any) -> None:
    source = ArraySource(silence(0.3, RATE) + speech("아니요", "ko", RATE), RATE, tail_seconds=3.0)
    listener = VoskListener(model, source)
    listener.listen(Grammar(None), timeout=5)
    assert listener.last_end in ("endpoint", "end of audio")
    assert listener.last_end != "grammar"
