"""Acknowledgements heard daily are said in several ways (prompts.toml lists them); the core
chooses one from the state (the date, the partner, the step), never at random."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import CheckinEntry, Coach, Intent, Locale, State, Step
from tests.test_core_transitions import H, two

DAYS = [datetime.date(2026, 11, 23) + datetime.timedelta(days=n) for n in range(7)]
VARIED = ("ack_skip", "ack_need", "ack_need_own", "ack_gratitude", "ack_gratitude_unnamed", "ack_gratitude_alone")

# (what is answered, at which step, the prompt id of its acknowledgement)
ACKS = [
    (Intent.of("SkipIntent"), Step.CHECKIN_WEATHER, "ack_skip"),
    (Intent.of("NeedIntent", need="RUST"), Step.CHECKIN_NEED, "ack_need"),
    (Intent.of("GratitudeIntent"), Step.CHECKIN_GRATITUDE, "ack_gratitude_unnamed"),
]


def on(day: datetime.date, step: Step, partner: int = 0) -> State:
    entries = (CheckinEntry("ZONNIG", "RUST"), CheckinEntry(None, None))
    return two(household=replace(H, today=day), step=step, partner_index=partner, entries=entries)


def heard(coach: Coach, state: State, event: Intent) -> str:
    return coach.handle(state, event).reply.parts[0].text  # type: ignore[union-attr]


def test_each_daily_acknowledgement_has_three_or_four_ways(locale: Locale) -> None:
    for prompt_id in VARIED:
        assert 3 <= len(locale.variants[prompt_id]) <= 4, prompt_id
        assert len(set(locale.variants[prompt_id])) == len(locale.variants[prompt_id]), prompt_id


@pytest.mark.parametrize(("event", "step", "prompt_id"), ACKS, ids=[a[2] for a in ACKS])
def test_another_way_each_day_and_every_way_within_a_week(
    coach: Coach, locale: Locale, event: Intent, step: Step, prompt_id: str
) -> None:
    said = [heard(coach, on(day, step), event) for day in DAYS]
    ways = set(locale.all_variants(prompt_id, need="rust"))
    assert set(said) <= ways
    assert all(today != yesterday for today, yesterday in zip(said[1:], said)), said
    assert set(said) == ways  # over a week every way is heard


@pytest.mark.parametrize(("event", "step", "prompt_id"), ACKS, ids=[a[2] for a in ACKS])
def test_the_same_turn_is_said_the_same_way(coach: Coach, event: Intent, step: Step, prompt_id: str) -> None:
    state = on(DAYS[2], step)
    assert coach.handle(state, event) == coach.handle(state, event)


@pytest.mark.parametrize(("event", "step", "prompt_id"), ACKS, ids=[a[2] for a in ACKS])
def test_the_two_partners_hear_it_differently(coach: Coach, event: Intent, step: Step, prompt_id: str) -> None:
    for day in DAYS:
        assert heard(coach, on(day, step, 0), event) != heard(coach, on(day, step, 1), event)


def test_two_skips_in_a_row_are_said_differently(coach: Coach) -> None:
    for day in DAYS:
        first = coach.handle(on(day, Step.CHECKIN_WEATHER), Intent.of("SkipIntent"))
        second = coach.handle(first.state, Intent.of("SkipIntent"))
        assert first.reply.parts[0] != second.reply.parts[0]
