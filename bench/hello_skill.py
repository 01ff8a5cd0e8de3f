"""A hello-world ask-sdk-core skill that answers a LaunchRequest: the baseline of the cold start benchmark."""

from __future__ import annotations

from ask_sdk_core.dispatch_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_model import Response


class _Hello(AbstractRequestHandler):  # type: ignore[misc]
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Hallo wereld").set_should_end_session(False).response


_builder = SkillBuilder()
_builder.add_request_handler(_Hello())
lambda_handler = _builder.lambda_handler()
