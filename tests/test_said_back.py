"""One's own words said back turned to the one who said them (prompts.toml [said_back])."""

from __future__ import annotations

import pytest

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
