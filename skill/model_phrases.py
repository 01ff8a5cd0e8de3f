"""What Alexa's model hears as which intent: every sample with every slot value and synonym
written out (a build-time check, as skill/model_rules.py; the Lambda never imports it).

A slot of a listed custom type is expanded into each of its values and synonyms; a slot
Alexa fills with free words (a first name, a time, a gratitude topic, a number) stays a
wildcard.
`Phrases.intents(text)` says which intents claim a phrase: those whose written-out samples
hold it exactly, else those whose wildcard samples match it. `Phrases.conflicts()` lists
every written-out phrase that more than one intent claims: Alexa sends it down one route
only, and which one is not up to us.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Slot types filled with free words: never written out.
WILDCARD_TYPES = {
    "AMAZON.FirstName": r"[a-zà-ÿ'-]+(?: [a-zà-ÿ'-]+)?",
    "AMAZON.TIME": (r"(?:(?:half|kwart over|kwart voor|tien over|tien voor) )?[a-z]+(?: uur)?(?: [a-z]+)?"
                    r"|\d{1,2}(?::\d{2})?(?: uur)?|'s (?:avonds|ochtends|middags)(?: om [a-z]+ uur)?"),
    "GratitudeTopic": r".+",
    # Alexa hears a number in words and writes it in digits.
    "AMAZON.NUMBER": r"\d{1,3}|[a-zà-ÿ]+",
}
_SLOT = re.compile(r"\{(\w+)\}")
_PUNCTUATION = re.compile(r"[.,!?:;\"()…]")


def normal(text: str) -> str:
    """A phrase as the model's samples are written: lower case, no punctuation, single spaces."""
    return " ".join(_PUNCTUATION.sub(" ", text.lower().replace("...", " ")).split())


@dataclass
class Phrases:
    """Every phrase of one interaction model, by the intents that claim it."""

    exact: dict[str, set[str]] = field(default_factory=dict)
    wildcards: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    # phrase -> (intent, slot values by slot name) for each way it was written out; a slot's
    # value as (value id, the words said for it), as Alexa sends them (resolved id, raw value)
    values: dict[str, list[tuple[str, dict[str, tuple[str, str]]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, model: Mapping[str, Any]) -> Phrases:
        """The phrases of an interaction model as its JSON holds it."""
        language = model["interactionModel"]["languageModel"]
        types: dict[str, list[tuple[str, str]]] = {}
        spoken: dict[tuple[str, str], str] = {}  # (type, words as normalised) -> as written
        for slot_type in language.get("types", []):
            pairs: list[tuple[str, str]] = []
            for value in slot_type["values"]:
                value_id = value.get("id") or value["name"]["value"]
                for said in (value["name"]["value"], *value["name"].get("synonyms", [])):
                    pairs.append((normal(said), value_id))
                    spoken.setdefault((slot_type["name"], normal(said)), said)
            types[slot_type["name"]] = pairs
        phrases = cls()
        for intent in language["intents"]:
            slot_types = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for sample in intent.get("samples", []):
                names = _SLOT.findall(sample)
                if any(slot_types[name] in WILDCARD_TYPES or slot_types[name] not in types for name in names):
                    pattern = _SLOT.sub(lambda m, kinds=slot_types: _slot_pattern(kinds[m.group(1)], types),  # type: ignore[misc]
                                        normal_sample(sample))
                    phrases.wildcards.append((re.compile(f"^(?:{pattern})$"), intent["name"]))
                    continue
                for combination in itertools.product(*(types[slot_types[name]] for name in names)):
                    filled = dict(zip(names, combination, strict=True))
                    text = _SLOT.sub(lambda m, f=filled: f[m.group(1)][0], sample)  # type: ignore[misc]
                    phrase = normal(text)
                    phrases.exact.setdefault(phrase, set()).add(intent["name"])
                    phrases.values.setdefault(phrase, []).append((intent["name"], {
                        name: (value, spoken[(slot_types[name], said)]) for name, (said, value) in filled.items()}))
        return phrases

    def intents(self, text: str) -> set[str]:
        """The intents that claim `text`: exactly, else through a wildcard sample."""
        phrase = normal(text)
        found = self.exact.get(phrase)
        if found:
            return set(found)
        return {intent for pattern, intent in self.wildcards if pattern.match(phrase)}

    def conflicts(self) -> dict[str, set[str]]:
        """Every written-out phrase that two or more intents claim."""
        return {phrase: intents for phrase, intents in self.exact.items() if len(intents) > 1}


def normal_sample(sample: str) -> str:
    """A sample with its slots kept, the rest escaped for a pattern."""
    parts = _SLOT.split(sample)
    return "".join("{" + part + "}" if index % 2 else re.escape(part.lower()) for index, part in enumerate(parts))


def _slot_pattern(slot_type: str, types: Mapping[str, list[tuple[str, str]]]) -> str:
    if slot_type in WILDCARD_TYPES:
        return f"(?:{WILDCARD_TYPES[slot_type]})"
    return "(?:" + "|".join(re.escape(said) for said, _ in types.get(slot_type, [])) + ")"
