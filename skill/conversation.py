"""The skill's conversation logic: one Alexa request -> one core turn -> one response.

No SDK dispatch here, only request objects in and a response out, so it can be tested
and reused. The core's state travels in the session attribute `core`; the household's
data is read from and written to `Households`. Nothing heard is logged: raw slot values
are looked at only for the safety check, and only value ids reach the core.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response

from dialogue import (
    Coach,
    EraseHousehold,
    Event,
    Intent,
    State,
    Step,
    Turn,
    Understander,
    Unrecognized,
    state_from_json,
    state_to_json,
)
from dialogue.intents import IntentName
from household.store import StoreError
from locale_files import Messages
from skill.households import Households
from skill.responses import reply_response, text_response
from skill.routes import raw_values, to_event

log = logging.getLogger("samen_sterker.skill")

STATE_KEY = "core"
DEFAULT_ZONE = "Europe/Amsterdam"


def zone(name: str = DEFAULT_ZONE) -> datetime.tzinfo:
    """The time zone for "today" (UTC if the system has no zone data)."""
    try:
        return ZoneInfo(name)
    except ZoneInfoNotFoundError:
        return datetime.UTC


@dataclass
class Conversation:
    """Turns Alexa requests into core turns for one locale and one household store."""

    coach: Coach
    understander: Understander
    messages: Messages
    households: Households
    tz: datetime.tzinfo

    # --- requests ---------------------------------------------------------------------

    def launch(self, envelope: RequestEnvelope) -> tuple[Response, dict[str, Any]]:
        """"Alexa, open samen sterker": the welcome and the menu question."""
        turn = self.coach.launch(self.households.load(envelope, self.today(envelope)))
        return self._finish(envelope, turn)

    def intent(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> tuple[Response, dict[str, Any]]:
        """One thing said inside (or opening) a session."""
        request = envelope.request
        assert isinstance(request, IntentRequest)
        state = self._state(envelope, session)
        event = self._event(request)
        return self._finish(envelope, self.coach.handle(state, event))

    def session_ended(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> None:
        """The session ended without a goodbye (silence, an error, the user left): keep
        what a stop would keep. Alexa allows no speech here."""
        state = self._saved_state(session)
        if state is None or state.step is Step.ENDED:
            return
        turn = self.coach.handle(state, Intent(IntentName.STOP.value))
        self._store(envelope, turn)

    def error(self) -> Response:
        """The spoken answer when something inside failed."""
        return text_response(self.messages.say("internal_error"))

    # --- helpers ------------------------------------------------------------------------

    def today(self, envelope: RequestEnvelope) -> str:
        """The household's date, from the time Alexa sent the request."""
        stamp = envelope.request.timestamp if envelope.request else None
        if not isinstance(stamp, datetime.datetime):
            stamp = datetime.datetime.now(datetime.UTC)
        elif stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=datetime.UTC)
        return stamp.astimezone(self.tz).date().isoformat()

    def _event(self, request: IntentRequest) -> Event:
        intent = request.intent
        if intent is None:
            return Unrecognized()
        # Free words (a gratitude said aloud) are checked for danger, then forgotten.
        if any(self.understander.is_danger(value) for value in raw_values(intent)):
            return Intent(IntentName.SAFETY.value)
        return to_event(intent)

    def _saved_state(self, session: Mapping[str, Any]) -> State | None:
        data = session.get(STATE_KEY)
        if not isinstance(data, dict):
            return None
        try:
            return state_from_json(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            log.warning("session state unreadable; starting afresh")
            return None

    def _state(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> State:
        state = self._saved_state(session)
        if state is None or state.step is Step.ENDED:
            state = self.coach.begin(self.households.load(envelope, self.today(envelope)))
        return state

    def _finish(self, envelope: RequestEnvelope, turn: Turn) -> tuple[Response, dict[str, Any]]:
        self._store(envelope, turn)
        return reply_response(turn.reply), {STATE_KEY: state_to_json(turn.state)}

    def _store(self, envelope: RequestEnvelope, turn: Turn) -> None:
        try:
            self.households.apply(envelope, turn.effects)
        except StoreError as error:
            # An erase that did not happen must not be confirmed; anything else can wait.
            if any(isinstance(e, EraseHousehold) for e in turn.effects):
                raise
            log.error("household not stored: %s", error.reason)

