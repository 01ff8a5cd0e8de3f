"""The DynamoDB store (household.dynamodb) against a real DynamoDB-compatible server
(dynalite, installed by .ci/run with npm) on localhost, in a table made as the AWS stack's
template declares it. Skipped, with the reason, when node or dynalite is missing."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from cfn_helpers import table_definition
from local_server import local_server
from skill_helpers import Alexa, envelope, speech

from skill import lambda_entry

ROOT = Path(__file__).resolve().parent.parent
LOCAL_DYNALITE = ROOT / ".venv" / "dynalite" / "node_modules" / ".bin" / "dynalite"
TABLE = "samen-sterker-test"


def _dynalite() -> str | None:
    if shutil.which("node") is None:
        return None
    if LOCAL_DYNALITE.exists():
        return str(LOCAL_DYNALITE)
    return shutil.which("dynalite")


@pytest.fixture(scope="module")
def dynamodb_endpoint() -> Iterator[str]:
    program = _dynalite()
    if program is None:
        pytest.skip("dynalite is not installed (needs node; .ci/run installs it: npm install --prefix .venv/dynalite dynalite)")
    with local_server(lambda port: [program, "--port", str(port), "--createTableMs", "0", "--deleteTableMs", "0"],
                      "dynalite", seconds=20) as address:
        yield address


@pytest.fixture
def dynamodb(dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", dynamodb_endpoint)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    import boto3

    client = boto3.client("dynamodb")
    # The table as infrastructure/cfn-deployer/skill-stack.yaml declares it (key `id`, a string).
    client.create_table(TableName=TABLE, **table_definition())
    for _ in range(200):  # boto3's waiter polls every 20 s; poll ourselves
        if client.describe_table(TableName=TABLE)["Table"]["TableStatus"] == "ACTIVE":
            break
        time.sleep(0.02)
    monkeypatch.setenv("SAMEN_STERKER_STORE", f"dynamodb:{TABLE}")
    lambda_entry.reset()
    table = boto3.resource("dynamodb").Table(TABLE)
    yield table
    lambda_entry.reset()
    client.delete_table(TableName=TABLE)


def _item(table: object) -> dict[str, object] | None:
    user = envelope("launch")["session"]["user"]["userId"]
    found = table.get_item(Key={"id": user}, ConsistentRead=True).get("Item")  # type: ignore[attr-defined]
    return None if found is None else dict(found)


def test_a_checkin_and_the_pace_survive_the_round_trip_through_dynamodb(dynamodb: object) -> None:
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_setnames_matched")
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent to keep the check-ins
    alexa.say("intent_alone")
    alexa.say("intent_weather_matched")
    alexa.say("intent_need_matched")
    alexa.say("intent_gratitude_unmatched")
    alexa.say("intent_amazon_yes")  # "lukt het om dat aan je partner te vragen?"
    assert alexa.new  # the check-in ended the session
    alexa.say("intent_starttriggerplan")
    alexa.say("intent_intensity")  # how strong the feeling is: eight
    alexa.say("intent_slower")
    alexa.say("intent_amazon_stop")
    item = _item(dynamodb)
    assert item is not None
    attributes = item["attributes"]
    assert isinstance(attributes, dict)
    assert attributes["inhale_seconds"] == Decimal(5)  # DynamoDB hands numbers back as Decimal
    assert attributes["checkins"] == [{"date": "2026-11-27", "entries": [{"weather": "ZONNIG", "need": "KNUFFEL"}]}]
    assert attributes["trigger_moments"] == [{"date": "2026-11-27", "before": Decimal(8), "after": None}]
    assert "bloemen" not in repr(item)
    # Read back through the skill: the pace (a Decimal) is used as a number, the names are known.
    alexa.say("intent_starttriggerplan")
    result = alexa.say("intent_intensity")
    from skill.ssml import breath_pause_seconds

    five_in = f'<break time="{round(breath_pause_seconds("In...", 5) * 1000)}ms"/>'  # the cue inside the breath
    assert result["response"]["outputSpeech"]["ssml"].count(five_in) == 3
    assert alexa.last["sessionAttributes"]["core"]["household"]["names"] == ["Sam", "Lotte"]
    assert alexa.last["sessionAttributes"]["core"]["household"]["checkin_dates"] == ["2026-11-27"]
    # The look-back's history came back from the item too, strengths as numbers.
    assert alexa.last["sessionAttributes"]["core"]["household"]["trigger_moments"] == [["2026-11-27", 8, None]]
    looked_back = speech(alexa.say("intent_lookback"))
    assert "De afgelopen week hebben jullie op één dag ingecheckt." in looked_back
    assert "Er was één triggermoment." in looked_back


def test_a_trigger_moment_and_the_look_back_after_erasing_in_dynamodb(dynamodb: object) -> None:
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent: check-ins and trigger moments
    alexa.say("intent_amazon_stop")
    alexa.say("intent_starttriggerplan")
    alexa.say("intent_intensity_missing")  # no number heard: on to the breathing
    alexa.say("intent_amazon_next")
    alexa.say("intent_intensity")  # after the breathing: eight
    item = _item(dynamodb)
    assert item is not None
    assert item["attributes"]["trigger_moments"] == [{"date": "2026-11-27", "before": None,  # type: ignore[index]
                                                      "after": Decimal(8)}]
    alexa.say("intent_erasedata")
    alexa.say("intent_amazon_yes")
    assert _item(dynamodb) is None
    said = speech(alexa.say("intent_lookback_month"))
    assert "Terugkijken kan zodra ik jullie check-ins mag bewaren" in said and "Er was één" not in said


def test_the_contract_and_its_review_in_dynamodb_and_erased(dynamodb: object) -> None:
    """Issue 10, section 4: the contract made and reviewed through the skill; the item keeps
    the agreement ids and the review's answers (attribute contract_reviews); erasing deletes them."""
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent: the contract is kept too
    alexa.say("intent_amazon_stop")
    alexa.say("intent_makecontract")
    for answer in ("intent_amazon_yes", "intent_skip", "intent_skip", "intent_amazon_yes", "intent_skip"):
        alexa.say(answer)
    alexa.say("intent_reviewcontract")
    assert alexa.step == "contract_review"  # a household new to the coach: the article's question plainly
    alexa.say("intent_amazon_no")
    alexa.say("intent_partly")  # the therapy: deels
    assert alexa.step == "contract_adjust"
    alexa.say("intent_adjustagreement", choice="DROP")  # the daily check-in
    result = alexa.say("intent_adjustagreement", choice="KEEP")  # the therapy
    assert "Jullie contract staat nu: één afspraak, over therapie." in speech(result)
    item = _item(dynamodb)
    assert item is not None
    attributes = item["attributes"]
    assert isinstance(attributes, dict)
    assert attributes["contract"] == ["THERAPY"]
    assert attributes["contract_reviews"] == [{"date": "2026-11-27", "answers": [
        {"agreement": "DAILY_CHECKIN", "answer": "NEE"}, {"agreement": "THERAPY", "answer": "DEELS"}]}]
    alexa.say("intent_amazon_stop")
    alexa.say("intent_reviewcontract")  # read back from the item in a new session
    assert "Elke twee weken naar de relatietherapeut: zijn jullie geweest?" in speech(alexa.last)
    alexa.say("intent_erasedata")
    alexa.say("intent_amazon_yes")
    assert _item(dynamodb) is None


def test_erasing_deletes_the_item(dynamodb: object) -> None:
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    assert _item(dynamodb) is not None
    alexa.say("intent_erasedata")
    alexa.say("intent_amazon_yes")
    assert _item(dynamodb) is None


def test_without_a_region_the_error_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    from household import StoreConfigError
    from skill.adapter import make_households

    for name in ("AWS_REGION", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    with pytest.raises(StoreConfigError, match="AWS_REGION"):
        make_households("dynamodb:some-table")


def test_a_replayed_request_does_not_store_its_checkin_again(dynamodb: object) -> None:
    from skill_helpers import check_response

    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    alexa.say("intent_startcheckin")
    alexa.say("intent_amazon_yes")  # consent to keep the check-ins
    alexa.say("intent_alone")
    alexa.say("intent_weather_matched")
    last = envelope("intent_need_matched")
    last["session"]["attributes"] = alexa.attributes
    last["session"]["new"] = False
    last["request"]["requestId"] = "amzn1.echo-api.request.replayed-need"
    for _ in range(5):  # the same request, five times (another Lambda instance would see the same)
        check_response(lambda_entry.lambda_handler(last, None))
        lambda_entry.reset()
    item = _item(dynamodb)
    assert item is not None
    assert len(item["attributes"]["checkins"]) == 0  # type: ignore[index]
    final = envelope("intent_gratitude_unmatched")
    final["session"]["attributes"] = lambda_entry.lambda_handler(last, None)["sessionAttributes"]
    final["session"]["new"] = False
    final["request"]["requestId"] = "amzn1.echo-api.request.replayed-gratitude"
    for _ in range(5):
        check_response(lambda_entry.lambda_handler(final, None))
        lambda_entry.reset()
    item = _item(dynamodb)
    assert item is not None
    assert len(item["attributes"]["checkins"]) == 1  # type: ignore[index]


def test_a_public_skill_keeps_only_the_dates_in_the_dynamodb_item(
    dynamodb: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAMEN_STERKER_KEEP", "dates")
    lambda_entry.reset()
    alexa = Alexa(lambda_entry.lambda_handler)
    alexa.send(envelope("launch"))
    for name in ("intent_startcheckin", "intent_alone", "intent_weather_matched", "intent_need_matched",
                 "intent_gratitude_unmatched", "intent_amazon_yes"):
        alexa.say(name)
    assert alexa.new  # no consent question: the check-in went straight through
    item = _item(dynamodb)
    assert item is not None
    assert item["attributes"]["checkins"] == [{"date": "2026-11-27", "entries": []}]  # type: ignore[index]
    assert "ZONNIG" not in repr(item) and "KNUFFEL" not in repr(item)
