"""Helpers for the Alexa edge's tests: envelopes from tests/envelopes, and an Alexa stand-in
that carries sessionAttributes from each response into the next request."""

from __future__ import annotations

import copy
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENVELOPES = Path(__file__).parent / "envelopes"
MAX_RESPONSE_BYTES = 24 * 1024

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def envelope(name: str) -> dict[str, Any]:
    """A request envelope data file, by name without .json."""
    data: dict[str, Any] = json.loads((ENVELOPES / f"{name}.json").read_text(encoding="utf-8"))
    return data


def with_slot_id(env: dict[str, Any], slot: str, value_id: str) -> dict[str, Any]:
    """The envelope with one matched slot resolved to another value id."""
    env = copy.deepcopy(env)
    resolution = env["request"]["intent"]["slots"][slot]["resolutions"]["resolutionsPerAuthority"][0]
    resolution["values"][0]["value"]["id"] = value_id
    resolution["values"][0]["value"]["name"] = value_id.lower()
    return env


def check_response(result: dict[str, Any]) -> dict[str, Any]:
    """Assert what every response must be; return its `response` part."""
    assert result["version"] == "1.0"
    assert len(json.dumps(result).encode()) <= MAX_RESPONSE_BYTES
    response: dict[str, Any] = result["response"]
    assert isinstance(response.get("shouldEndSession"), bool), "shouldEndSession must be explicit"
    for key in ("outputSpeech", "reprompt"):
        speech = response.get(key)
        if speech is None:
            continue
        speech = speech.get("outputSpeech", speech)
        assert speech["type"] == "SSML"
        root = ET.fromstring(speech["ssml"])
        assert root.tag == "speak"
        assert len(speech["ssml"]) <= 8000
    if response["shouldEndSession"] is False:
        assert "outputSpeech" in response and "reprompt" in response, "a listening response needs a reprompt"
    return response


def speech(result: dict[str, Any]) -> str:
    """The spoken text of a response, tags removed."""
    output = result["response"].get("outputSpeech")
    return "" if output is None else "".join(ET.fromstring(output["ssml"]).itertext())


class Alexa:
    """Sends requests the way Alexa does within one session: the session attributes of
    each response go into the next request; a new session starts after an ending."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.attributes: dict[str, Any] = {}
        self.new = True
        self.last: dict[str, Any] = {}
        self.sent = 0

    def send(self, env: dict[str, Any]) -> dict[str, Any]:
        env = copy.deepcopy(env)
        # Alexa gives every request its own id (the same id again is a replay).
        self.sent += 1
        env["request"]["requestId"] = f"{env['request'].get('requestId', 'request')}.{id(self)}.{self.sent}"
        if "session" in env:
            env["session"]["new"] = self.new
            env["session"]["attributes"] = self.attributes
        result = self.handler(env, None)
        response = check_response(result)
        ended = response["shouldEndSession"]
        self.attributes = {} if ended else result.get("sessionAttributes", {})
        self.new = ended
        self.last = result
        return result

    def say(self, name: str, **slot_ids: str) -> dict[str, Any]:
        env = envelope(name)
        for slot, value_id in slot_ids.items():
            env = with_slot_id(env, slot, value_id)
        return self.send(env)

    @property
    def step(self) -> str | None:
        core = self.last.get("sessionAttributes", {}).get("core")
        return None if core is None else str(core["step"])
