"""Issue 14, point 6: Belgian and Dutch help lines, by the device's time zone on Alexa
(ask-sdk's UpsServiceClient through a stand-in ApiClient: no network) and by --country
locally (kept by the household)."""

from __future__ import annotations

import datetime
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse
from skill_helpers import check_response, envelope, speech

from dialogue import Coach, Household, Intent, SaveCountry, Step
from household.store import HouseholdStore
from local_voice.cli import main as cli_main
from skill.adapter import build_skill, make_conversation
from skill.lambda_entry import run, to_envelope
from skill.ssml import say_as_digits

TODAY = datetime.date(2026, 11, 27)


class TimeZoneApi(ApiClient):
    """Alexa's settings API as the SDK calls it: the device's time zone, or a failure."""

    def __init__(self, time_zone: str | None) -> None:
        self.time_zone = time_zone
        self.urls: list[str] = []

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        self.urls.append(str(request.url))
        if self.time_zone is None:
            return ApiClientResponse(headers=[], status_code=500, body=json.dumps({"message": "down"}))
        return ApiClientResponse(headers=[("Content-Type", "application/json")], status_code=200,
                                 body=json.dumps(self.time_zone))


def _safety_through_alexa(tmp_path: Path, time_zone: str | None,
                          said_country: str | None = None) -> tuple[str, TimeZoneApi]:
    households = HouseholdStore(tmp_path / "h.sqlite3")
    if said_country is not None:  # the household said its country before ("ik woon in België")
        user = envelope("intent_safety")["context"]["System"]["user"]["userId"]
        households.apply((SaveCountry(said_country),), user)
    api = TimeZoneApi(time_zone)
    skill = build_skill(make_conversation(households), api_client=api)
    env = envelope("intent_safety")
    env["session"]["new"] = True
    result: dict[str, Any] = run(skill, to_envelope(env), None)
    check_response(result)
    return speech(result), api


@pytest.mark.parametrize(("time_zone", "has", "has_not"), [
    ("Europe/Brussels", ("1712", "1813"), ("0800-2000", "113,")),  # "113," : the Dutch line, not 1813
    ("Europe/Amsterdam", ("0800-2000", "113"), ("1712", "1813")),
    ("America/New_York", ("0800-2000", "113", "1712", "1813"), ()),
    (None, ("0800-2000", "113", "1712", "1813"), ()),  # not known: both countries' lines
])
def test_alexa_chooses_the_help_lines_by_the_devices_time_zone(
    tmp_path: Path, time_zone: str | None, has: tuple[str, ...], has_not: tuple[str, ...]
) -> None:
    said, api = _safety_through_alexa(tmp_path, time_zone)
    assert api.urls and api.urls[0].endswith("/settings/System.timeZone")
    assert said.startswith("Goed dat je het zegt.") and "112" in said
    # SSML says numbers in groups ("17 12", "0800" "2000"): compare without the gaps.
    plain = said.replace(" ", "").replace("-", "")
    for number in has:
        assert number.replace("-", "").rstrip(",") in plain, (time_zone, said)
    for number in has_not:
        assert number.replace("-", "").replace(" ", "") not in plain, (time_zone, said)
    # The country lives in the session only: nothing of the household is stored for it.
    with sqlite3.connect(tmp_path / "h.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM household").fetchone()[0] == 0


def test_alexa_keeps_the_country_the_household_said_over_the_devices_time_zone(tmp_path: Path) -> None:
    """A Belgian household on a device set to Amsterdam said "ik woon in België": 1712 and 1813."""
    said, api = _safety_through_alexa(tmp_path, "Europe/Amsterdam", said_country="be")
    plain = said.replace(" ", "").replace("-", "")
    assert "1813" in plain and "08002000" not in plain and not api.urls, said


def test_only_a_safety_turn_asks_alexa_for_the_time_zone(tmp_path: Path) -> None:
    """The launch and the exercises are spared the call (a cold start must answer at once);
    danger said later in the session still gets the device's country's lines."""
    api = TimeZoneApi("Europe/Brussels")
    skill = build_skill(make_conversation(HouseholdStore(tmp_path / "h.sqlite3")), api_client=api)
    attributes: dict[str, Any] = {}
    said = ""
    for name in ("launch", "intent_startcheckin", "intent_amazon_yes", "intent_alone", "intent_safety"):
        env = envelope(name)
        env["session"]["new"] = name == "launch"
        env["session"]["attributes"] = attributes
        result: dict[str, Any] = run(skill, to_envelope(env), None)
        attributes = result.get("sessionAttributes", {})
        said = speech(result)
        assert len(api.urls) == (1 if name == "intent_safety" else 0), name
    assert "1712" in said.replace(" ", "") and "0800" not in said.replace(" ", "")


@pytest.mark.parametrize("concern", ["SUICIDE", "VIOLENCE", "UNCLEAR"])
def test_every_safety_turn_has_its_belgian_lines(coach: Coach, concern: str) -> None:
    from dialogue.model import State

    state = State(household=Household(today=TODAY, introduced=True, country="be"))
    first = coach.handle(state, Intent.of("SafetyIntent", concern=concern))
    assert first.state.step is Step.SAFETY and "0800" not in first.reply.text()
    assert ("1813" if concern != "VIOLENCE" else "1712") in first.reply.text()
    for said in ("AMAZON.RepeatIntent", "AMAZON.YesIntent", "AMAZON.StopIntent"):
        turn = coach.handle(first.state, Intent(said))
        assert "0800" not in turn.reply.text() and "113," not in turn.reply.text(), said
    goodbye = coach.handle(first.state, Intent("AMAZON.StopIntent"))
    assert any(n in goodbye.reply.text() for n in ("1712", "1813", "112"))
    spoken = " ".join(p.spoken for p in first.reply.parts if hasattr(p, "spoken"))
    assert "zeventien twaalf" in spoken or "achttien dertien" in spoken


def test_belgian_numbers_are_said_as_flemish_people_say_them() -> None:
    assert say_as_digits("bel 1712") == ('bel <say-as interpret-as="cardinal">17</say-as> '
                                         '<say-as interpret-as="cardinal">12</say-as>')
    assert '<say-as interpret-as="digits">112</say-as>' in say_as_digits("bel 112")


def _typed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], lines: str,
           *args: str) -> str:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert cli_main(["--text", "--no-wait", "--data-dir", str(tmp_path), *args]) == 0
    return capsys.readouterr().out


def test_the_local_mode_gives_the_lines_of_its_country_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dutch = _typed(tmp_path, monkeypatch, capsys, "ik wil dood\nstop\n")
    assert "113" in dutch and "1813" not in dutch  # default nl
    belgian = _typed(tmp_path, monkeypatch, capsys, "ik wil dood\nstop\n", "--country", "be")
    assert "1813" in belgian and "0800-0113" not in belgian
    again = _typed(tmp_path, monkeypatch, capsys, "mijn partner slaat me\nstop\n")  # no option: kept
    assert "1712" in again and "Veilig Thuis" not in again
    with HouseholdStore(next(tmp_path.rglob("*.sqlite3"))) as store:
        assert store.load(TODAY).country == "be"
        store.erase()
        assert store.load(TODAY).country is None  # erased with the household
