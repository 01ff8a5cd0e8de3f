"""A second opinion on danger: words that, in the sentences people wrote for this coach,
came with harm far more often than without (interaction_models/nl-NL/worry_model.tsv).

The danger rules (`safety_rules`) are readable and precise, but a person in danger finds
words no rule foresaw: on a set written by someone who never saw the rules they caught
about six in ten. This model is the net under them. It does not give the help lines by
itself: when what was said sounds like harm and no rule fired, the coach asks once
whether the person is safe (`Step.SAFETY_CHECK`), so a harmless sentence that merely
sounds alike costs one question, and a real one is not missed.

The model is a naive Bayes sum over features of the sentence: its words, each pair of
neighbouring words, and the four-letter pieces of longer words (so "geslaan", "gewurgt"
and "afgeranseld" share pieces with what was seen). Each feature weighs the log of how
much more often it came with harm than without; a sentence is worrying when its sum is
above the model's threshold. `train` makes the model from labelled sentences (the
tool `tools/train_worry.py` runs it on tests/data and writes the locale file); pure.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dialogue.folding import fold
from dialogue.interaction_model import fail

PIECE = 4  # the length of the pieces of a word
MIN_PIECE_WORD = 5  # words at least this long give pieces
MIN_COUNT = 2  # a feature seen fewer times than this is left out of the model
SMOOTHING = 0.5
_WORDS = re.compile(r"[a-z']+")


@dataclass(frozen=True)
class WorryModel:
    """Feature weights and the threshold above which a sentence is worrying."""

    threshold: float
    weights: Mapping[str, float]

    def score(self, text: str) -> float:
        """How much `text` sounds like harm: the sum of its features' weights."""
        weights = self.weights
        # (fsum: a sum in the set's order would differ by a hair from one process to the next,
        # and a sentence right at the threshold would be asked about in one and not the other)
        return math.fsum(weights.get(feature, 0.0) for feature in features(text))

    def worrying(self, text: str) -> bool:
        """Whether `text` sounds enough like harm to ask if the person is safe."""
        return self.score(text) > self.threshold


def features(text: str) -> frozenset[str]:
    """The words of `text` (lower case, no accents), each pair of neighbours ("a_b") and
    the four-letter pieces of words of five letters or more ("~slag")."""
    words = _WORDS.findall(fold(text))
    found = set(words)
    found.update(f"{a}_{b}" for a, b in itertools.pairwise(words))
    for word in words:
        if len(word) >= MIN_PIECE_WORD:
            found.update(f"~{word[i:i + PIECE]}" for i in range(len(word) - PIECE + 1))
    return frozenset(found)


def train(sentences: Iterable[tuple[str, bool]], threshold: float) -> WorryModel:
    """The model of labelled sentences (text, is harm), features seen at least MIN_COUNT times."""
    harm: Counter[str] = Counter()
    other: Counter[str] = Counter()
    harm_count = other_count = 0
    for text, is_harm in sentences:
        if is_harm:
            harm.update(features(text))
            harm_count += 1
        else:
            other.update(features(text))
            other_count += 1
    if not harm_count or not other_count:
        raise ValueError("the model needs sentences of harm and of no harm")
    weights = {}
    for feature in sorted(set(harm) | set(other)):
        if harm[feature] + other[feature] < MIN_COUNT:
            continue
        weight = math.log((harm[feature] + SMOOTHING) / (harm_count + 1)) - math.log(
            (other[feature] + SMOOTHING) / (other_count + 1)
        )
        weights[feature] = round(weight, 3)
    return WorryModel(threshold, weights)


def format_worry_model(model: WorryModel, header: str = "") -> str:
    """The model as the locale file holds it: comments, the threshold, one feature a line."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines.append(f"threshold\t{model.threshold}")
    lines.extend(f"{feature}\t{weight}" for feature, weight in sorted(model.weights.items()))
    return "\n".join(lines) + "\n"


def parse_worry_model(text: str, file: str) -> WorryModel:
    """The model of a worry_model.tsv; raises LocaleError naming the file and the line."""
    threshold: float | None = None
    weights: dict[str, float] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            if len(parts) != 2:
                raise ValueError
            value = float(parts[1])
        except ValueError:
            raise fail(file, f"line {number}", "must be a feature, a tab and a number") from None
        if parts[0] == "threshold":
            threshold = value
        else:
            weights[parts[0]] = value
    if threshold is None:
        raise fail(file, "threshold", "is missing (a line 'threshold<TAB>number')")
    if not weights:
        raise fail(file, "weights", "there are none")
    return WorryModel(threshold, weights)
