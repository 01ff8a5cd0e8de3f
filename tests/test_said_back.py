"""One's own words said back turned to the one who said them (prompts.toml [said_back])."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest

from dialogue import Coach, Household, State, Step, Understander
from dialogue.locale import Locale
from dialogue.said_back import SaidBackForms, turned_to_listener


@pytest.mark.parametrize(
    ("said", "back"),
    [
        ("ik wil dat hij me vergeeft", "je wilt dat hij je vergeeft"),
        ("Ik wil gewoon dat hij eerlijk is tegen me", "Je wilt gewoon dat hij eerlijk is tegen je"),
        ("ik heb rust nodig en dat hij mij met rust laat", "je hebt rust nodig en dat hij jou met rust laat"),
        ("dat ik me weer veilig kan voelen", "dat je je weer veilig kunt voelen"),
        ("ik hoop dat ik hem ooit weer kan vertrouwen", "je hoopt dat je hem ooit weer kunt vertrouwen"),
        ("dat hij m'n telefoon niet meer pakt", "dat hij je telefoon niet meer pakt"),
        ("wil ik dat hij stopt", "je wilt dat hij stopt"),  # a statement, not "wil je ...?"
        ("rust in mijn hoofd", "rust in je hoofd"),
        # only the verb of "ik" changes, not one of another clause
        ("ik denk, dat hij wil praten", "je denkt, dat hij wil praten"),
        ("dat ze eerlijk is", "dat ze eerlijk is"),
        # spoken to the partner in the room: said back as it was
        ("dat je me gelooft", "dat je me gelooft"),
        ("dat jij mij eens vraagt hoe het gaat", "dat jij mij eens vraagt hoe het gaat"),
    ],
)
def test_own_words_are_turned_to_the_one_who_said_them(locale: Locale, said: str, back: str) -> None:
    assert locale.turned_to_listener(said) == back


def test_without_forms_the_words_are_said_as_they_were() -> None:
    assert turned_to_listener("ik wil dat hij me vergeeft", SaidBackForms()) == "ik wil dat hij me vergeeft"


@pytest.mark.parametrize(
    ("step", "said", "back"),
    [
        # told of the partner in the room: said back of them
        ("trigger_feeling", "ze zegt dat ze niks meer waard is", "Je partner voelt zich waardeloos."),
        ("trigger_feeling", "mijn man voelt zich verraden", "Je partner voelt zich verraden."),
        ("trigger_need", "ze heeft een knuffel nodig", "Je partner heeft een knuffel nodig."),
        # the speaker's own, though another is named: said back to the speaker
        ("trigger_feeling", "hij heeft me bedrogen, ik voel me verraden", "Je voelt je bedrogen."),
        ("trigger_feeling", "ik voel me verraden", "Je voelt je verraden."),
        ("trigger_need", "hij moet mijn hand vasthouden", "Je hebt een knuffel nodig."),
    ],
)
def test_a_feeling_or_need_told_of_the_partner_is_said_back_of_them(
    coach: Coach, locale: Locale, step: str, said: str, back: str
) -> None:
    # (the partner who supports speaks: in the room from the start of the guidance)
    state = State(household=Household(today=datetime.date(2026, 11, 27), introduced=True), step=Step(step),
                  partner_present=True)
    event = Understander(locale).understand(said, coach.expected_intents(state))
    assert coach.handle(state, event).reply.text().startswith(back)


@pytest.mark.parametrize(("step", "said", "back"), [
    ("trigger_need", "ze moet gewoon even weg", "Je hebt ruimte nodig."),
    ("trigger_feeling", "hij voelt zich verraden", "Je voelt je verraden."),
])
def test_the_one_who_is_triggered_speaks_of_their_own_need_in_the_third_person(
    coach: Coach, locale: Locale, step: str, said: str, back: str
) -> None:
    """In one's own trigger moment "ze moet gewoon even weg" is what one needs (space), never
    "Je partner heeft ruimte nodig"."""
    state = State(household=Household(today=datetime.date(2026, 11, 27), introduced=True), step=Step(step))
    event = Understander(locale).understand(said, coach.expected_intents(state))
    assert coach.handle(state, event).reply.text().startswith(back)


def test_the_partner_told_of_is_named_when_the_supporting_partner_named_them(coach: Coach, locale: Locale) -> None:
    household = Household(today=datetime.date(2026, 11, 27), introduced=True, names=("Joris", "Fatima"))
    state = State(household=household, step=Step.TRIGGER_FEELING, triggered=1, partner_present=True)
    said = Understander(locale).understand("ze zegt dat ze zich waardeloos voelt", coach.expected_intents(state))
    assert coach.handle(state, said).reply.text().startswith("Fatima voelt zich waardeloos.")
    state = replace(state, step=Step.TRIGGER_NEED)
    said = Understander(locale).understand("ze wil ruimte", coach.expected_intents(state))
    assert coach.handle(state, said).reply.text().startswith("Fatima heeft ruimte nodig.")
