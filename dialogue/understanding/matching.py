"""Scoring the samples of every intent against the words of what was said.

A weighted overlap (words shared by many intents weigh little), with slot values found
in the words standing in for the sample's `{slot}`: a value phrase of three or more
words may have a few other words inside ("dat je me even ziet" holds "dat je me ziet"),
and a value right after a negation ("niet goed") is not taken. The intents the current
step expects get a small bonus; an answer with a slot value that the step does not ask
for gets a small malus, because the coach could do nothing with it there.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialogue.model import Intent
from dialogue.understanding.index import Index, positions_with_gaps
from dialogue.understanding.names import MAX_NAME_UTTERANCE, match_names, name_spans
from dialogue.understanding.normalise import Token

NEGATION_REACH = 2  # "niet goed", "niet zo goed"
EXPECTED_BONUS = 0.15
# A slot answer (weather, need, feeling) at a step that did not ask for it.
UNASKED_ANSWER_MALUS = 0.15
# Other words allowed inside a slot value phrase of at least SLOT_GAP_MIN_WORDS words.
SLOT_GAP = 2


def best_intent(index: Index, words: list[str], tokens: list[Token], expect: Sequence[str]) -> tuple[Intent | None, float]:
    """The best-scoring intent (slots as value ids) for these corrected words, and its score."""
    # The utterance as each kind of sample sees it: plain, or with one slot value replaced.
    plain = frozenset(words)
    views: dict[str | None, tuple[frozenset[str], float, str]] = {None: (plain, index.weight(plain), "")}
    candidates: set[int] = set()
    for word in plain:
        candidates.update(index.by_word.get(word, ()))
    for type_name in index.phrases:
        replaced, value = _replace_phrase(index, words, type_name)
        if value is not None:
            view = frozenset(replaced)
            views[type_name] = (view, index.weight(view), value)
            candidates.update(index.by_word.get(f"<{type_name}>", ()))

    best: Intent | None = None
    best_score = 0.0
    for number in sorted(candidates):
        sample = index.samples[number]
        seen = views.get(sample.slot_type)
        if seen is None:
            continue
        utterance, utterance_weight, value = seen
        shared = index.weight(sample.word_set & utterance)
        score = _adjust(index, sample.intent, 2 * shared / (sample.weight + utterance_weight), expect)
        if score > best_score:
            if sample.slot_type is None:
                best = Intent(sample.intent)
            else:
                best = Intent.of(sample.intent, **{index.slot_of_type[(sample.intent, sample.slot_type)]: value})
            best_score = score
    names = name_spans(words, tokens, index.vocabulary) if len(words) <= MAX_NAME_UTTERANCE else {}
    for sample in index.name_samples:
        if len(names) >= len(sample.free_slots):
            candidate, score = match_names(sample, words, tokens, names)
            if candidate is not None:
                score = _adjust(index, sample.intent, score, expect)
                if score > best_score:
                    best, best_score = candidate, score
    return best, best_score


def _adjust(index: Index, intent: str, score: float, expect: Sequence[str]) -> float:
    if intent in expect:
        return score + EXPECTED_BONUS
    if intent in index.answer_intents:
        return score - UNASKED_ANSWER_MALUS
    return score


def _replace_phrase(index: Index, words: list[str], type_name: str) -> tuple[list[str], str | None]:
    """Words with the first (longest) value phrase of a type replaced by <type>."""
    table = index.phrases[type_name]
    gapped = index.gapped[type_name]
    for length in range(min(index.longest_phrase, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            value = table.get(tuple(words[start : start + length]))
            if value is not None and not _negated(index, words, start):
                return words[:start] + [f"<{type_name}>"] + words[start + length :], value
        for phrase, value in gapped.get(length, ()):
            for start, word in enumerate(words):
                if word == phrase[0]:
                    found = positions_with_gaps(words, start, phrase, SLOT_GAP)
                    if found is not None and not _negated(index, words, start):
                        # The phrase's words become the slot; the words inside it stay.
                        kept = [w for i, w in enumerate(words) if i not in found]
                        kept.insert(start, f"<{type_name}>")
                        return kept, value
    return words, None


def _negated(index: Index, words: list[str], start: int) -> bool:
    """Whether a negation stands just before position `start` ("niet (zo) goed")."""
    return any(w in index.rules.negations for w in words[max(0, start - NEGATION_REACH) : start])
