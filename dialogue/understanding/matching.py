"""Scoring the samples of every intent against the words of what was said.

A weighted overlap (words shared by many intents weigh little), with slot values found
in the words standing in for the sample's `{slot}`. Finding the value of a slot type:

- every value phrase is found, longest first, none overlapping; a phrase of three or
  more words may have a few other words inside ("dat je me even ziet" holds "dat je me ziet");
- a value is denied by a negation just before it ("niet zonnig", "niet zo goed", "geen
  storm") or after it in the same clause ("zonnig is het niet"), unless a value follows
  that negation ("niet X maar Y": the negation is X's);
- of the values not denied, the first one counts, unless a later one comes after a change
  of mind (the locale's `changes`: "maar", "nu", "nee"): an answer that changes within the
  sentence means its latest state ("vanochtend zonnig, nu regen"), while values without
  one tell more about the first ("wisselvallig, soms goed soms minder"); a value after a
  reason word ("zodat", "want") only counts if there is no other;
- when every value is denied and the intent has a slot for a denied value ("negated"),
  the last denied value fills that slot.

A sample that denies two words or more with "niet", "geen" or "nooit" (the locale's
negations) is no match for words without any: "ik begrijp het" is not "ik snap het niet".

When a value the step asks for is found, the words of doubt around it (the locale's
hedges: "ik twijfel", "misschien") are dropped first, so a hedged answer is that answer
and not a skip. The intents the current step expects get a small bonus; an answer with a
slot value that the step does not ask for gets a small malus, because the coach could do
nothing with it there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dialogue.model import Intent
from dialogue.understanding.index import Index, IndexedSample, positions_with_gaps
from dialogue.understanding.names import MAX_NAME_UTTERANCE, match_names, name_spans
from dialogue.understanding.normalise import Token

EXPECTED_BONUS = 0.15
# A sample's words and the utterance's are the same: the sample said exactly.
EXACT = 0.999
# A slot answer (weather, need, feeling) at a step that did not ask for it.
UNASKED_ANSWER_MALUS = 0.25
# Other words allowed inside a slot value phrase of at least SLOT_GAP_MIN_WORDS words.
SLOT_GAP = 2
# A sample denying this many words or more ("ik snap het niet") is no match for them said
# without a denial ("ik snap het"); a short one ("nog niet") still shares its word.
DENIED_WORDS = 2
# How far after a value a negation in the same clause still denies it ("zonnig is het zeker niet").
NEGATION_AFTER_REACH = 4


@dataclass(frozen=True)
class Found:
    """A value phrase found in the words."""

    positions: frozenset[int]
    value: str
    start: int
    end: int


@dataclass(frozen=True)
class Choice:
    """The value of one slot type an utterance answers with, and the words around it."""

    view: list[str]  # the words, the value replaced by <Type>, other values of the type left out
    value: str
    denied: bool  # every value of the type was denied; this is the last denied one
    positions: frozenset[int]  # where the chosen value's words stand in the words


def best_intent(
    index: Index, words: list[str], tokens: list[Token], expect: Sequence[str]
) -> tuple[Intent | None, float, frozenset[int]]:
    """The best-scoring intent (slots as value ids) for these corrected words, its score,
    and where the words of its slot value stand (empty when it has none)."""
    clauses = [t.clause for t in tokens]
    turns = [t.turn for t in tokens]
    expected_types = {t for (intent, t) in index.slot_of_type if intent in expect and t in index.phrases}
    kept = _without_hedges(index, words) if expected_types and index.hedges else None
    if kept is not None and any(
        _choose(index, [words[i] for i in kept], [clauses[i] for i in kept], t, undenied_only=True)
        for t in expected_types
    ):
        words = [words[i] for i in kept]
        tokens = [tokens[i] for i in kept]
        clauses = [clauses[i] for i in kept]
        turns = [turns[i] for i in kept]
        found, score, positions = _best_intent(index, words, tokens, expect, clauses, turns)
        # (where the value's words stand among the words as said, hedges and all)
        return found, score, frozenset(kept[p] for p in positions)
    return _best_intent(index, words, tokens, expect, clauses, turns)


def _best_intent(
    index: Index, words: list[str], tokens: list[Token], expect: Sequence[str], clauses: list[int], turns: list[int]
) -> tuple[Intent | None, float, frozenset[int]]:
    """`best_intent` for words with no hedge to drop (any left are read as said)."""
    # The utterance as each kind of sample sees it: plain, or with one slot value replaced.
    plain = frozenset(words)
    views: dict[str | None, tuple[frozenset[str], float, Choice | None]] = {None: (plain, index.weight(plain), None)}
    for type_name in index.phrases:
        choice = _choose(index, words, clauses, type_name, turns=turns)
        if choice is not None:
            view = frozenset(choice.view)
            views[type_name] = (view, index.weight(view), choice)

    # The weight each sample shares with its view of the utterance, summed word by word
    # (a sample sharing none is no candidate).
    shared_weight: dict[int, float] = {}
    shared = shared_weight.get
    for viewed_as, (view_words, _, _) in views.items():
        holding = index.by_type_word.get(viewed_as, {})
        for word in view_words:
            numbers = holding.get(word)
            if numbers:
                word_weight = index.weights[word]
                for number in numbers:
                    shared_weight[number] = shared(number, 0.0) + word_weight

    # Each sample's score: its shared weight against both weights, and what the step expects.
    samples = index.samples
    scoring = index.scoring
    view_weights = {viewed_as: weight for viewed_as, (_, weight, _) in views.items()}
    adjustments: dict[str, float] = {}  # intent -> what the step adds to its samples' scores
    ranked: list[tuple[float, int, float]] = []  # (score, -number, raw score)
    exact_ranked: list[tuple[float, int, float]] = []  # the same for samples of a value said exactly
    for number, weight_shared in shared_weight.items():
        weight, slot_type, intent = scoring[number]
        raw = 2 * weight_shared / (weight + view_weights[slot_type])
        adjustment = adjustments.get(intent)
        if adjustment is None:
            adjustment = adjustments[intent] = _adjust(index, intent, 0.0, expect)
        ranked.append((raw + adjustment, -number, raw))
        if raw >= EXACT and slot_type is not None:
            exact_ranked.append(ranked[-1])
    negations = index.rules.negations | index.rules.sample_negations
    denies = not negations.isdisjoint(words)
    # The best: the highest score (the first sample of equals) above nothing, of a sample that
    # can be read here.
    best: Intent | None = None
    best_score = 0.0
    best_positions: frozenset[int] = frozenset()
    best_raw = 0.0
    for score, negative_number, raw in sorted(ranked, reverse=True):
        if score <= 0.0:
            break
        reading = _reading(index, samples[-negative_number], views, negations, denies)
        if reading is not None:
            (best, best_positions), best_score, best_raw = reading, score, raw
            break
    # The best sample said exactly (its words and no others): the phrase Alexa would match.
    exact: tuple[Intent, float, frozenset[int]] | None = None
    for score, negative_number, _ in sorted(exact_ranked, reverse=True):
        reading = _reading(index, samples[-negative_number], views, negations, denies)
        if reading is not None:
            exact = (reading[0], score, reading[1])
            break
    short = len(words) <= MAX_NAME_UTTERANCE
    names = name_spans(words, tokens, index.vocabulary) if short else {}
    # (in a sample that says it names, "wij heten {first} en {second}", any word is a name)
    named = name_spans(words, tokens, frozenset()) if short and not index.rules.naming_words.isdisjoint(words) else {}
    for name_sample in index.name_samples:
        if _adjust(index, name_sample.intent, 1.0, expect) <= best_score:
            continue  # (not even said exactly would it win: the alignment is not worth its time)
        spans = named if named and not index.rules.naming_words.isdisjoint(name_sample.word_set) else names
        if len(spans) >= len(name_sample.free_slots):
            candidate, score = match_names(name_sample, words, tokens, spans)
            if candidate is not None:
                score = _adjust(index, name_sample.intent, score, expect)
                if score > best_score:
                    best, best_score, best_positions, best_raw = candidate, score, frozenset(), EXACT
    if exact is not None and best_raw < EXACT:
        # A value said exactly in a sample of its answer is not beaten by another sample
        # matched in part, whatever the step expects ("ik voel me boos" is a feeling, not "ik
        # voel me getriggerd"): Alexa's answer too, which the coach then reads by the step.
        return exact
    return best, best_score, best_positions


def _reading(
    index: Index, sample: IndexedSample, views: dict[str | None, tuple[frozenset[str], float, Choice | None]],
    negations: frozenset[str], denies: bool,
) -> tuple[Intent, frozenset[int]] | None:
    """What `sample` reads the utterance as (and where its value's words stand), or None when
    it cannot: a denying sample for words that deny nothing, or a denied value for an intent
    with no slot for one."""
    if not denies and not negations.isdisjoint(sample.word_set) and len(sample.word_set - negations) >= DENIED_WORDS:
        return None  # "ik snap het niet" is no match for "ik snap het"
    chosen = views[sample.slot_type][2]
    if chosen is None or sample.slot_type is None:
        return Intent(sample.intent), frozenset()
    table = index.denied_slot_of_type if chosen.denied else index.slot_of_type
    slot = table.get((sample.intent, sample.slot_type))
    if slot is None:
        return None
    return Intent.of(sample.intent, **{slot: chosen.value}), chosen.positions


def value_said(index: Index, words: list[str], clauses: list[int], type_name: str) -> str | None:
    """The value of a slot type the words answer with, not denied; or None."""
    if type_name not in index.phrases:
        return None
    choice = _choose(index, words, clauses, type_name, undenied_only=True)
    return None if choice is None else choice.value


def said_exactly(index: Index, intent: str, score: float, expect: Sequence[str]) -> bool:
    """Whether `best_intent`'s `score` for `intent` is that of a sample said exactly."""
    return raw_score(index, intent, score, expect) >= EXACT


def raw_score(index: Index, intent: str, score: float, expect: Sequence[str]) -> float:
    """`best_intent`'s `score` for `intent` as the words alone give it, whatever the step expects."""
    return score - EXPECTED_BONUS if intent in expect else (
        score + UNASKED_ANSWER_MALUS if intent in index.answer_intents else score)


def correction_length(index: Index, words: Sequence[str]) -> int:
    """How many words open the sentence as a correction of what was just answered ("nee,
    storm"; "oh wacht, ik bedoelde regen"): 0 if it is none."""
    length = 0
    while True:
        found = next((p for p in (*index.corrections, *index.leading_corrections)
                      if tuple(words[length : length + len(p)]) == p), None)
        if found is None:
            return length
        length += len(found)


def _adjust(index: Index, intent: str, score: float, expect: Sequence[str]) -> float:
    if intent in expect:
        return score + EXPECTED_BONUS
    if intent in index.answer_intents:
        return score - UNASKED_ANSWER_MALUS
    return score


def _without_hedges(index: Index, words: list[str]) -> list[int] | None:
    """The positions of the words that are no hedge, or None if there is no hedge."""
    dropped: set[int] = set()
    said = set(words)
    for phrase in index.hedges:
        if not phrase or phrase[0] not in said:
            continue  # (most hedges are not said at all: not looked for at every position)
        length = len(phrase)
        for start in range(len(words) - length + 1):
            if tuple(words[start : start + length]) == phrase and not dropped.intersection(range(start, start + length)):
                dropped.update(range(start, start + length))
    if not dropped:
        return None
    return [i for i in range(len(words)) if i not in dropped]


def _find(index: Index, words: list[str], type_name: str) -> list[Found]:
    """Every value phrase of a type in the words, longest first, none overlapping; in order."""
    first_words = index.phrase_starts[type_name]
    # (only where a phrase of the type can start, and no longer than the longest starting
    # there: most words start none)
    starts = [(i, first_words[word]) for i, word in enumerate(words) if word in first_words]
    if not starts:
        return []
    table = index.phrases[type_name]
    gapped = index.gapped[type_name]
    said = frozenset(words)
    # (a phrase with gaps is looked for only where all its words were said)
    gapped_here = [(start, phrase, value) for start, _ in starts for phrase, value in gapped.get(words[start], ())
                   if said.issuperset(phrase)]
    negations = index.rules.negations
    taken: set[int] = set()
    found: list[Found] = []
    for length in range(min(max(longest for _, longest in starts), len(words)), 0, -1):
        for start, longest in starts:
            if start + length > len(words):
                break
            if length > longest:
                continue
            value = table.get(tuple(words[start : start + length]))
            if value is not None and not taken.intersection(range(start, start + length)):
                positions = frozenset(range(start, start + length))
                taken.update(positions)
                found.append(Found(positions, value, start, start + length - 1))
        if length < 3:
            continue
        for start, phrase, value in gapped_here:
            if len(phrase) != length or start in taken:
                continue
            gapped_at = positions_with_gaps(words, start, phrase, SLOT_GAP)
            if gapped_at is None or gapped_at & taken:
                continue
            inside = range(start, max(gapped_at))
            if not any(words[i] in negations for i in inside if i not in gapped_at):
                taken.update(gapped_at)
                found.append(Found(gapped_at, value, start, max(gapped_at)))
    found.sort(key=lambda f: f.start)
    return found


def _choose(
    index: Index, words: list[str], clauses: list[int], type_name: str, *,
    turns: list[int] | None = None, undenied_only: bool = False,
) -> Choice | None:
    """The value of a type this utterance answers with (see the module's docstring)."""
    found = _find(index, words, type_name)
    if not found:
        return None
    starts = {f.start: f for f in found}
    covered = set().union(*(f.positions for f in found))
    negations = index.rules.negations
    bridges = index.rules.negation_bridges
    denials: dict[int, int] = {}  # found index -> position of the negation denying it
    for number, item in enumerate(found):
        # A negation just before the value, perhaps with a bridge ("niet zo goed").
        i = item.start - 1
        while i >= 0 and words[i] in bridges and clauses[i] == clauses[item.start]:
            i -= 1
        if i >= 0 and words[i] in negations and i not in covered and clauses[i] == clauses[item.start]:
            denials[number] = i
            continue
        # A negation after it in the same clause, unless that negation denies a later value.
        for j in range(item.end + 1, min(len(words), item.end + 1 + NEGATION_AFTER_REACH)):
            if clauses[j] != clauses[item.end] or j in covered or words[j] in index.rules.negation_stops:
                break
            if words[j] in negations:
                k = j + 1
                while k < len(words) and words[k] in bridges:
                    k += 1
                if not (k in starts and clauses[k] == clauses[j]):
                    denials[number] = j
                break
    kept = [n for n in range(len(found)) if n not in denials]
    if kept:
        reasons = index.rules.reasons
        first_reason = next((i for i, w in enumerate(words) if w in reasons), len(words))
        before = [n for n in kept if found[n].start < first_reason] or kept
        # A later value counts only after a change of mind ("zonnig, maar nu regen").
        chosen, denied = before[0], False
        for n in before[1:]:
            if turns is None or turns[found[n].start] != turns[found[chosen].end]:
                chosen = n
        # A value whose last word only strengthens the next one said right after it ("het gaat
        # goed klote") gives way to that one.
        end = found[chosen].end
        if words[end] in index.rules.value_intensifiers:
            chosen = next((n for n in kept if found[n].start == end + 1 and clauses[end + 1] == clauses[end]), chosen)
    elif undenied_only:
        return None
    else:
        chosen, denied = len(found) - 1, True
    item = found[chosen]
    left_out = set().union(*(f.positions for n, f in enumerate(found) if n != chosen))
    left_out.update(denials.values())
    view = [f"<{type_name}>" if i == item.start else w for i, w in enumerate(words)
            if i == item.start or (i not in item.positions and i not in left_out)]
    return Choice(view, item.value, denied, item.positions)
