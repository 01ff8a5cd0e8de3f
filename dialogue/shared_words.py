"""Words two intents of the interaction model share: which intents the same words may arrive as.

Alexa hears a phrase that two intents claim ("samen" is TogetherIntent and the need "tijd
samen"; "ik ben moe" is a weather and a feeling) and sends one of them, without knowing
the step. The coach reads what arrives by the step (`dialogue.coach`); this module only
says, from the interaction model, what else the same words could have been:

- the words of a slot value that are a value of another slot type too ("moe": the weather
  bewolkt and the feeling moe), as Alexa passes a slot's words with its value id;
- a sample of an intent without slots that is a sample of an intent with a slot, filled
  with one of its values ("ik ben in paniek": the trigger plan, and "ik ben {feeling}"
  with "in paniek"). An intent without slots carries no words, so it stands for every
  such value; a value that carries no words (`Intent.said` unknown, or words that are not
  this value's) counts as its name said.

The relation is closed over: whatever one of them arrives as, the same set comes out
(`SharedWords.readings`), so the coach can route each of them the same way. Free answers
(the gratitude, any words) and denied values ("niet moe") share nothing here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dialogue.folding import fold
from dialogue.intents import DENIED_SLOTS
from dialogue.interaction_model import InteractionModel
from dialogue.model import Intent

# Each punctuation mark becomes a space (a table, not a pattern: nothing compiled at import).
_PUNCTUATION = str.maketrans(dict.fromkeys('.,!?:;"()…', " "))


def words_of(text: str) -> tuple[str, ...]:
    """Words as compared here: lower case, no accents, no punctuation."""
    return tuple(fold(text).replace("...", " ").translate(_PUNCTUATION).split())


@dataclass(frozen=True)
class _Answer:
    """A slot value as it can arrive: the intent, its slot, the value id and the words (or None)."""

    intent: str
    slot: str
    value: str
    words: tuple[str, ...] | None  # None: a value outside the model (a need in one's own words)


@dataclass(frozen=True)
class SharedWords:
    """What the same words may arrive as, derived once from an interaction model."""

    # intent -> (slot, type) of its slots read by value (denied ones left out), declared order
    value_slots: Mapping[str, tuple[tuple[str, str], ...]]
    # slot type -> words -> value id
    values_by_words: Mapping[str, Mapping[tuple[str, ...], str]]
    # slot type -> value id -> the words of its name
    names: Mapping[str, Mapping[str, tuple[str, ...]]]
    # intent without slots -> the slot values its samples share
    shared_by_plain: Mapping[str, tuple[_Answer, ...]]

    @classmethod
    def of(cls, model: InteractionModel, free_answers: Iterable[str] = ()) -> SharedWords:
        """The shared words of `model`; intents in `free_answers` (any words) take no part."""
        free = frozenset(free_answers)
        value_slots = {
            i.name: tuple((slot, t) for slot, t in i.slots if t in model.slot_types and slot not in DENIED_SLOTS)
            for i in model.intents if i.name not in free
        }
        values_by_words: dict[str, dict[tuple[str, ...], str]] = {}
        names = {name: {v.id: words_of(v.name) for v in t.values} for name, t in model.slot_types.items()}
        for name, slot_type in model.slot_types.items():
            table = values_by_words.setdefault(name, {})
            for value in slot_type.values:
                for phrase in value.phrases:
                    table.setdefault(words_of(phrase), value.id)
        # Samples with one slot read by value, by the words before and after it.
        templates: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str, str]]] = {}
        for intent in model.intents:
            readable = dict(value_slots.get(intent.name, ()))
            for sample in intent.samples:
                slots = sample.slots
                if len(slots) != 1 or slots[0].name not in readable:
                    continue
                at = sample.tokens.index(slots[0])
                before = words_of(" ".join(str(t) for t in sample.tokens[:at]))
                after = words_of(" ".join(str(t) for t in sample.tokens[at + 1:]))
                templates.setdefault((before, after), []).append((intent.name, slots[0].name, slots[0].type))
        shared: dict[str, list[_Answer]] = {}
        for intent in model.intents:
            if intent.name in free or intent.slots:
                continue
            for sample in intent.samples:
                said = words_of(sample.text)
                for start in range(len(said) + 1):
                    for end in range(start + 1, len(said) + 1):
                        for other, slot, type_name in templates.get((said[:start], said[end:]), ()):
                            found = values_by_words[type_name].get(said[start:end])
                            answer = _Answer(other, slot, found, said[start:end]) if found else None
                            if answer is not None and answer not in shared.get(intent.name, []):
                                shared.setdefault(intent.name, []).append(answer)
        return cls(value_slots, values_by_words, names, {k: tuple(v) for k, v in shared.items()})

    def readings(self, intent: Intent) -> tuple[Intent, ...]:
        """`intent` and every other intent its words may have arrived as, in one order
        whichever of them arrived (see the module's docstring)."""
        start = self._answer(intent)
        if start is None and intent.slots:
            return (intent,)
        seen: set[_Answer | str] = set()
        todo: list[_Answer | str] = [intent.name if start is None else start]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            todo.extend(self._neighbours(node))
        found = {_order(i): i for i in map(_as_intent, seen)}
        return tuple(found[key] for key in sorted(found))

    def _answer(self, intent: Intent) -> _Answer | None:
        """The value an intent carries (its first slot read by value), or None."""
        for slot, slot_type in self.value_slots.get(intent.name, ()):
            value = intent.slot(slot)
            if value is not None:
                words = None if intent.said is None else words_of(intent.said)
                if words is None or self.values_by_words[slot_type].get(words) != value:
                    # No words, or not this value's (a typo, a sentence): as if its name was said.
                    words = self.names[slot_type].get(value)
                return _Answer(intent.name, slot, value, words)
        return None

    @functools.cached_property
    def _plain_by_answer(self) -> dict[_Answer, list[str]]:
        """`shared_by_plain` the other way round: each answer -> the intents without slots
        that share it, in `shared_by_plain`'s order."""
        found: dict[_Answer, list[str]] = {}
        for plain, answers in self.shared_by_plain.items():
            for answer in dict.fromkeys(answers):
                found.setdefault(answer, []).append(plain)
        return found

    def _neighbours(self, node: _Answer | str) -> list[_Answer | str]:
        if isinstance(node, str):
            return list(self.shared_by_plain.get(node, ()))
        found: list[_Answer | str] = list(self._plain_by_answer.get(node, ()))
        if node.words is not None:
            for other, slots in self.value_slots.items():
                if other == node.intent or not slots:
                    continue
                slot, slot_type = slots[0]
                value = self.values_by_words[slot_type].get(node.words)
                if value is not None:
                    found.append(_Answer(other, slot, value, node.words))
        return found


def _as_intent(node: _Answer | str) -> Intent:
    if isinstance(node, str):
        return Intent(node)
    said = None if node.words is None else " ".join(node.words)
    return Intent(node.intent, ((node.slot, node.value),), said)


def _order(intent: Intent) -> tuple[bool, str, tuple[tuple[str, str], ...], str]:
    """Intents without slots first, then by name, value and words: the same whatever arrived."""
    return (bool(intent.slots), intent.name, intent.slots, intent.said or "")
