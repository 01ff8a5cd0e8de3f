""""Herinner ons elke avond om acht uur aan de check-in": the daily reminder, skill-side.

The core knows nothing of reminders: this is the skill's own small flow around the Alexa
Reminders API, through ask-sdk-model's service clients (the device's time zone from
`UpsServiceClient`, the reminders from `ReminderManagementServiceClient`). Without
permission it asks for consent by voice (the AskForPermissionsConsent connection, the
wanted time carried in the token); when the answer comes back (Connections.Response) it
sets the reminder, or, if consent was not given, explains and puts a permissions card in
the Alexa app. Saying it again moves the existing reminder instead of adding a second.
Inside a running conversation the coach's last question is asked again afterwards.
Nothing of the household is stored for this.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ask_sdk_model.intent_request import IntentRequest
from ask_sdk_model.request_envelope import RequestEnvelope
from ask_sdk_model.response import Response
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse, ServiceException
from ask_sdk_model.services.service_client_factory import ServiceClientFactory
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from dialogue import Say, Step, state_from_json
from locale_files import Messages
from skill.home_time import HOME_TIME
from skill.logs import Log
from skill.ssml import speech_response, text_response

log = Log("samen_sterker.skill")

# The household's time zone when the device's cannot be read ("today", the reminder time).
HOME_TIME_ZONE = "Europe/Amsterdam"
REMINDER_INTENT = "SetReminderIntent"
TIME_SLOT = "time"
CONSENT_NAME = "AskFor"
TOKEN_PREFIX = "samen-sterker-reminder:"
PERMISSION = "alexa::alerts:reminders:skill:readwrite"
LOCALE = "nl-NL"
TIMEOUT_SECONDS = 3.0
# AMAZON.TIME's words for parts of the day, as Alexa sends them.
_PARTS_OF_DAY = {"MO": (9, 0), "AF": (15, 0), "EV": (20, 0), "NI": (21, 0)}
_CLOCK = r"^([01]\d|2[0-3]):([0-5]\d)$"  # (compiled at its first use, by `re`'s cache)
_NEEDS_PERMISSION = frozenset({401, 403})


# --- time ------------------------------------------------------------------------------------


def zone(name: str = HOME_TIME_ZONE) -> datetime.tzinfo:
    """The named time zone; else the home zone (from its rule when the system has no zone data)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # (here: only a reminder needs it)

    for candidate in (name, HOME_TIME_ZONE):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return HOME_TIME


def parse_time(value: str | None) -> tuple[int, int] | None:
    """(hour, minute) from an AMAZON.TIME value ('20:00', 'EV'), or None."""
    if not value:
        return None
    value = value.strip().upper()
    if value in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[value]
    match = re.match(_CLOCK, value)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def spoken_time(hour: int, minute: int) -> str:
    """The time as the confirmation says it: '20:00' -> '20.00 uur'."""
    return f"{hour}.{minute:02d} uur"


def reminder_body(hour: int, minute: int, time_zone: str, now: datetime.datetime, text: str) -> dict[str, Any]:
    """The Reminders API request for a daily reminder at hour:minute local time.

    A plain dict rather than ask-sdk-model's ReminderRequest: that model writes times
    without the milliseconds the API's documented examples carry.
    """
    local = now.astimezone(zone(time_zone)).replace(tzinfo=None)
    stamp = local.strftime("%Y-%m-%dT%H:%M:%S.000")
    start = local.replace(hour=0, minute=0, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%S.000")
    return {
        "requestTime": stamp,
        "trigger": {
            "type": "SCHEDULED_ABSOLUTE",
            "timeZoneId": time_zone,
            "recurrence": {
                "startDateTime": start,
                "recurrenceRules": [f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1;"],
            },
        },
        "alertInfo": {"spokenInfo": {"content": [{"locale": LOCALE, "text": text}]}},
        "pushNotification": {"status": "ENABLED"},
    }


# --- the Alexa API ---------------------------------------------------------------------------


class TimedApiClient(ApiClient):
    """ask-sdk-core's DefaultApiClient (HTTPS only) with a timeout, which it lacks: a hung API
    must not use up the few seconds Alexa waits. `requests` is imported at the first call,
    so the skill's cold start does not pay for it."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._client: ApiClient | None = None

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        if self._client is None:
            from ask_sdk_core.api_client import DefaultApiClient

            timeout = self.timeout

            class _Timed(DefaultApiClient):  # type: ignore[misc]
                def _resolve_method(self, request: ApiClientRequest) -> Any:
                    return functools.partial(super()._resolve_method(request), timeout=timeout)

            self._client = _Timed()
        return self._client.invoke(request)


def device_time_zone(envelope: RequestEnvelope, services: ServiceClientFactory | None) -> str | None:
    """The device's time zone from the Alexa Settings API (no permission needed), or None
    when it cannot be read (no device, no API token, the call failed or took too long)."""
    system = envelope.context.system if envelope.context else None
    device_id = system.device.device_id if system and system.device else None
    if services is None or not device_id or not (system and system.api_endpoint and system.api_access_token):
        return None
    try:
        found = services.get_ups_service().get_system_time_zone(device_id)
    except Exception as error:  # noqa: BLE001 (a service error, a timeout, a refused connection: all unknown)
        log.warning("time zone not read: %s", type(error).__name__)
        return None
    return found if isinstance(found, str) and found else None


def set_daily(services: ServiceClientFactory, device_id: str | None, hour: int, minute: int,
              now: datetime.datetime, text: str) -> bool:
    """Create the daily reminder in the device's time zone, or move the existing one; True when
    one was moved. Raises ServiceException."""
    time_zone = HOME_TIME_ZONE
    if device_id:
        try:
            found = services.get_ups_service().get_system_time_zone(device_id)
            time_zone = found if isinstance(found, str) and found else HOME_TIME_ZONE
        except (ServiceException, ValueError):
            pass
    body = reminder_body(hour, minute, time_zone, now, text)
    reminders = services.get_reminder_management_service()
    existing = reminders.get_reminders()
    tokens = [str(a.alert_token) for a in (getattr(existing, "alerts", None) or []) if a.alert_token]
    if tokens:
        reminders.update_reminder(tokens[0], body)
        return True
    reminders.create_reminder(body)
    return False


# --- the flow --------------------------------------------------------------------------------


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

    def on_intent(self, envelope: RequestEnvelope, session: Mapping[str, Any],
                  services: ServiceClientFactory | None) -> tuple[Response, dict[str, Any]]:
        """SetReminderIntent, in or out of a conversation."""
        request = envelope.request
        assert isinstance(request, IntentRequest)
        slot = (request.intent.slots or {}).get(TIME_SLOT) if request.intent else None
        wanted = parse_time(slot.value if slot else None)
        if wanted is None:
            text = self.messages.say("reminder_no_time")
            return speech_response((Say(text),), (Say(text),)), dict(session)
        if not _permission_granted(envelope):
            return self._ask_consent(wanted), dict(session)
        return self._set(envelope, services, wanted, session), dict(session)

    def on_consent(self, envelope: RequestEnvelope, session: Mapping[str, Any],
                   services: ServiceClientFactory | None) -> tuple[Response, dict[str, Any]]:
        """The answer to the consent question (a Connections.Response request)."""
        request = envelope.request
        token = str(getattr(request, "token", "") or "")
        payload = getattr(request, "payload", None) or {}
        status = str(payload.get("status", "")) if isinstance(payload, dict) else ""
        wanted = parse_time(token.removeprefix(TOKEN_PREFIX)) if token.startswith(TOKEN_PREFIX) else None
        if status != "ACCEPTED" or wanted is None:
            return self._no_permission(), {}
        return self._set(envelope, services, wanted, session), dict(session)

    def _ask_consent(self, wanted: tuple[int, int]) -> Response:
        # (imported here: only this answer needs the SDK's connections interfaces)
        from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective

        directive = SendRequestDirective(
            name=CONSENT_NAME,
            payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": PERMISSION},
            token=f"{TOKEN_PREFIX}{wanted[0]:02d}:{wanted[1]:02d}",
        )
        return text_response(self.messages.say("reminder_consent"), directives=[directive])

    def _no_permission(self) -> Response:
        return text_response(self.messages.say("reminder_no_permission"),
                             card=AskForPermissionsConsentCard(permissions=[PERMISSION]))

    def _set(self, envelope: RequestEnvelope, services: ServiceClientFactory | None, wanted: tuple[int, int],
             session: Mapping[str, Any]) -> Response:
        system = envelope.context.system if envelope.context else None
        if services is None or system is None or not system.api_endpoint or not system.api_access_token:
            return _after(self.messages.say("reminder_failed"), session)
        now = envelope.request.timestamp if envelope.request else None
        if not isinstance(now, datetime.datetime):
            now = datetime.datetime.now(datetime.UTC)
        elif now.tzinfo is None:
            now = now.replace(tzinfo=datetime.UTC)
        device_id = str(system.device.device_id) if system.device else None
        try:
            moved = set_daily(services, device_id, *wanted, now, self.messages.say("reminder_text"))
        except ServiceException as error:
            log.warning("reminder not set: HTTP %s", error.status_code)
            if error.status_code in _NEEDS_PERMISSION:
                return self._no_permission()
            return _after(self.messages.say("reminder_failed"), session)
        said = self.messages.say("reminder_changed" if moved else "reminder_set", time=spoken_time(*wanted))
        return _after(said, session)


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
            return speech_response((Say(text), *reprompt), reprompt)
    return text_response(text)
