"""The language data the core speaks and understands, validated once at load time.

`Locale.build` takes the already-parsed contents of the three locale files (the edges
read them from disk) and checks them thoroughly: a broken or incomplete locale fails
here, with a message naming the file and the key, never in the middle of a turn.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dialogue.intents import (
    ALEXA_ONLY_SLOT_TYPES,
    CORE_SLOTS,
    FREE_WORD_SLOT_TYPES,
    INTENTS_WITHOUT_SAMPLES,
    SLOT_TYPES,
    IntentName,
)
from dialogue.prompt_catalog import REQUIRED_PROMPTS, REQUIRED_SYSTEM_MESSAGES


class LocaleError(Exception):
    """A locale file is missing, malformed or incomplete. The message names file and key."""


@dataclass(frozen=True)
class SlotValue:
    id: str
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class SlotType:
    name: str
    values: tuple[SlotValue, ...]


@dataclass(frozen=True)
class IntentDefinition:
    name: str
    slots: tuple[tuple[str, str], ...]  # (slot name, slot type)
    samples: tuple[str, ...]


@dataclass(frozen=True)
class UnderstandingRules:
    """Extra rules for understanding typed or transcribed text."""

    fillers: frozenset[str]
    replacements: Mapping[str, str]
    free_answer_intents: frozenset[str]
    negations: frozenset[str]
    safety_phrases: tuple[str, ...]


@dataclass(frozen=True)
class Locale:
    """Everything Dutch: the interaction model, the prompts, the understanding rules."""

    invocation_name: str
    intents: tuple[IntentDefinition, ...]
    slot_types: Mapping[str, SlotType]
    prompts: Mapping[str, str]
    system: Mapping[str, str]
    rules: UnderstandingRules

    def say(self, prompt_id: str, **params: object) -> str:
        """The sentence with this id, its named placeholders filled in."""
        return self.prompts[prompt_id].format(**params)

    def system_message(self, message_id: str, **params: object) -> str:
        """A message of an edge (console, store, voice), its placeholders filled in."""
        return self.system[message_id].format(**params)

    def value_name(self, type_name: str, value_id: str) -> str:
        """The canonical spoken name of a slot value id (e.g. KNUFFEL -> 'een knuffel')."""
        for value in self.slot_types[type_name].values:
            if value.id == value_id:
                return value.name
        raise KeyError(f"{type_name} has no value {value_id}")

    def intent(self, name: str) -> IntentDefinition:
        for definition in self.intents:
            if definition.name == name:
                return definition
        raise KeyError(name)

    @staticmethod
    def build(
        model: Any,
        prompts: Any,
        rules: Any,
        *,
        model_file: str = "interaction_model.json",
        prompts_file: str = "prompts.toml",
        rules_file: str = "understanding.toml",
    ) -> Locale:
        """Validate parsed locale files and build the locale; raises LocaleError."""
        invocation, intents, types = _parse_model(model, model_file)
        return Locale(
            invocation_name=invocation,
            intents=intents,
            slot_types=types,
            prompts=parse_message_table(prompts, "prompts", REQUIRED_PROMPTS, prompts_file),
            system=parse_message_table(prompts, "system", REQUIRED_SYSTEM_MESSAGES, prompts_file),
            rules=_parse_rules(rules, rules_file, {i.name for i in intents}),
        )


def _fail(file: str, key: str, problem: str) -> LocaleError:
    return LocaleError(f"{file}: {key}: {problem}")


def _require(mapping: Any, key: str, kind: type, file: str, where: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise _fail(file, f"{where}.{key}" if where else key, "missing")
    value = mapping[key]
    if not isinstance(value, kind):
        raise _fail(file, f"{where}.{key}" if where else key, f"must be a {kind.__name__}")
    return value


_SLOT_REF = re.compile(r"\{([^}]*)\}")


def _parse_model(
    model: Any, file: str
) -> tuple[str, tuple[IntentDefinition, ...], dict[str, SlotType]]:
    interaction = _require(model, "interactionModel", dict, file, "")
    language = _require(interaction, "languageModel", dict, file, "interactionModel")
    where = "interactionModel.languageModel"
    invocation = _require(language, "invocationName", str, file, where)
    raw_types = language.get("types", [])
    if not isinstance(raw_types, list):
        raise _fail(file, f"{where}.types", "must be a list")
    types: dict[str, SlotType] = {}
    for index, raw in enumerate(raw_types):
        key = f"{where}.types[{index}]"
        name = _require(raw, "name", str, file, key)
        if name in types:
            raise _fail(file, f"{key}({name})", "slot type declared twice")
        values: list[SlotValue] = []
        seen: dict[str, str] = {}
        for vindex, raw_value in enumerate(_require(raw, "values", list, file, key)):
            vkey = f"{key}({name}).values[{vindex}]"
            value_id = _require(raw_value, "id", str, file, vkey)
            if any(v.id == value_id for v in values):
                raise _fail(file, f"{vkey}({value_id})", "value id used twice in this type")
            value_name = _require(raw_value, "name", dict, file, vkey)
            spoken = _require(value_name, "value", str, file, f"{vkey}.name")
            synonyms = value_name.get("synonyms", [])
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise _fail(file, f"{vkey}.name.synonyms", "must be a list of strings")
            for phrase in [spoken, *synonyms]:
                folded = phrase.strip().lower()
                if not folded:
                    raise _fail(file, f"{vkey}({value_id})", "empty value or synonym")
                if folded in seen:
                    raise _fail(file, vkey, f"'{phrase}' is also a value or synonym of {seen[folded]}")
                seen[folded] = value_id
            values.append(SlotValue(value_id, spoken, tuple(synonyms)))
        types[name] = SlotType(name, tuple(values))

    for slot, type_name in SLOT_TYPES.items():
        if type_name not in types:
            raise _fail(file, f"{where}.types", f"slot type {type_name} (slot {slot.value}) is missing")

    intents: list[IntentDefinition] = []
    sample_owner: dict[str, str] = {}
    for index, raw in enumerate(_require(language, "intents", list, file, where)):
        key = f"{where}.intents[{index}]"
        name = _require(raw, "name", str, file, key)
        if any(i.name == name for i in intents):
            raise _fail(file, f"{key}({name})", "intent declared twice")
        raw_slots = raw.get("slots", [])
        if not isinstance(raw_slots, list):
            raise _fail(file, f"{key}({name}).slots", "must be a list")
        slots: list[tuple[str, str]] = []
        for sindex, raw_slot in enumerate(raw_slots):
            skey = f"{key}({name}).slots[{sindex}]"
            slot_name = _require(raw_slot, "name", str, file, skey)
            slot_type = _require(raw_slot, "type", str, file, skey)
            if slot_type not in types and not slot_type.startswith("AMAZON."):
                raise _fail(file, skey, f"slot type {slot_type} is not declared")
            slots.append((slot_name, slot_type))
        samples = raw.get("samples", [])
        if not isinstance(samples, list) or not all(isinstance(s, str) for s in samples):
            raise _fail(file, f"{key}({name}).samples", "must be a list of strings")
        declared = {slot for slot, _ in slots}
        if not samples and name not in {i.value for i in INTENTS_WITHOUT_SAMPLES}:
            raise _fail(file, f"{key}({name}).samples", "needs at least one sample to be understood")
        for sample in samples:
            if _SLOT_REF.sub("", sample).count("{") or _SLOT_REF.sub("", sample).count("}"):
                raise _fail(file, f"{key}({name}).samples", f"'{sample}' has an unbalanced brace")
            for ref in _SLOT_REF.findall(sample):
                if ref not in declared:
                    raise _fail(file, f"{key}({name}).samples", f"'{sample}' uses undeclared slot {{{ref}}}")
            folded = sample.strip().lower()
            if folded in sample_owner and sample_owner[folded] != name:
                raise _fail(file, f"{key}({name}).samples", f"'{sample}' is also a sample of {sample_owner[folded]}")
            sample_owner[folded] = name
        intents.append(IntentDefinition(name, tuple(slots), tuple(samples)))

    present = {i.name for i in intents}
    for needed in IntentName:
        if needed.value not in present:
            raise _fail(file, f"{where}.intents", f"intent {needed.value} is missing")
    for core_intent, core_slots in CORE_SLOTS.items():
        declared_slots = dict(next(i for i in intents if i.name == core_intent.value).slots)
        for slot, type_name in core_slots.items():
            if declared_slots.get(slot.value) != type_name:
                raise _fail(file, f"{where}.intents({core_intent.value}).slots",
                            f"needs slot {slot.value} of type {type_name}")
    for intent in intents:
        for slot_name, slot_type in intent.slots:
            if slot_type.startswith("AMAZON.") and slot_type not in FREE_WORD_SLOT_TYPES | ALEXA_ONLY_SLOT_TYPES:
                raise _fail(file, f"{where}.intents({intent.name})", f"slot type {slot_type} is not supported")
    return invocation, tuple(intents), types


def _placeholders(text: str) -> frozenset[str]:
    """The named placeholders of a prompt; ValueError for anything but plain `{name}`."""
    names: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"only plain {{name}} placeholders are allowed, not {{{name}...}}")
        names.add(name)
    return frozenset(names)


def parse_message_table(
    data: Any, table_name: str, required: Mapping[str, frozenset[str]], file: str
) -> dict[str, str]:
    """The sentences of one table of a parsed TOML file, checked against `required` (id ->
    the placeholders it may use): every id present, non-empty, plain placeholders only, no
    unknown ids. Raises LocaleError naming the file and the key."""
    table = _require(data, table_name, dict, file, "")
    result: dict[str, str] = {}
    for prompt_id, expected in required.items():
        key = f"{table_name}.{prompt_id}"
        if prompt_id not in table:
            raise _fail(file, key, "missing")
        text = table[prompt_id]
        if not isinstance(text, str) or not text.strip():
            raise _fail(file, key, "must be a non-empty string")
        try:
            found = _placeholders(text)
        except ValueError as error:
            raise _fail(file, key, f"broken placeholder ({error})") from None
        if not found <= expected:
            allowed = ", ".join(sorted(expected)) or "none"
            unknown = ", ".join(sorted(found - expected))
            raise _fail(file, key, f"unknown placeholder {unknown} (allowed: {allowed})")
        result[prompt_id] = text
    unused = sorted(set(table) - set(required))
    if unused:
        raise _fail(file, f"{table_name}.{unused[0]}", "is not used (remove it or fix its id)")
    return result


def _parse_rules(rules: Any, file: str, intent_names: set[str]) -> UnderstandingRules:
    fillers = _require(rules, "fillers", list, file, "")
    replacements = _require(rules, "replacements", dict, file, "")
    safety = _require(rules, "safety", dict, file, "")
    phrases = _require(safety, "phrases", list, file, "safety")
    free = _require(rules, "free_answer_intents", list, file, "")
    negations = _require(rules, "negations", list, file, "")
    for key, items in (
        ("fillers", fillers), ("safety.phrases", phrases), ("free_answer_intents", free), ("negations", negations)
    ):
        if not all(isinstance(i, str) and i.strip() for i in items):
            raise _fail(file, key, "must be a list of non-empty strings")
    if not phrases:
        raise _fail(file, "safety.phrases", "must not be empty")
    for name in free:
        if name not in intent_names:
            raise _fail(file, "free_answer_intents", f"{name} is not an intent of the interaction model")
    if not all(isinstance(v, str) for v in replacements.values()):
        raise _fail(file, "replacements", "values must be strings")
    return UnderstandingRules(
        fillers=frozenset(f.lower() for f in fillers),
        replacements={k.lower(): v.lower() for k, v in replacements.items()},
        free_answer_intents=frozenset(free),
        negations=frozenset(n.lower() for n in negations),
        safety_phrases=tuple(p.lower() for p in phrases),
    )
