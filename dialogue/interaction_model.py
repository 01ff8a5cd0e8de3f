"""The interaction model (interaction_model.json), parsed and checked once.

Every sample is tokenised here, once, into words and slot references (`Sample`); the
understanding, the voice grammars, the skill's packaging and its model rules all read
these tokens instead of parsing `{slot}` syntax themselves. The type of each slot comes
from the model only: the core declares which slots it reads (`dialogue.intents`), not
their types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from dialogue.deferred import DeferredField
from dialogue.intents import (
    ALEXA_ONLY_SLOT_TYPES,
    CORE_SLOTS,
    FREE_WORD_SLOT_TYPES,
    INTENTS_WITHOUT_SAMPLES,
    NUMBER_SLOT_TYPES,
    IntentName,
    SlotKind,
)


class LocaleError(Exception):
    """A locale file is missing, malformed or incomplete. The message names file and key."""


@dataclass(frozen=True)
class SlotValue:
    """A value of a slot type: its id, its name and the synonyms it may be said as."""

    id: str
    name: str
    synonyms: tuple[str, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        """The canonical name, then the synonyms."""
        return (self.name, *self.synonyms)


@dataclass(frozen=True)
class SlotType:
    """A custom slot type and its values."""

    name: str
    values: tuple[SlotValue, ...]


@dataclass(frozen=True)
class SlotRef:
    """A `{slot}` in a sample, with the slot's type from the intent's declaration."""

    name: str
    type: str


# A sample's token: a word as written in the sample, or a slot reference.
SampleToken = str | SlotRef


@dataclass(frozen=True)
class Sample:
    """One sample utterance: its text as written and its tokens (split at spaces)."""

    text: str
    tokens: tuple[SampleToken, ...]

    @property
    def slots(self) -> tuple[SlotRef, ...]:
        """The slot references, in order."""
        return tuple(t for t in self.tokens if isinstance(t, SlotRef))


@dataclass(frozen=True)
class IntentDefinition:
    """An intent of the model: its slots (name, type) and its samples."""

    name: str
    slots: tuple[tuple[str, str], ...]  # (slot name, slot type), as declared
    samples: DeferredField[tuple[Sample, ...]] = DeferredField()  # noqa: RUF009 (a descriptor: deferred in the compiled locale)
    slot_types: Mapping[str, str] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slot_types", dict(self.slots))

    @property
    def texts(self) -> tuple[str, ...]:
        """The samples as written."""
        return tuple(s.text for s in self.samples)


@dataclass(frozen=True)
class InteractionModel:
    """The parts of the interaction model the project reads."""

    invocation_name: str
    intents: tuple[IntentDefinition, ...]
    slot_types: Mapping[str, SlotType]


def fail(file: str, key: str, problem: str) -> LocaleError:
    """A LocaleError naming the file, the key and the problem."""
    return LocaleError(f"{file}: {key}: {problem}")


def require(mapping: Any, key: str, kind: type, file: str, where: str) -> Any:
    """`mapping[key]`, which must be present and a `kind`; else a LocaleError."""
    if not isinstance(mapping, dict) or key not in mapping:
        raise fail(file, f"{where}.{key}" if where else key, "missing")
    value = mapping[key]
    if not isinstance(value, kind):
        raise fail(file, f"{where}.{key}" if where else key, f"must be a {kind.__name__}")
    return value


# A slot reference anywhere in a sample (for messages), and one standing alone as a token.
# (Patterns, compiled at their first use by `re`'s own cache: only parsing the files uses them.)
SLOT_REF = r"\{([^{}]*)\}"
_WHOLE_SLOT_REF = r"\{([^{}\s]+)\}"
_WHERE = "interactionModel.languageModel"


def parse_interaction_model(model: Any, file: str = "interaction_model.json") -> InteractionModel:
    """Check a parsed interaction_model.json and tokenise its samples; raises LocaleError."""
    interaction = require(model, "interactionModel", dict, file, "")
    language = require(interaction, "languageModel", dict, file, "interactionModel")
    invocation = require(language, "invocationName", str, file, _WHERE)
    types = _parse_types(language, file)
    intents: list[IntentDefinition] = []
    sample_owner: dict[str, str] = {}
    for index, raw in enumerate(require(language, "intents", list, file, _WHERE)):
        intents.append(_parse_intent(raw, f"{_WHERE}.intents[{index}]", file, types, intents, sample_owner))
    _check_core_needs(intents, types, file)
    return InteractionModel(invocation, tuple(intents), types)


def _parse_types(language: Mapping[str, Any], file: str) -> dict[str, SlotType]:
    raw_types = language.get("types", [])
    if not isinstance(raw_types, list):
        raise fail(file, f"{_WHERE}.types", "must be a list")
    types: dict[str, SlotType] = {}
    for index, raw in enumerate(raw_types):
        key = f"{_WHERE}.types[{index}]"
        name = require(raw, "name", str, file, key)
        if name in types:
            raise fail(file, f"{key}({name})", "slot type declared twice")
        values: list[SlotValue] = []
        seen: dict[str, str] = {}
        for vindex, raw_value in enumerate(require(raw, "values", list, file, key)):
            vkey = f"{key}({name}).values[{vindex}]"
            if isinstance(raw_value, dict) and "id" not in raw_value:
                raise fail(file, vkey, "every value needs an id (the skill reads entity resolution ids)")
            value_id = require(raw_value, "id", str, file, vkey)
            if any(v.id == value_id for v in values):
                raise fail(file, f"{vkey}({value_id})", "value id used twice in this type")
            value_name = require(raw_value, "name", dict, file, vkey)
            spoken = require(value_name, "value", str, file, f"{vkey}.name")
            synonyms = value_name.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise fail(file, f"{vkey}.name.synonyms", "must be a list of strings")
            for phrase in [spoken, *synonyms]:
                folded = phrase.strip().lower()
                if not folded:
                    raise fail(file, f"{vkey}({value_id})", "empty value or synonym")
                if folded in seen:
                    problem = (f"'{phrase}' appears twice in {value_id}" if seen[folded] == value_id
                               else f"'{phrase}' belongs to both {seen[folded]} and {value_id}")
                    raise fail(file, vkey, problem)
                seen[folded] = value_id
            values.append(SlotValue(value_id, spoken, tuple(synonyms)))
        types[name] = SlotType(name, tuple(values))
    return types


def _parse_intent(
    raw: Any,
    key: str,
    file: str,
    types: Mapping[str, SlotType],
    earlier: list[IntentDefinition],
    sample_owner: dict[str, str],
) -> IntentDefinition:
    name = require(raw, "name", str, file, key)
    if any(i.name == name for i in earlier):
        raise fail(file, f"{key}({name})", "intent declared twice")
    raw_slots = raw.get("slots", [])
    if not isinstance(raw_slots, list):
        raise fail(file, f"{key}({name}).slots", "must be a list")
    slots: list[tuple[str, str]] = []
    for sindex, raw_slot in enumerate(raw_slots):
        skey = f"{key}({name}).slots[{sindex}]"
        slot_name = require(raw_slot, "name", str, file, skey)
        slot_type = require(raw_slot, "type", str, file, skey)
        if slot_type not in types and not slot_type.startswith("AMAZON."):
            raise fail(file, skey, f"slot type {slot_type} is not declared")
        if slot_type.startswith("AMAZON.") and slot_type not in (
            FREE_WORD_SLOT_TYPES | ALEXA_ONLY_SLOT_TYPES | NUMBER_SLOT_TYPES
        ):
            raise fail(file, f"{_WHERE}.intents({name})", f"slot type {slot_type} is not supported")
        slots.append((slot_name, slot_type))
    texts = raw.get("samples", [])
    if not isinstance(texts, list) or not all(isinstance(s, str) for s in texts):
        raise fail(file, f"{key}({name}).samples", "must be a list of strings")
    if not texts and name not in INTENTS_WITHOUT_SAMPLES:
        raise fail(file, f"{key}({name}).samples", "needs at least one sample to be understood")
    declared = dict(slots)
    samples: list[Sample] = []
    for text in texts:
        samples.append(_tokenise(text, declared, file, f"{key}({name}).samples"))
        folded = text.strip().lower()
        if folded in sample_owner and sample_owner[folded] != name:
            raise fail(file, f"{key}({name}).samples", f"'{text}' is also a sample of {sample_owner[folded]}")
        sample_owner[folded] = name
    return IntentDefinition(name, tuple(slots), tuple(samples))


def _tokenise(text: str, declared: Mapping[str, str], file: str, key: str) -> Sample:
    """The sample's words and slot references; every `{slot}` declared and standing alone."""
    rest = re.sub(SLOT_REF, "", text)
    if "{" in rest or "}" in rest:
        raise fail(file, key, f"'{text}' has an unbalanced brace")
    for ref in re.findall(SLOT_REF, text):
        if ref not in declared:
            raise fail(file, key, f"'{text}' uses undeclared slot {{{ref}}}")
    tokens: list[SampleToken] = []
    for piece in text.split():
        whole = re.fullmatch(_WHOLE_SLOT_REF, piece)
        if whole is not None:
            tokens.append(SlotRef(whole.group(1), declared[whole.group(1)]))
        elif "{" in piece:
            raise fail(file, key, f"'{text}': a slot reference must stand alone between spaces")
        else:
            tokens.append(piece)
    return Sample(text, tuple(tokens))


def _check_core_needs(intents: list[IntentDefinition], types: Mapping[str, SlotType], file: str) -> None:
    """Every intent the core knows is there, with the slots the core reads, of a fitting type."""
    present = {i.name for i in intents}
    for needed in IntentName:
        if needed not in present:
            raise fail(file, f"{_WHERE}.intents", f"intent {needed} is required (the core answers it)")
    by_name = {i.name: i for i in intents}
    type_owner: dict[str, str] = {}
    for core_intent, core_slots in CORE_SLOTS.items():
        declared = by_name[core_intent].slot_types
        where = f"{_WHERE}.intents({core_intent}).slots"
        for slot, kind in core_slots.items():
            slot_type = declared.get(slot)
            if kind is SlotKind.FREE_WORD and slot_type not in FREE_WORD_SLOT_TYPES:
                raise fail(file, where, f"needs slot {slot} of a first-name type")
            if kind is SlotKind.NUMBER and slot_type not in NUMBER_SLOT_TYPES:
                raise fail(file, where, f"needs slot {slot} of a number type")
            if kind is SlotKind.VALUE_ID:
                if slot_type is None or slot_type not in types:
                    raise fail(file, where, f"needs slot {slot} of a custom slot type")
                # Each answer the core reads by id has its own type: a weather is never a need
                # (slots of one intent may share it: a weather said, and a weather denied).
                other = type_owner.setdefault(slot_type, core_intent)
                if other != core_intent:
                    raise fail(file, where, f"slot {slot} has the type {slot_type} of {other}")
