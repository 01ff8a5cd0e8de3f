"""Listening: audio frames through the real Vosk engine into one utterance's transcript.

Vosk traps handled here: the recogniser is told the real sample rate of the source; a
grammar is switched only between utterances, right after `Reset()` (SetGrammar
mid-utterance kills the process); a model without runtime grammar support always
listens with its full vocabulary; phrases with a word the model does not know are left
out (Vosk would drop the word and change the phrase); `[unk]` is only added to a grammar
when the model has it. Transcripts are returned, never logged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from local_voice.audio import AudioSource, EndOfAudio
from local_voice.grammar import FREE_SPEECH, Grammar, fit_to_vocabulary, with_unknown

READ_TIMEOUT = 0.5


class Recogniser(Protocol):
    """What the hands-free loop needs from listening (a scripted fake in tests)."""

    def listen(self, grammar: Grammar, timeout: float) -> str | None:
        """One utterance's transcript; None when nobody spoke for `timeout` s of audio.

        Raises audio.MicrophoneLost when the microphone is gone, EndOfAudio at the end of
        a recorded source.
        """
        ...

    def speaking(self) -> AbstractContextManager[None]:
        """Half duplex: nothing heard while the body runs; a clean start afterwards."""
        ...

    def reopen(self) -> None:
        """Open the microphone again after it was lost; raises MicrophoneLost."""
        ...


class VoskListener:
    """A `Recogniser` over a Vosk model and an `AudioSource`."""

    def __init__(self, model: Any, source: AudioSource, *, runtime_grammar: bool = True,
                 has_unk: bool = False) -> None:
        import vosk  # type: ignore[import-untyped]

        self._vosk = vosk
        self._model = model
        self.source = source
        self._runtime_grammar = runtime_grammar
        self._has_unk = has_unk
        self._free: Any = None
        self._grammar_recogniser: Any = None
        self._grammar: Grammar | None = None
        self._fitted: dict[Grammar, Grammar] = {}
        self.switches = 0

    def _fit(self, grammar: Grammar) -> Grammar:
        """The grammar without phrases the model cannot recognise (cached per grammar)."""
        if grammar.phrases is None:
            return grammar
        if grammar not in self._fitted:
            fit = fit_to_vocabulary(grammar.phrases, lambda w: self._model.vosk_model_find_word(w) != -1)
            self._fitted[grammar] = Grammar(fit.phrases) if fit.phrases else FREE_SPEECH
        return self._fitted[grammar]

    def _recogniser_for(self, grammar: Grammar) -> Any:
        grammar = self._fit(grammar)
        if grammar.is_free or not self._runtime_grammar:
            if self._free is None:
                self._free = self._vosk.KaldiRecognizer(self._model, float(self.source.sample_rate))
            self._free.Reset()
            return self._free
        grammar = with_unknown(grammar, self._has_unk)
        if self._grammar_recogniser is None:
            self._grammar_recogniser = self._vosk.KaldiRecognizer(
                self._model, float(self.source.sample_rate), grammar.to_json()
            )
            self._grammar = grammar
        else:
            self._grammar_recogniser.Reset()  # between utterances: the only safe moment
            if grammar != self._grammar:
                self._grammar_recogniser.SetGrammar(grammar.to_json())
                self._grammar = grammar
                self.switches += 1
        return self._grammar_recogniser

    def listen(self, grammar: Grammar, timeout: float) -> str | None:
        recogniser = self._recogniser_for(grammar)
        rate = self.source.sample_rate
        quiet_samples = 0
        while True:
            try:
                frame = self.source.read(READ_TIMEOUT)
            except EndOfAudio:
                text = _text(recogniser.FinalResult())
                if text:
                    return text
                raise
            if frame is None:
                continue
            if recogniser.AcceptWaveform(frame):
                text = _text(recogniser.Result())
                if text:
                    return text
                quiet_samples = 0
            elif json.loads(recogniser.PartialResult()).get("partial"):
                quiet_samples = 0
            else:
                quiet_samples += len(frame) // 2
                if quiet_samples >= timeout * rate:
                    return None

    @contextmanager
    def speaking(self) -> Iterator[None]:
        self.source.mute()
        try:
            yield
        finally:
            self.source.unmute()
            for recogniser in (self._free, self._grammar_recogniser):
                if recogniser is not None:
                    recogniser.Reset()

    def reopen(self) -> None:
        self.source.stop()
        self.source.start()


def _text(result_json: str) -> str:
    return str(json.loads(result_json).get("text", "")).strip()
