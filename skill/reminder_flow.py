""""Herinner ons elke avond om acht uur aan de check-in": the daily reminder, skill-side.

The core knows nothing of reminders: this is the skill's own small flow around the
Alexa Reminders API. Without permission it asks for consent by voice (the
AskForPermissionsConsent connection, the wanted time carried in the token); when the
answer comes back (Connections.Response) it sets the reminder, or, if consent was not
given, explains and puts a permissions card in the Alexa app. Inside a running
conversation the coach's last question is asked again afterwards.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard
from ask_sdk_model.ui.reprompt import Reprompt
from ask_sdk_model.ui.ssml_output_speech import SsmlOutputSpeech

from dialogue import Say, Step, state_from_json
from locale_files import Messages
from skill.reminders import PERMISSION, ReminderClient, ReminderError, parse_time, reminder_body, spoken_time
from skill.ssml import text_ssml, to_ssml

log = logging.getLogger("samen_sterker.skill")

REMINDER_INTENT = "SetReminderIntent"
TIME_SLOT = "time"
CONSENT_NAME = "AskFor"
TOKEN_PREFIX = "samen-sterker-reminder:"

ClientFactory = Callable[[str, str], ReminderClient]


def _permission_granted(envelope: RequestEnvelope) -> bool:
    user = envelope.context.system.user if envelope.context and envelope.context.system else None
    permissions = user.permissions if user else None
    if permissions is None:
        return False
    scope = (permissions.scopes or {}).get(PERMISSION)
    if scope is not None and scope.status is not None:
        return str(getattr(scope.status, "value", scope.status)) == "GRANTED"
    return bool(permissions.consent_token)


@dataclass
class ReminderFlow:
    """Sets or moves the household's daily check-in reminder."""

    messages: Messages
    client: ClientFactory = ReminderClient

    def on_intent(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> tuple[Response, dict[str, Any]]:
        """SetReminderIntent, in or out of a conversation."""
        request = envelope.request
        assert isinstance(request, IntentRequest)
        slot = (request.intent.slots or {}).get(TIME_SLOT) if request.intent else None
        wanted = parse_time(slot.value if slot else None)
        if wanted is None:
            text = self.messages.say("reminder_no_time")
            return _listen(text, text), dict(session)
        if not _permission_granted(envelope):
            return self._ask_consent(wanted), dict(session)
        return self._set(envelope, wanted, session), dict(session)

    def on_consent(self, envelope: RequestEnvelope, session: Mapping[str, Any]) -> tuple[Response, dict[str, Any]]:
        """The answer to the consent question (a Connections.Response request)."""
        request = envelope.request
        token = str(getattr(request, "token", "") or "")
        payload = getattr(request, "payload", None) or {}
        status = str(payload.get("status", "")) if isinstance(payload, dict) else ""
        wanted = parse_time(token.removeprefix(TOKEN_PREFIX)) if token.startswith(TOKEN_PREFIX) else None
        if status != "ACCEPTED" or wanted is None:
            return self._no_permission(), {}
        return self._set(envelope, wanted, session), dict(session)

    def _ask_consent(self, wanted: tuple[int, int]) -> Response:
        directive = SendRequestDirective(
            name=CONSENT_NAME,
            payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": PERMISSION},
            token=f"{TOKEN_PREFIX}{wanted[0]:02d}:{wanted[1]:02d}",
        )
        return Response(output_speech=SsmlOutputSpeech(ssml=text_ssml(self.messages.say("reminder_consent"))),
                        directives=[directive], should_end_session=True)

    def _no_permission(self) -> Response:
        return Response(
            output_speech=SsmlOutputSpeech(ssml=text_ssml(self.messages.say("reminder_no_permission"))),
            card=AskForPermissionsConsentCard(permissions=[PERMISSION]),
            should_end_session=True,
        )

    def _set(self, envelope: RequestEnvelope, wanted: tuple[int, int], session: Mapping[str, Any]) -> Response:
        system = envelope.context.system if envelope.context else None
        if system is None or not system.api_endpoint or not system.api_access_token:
            return _after(self.messages.say("reminder_failed"), session)
        client = self.client(str(system.api_endpoint), str(system.api_access_token))
        now = envelope.request.timestamp if envelope.request else None
        if not isinstance(now, datetime.datetime):
            now = datetime.datetime.now(datetime.UTC)
        elif now.tzinfo is None:
            now = now.replace(tzinfo=datetime.UTC)
        try:
            zone = client.time_zone(str(system.device.device_id)) if system.device else "Europe/Amsterdam"
            body = reminder_body(*wanted, zone, now, self.messages.say("reminder_text"))
            moved = client.set_daily(body)
        except ReminderError as error:
            log.warning("reminder not set: HTTP %s", error.status)
            if error.needs_permission:
                return self._no_permission()
            return _after(self.messages.say("reminder_failed"), session)
        said = self.messages.say("reminder_changed" if moved else "reminder_set", time=spoken_time(*wanted))
        return _after(said, session)


def _listen(text: str, reprompt: str) -> Response:
    return Response(output_speech=SsmlOutputSpeech(ssml=text_ssml(text)),
                    reprompt=Reprompt(output_speech=SsmlOutputSpeech(ssml=text_ssml(reprompt))),
                    should_end_session=False)


def _after(text: str, session: Mapping[str, Any]) -> Response:
    """Say `text`; inside a running conversation, ask the coach's last question again."""
    data = session.get("core")
    if isinstance(data, dict):
        try:
            state = state_from_json(data)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            state = None
        if state is not None and state.step is not Step.ENDED and state.last_reply and state.last_reply.reprompt:
            reprompt = state.last_reply.reprompt
            return Response(output_speech=SsmlOutputSpeech(ssml=to_ssml((Say(text), *reprompt))),
                            reprompt=Reprompt(output_speech=SsmlOutputSpeech(ssml=to_ssml(reprompt))),
                            should_end_session=False)
    return Response(output_speech=SsmlOutputSpeech(ssml=text_ssml(text)), should_end_session=True)
