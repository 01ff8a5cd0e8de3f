"""Listening: audio frames through the real Vosk engine into one utterance's transcript.

Vosk traps handled here: the recogniser is told the real sample rate of the source; a
grammar is switched only between utterances, right after `Reset()` (SetGrammar
mid-utterance kills the process); an utterance that is already a whole phrase of the
step's grammar ends without waiting for Vosk's trailing-silence endpoint (see
`local_voice.endpoint`; free speech keeps Vosk's); a model without runtime grammar
support always listens with its full vocabulary; phrases with a word the model does not know are left
out (Vosk would drop the word and change the phrase); `[unk]` is only added to a grammar
when the model has it. Transcripts are returned, never logged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from local_voice.audio import AudioSource, EndOfAudio
from local_voice.endpoint import HOLD_SECONDS, EarlyEndpoint
from local_voice.grammar import FREE_SPEECH, Grammar, fit_to_vocabulary, with_unknown

READ_TIMEOUT = 0.5
MAX_UTTERANCE_SECONDS = 30.0  # audio kept to decode an utterance again (see listen)


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
                 has_unk: bool = False, hold_seconds: float | None = HOLD_SECONDS) -> None:
        """`hold_seconds`: how long a whole phrase must stand unchanged over quiet audio
        to end the utterance early; None waits for Vosk's endpoint every time."""
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
        self._hold = hold_seconds
        self.switches = 0
        # How the last utterance ended: "grammar" (early), "endpoint" (Vosk's rules),
        # "timeout" (silence) or "end of audio". Never what was said.
        self.last_end = ""

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

    def _early_endpoint(self, grammar: Grammar) -> EarlyEndpoint | None:
        """The early end-of-speech check for a grammar as it is listened to (None: free speech)."""
        fitted = self._fit(grammar)
        if self._hold is None or fitted.phrases is None or not self._runtime_grammar:
            return None
        return EarlyEndpoint(fitted.phrases, self.source.sample_rate, hold_seconds=self._hold)

    def listen(self, grammar: Grammar, timeout: float) -> str | None:
        recogniser = self._recogniser_for(grammar)
        early = self._early_endpoint(grammar)
        rate = self.source.sample_rate
        quiet_samples = 0
        utterance: list[bytes] = []  # the audio since Vosk's last endpoint, to decode again
        while True:
            try:
                frame = self.source.read(READ_TIMEOUT)
            except EndOfAudio:
                self.last_end = "end of audio"
                text = _text(recogniser.FinalResult())
                if text:
                    return text
                raise
            if frame is None:
                continue
            if early is not None:
                utterance.append(frame)
                if len(utterance) * len(frame) > MAX_UTTERANCE_SECONDS * 2 * rate:
                    early, utterance = None, []  # a long stretch of sound: Vosk's endpoint decides
            if recogniser.AcceptWaveform(frame):
                text = _text(recogniser.Result())
                if text:
                    self.last_end = "endpoint"
                    return text
                quiet_samples = 0
                utterance.clear()
                continue
            partial = str(json.loads(recogniser.PartialResult()).get("partial", ""))
            if partial:
                quiet_samples = 0
                if early is not None and early.update(frame, partial):
                    # The final text, not the partial: a partial may be a longer phrase whose
                    # last word is only a guess over the silence ("ja graag" after "ja").
                    text = _text(recogniser.FinalResult())
                    if early.ends_early(text):
                        self.last_end = "grammar"
                        return text
                    # Not a phrase that may end early (the person may be pausing inside a
                    # longer one): decode the utterance again and wait for Vosk's endpoint.
                    early = None
                    if recogniser.AcceptWaveform(b"".join(utterance)):
                        text = _text(recogniser.Result())
                        if text:
                            self.last_end = "endpoint"
                            return text
                    utterance.clear()
            else:
                quiet_samples += len(frame) // 2
                if quiet_samples >= timeout * rate:
                    self.last_end = "timeout"
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
