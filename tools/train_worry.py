"""Train the worry model (dialogue/worry_model.py) on the labelled sentences in tests/data
and write interaction_models/nl-NL/worry_model.tsv: `make worry-model`.

Every row of tests/data/*.tsv counts (a SafetyIntent row is harm, any other row is not),
except the held-out sets in HELD_OUT, which measure the model and so are never learnt
from; and so does every sample of the interaction model, its slots filled with the slot
type's values in turn (SafetyIntent's and the danger rules' example phrases are harm, the
other intents' samples are not: the coach's own everyday phrases must never worry it).
The result is deterministic: a test checks that the file is what this makes.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from dialogue.intents import IntentName
from dialogue.interaction_model import SlotRef
from dialogue.locale import Locale
from dialogue.worry_model import WorryModel, format_worry_model, train
from locale_files import LOCALE_DIR, WORRY_FILE, load_locale

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# Written by people who never saw the rules or this model; scored by bench/bench_understanding.py.
HELD_OUT = frozenset({
    "crisis_heldout_v4.tsv", "crisis_heldout_v5.tsv", "crisis_heldout_v6.tsv", "crisis_heldout_v10.tsv",
    "crisis_heldout_v14.tsv", "crisis_heldout_v17.tsv", "crisis_heldout_v19.tsv",
    "crisis_heldout_v21.tsv",
})
# The lowest threshold at which no ordinary answer is asked about: with the model trained
# without it, none of tests/data/understanding.tsv, understanding_heldout.tsv and
# own_words.tsv; on crisis_heldout_v3.tsv (also left out) rules and model then reached 129
# of 144 dangers and asked about 3 of 274 other sentences. Raised from 15 to 16 when the
# model learnt the v7 development set: a distress row of safety_categories.tsv ("hij doet
# nooit iets voor me") then scored 15.01 (chosen on the tables, without v6).
THRESHOLD = 16.0
SAFETY = "SafetyIntent"
HEADER = """The worry model (dialogue/worry_model.py): a feature, a tab, its weight.
Made by tools/train_worry.py from tests/data (not by hand): run `make worry-model`."""


def labelled(data: Path = DATA, held_out: frozenset[str] = HELD_OUT) -> Iterator[tuple[str, bool]]:
    """(sentence, is harm) of every data file but the held-out ones, in a fixed order."""
    for path in sorted(data.glob("*.tsv")):
        if path.name in held_out:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(rows)
            text_at, intent_at = header.index("text"), header.index("expect" if "expect" in header else "intent")
            for row in rows:
                if not row or row[0].startswith("#") or len(row) <= max(text_at, intent_at):
                    continue
                yield row[text_at], row[intent_at] == SAFETY


def samples(locale: Locale) -> Iterator[tuple[str, bool]]:
    """(sample, is harm) of the interaction model, each `{slot}` filled with a value of its
    type (a different one from sample to sample), and the danger rules' example phrases."""
    for definition in locale.intents:
        harm = definition.name == IntentName.SAFETY
        if definition.name in (IntentName.AMBIGUOUS, IntentName.DISTRESS):
            continue  # neither harm nor everyday: the rules judge them
        for number, sample in enumerate(definition.samples):
            words = []
            for token in sample.tokens:
                if isinstance(token, SlotRef):
                    values = locale.values_of(token.type)
                    words.append(values.values[number % len(values.values)].name if values else "Sam")
                else:
                    words.append(token)
            yield " ".join(words), harm
    for phrase in locale.safety_phrases:
        yield phrase, True


def model(data: Path = DATA, held_out: frozenset[str] = HELD_OUT) -> WorryModel:
    """The model the data make (with the interaction model of the locale folder)."""
    return train([*labelled(data, held_out), *samples(load_locale())], THRESHOLD)


def main() -> int:
    target = LOCALE_DIR / WORRY_FILE
    target.write_text(format_worry_model(model(), HEADER), encoding="utf-8")
    print(f"{target}: {len(model().weights)} features")
    return 0


if __name__ == "__main__":
    sys.exit(main())
