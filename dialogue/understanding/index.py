"""What the understanding matches against, built once from the locale: the samples as
weighted word sets, the slot value phrases and the vocabulary (the danger net's model is
prepared apart, in `safety`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dialogue.intents import (
    ALEXA_ONLY_SLOT_TYPES,
    DENIED_SLOTS,
    FREE_WORD_SLOT_TYPES,
    NUMBER_SLOT_TYPES,
    IntentName,
)
from dialogue.locale import Locale, SlotRef, UnderstandingRules
from dialogue.understanding.normalise import plain_words

SLOT_WEIGHT = 2.0
UNKNOWN_WORD_WEIGHT = 0.5
# Word weights are kept to multiples of 2**-20: sums of a few hundred of them are exact in a
# float whatever their order, so a tie between two samples breaks the same way in every process
# (a set's order changes with the hash seed) without summing carefully.
_WEIGHT_GRAIN = 2.0**20
# Value phrases of at least this many words may be found with other words inside.
SLOT_GAP_MIN_WORDS = 3

Phrase = tuple[str, ...]
# Intents the danger net (`safety`) decides, never the samples' word overlap.
_FOUND_APART = frozenset({IntentName.SAFETY, IntentName.AMBIGUOUS, IntentName.DISTRESS})


@dataclass(frozen=True)
class IndexedSample:
    intent: str
    words: tuple[str, ...]  # slot references as "<TypeName>"; free-word slots as "*slot"
    word_set: frozenset[str]
    weight: float
    slot_type: str | None  # the custom slot type the sample needs, if any
    free_slots: tuple[str, ...]  # free-word slot names, in order


@dataclass(frozen=True)
class Index:
    """The locale, prepared for matching. Words are normalised (`plain_words`)."""

    rules: UnderstandingRules
    slot_of_type: Mapping[tuple[str, str], str]  # (intent, slot type) -> slot name
    denied_slot_of_type: Mapping[tuple[str, str], str]  # (intent, slot type) -> slot of a denied value
    hedges: tuple[Phrase, ...]  # doubt around an answer, longest first
    corrections: tuple[Phrase, ...]  # words that make a sentence a correction
    leading_corrections: tuple[Phrase, ...]  # ... only when they open it
    answer_intents: frozenset[str]  # intents answering with a custom slot value
    phrases: Mapping[str, Mapping[Phrase, str]]  # slot type -> value phrase -> value id
    gapped: Mapping[str, Mapping[str, tuple[tuple[Phrase, str], ...]]]  # type -> first word -> phrases
    phrase_starts: Mapping[str, Mapping[str, int]]  # type -> first word of a value phrase -> its longest phrase
    weights: Mapping[str, float]
    samples: tuple[IndexedSample, ...]  # samples without first names
    name_samples: tuple[IndexedSample, ...]  # samples with first-name slots
    # slot type the samples need (None: none) -> word -> numbers of those samples holding it
    by_type_word: Mapping[str | None, Mapping[str, Sequence[int]]]
    vocabulary: frozenset[str]
    # Where a number is asked (`number_slots`: intent -> its number slot), the number words
    # (normalised -> number) and those that are ordinary words too ("een").
    numbers: Mapping[str, int] = field(default_factory=dict)
    ambiguous_numbers: frozenset[str] = frozenset()
    number_scales: tuple[Phrase, ...] = ()  # "van de tien": dropped before a number is read
    number_slots: Mapping[str, str] = field(default_factory=dict)
    # Of each sample, by number: (weight, slot type, intent), what scoring it reads (a tuple
    # is read faster than the sample's fields, and every candidate sample is scored).
    scoring: tuple[tuple[float, str | None, str], ...] = ()

    def weight(self, words: Iterable[str]) -> float:
        """The summed weight of words (words shared by many intents weigh little); exact, in
        any order (see `_WEIGHT_GRAIN`)."""
        weights = self.weights
        return sum([weights.get(w, UNKNOWN_WORD_WEIGHT) for w in words])


def build_index(locale: Locale) -> Index:
    """Prepare a locale for matching."""
    rules = locale.rules
    vocabulary: set[str] = set()
    phrases = _value_phrases(locale, vocabulary)
    for danger in locale.safety_phrases:
        vocabulary.update(plain_words(danger, rules))
    # The words of doubt, correction and change of mind are words too: never corrected into
    # an answer's word ("ik vermoed" is no "vermoeid"); so are denials and the words between
    # a denial and its value ("niet bepaald zonnig" is no "niet bepaalt zonnig").
    # And the plain words the locale lists as known ("vergeeft" is no "vergeet").
    for said in (*rules.hedges, *rules.corrections, *rules.leading_corrections, *rules.reasons, *rules.changes,
                 *rules.negations, *rules.negation_bridges, *rules.known_words):
        vocabulary.update(plain_words(said, rules))
    samples, document_frequency = _samples(locale, vocabulary)
    numbers: dict[str, int] = {}
    for said, number in rules.numbers.items():
        for word in plain_words(said, rules):
            numbers.setdefault(word, number)
    vocabulary.update(numbers)
    number_slots = {intent.name: slot for intent in locale.intents for slot, t in intent.slots if t in NUMBER_SLOT_TYPES}
    weights = {
        word: SLOT_WEIGHT if word.startswith("<") else round(_WEIGHT_GRAIN / math.sqrt(len(intents))) / _WEIGHT_GRAIN
        for word, intents in document_frequency.items()
    }
    weighed = tuple(
        IndexedSample(s.intent, s.words, s.word_set, sum(weights.get(w, UNKNOWN_WORD_WEIGHT) for w in s.word_set),
                      s.slot_type, s.free_slots)
        for s in samples
        if not s.free_slots
    )
    by_type_word: dict[str | None, dict[str, list[int]]] = {}
    for number, entry in enumerate(weighed):
        for word in entry.word_set:
            by_type_word.setdefault(entry.slot_type, {}).setdefault(word, []).append(number)
    slot_of_type: dict[tuple[str, str], str] = {}
    denied: dict[tuple[str, str], str] = {}
    answer_intents: set[str] = set()
    for intent in locale.intents:
        for slot_name, type_name in intent.slots:
            if slot_name in DENIED_SLOTS:
                denied.setdefault((intent.name, type_name), slot_name)
                continue
            slot_of_type.setdefault((intent.name, type_name), slot_name)
            if type_name not in FREE_WORD_SLOT_TYPES and intent.name not in rules.free_answer_intents:
                answer_intents.add(intent.name)

    def phrases_of(texts: Iterable[str]) -> tuple[Phrase, ...]:
        found = {tuple(plain_words(t, rules)) for t in texts}
        return tuple(sorted((p for p in found if p), key=lambda p: (-len(p), p)))

    return Index(
        rules=rules,
        slot_of_type=slot_of_type,
        denied_slot_of_type=denied,
        hedges=phrases_of(rules.hedges),
        corrections=phrases_of(rules.corrections),
        leading_corrections=phrases_of(rules.leading_corrections),
        answer_intents=frozenset(answer_intents),
        phrases=phrases,
        gapped={type_name: _gapped(table) for type_name, table in phrases.items()},
        phrase_starts={type_name: _longest_by_start(table) for type_name, table in phrases.items()},
        weights=weights,
        samples=weighed,
        name_samples=tuple(s for s in samples if s.free_slots),
        by_type_word=by_type_word,
        vocabulary=frozenset(vocabulary),
        numbers=numbers,
        ambiguous_numbers=frozenset(w for said in rules.ambiguous_numbers for w in plain_words(said, rules)),
        number_scales=phrases_of(rules.number_scales),
        number_slots=number_slots,
        scoring=tuple((s.weight, s.slot_type, s.intent) for s in weighed),
    )


def _value_phrases(locale: Locale, vocabulary: set[str]) -> dict[str, dict[Phrase, str]]:
    """Slot phrases: normalised word tuples -> value id, per slot type."""
    phrases: dict[str, dict[Phrase, str]] = {}
    for type_name, definition in locale.slot_types.items():
        table: dict[Phrase, str] = {}
        for value in definition.values:
            for spoken in value.phrases:
                phrase_words = tuple(plain_words(spoken, locale.rules))
                if phrase_words:
                    table.setdefault(phrase_words, value.id)
                    vocabulary.update(phrase_words)
        phrases[type_name] = table
    return phrases


def _longest_by_start(table: Mapping[Phrase, str]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for phrase in table:
        if phrase:
            longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    return longest


def _gapped(table: Mapping[Phrase, str]) -> dict[str, tuple[tuple[Phrase, str], ...]]:
    """Phrases long enough to be found with other words inside, by first word, longest first."""
    by_first: dict[str, list[tuple[Phrase, str]]] = {}
    for phrase, value_id in sorted(table.items(), key=lambda item: (-len(item[0]), item[0])):
        if len(phrase) >= SLOT_GAP_MIN_WORDS:
            by_first.setdefault(phrase[0], []).append((phrase, value_id))
    return {first: tuple(found) for first, found in by_first.items()}


def _samples(locale: Locale, vocabulary: set[str]) -> tuple[list[IndexedSample], dict[str, set[str]]]:
    """The samples as word sequences (not yet weighed), and which intents use each word.
    Samples of Alexa-only intents and of the intents the danger net decides (found apart,
    by the model in understanding.toml) are left out, and so are those asking a number: a
    number is read where it is asked (`Understander`), not by word overlap."""
    samples: list[IndexedSample] = []
    document_frequency: dict[str, set[str]] = {}
    # Sample words repeat a lot ("ik", "de", "me"); each is normalised once.
    normalised: dict[str, list[str]] = {}
    for intent in locale.intents:
        if intent.name in _FOUND_APART or any(t in ALEXA_ONLY_SLOT_TYPES | NUMBER_SLOT_TYPES for _, t in intent.slots):
            continue
        for sample in intent.samples:
            sample_words: list[str] = []
            needed: list[str] = []
            free: list[str] = []
            if any(ref.name in DENIED_SLOTS for ref in sample.slots):
                continue  # a denial ("niet {negated}") is found by the matcher itself
            for token in sample.tokens:
                if isinstance(token, SlotRef):
                    if token.type in FREE_WORD_SLOT_TYPES:
                        sample_words.append("*" + token.name)
                        free.append(token.name)
                    else:
                        sample_words.append(f"<{token.type}>")
                        needed.append(token.type)
                else:
                    words_of_token = normalised.get(token)
                    if words_of_token is None:
                        # Normalised one by one, a sample's intensifier would stand alone: dropped.
                        words_of_token = normalised[token] = [
                            w for w in plain_words(token, locale.rules) if w not in locale.rules.intensifiers
                        ]
                    sample_words.extend(words_of_token)
            if not sample_words or len(needed) > 1:
                continue  # no sample uses two custom slots; keep the matcher simple
            for word in sample_words:
                document_frequency.setdefault(word, set()).add(intent.name)
                if not word.startswith(("<", "*")):
                    vocabulary.add(word)
            samples.append(
                IndexedSample(intent.name, tuple(sample_words), frozenset(sample_words), 0.0,
                              needed[0] if needed else None, tuple(free))
            )
    return samples, document_frequency


def positions_with_gaps(words: Sequence[str], start: int, phrase: Phrase, max_gaps: int) -> frozenset[int] | None:
    """Where `phrase` lies in order from `start`, with at most `max_gaps` other words inside."""
    found = [start]
    gaps = 0
    index = start + 1
    for word in phrase[1:]:
        while index < len(words) and words[index] != word:
            gaps += 1
            if gaps > max_gaps:
                return None
            index += 1
        if index >= len(words):
            return None
        found.append(index)
        index += 1
    return frozenset(found)
