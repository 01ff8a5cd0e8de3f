"""The AWS Lambda entry point (re-exported by the top-level lambda_handler.py), and request
envelopes from parsed JSON for every entry (Lambda and the web service).

The skill is built at the first request, from the environment: SAMEN_STERKER_STORE
(`sqlite:PATH` or `dynamodb:TABLE`), SAMEN_STERKER_HOUSEHOLD and SAMEN_STERKER_SKILL_ID.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model.request_envelope import RequestEnvelope


class _ParsedSerializer(DefaultSerializer):  # type: ignore[misc]
    """The SDK's serializer, also building a model from JSON that is already parsed (a Lambda
    event, a verified web body), so nothing is parsed twice. `DefaultSerializer.deserialize`
    always parses a string; its model building is only reachable under its private name,
    looked up here so that an SDK without it fails at import, not at every request."""

    def __init__(self) -> None:
        super().__init__()
        self.from_parsed: Callable[[Any, Any], Any] = self._DefaultSerializer__deserialize


_serializer = _ParsedSerializer()
_skill: CustomSkill | None = None


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    global _skill
    if _skill is None:
        from skill.adapter import make_skill

        _skill = make_skill()
    return invoke(_skill, event, context)


def invoke(skill: CustomSkill, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Run one request envelope (a dict) through a skill, as the SDK's Lambda handler does."""
    response = skill.invoke(request_envelope=to_envelope(event), context=context)
    return to_json(response)


def to_envelope(data: dict[str, Any]) -> RequestEnvelope:
    """The SDK's request envelope for parsed JSON; raises on a shape that is not one."""
    return cast(RequestEnvelope, _serializer.from_parsed(data, RequestEnvelope))


def to_json(response: Any) -> dict[str, Any]:
    """A response envelope as plain JSON data."""
    return cast(dict[str, Any], _serializer.serialize(response))


def handler_for(skill: CustomSkill) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda-style handler function for a given skill (benchmarks, tests)."""
    return lambda event, context: invoke(skill, event, context)


def reset() -> None:
    """Forget the built skill, so the next request reads the environment again (tests)."""
    global _skill
    _skill = None

