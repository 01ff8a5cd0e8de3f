"""The ask-sdk skill: a few request handlers that hand every request to `Conversation`.

`build_skill(conversation)` returns the SDK's `Skill`; `skill.invoke` (or the SDK's
lambda handler) runs it. Every response sets shouldEndSession; anything that fails
inside is answered with a spoken Dutch error and logged by exception type and place
only (never the request, never what was said).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.response import Response

from skill.conversation import Conversation
from skill.reminder_flow import CONSENT_NAME, REMINDER_INTENT, ReminderFlow
from skill.responses import empty_response

log = logging.getLogger("samen_sterker.skill")


def _session(handler_input: HandlerInput) -> dict[str, Any]:
    return handler_input.attributes_manager.session_attributes or {}


Take = Callable[[RequestEnvelope, Mapping[str, Any]], tuple[Response, dict[str, Any]]]


class TurnHandler(AbstractRequestHandler):
    """One kind of request -> one turn; the session attributes it returns travel on."""

    def __init__(self, applies: Callable[[HandlerInput], bool], take: Take) -> None:
        self.applies = applies
        self.take = take

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(self.applies(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        response, session = self.take(handler_input.request_envelope, _session(handler_input))
        handler_input.attributes_manager.session_attributes = session
        return response


def _is_consent_answer(handler_input: HandlerInput) -> bool:
    """The answer to the reminder consent question."""
    request = handler_input.request_envelope.request
    return bool(is_request_type("Connections.Response")(handler_input)) and getattr(request, "name", None) == CONSENT_NAME


class SessionEndedHandler(AbstractRequestHandler):
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("SessionEndedRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        self.conversation.session_ended(handler_input.request_envelope, _session(handler_input))
        return empty_response()


class OtherRequestHandler(AbstractRequestHandler):
    """Events outside a session (reminders, skill events) and anything else: acknowledged, silent."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return empty_response()


class ErrorHandler(AbstractExceptionHandler):
    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("request failed: %s at %s", type(exception).__name__, where(exception))
        return self.conversation.error()


def where(exception: BaseException) -> str:
    """Where an exception was raised, as file:line of the innermost frame (no message, no values)."""
    frames = traceback.extract_tb(exception.__traceback__)
    if not frames:
        return "?"
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


def build_skill(
    conversation: Conversation, *, reminders: ReminderFlow | None = None, skill_id: str | None = None
) -> CustomSkill:
    """The SDK skill for a conversation; `skill_id` (if given) is the only accepted application id."""
    builder = SkillBuilder()
    builder.skill_id = skill_id  # type: ignore[assignment]
    reminders = reminders or ReminderFlow(conversation.messages)
    # The skill's own intent (not the core's) first: the daily check-in reminder.
    builder.add_request_handler(TurnHandler(is_intent_name(REMINDER_INTENT), reminders.on_intent))
    builder.add_request_handler(TurnHandler(_is_consent_answer, reminders.on_consent))
    builder.add_request_handler(
        TurnHandler(is_request_type("LaunchRequest"), lambda envelope, _: conversation.launch(envelope))
    )
    builder.add_request_handler(TurnHandler(is_request_type("IntentRequest"), conversation.intent))
    builder.add_request_handler(SessionEndedHandler(conversation))
    builder.add_request_handler(OtherRequestHandler())
    builder.add_exception_handler(ErrorHandler(conversation))
    return builder.create()
