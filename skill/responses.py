"""Building Alexa responses from core replies: SSML, reprompt, explicit shouldEndSession."""

from __future__ import annotations

from collections.abc import Sequence

from ask_sdk_model.response import Response
from ask_sdk_model.ui.reprompt import Reprompt
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech

from dialogue import Reply
from dialogue.model import Part
from skill.ssml import text_ssml, to_ssml


def reply_response(reply: Reply) -> Response:
    """The response for a core reply: it listens (with a reprompt) unless the reply ends."""
    return speech_response(reply.parts, None if reply.end_session else reply.reprompt)


def speech_response(parts: Sequence[Part], reprompt: Sequence[Part] | None) -> Response:
    """Say `parts`; listen with `reprompt`, or end the session when there is none."""
    return Response(
        output_speech=SsmlOutputSpeech(ssml=to_ssml(parts)),
        reprompt=None if reprompt is None else Reprompt(output_speech=SsmlOutputSpeech(ssml=to_ssml(reprompt))),
        should_end_session=reprompt is None,
    )


def text_response(text: str) -> Response:
    """Say one sentence and end the session."""
    return Response(output_speech=SsmlOutputSpeech(ssml=text_ssml(text)), should_end_session=True)


def empty_response() -> Response:
    """No speech: for SessionEndedRequest and events outside a session."""
    return Response(should_end_session=True)
