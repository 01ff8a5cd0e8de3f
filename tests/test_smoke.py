import datetime

from dialogue import Coach, Household, Understander


def test_a_checkin_can_be_started_from_the_menu(coach: Coach, understander: Understander) -> None:
    turn = coach.launch(Household(today=datetime.date(2026, 11, 27)))
    event = understander.understand("start de check-in", coach.expected_intents(turn.state))
    # A household never asked is asked first whether its check-ins may be kept.
    assert coach.handle(turn.state, event).state.step.value == "checkin_consent"
