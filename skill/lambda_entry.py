"""The AWS Lambda entry point (re-exported by the top-level lambda_handler.py), and request
envelopes from parsed JSON for every entry (Lambda and the web service).

The skill is built at the first request, from the environment: SAMEN_STERKER_STORE
(`sqlite:PATH` or `dynamodb:TABLE`), SAMEN_STERKER_HOUSEHOLD and SAMEN_STERKER_SKILL_ID
(without it any application id is accepted: a warning at cold start).

No event makes the handler raise: one that is not an Alexa request envelope, or that
fails inside the SDK, is answered with a valid response that speaks the skill's error
sentence and ends the session, and is logged in one line (what failed, never what it held).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from typing import Any, cast

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model.request_envelope import RequestEnvelope

from skill.logs import Log


class _ParsedSerializer(DefaultSerializer):  # type: ignore[misc]
    """The SDK's serializer, also building a model from JSON that is already parsed (a Lambda
    event, a verified web body), so nothing is parsed twice. `DefaultSerializer.deserialize`
    always parses a string; its model building is only reachable under its private name,
    looked up here so that an SDK without it fails at import, not at every request."""

    def __init__(self) -> None:
        super().__init__()
        self.from_parsed: Callable[[Any, Any], Any] = self._DefaultSerializer__deserialize


log = Log("samen_sterker.lambda")

_serializer = _ParsedSerializer()
_skill: CustomSkill | None = None
_error_result: dict[str, Any] | None = None


def lambda_handler(event: Any, context: Any) -> dict[str, Any]:
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict); never raises."""
    global _skill
    if _skill is None:
        from skill.adapter import SKILL_ID_ENV, make_skill

        try:
            _skill = make_skill()
            if not os.environ.get(SKILL_ID_ENV):
                log.warning("%s is not set: requests for any skill are accepted; set it in production", SKILL_ID_ENV)
            return invoke(_skill, event, context)
        finally:
            _collect_garbage_again()
    return invoke(_skill, event, context)


def _collect_garbage_again() -> None:
    """After the cold start (lambda_handler.py turned the collector off for it): what it built
    lives as long as the process, so it is frozen out of the collector's walks; from here on
    the collector runs as always."""
    gc.freeze()
    gc.enable()


def invoke(skill: CustomSkill, event: Any, context: Any) -> dict[str, Any]:
    """Run one request envelope (a dict) through a skill, as the SDK's Lambda handler does;
    anything malformed or failing is answered by `error_result()`, never raised."""
    if not isinstance(event, dict) or not isinstance(event.get("request"), dict):
        log.warning("refused event: not an Alexa request envelope")
        return error_result()
    try:
        request_envelope = to_envelope(event)
    except RecursionError:
        log.warning("refused event: nested too deep")
        return error_result()
    except Exception as error:  # noqa: BLE001 (the SDK raises its own types for a bad shape)
        log.warning("refused event: not an Alexa request envelope (%s)", type(error).__name__)
        return error_result()
    return run(skill, request_envelope, context)


def run(skill: CustomSkill, request_envelope: RequestEnvelope, context: Any) -> dict[str, Any]:
    """The response envelope for a request envelope; `error_result()` when the SDK raises."""
    try:
        return to_json(skill.invoke(request_envelope=request_envelope, context=context))
    except RecursionError:
        log.warning("refused event: nested too deep")
    except Exception as error:  # noqa: BLE001 (a wrong skill id, an SDK failure outside the handlers)
        from skill.adapter import where

        log.error("request failed: %s at %s", type(error).__name__, where(error))
    return error_result()


def error_result() -> dict[str, Any]:
    """A valid response envelope that says the skill's error sentence and ends the session."""
    global _error_result
    if _error_result is None:
        from skill.messages import load_skill_messages
        from skill.ssml import text_response

        _error_result = {"version": "1.0", "response": to_json(text_response(load_skill_messages().say("internal_error")))}
    return dict(_error_result)


def to_envelope(data: dict[str, Any]) -> RequestEnvelope:
    """The SDK's request envelope for parsed JSON; raises on a shape that is not one."""
    return cast(RequestEnvelope, _serializer.from_parsed(data, RequestEnvelope))


class _Held(str):
    """Stands in for the session attributes while the SDK serializes a response envelope."""


_HELD = _Held()


def to_json(response: Any) -> dict[str, Any]:
    """A response envelope as plain JSON data. Its session attributes are JSON data already
    (the core's state as `state_to_json` wrote it, or attributes as a request carried them):
    they go in as they are, where the SDK would walk them to copy every list and dict."""
    attributes = getattr(response, "session_attributes", None)
    if type(attributes) is not dict:
        return cast(dict[str, Any], _serializer.serialize(response))
    response.session_attributes = _HELD
    try:
        data = cast(dict[str, Any], _serializer.serialize(response))
    finally:
        response.session_attributes = attributes
    data["sessionAttributes"] = attributes
    return data


def handler_for(skill: CustomSkill) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda-style handler function for a given skill (benchmarks, tests)."""
    return lambda event, context: invoke(skill, event, context)


def reset() -> None:
    """Forget the built skill, so the next request reads the environment again (tests)."""
    global _skill
    _skill = None

