"""Speaking through Alexa: the core's reply parts as SSML within Alexa's limits, and the
`Response` objects that carry them (every one with an explicit shouldEndSession).

Text is XML-escaped, phone numbers said digit by digit (`<say-as interpret-as="digits">`);
each pause becomes `<break>`s of at most 10 s. A breath's pause that includes its cue
(`Pause.includes_cue`) is shortened by the time the cue takes to say, so the cue and the
silence together last the breath's seconds. A response may
hold at most 8,000 characters of speech and 240 s of audio; the audio length is an
estimate (pauses plus a slow Dutch speaking rate), and a reply over either limit
raises `SpeechTooLong` rather than being cut short by Alexa.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from ask_sdk_model.directive import Directive
from ask_sdk_model.response import Response
from ask_sdk_model.ui.card import Card
from ask_sdk_model.ui.reprompt import Reprompt
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech

from dialogue import Pause, Reply, Say
from dialogue.model import Part

MAX_BREAK_MS = 10_000
MAX_SSML_CHARS = 8_000
MAX_AUDIO_SECONDS = 240.0
# A slow speaking rate, so the estimate errs long: Alexa's Dutch voices say about 14-16.
CHARS_PER_SECOND = 12.0
# Alexa's usual Dutch rate, to take a breathing cue's own time out of its breath.
CUE_CHARS_PER_SECOND = 15.0
# A breath's silence is never shorter than this, however long its cue.
MIN_BREATH_PAUSE_SECONDS = 1.0


# A phone number in a sentence: three or more digits, maybe in groups joined by a hyphen
# ("112", "0800-2000"); never a time ("20:00") or part of a longer number.
_PHONE_NUMBER = re.compile(r"(?<![\d:-])\d{3,}(?:-\d+)*(?![\d:])")
_DIGIT = re.compile(r"\d")


def say_as_digits(escaped: str) -> str:
    """Escaped text with each phone number said digit by digit ("één één twee", never
    "honderdtwaalf"), the groups of a hyphenated number apart, with a short break between;
    a four-digit short number in two pairs, as it is said in Belgium."""
    def digits(match: re.Match[str]) -> str:
        number = match.group(0)
        if len(number) == 4 and number[0] != "0":
            # A four-digit help line (Belgium's 1712, 1813) is said in pairs: "zeventien twaalf".
            return f'<say-as interpret-as="cardinal">{number[:2]}</say-as> <say-as interpret-as="cardinal">{number[2:]}</say-as>'
        groups = number.split("-")
        return '<break strength="medium"/>'.join(f'<say-as interpret-as="digits">{group}</say-as>' for group in groups)

    if _DIGIT.search(escaped) is None:
        return escaped  # (no number in it)
    return _PHONE_NUMBER.sub(digits, escaped)


def escape(text: str) -> str:
    """Text made safe inside SSML (`&`, `<`, `>`); xml.sax.saxutils would pull in urllib at cold start."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SpeechTooLong(ValueError):
    """A reply does not fit in one Alexa response."""


def breaks(seconds: float) -> str:
    """`<break>` elements for a pause, each at most 10 s."""
    remaining = max(0, round(seconds * 1000))
    out: list[str] = []
    while remaining > 0:
        chunk = min(remaining, MAX_BREAK_MS)
        out.append(f'<break time="{chunk // 1000}s"/>' if chunk % 1000 == 0 else f'<break time="{chunk}ms"/>')
        remaining -= chunk
    return "".join(out)


def breath_pause_seconds(cue: str, seconds: float) -> float:
    """The silence after a breathing cue, so the cue and the silence together take `seconds`."""
    return max(MIN_BREATH_PAUSE_SECONDS, round(seconds - len(cue) / CUE_CHARS_PER_SECOND, 1))


def audio_seconds(parts: Iterable[Part]) -> float:
    """An upper estimate of how long the parts take to say."""
    return sum(p.seconds if isinstance(p, Pause) else len(p.text) / CHARS_PER_SECOND for p in parts)


def to_ssml(parts: Iterable[Part]) -> str:
    """The parts as one `<speak>` document; raises SpeechTooLong over Alexa's limits."""
    parts = tuple(parts)
    # Checked before anything is built: a pause of 1e8 s would otherwise become 1e7 breaks.
    if any(isinstance(p, Pause) and not (math.isfinite(p.seconds) and p.seconds >= 0) for p in parts):
        raise SpeechTooLong("a pause that is not a number of seconds")
    seconds = audio_seconds(parts)
    if seconds > MAX_AUDIO_SECONDS:
        raise SpeechTooLong(f"about {seconds:.0f} s of audio, at most {MAX_AUDIO_SECONDS:.0f} s")
    if sum(len(p.text) for p in parts if isinstance(p, Say)) > MAX_SSML_CHARS:
        raise SpeechTooLong(f"more than {MAX_SSML_CHARS} characters of speech")
    pieces: list[str] = []
    before: Part | None = None
    for part in parts:
        if isinstance(part, Say):
            pieces.append(say_as_digits(escape(part.text)))
        elif part.includes_cue and isinstance(before, Say):
            pieces.append(breaks(breath_pause_seconds(before.text, part.seconds)))
        else:
            pieces.append(breaks(part.seconds))
        before = part
    ssml = "<speak>" + " ".join(p for p in pieces if p) + "</speak>"
    if len(ssml) > MAX_SSML_CHARS:
        raise SpeechTooLong(f"{len(ssml)} characters of SSML, at most {MAX_SSML_CHARS}")
    return ssml


# --- responses ------------------------------------------------------------------------------


def reply_response(reply: Reply) -> Response:
    """The response for a core reply: it listens (with a reprompt) unless the reply ends. A
    reply that waits without a word (a writing pause of the letter) says its reprompt:
    Alexa listens only after speech."""
    parts = reply.parts or (() if reply.end_session else reply.reprompt or ())
    return speech_response(parts, None if reply.end_session else reply.reprompt)


def speech_response(
    parts: Sequence[Part],
    reprompt: Sequence[Part] | None,
    *,
    card: Card | None = None,
    directives: list[Directive] | None = None,
) -> Response:
    """Say `parts`; listen with `reprompt`, or end the session when there is none."""
    return Response(
        output_speech=SsmlOutputSpeech(ssml=to_ssml(parts)),
        reprompt=None if reprompt is None else Reprompt(output_speech=SsmlOutputSpeech(ssml=to_ssml(reprompt))),
        card=card,
        directives=directives,
        should_end_session=reprompt is None,
    )


def text_response(text: str, *, card: Card | None = None, directives: list[Directive] | None = None) -> Response:
    """Say one sentence and end the session."""
    return speech_response((Say(text),), None, card=card, directives=directives)


def empty_response() -> Response:
    """No speech: for SessionEndedRequest and events outside a session."""
    return Response(should_end_session=True)
