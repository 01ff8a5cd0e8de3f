"""Properties of the core over random event sequences (hypothesis)."""

from __future__ import annotations

import datetime
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogue import (
    Coach,
    Event,
    Household,
    Intent,
    Locale,
    Pause,
    Reply,
    SaveCountry,
    SaveTriggerMoment,
    Say,
    Silence,
    State,
    Step,
    TriggerMoment,
    Unrecognized,
    state_from_json,
    state_to_json,
)
from locale_files import load_locale

LOCALE: Locale = load_locale()
COACH = Coach(LOCALE)

names = st.text(alphabet=st.characters(codec="utf-8"), min_size=0, max_size=12)
iso_dates = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31))

households = st.builds(
    Household,
    today=iso_dates,
    names=st.none() | st.tuples(names.filter(bool), names.filter(bool)),
    inhale_seconds=st.integers(min_value=1, max_value=12),
    exhale_seconds=st.integers(min_value=1, max_value=14),
    checkin_dates=st.lists(iso_dates, max_size=8).map(tuple),
    introduced=st.booleans(),
    consent=st.none() | st.booleans(),
    keeps_answers=st.booleans(),
    trigger_moments=st.lists(st.builds(TriggerMoment, iso_dates, st.none() | st.integers(0, 10),
                                       st.none() | st.integers(0, 10)), max_size=4).map(tuple),
)


def slot_values(type_name: str) -> st.SearchStrategy[str]:
    if type_name == "AMAZON.NUMBER":  # a strength: mostly a number around 0 to 10, sometimes nonsense
        return st.integers(min_value=-2, max_value=12).map(str) | names
    if type_name not in LOCALE.slot_types:  # a first name, or an Alexa-only value such as a time
        return names
    valid = [value.id for value in LOCALE.slot_types[type_name].values]
    return st.sampled_from(valid) | names  # mostly valid ids, sometimes nonsense


def intent_of(name: str) -> st.SearchStrategy[Event]:
    """An intent of the locale, each slot left empty, a valid value id or nonsense."""
    definition = LOCALE.intent(name)
    slots = {slot: st.none() | slot_values(type_name) for slot, type_name in definition.slots}
    return st.fixed_dictionaries(slots).map(
        lambda filled: Intent.of(name, **{k: v for k, v in filled.items() if v is not None})
    )


# Danger as the understanding sends it: with what it is about, or (Alexa) without, or nonsense.
safety_event: st.SearchStrategy[Event] = st.sampled_from(["SUICIDE", "VIOLENCE", "UNCLEAR", "nonsense"]).map(
    lambda concern: Intent.of("SafetyIntent", concern=concern)
)
any_event: st.SearchStrategy[Event] = st.one_of(
    *[intent_of(definition.name) for definition in LOCALE.intents], safety_event,
    st.just(Unrecognized()), st.just(Silence())
)


def event_for(state: State) -> st.SearchStrategy[Event]:
    """Half the time an answer the step expects (so sequences get deep), else anything."""
    expected = COACH.expected_intents(state)
    if not expected:
        return any_event
    return st.one_of(any_event, st.sampled_from(expected).flatmap(intent_of))


# The letter's writing pauses: the coach may wait there without a word, and "herhaal" says
# the part again rather than whatever came last.
LETTER_STEPS = (Step.LETTER_INTRO, Step.LETTER_DEED, Step.LETTER_IMPACT, Step.LETTER_REASON, Step.LETTER_ACTIONS,
                Step.LETTER_NEEDS)


def check_reply(reply: Reply, quiet_allowed: bool = False) -> None:
    spoken = [part.text for part in reply.parts if isinstance(part, Say)]
    assert (spoken or (quiet_allowed and not reply.parts)) and all(text.strip() for text in spoken)
    if reply.end_session:
        assert reply.reprompt is None
    else:
        assert reply.reprompt and any(isinstance(p, Say) and p.text.strip() for p in reply.reprompt)


def check_round_trip(state: State) -> None:
    assert state_from_json(json.loads(json.dumps(state_to_json(state)))) == state


SAFETY_STEPS = (Step.SAFETY, Step.SAFETY_FOLLOWUP, Step.SAFETY_STAY)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(household=households, launch=st.booleans(), length=st.integers(min_value=0, max_value=30), data=st.data())
def test_random_conversations(household: Household, launch: bool, length: int, data: st.DataObject) -> None:
    if launch:
        turn = COACH.launch(household)
        check_reply(turn.reply)
        state = turn.state
    else:
        state = COACH.begin(household)
    check_round_trip(state)
    for _ in range(length):
        event = data.draw(event_for(state))
        before = state
        turn = COACH.handle(state, event)
        # Quiet is allowed where the coach waits: a writing pause, and a pause asked for
        # (one kind word at the first silence, then quiet).
        quiet = before.step in LETTER_STEPS and turn.state.step is before.step or (
            before.step is Step.PAUSED and isinstance(event, Silence) and turn.state.step is Step.PAUSED
        )
        check_reply(turn.reply, quiet_allowed=quiet)
        check_round_trip(turn.state)
        assert turn.reply.end_session == (turn.state.step is Step.ENDED)
        if isinstance(event, Intent) and event.name == "SafetyIntent" or turn.state.step in SAFETY_STEPS:
            # nothing of the conversation is kept; only the country, when it is said
            kept = turn.effects if isinstance(event, Intent) and event.name == "SetCountryIntent" else ()
            assert turn.effects == kept and all(isinstance(e, SaveCountry) for e in kept)
        if not before.household.keeps_trigger_moments:  # mental-health data: only after consent, never public
            assert not any(isinstance(e, SaveTriggerMoment) for e in turn.effects)
        if isinstance(event, Intent) and event.name == "SafetyIntent":
            assert "112" in turn.reply.text()
        if before.step in SAFETY_STEPS:
            pass  # "herhaal" there says the numbers again, from the concern
        elif before.step in LETTER_STEPS and event == Intent("AMAZON.RepeatIntent"):
            assert turn.state.step is before.step and turn.state.last_reply == turn.reply  # the part again
        elif quiet and turn.reply.parts in ((), (COACH.say("letter_ignored"),)):
            # waited in silence, or words let go: "herhaal" still says the part
            assert turn.state.last_reply == before.last_reply and turn.effects == ()
        elif event == Intent("AMAZON.RepeatIntent") and before.step is not Step.ENDED and before.last_reply:
            if any(isinstance(part, Pause) for part in before.last_reply.parts):
                # after the breathing, its question again, not the breaths
                assert turn.state.step is before.step and not any(isinstance(p, Pause) for p in turn.reply.parts)
            else:
                assert turn.reply == before.last_reply
        elif not turn.reply.end_session:
            assert turn.state.last_reply == turn.reply
        state = turn.state
