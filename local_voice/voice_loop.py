"""The hands-free loop: wait for the wake phrase, hold one conversation, wait again.

Everything with hardware behind it comes in through small interfaces: the
`Recogniser` (listening, half duplex, reopening the microphone), the `Speaker`, a
clock and a sleep. The conversation itself is the local `Session` (the core and the
household store), the same one the typed console uses, so nothing of the household's
history depends on the audio: a microphone that disappears only pauses the loop,
which retries every few seconds and then carries on at the same step.

With a `CheckinSchedule` the coach also invites the couple to the check-in itself, once a
day, while it is waiting: a yes (or a request for the check-in) starts the check-in as
if they had asked for it; a no, silence or anything else is back to waiting.

With a speaker that renders ahead (`speech_cache.CachedSpeaker`), the loop tells it what
comes: once listening, every fixed sentence of the locale; with each reply, its sentences
(the later ones render while the first plays); before each listening, the first sentences
of the replies to what may be said there; and the household's names, so sentences that
hold them are kept apart and dropped when the names change.

Nothing that was heard is logged or printed; transcripts go straight to understanding.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from dialogue import Intent, Pause, Reply, Say
from dialogue.intents import IntentName
from dialogue.understanding import fold
from local_voice.audio import EndOfAudio, MicrophoneLost
from local_voice.checkin_schedule import CheckinSchedule
from local_voice.grammar import UNK, Grammar, GrammarBuilder, spoken_form, without_unknown
from local_voice.prefetch import fixed_sentences, likely_sentences
from local_voice.recognizer import Recogniser
from local_voice.session import Session
from local_voice.speaker import RendersAhead, Speaker, speak_parts
from locale_files import Messages

DEFAULT_LISTEN_SECONDS = 8.0
DEFAULT_WAKE_SECONDS = 30.0
DEFAULT_RETRY_SECONDS = 3.0


@dataclass
class VoiceLoop:
    """Drives conversations by voice until the audio ends or `stop()` is called."""

    session: Session
    recogniser: Recogniser
    speaker: Speaker
    grammars: GrammarBuilder
    messages: Messages
    report: Callable[[str], None]
    listen_seconds: float = DEFAULT_LISTEN_SECONDS
    wake_seconds: float = DEFAULT_WAKE_SECONDS
    retry_seconds: float = DEFAULT_RETRY_SECONDS
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    checkin: CheckinSchedule | None = None
    _stopped: bool = field(default=False, init=False)

    def stop(self) -> None:
        self._stopped = True

    def run(self) -> None:
        """Wait for the wake phrase, converse, and again; returns when the audio ends."""
        self.report(self.messages("listening", wake=self.grammars.wake_phrases[0]))
        if self.checkin is not None and self.checkin.current() is not None:
            self.report(self.messages("checkin_scheduled", time=self.checkin.at_text))
        if isinstance(self.speaker, RendersAhead):
            self.speaker.warm_up(self._fixed_sentences())
        try:
            while not self._stopped:
                opening = self.wait_for_wake()
                self.converse(opening)
        except EndOfAudio:
            return

    def wait_for_wake(self) -> str | None:
        """Listen until the wake phrase (None) or a safety phrase (its text) is heard, or the
        check-in invitation is answered with a yes (the request for the check-in)."""
        wake = {fold(p) for p in self.grammars.wake_phrases}
        while True:
            if self.checkin is not None and self.checkin.due():
                opening = self.invite()
                if opening is not None:
                    return opening
            text = self._listen(self.grammars.wake())
            if not text:
                continue
            heard = fold(spoken_form(without_unknown(text)))
            if any(phrase in heard for phrase in wake):
                return None
            if self.session.is_danger(heard):
                return text

    def invite(self) -> str | None:
        """The daily invitation, then one answer: what to open the conversation with, or None."""
        assert self.checkin is not None
        self.checkin.mark_invited()  # once a day, whatever the answer
        self._say(self.messages("checkin_invitation"))
        text = self._listen(self.grammars.invitation(), self.listen_seconds)
        heard = without_unknown(text or "")
        if not heard:
            return None
        if self.session.is_danger(heard):
            return heard
        event = self.session.understand(heard, (IntentName.YES.value, IntentName.NO.value))
        name = event.name if isinstance(event, Intent) else None
        if name in (IntentName.YES.value, IntentName.START_CHECKIN.value):
            return self.grammars.checkin_request
        if name in (IntentName.NO.value, IntentName.STOP.value, IntentName.CANCEL.value):
            self._say(self.messages("checkin_later", wake=self.grammars.wake_phrases[0]))
        return None

    def converse(self, opening: str | None = None) -> None:
        """One conversation: the welcome (or the answer to `opening`), then turns until it ends."""
        reply = self.session.open() if opening is None else self.session.hear(opening)
        interruption = self._speak(reply)
        while not reply.end_session and not self._stopped:
            state = self.session.state
            assert state is not None
            if interruption is None:
                grammar = self.grammars.for_step(state, self.session.expected_intents)
                self._render_ahead(likely_sentences(self.session.coach, state, grammar))
                heard = _as_utterance(self._listen(grammar, self.listen_seconds))
                # A phrase of the step's grammar already says what it means: taken as it is.
                meant = grammar.intent_for(heard) if heard and heard != UNK else None
                reply = self.session.take(meant) if meant is not None else self.session.hear(heard)
            else:
                reply = self.session.hear(interruption)
            interruption = self._speak(reply)

    def _speak(self, reply: Reply) -> str | None:
        """Speak a reply, half duplex; in its pauses (the breathing) listen for pause, stop,
        pace and safety. Returns what was heard there, which cuts the reply short."""
        if isinstance(self.speaker, RendersAhead):
            state = self.session.state
            self.speaker.set_names(state.household.names if state is not None else None)
            self.speaker.prefetch([p.spoken for p in reply.parts if isinstance(p, Say)], first=True)
        listen = self._listen_in_pause if any(isinstance(p, Pause) for p in reply.parts) else None
        rendered = speak_parts(reply.parts, _HalfDuplex(self.speaker, self.recogniser), clock=self.clock,
                               sleep=self.sleep, listen=listen)
        return rendered[-1].text if rendered and rendered[-1].kind == "heard" else None

    def _render_ahead(self, sentences: list[str]) -> None:
        if isinstance(self.speaker, RendersAhead):
            self.speaker.prefetch(sentences)

    def _fixed_sentences(self) -> list[str]:
        """Every sentence that is the same for every household: the safety lines first."""
        prompts = self.session.coach.locale.prompts
        own = [self.messages("checkin_invitation"), self.messages("checkin_later", wake=self.grammars.wake_phrases[0])]
        locale = self.session.coach.locale
        return fixed_sentences([locale.speech(text) for text in (*prompts.values(), *own)])

    def _listen_in_pause(self, seconds: float) -> str | None:
        try:
            return self.recogniser.listen(self.grammars.breathing_pause(), seconds)
        except MicrophoneLost:
            return None  # the breathing goes on; the next turn's listening reports the microphone

    def _say(self, text: str) -> None:
        with self.recogniser.speaking():
            self.speaker.say(text)

    def _listen(self, grammar: Grammar, seconds: float | None = None) -> str | None:
        while True:
            try:
                return self.recogniser.listen(grammar, seconds or self.wake_seconds)
            except MicrophoneLost:
                self._wait_for_microphone()

    def _wait_for_microphone(self) -> None:
        self.report(self.messages("microphone_lost", seconds=_seconds(self.retry_seconds)))
        while not self._stopped:
            self.sleep(self.retry_seconds)
            try:
                self.recogniser.reopen()
            except MicrophoneLost:
                continue
            self.report(self.messages("microphone_back"))
            return
        raise EndOfAudio()


class _HalfDuplex:
    """A speaker that keeps the microphone muted while each sentence is spoken."""

    def __init__(self, speaker: Speaker, recogniser: Recogniser) -> None:
        self.speaker = speaker
        self.recogniser = recogniser

    def say(self, text: str) -> None:
        with self.recogniser.speaking():
            self.speaker.say(text)


def _as_utterance(text: str | None) -> str:
    """What the session hears: '' is silence; only [unk] stays a not-understood utterance."""
    if text is None:
        return ""
    kept = without_unknown(text)
    return kept if kept else UNK


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
