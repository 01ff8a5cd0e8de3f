"""A daily check-in reminder through the Alexa Reminders API.

Pure parts: `parse_time` reads an AMAZON.TIME value, `reminder_body` builds the exact
request. `ReminderClient` talks to the request's apiEndpoint with its apiAccessToken
(urllib, short timeouts): the device's time zone, the skill's existing reminders, and
create or update. Saying the reminder again moves the existing one instead of adding a
second: the skill's reminders are listed and the first one is updated. Nothing of the
household is stored for this.
"""

from __future__ import annotations

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

PERMISSION = "alexa::alerts:reminders:skill:readwrite"
LOCALE = "nl-NL"
TIMEOUT_SECONDS = 3.0
DEFAULT_TIME_ZONE = "Europe/Amsterdam"
# AMAZON.TIME's words for parts of the day, as Alexa sends them.
_PARTS_OF_DAY = {"MO": (9, 0), "AF": (15, 0), "EV": (20, 0), "NI": (21, 0)}
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


class ReminderError(Exception):
    """The Reminders API refused or failed; `status` is the HTTP status (0: no answer)."""

    def __init__(self, status: int, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}")
        self.status = status

    @property
    def needs_permission(self) -> bool:
        return self.status in (401, 403)


def parse_time(value: str | None) -> tuple[int, int] | None:
    """(hour, minute) from an AMAZON.TIME value ('20:00', 'EV'), or None."""
    if not value:
        return None
    value = value.strip().upper()
    if value in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[value]
    match = _CLOCK.match(value)
    return None if match is None else (int(match.group(1)), int(match.group(2)))


def spoken_time(hour: int, minute: int) -> str:
    """The time as the confirmation says it: '20:00' -> '20.00 uur'."""
    return f"{hour}.{minute:02d} uur"


def reminder_body(hour: int, minute: int, time_zone: str, now: datetime.datetime, text: str) -> dict[str, Any]:
    """The Reminders API request for a daily reminder at hour:minute local time."""
    local = now.astimezone(_zone(time_zone)).replace(tzinfo=None)
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


def _zone(name: str) -> datetime.tzinfo:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIME_ZONE)


@dataclass(frozen=True)
class ReminderClient:
    """The Alexa APIs a reminder needs, for one request's endpoint and token."""

    api_endpoint: str
    access_token: str
    timeout: float = TIMEOUT_SECONDS

    def _call(self, method: str, path: str, what: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.api_endpoint.rstrip("/") + path, data=data, method=method,
            headers={"Authorization": f"Bearer {self.access_token}", "Content-Type": "application/json",
                     "Accept": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise ReminderError(error.code, what) from None
        except (urllib.error.URLError, OSError):
            raise ReminderError(0, what) from None
        return json.loads(raw) if raw.strip() else None

    def time_zone(self, device_id: str) -> str:
        """The device's time zone (Europe/Amsterdam if it cannot be read)."""
        path = f"/v2/devices/{urllib.parse.quote(device_id, safe='')}/settings/System.timeZone"
        try:
            zone = self._call("GET", path, "time zone")
        except (ReminderError, ValueError):
            return DEFAULT_TIME_ZONE
        return zone if isinstance(zone, str) and zone else DEFAULT_TIME_ZONE

    def existing(self) -> list[str]:
        """The alert tokens of this skill's reminders for this user."""
        answer = self._call("GET", "/v1/alerts/reminders", "list reminders")
        alerts = answer.get("alerts", []) if isinstance(answer, dict) else []
        return [str(a["alertToken"]) for a in alerts if isinstance(a, dict) and a.get("alertToken")]

    def create(self, body: dict[str, Any]) -> None:
        self._call("POST", "/v1/alerts/reminders", "create reminder", body)

    def update(self, alert_token: str, body: dict[str, Any]) -> None:
        self._call("PUT", f"/v1/alerts/reminders/{urllib.parse.quote(alert_token, safe='')}", "update reminder", body)

    def set_daily(self, body: dict[str, Any]) -> bool:
        """Create the daily reminder, or move the existing one; True when one was moved."""
        tokens = self.existing()
        if tokens:
            self.update(tokens[0], body)
            return True
        self.create(body)
        return False
