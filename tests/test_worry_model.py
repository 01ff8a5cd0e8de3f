"""The worry model (dialogue/worry_model.py, interaction_models/nl-NL/worry_model.tsv): the
net under the danger rules, which makes the coach ask whether someone is safe."""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogue import LocaleError
from dialogue.worry_model import features, format_worry_model, parse_worry_model, train
from locale_files import LOCALE_DIR, WORRY_FILE, load_locale
from tools import train_worry


def test_the_shipped_model_is_what_the_data_make() -> None:
    """Made by `make worry-model`, never by hand: a changed data set needs a new model."""
    made = format_worry_model(train_worry.model(), train_worry.HEADER)
    assert (LOCALE_DIR / WORRY_FILE).read_text(encoding="utf-8") == made
    assert load_locale().worry == train_worry.model()  # read back whole: no feature taken for a comment


def test_the_held_out_set_is_never_learnt_from() -> None:
    held_out = {text for text, _ in train_worry.labelled(held_out=frozenset())} - {
        text for text, _ in train_worry.labelled()
    }
    assert held_out, "the held-out set is part of tests/data"
    assert train_worry.HELD_OUT == {
        "crisis_heldout_v4.tsv", "crisis_heldout_v5.tsv", "crisis_heldout_v6.tsv", "crisis_heldout_v10.tsv",
        "crisis_heldout_v14.tsv", "crisis_heldout_v17.tsv", "crisis_heldout_v19.tsv", "crisis_heldout_v21.tsv",
    }


def test_features_are_words_pairs_and_pieces_without_accents() -> None:
    found = features("Hij heeft me GESLAAN, één keer")
    assert {"hij", "heeft", "hij_heeft", "geslaan", "~gesl", "~slaa", "een_keer"} <= found
    assert "~heef" in found and "~keer" not in found  # pieces of words of five letters or more
    assert features("") == frozenset()


def test_training_weighs_what_comes_with_harm() -> None:
    sentences = [("hij sloeg me", True), ("hij sloeg me weer", True), ("hij kookte", False), ("hij kookte weer", False)]
    model = train(sentences, threshold=0.0)
    assert model.weights["sloeg"] > 0 > model.weights["kookte"]
    assert model.worrying("sloeg") and not model.worrying("kookte")
    with pytest.raises(ValueError):
        train([("alleen dit", False)], threshold=0.0)


def test_everyday_answers_do_not_worry_it() -> None:
    worry = load_locale().worry
    assert worry is not None
    for text in ("zonnig", "ik heb een knuffel nodig", "dat hij vanochtend koffie voor me zette", "nog vijf keer"):
        assert not worry.worrying(text), text


def test_harm_in_words_no_rule_names_worries_it() -> None:
    worry = load_locale().worry
    assert worry is not None
    assert worry.worrying("hij heeft me gisteravond weer een dreun verkocht en ik durf niks te zeggen")


@pytest.mark.parametrize(
    ("text", "key"),
    [("threshold\tveel\n", "line 1"), ("hij\t1.0\n", "threshold"), ("threshold\t25\n", "weights"), ("a\tb\tc\n", "line 1")],
)
def test_a_broken_model_file_names_file_and_line(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(LocaleError) as raised:
        parse_worry_model(text, str(tmp_path / WORRY_FILE))
    assert WORRY_FILE in str(raised.value) and key in str(raised.value)


@pytest.mark.parametrize("name", ["understanding.tsv", "understanding_heldout.tsv", "own_words.tsv"])
def test_no_ordinary_answer_of_the_tables_is_asked_about(name: str) -> None:
    worry = load_locale().worry
    assert worry is not None
    rows = [t for t, harm in train_worry.labelled(held_out=frozenset()) if not harm]
    texts = {t for t, _ in _rows(name)}
    asked = sorted(t for t in rows if t in texts and worry.worrying(t))
    assert not asked


def _rows(name: str) -> list[tuple[str, str]]:
    lines = (train_worry.DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    return [(p[1], p[2]) for p in (line.split("\t") for line in lines if line and not line.startswith("#")) if len(p) > 2]
