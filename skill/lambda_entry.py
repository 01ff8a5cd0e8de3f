"""The AWS Lambda entry point (re-exported by the top-level lambda_handler.py).

The skill is built at the first request, from the environment: SAMEN_STERKER_STORE
(`sqlite:PATH` or `dynamodb:TABLE`) and SAMEN_STERKER_SKILL_ID.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, cast

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_model.request_envelope import RequestEnvelope

_skill: CustomSkill | None = None
_serializer = DefaultSerializer()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Answer one Alexa request envelope (a dict) with a response envelope (a dict)."""
    global _skill
    if _skill is None:
        from skill.assemble import make_skill

        _skill = make_skill()
    return invoke(_skill, event, context)


def invoke(skill: CustomSkill, event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Run one request envelope (a dict) through a skill, as the SDK's Lambda handler does."""
    envelope = _serializer.deserialize(payload=json.dumps(event), obj_type=RequestEnvelope)
    response = skill.invoke(request_envelope=envelope, context=context)
    return cast(dict[str, Any], _serializer.serialize(response))


def handler_for(skill: CustomSkill) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """A Lambda-style handler function for a given skill (benchmarks, tests)."""
    return lambda event, context: invoke(skill, event, context)


def reset() -> None:
    """Forget the built skill, so the next request reads the environment again (tests)."""
    global _skill
    _skill = None

