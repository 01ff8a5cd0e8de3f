"""Alexa's own rules for an interaction model, beyond what the core's locale check needs.

`problems(model)` returns one line per broken rule (empty when the model is fine): the
shape, the invocation name, slot references, samples shared by two intents, duplicate
slot values or synonyms across ids, punctuation in samples, and the built-in intents a
custom skill must have. There is no public JSON Schema for this; the rules are those in
shared/notes/alexa.md.
"""

from __future__ import annotations

import re
from typing import Any

REQUIRED_BUILT_INS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                      "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent")
LAUNCH_WORDS = frozenset({"open", "ask", "start", "tell", "launch", "begin", "use", "vraag", "openen", "starten",
                          "gebruik", "load", "play", "run", "resume"})
WAKE_WORDS = frozenset({"alexa", "amazon", "echo", "computer", "skill", "app"})
_SLOT_REF = re.compile(r"\{([^{}]*)\}")
# Letters (any script), spaces, apostrophes, hyphens and periods of spelled abbreviations.
_SAMPLE_TEXT = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]*)*$")
_SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")


def problems(model: Any) -> list[str]:
    """Every broken rule of an interaction model (parsed JSON), one line each."""
    found: list[str] = []
    language = model.get("interactionModel", {}).get("languageModel") if isinstance(model, dict) else None
    if not isinstance(language, dict):
        return ["interactionModel.languageModel: missing"]
    found += _invocation_problems(language.get("invocationName"))
    types = language.get("types", [])
    intents = language.get("intents")
    if not isinstance(intents, list) or not isinstance(types, list):
        return found + ["interactionModel.languageModel: intents and types must be lists"]
    type_names = {t.get("name") for t in types if isinstance(t, dict)}
    names = [i.get("name") for i in intents if isinstance(i, dict)]
    for built_in in REQUIRED_BUILT_INS:
        if built_in not in names:
            found.append(f"intents: {built_in} is required")
    for name in {n for n in names if names.count(n) > 1}:
        found.append(f"intents: {name} is declared twice")
    owner: dict[str, str] = {}
    for intent in intents:
        found += _intent_problems(intent, type_names, owner)
    for slot_type in types:
        found += _type_problems(slot_type)
    return found


def _invocation_problems(name: Any) -> list[str]:
    where = "invocationName"
    if not isinstance(name, str) or not name:
        return [f"{where}: missing"]
    found = []
    if not re.fullmatch(r"[a-z]+( [a-z]+)*", name):
        found.append(f"{where}: lower case letters and single spaces only (numbers spelled out)")
    words = name.split()
    if len(words) < 2:
        found.append(f"{where}: at least two words")
    if words and words[0] in LAUNCH_WORDS or any(w in WAKE_WORDS for w in words):
        found.append(f"{where}: contains a launch or wake word")
    return found


def _intent_problems(intent: Any, type_names: set[Any], owner: dict[str, str]) -> list[str]:
    if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
        return ["intents: each intent needs a name"]
    name = intent["name"]
    where = f"intents({name})"
    found = []
    slots = intent.get("slots", [])
    declared = set()
    for slot in slots:
        slot_name, slot_type = slot.get("name"), slot.get("type")
        if not isinstance(slot_name, str) or not _SLOT_NAME.match(slot_name):
            found.append(f"{where}.slots: bad slot name {slot_name!r}")
        if not isinstance(slot_type, str) or (slot_type not in type_names and not slot_type.startswith("AMAZON.")):
            found.append(f"{where}.slots({slot_name}): type {slot_type!r} is not declared")
        declared.add(slot_name)
    for sample in intent.get("samples", []):
        if not isinstance(sample, str) or sample != sample.strip() or "  " in sample:
            found.append(f"{where}.samples: {sample!r} has stray spaces")
            continue
        for ref in _SLOT_REF.findall(sample):
            if ref not in declared:
                found.append(f"{where}.samples: {sample!r} uses undeclared slot {{{ref}}}")
        text = _SLOT_REF.sub("x", sample)
        if "{" in text or "}" in text or not _SAMPLE_TEXT.match(text):
            found.append(f"{where}.samples: {sample!r} has digits, punctuation or bad braces")
        key = sample.lower()
        if key in owner and owner[key] != name:
            found.append(f"{where}.samples: {sample!r} is also a sample of {owner[key]}")
        owner.setdefault(key, name)
    return found


def _type_problems(slot_type: Any) -> list[str]:
    if not isinstance(slot_type, dict) or not isinstance(slot_type.get("name"), str):
        return ["types: each type needs a name"]
    where = f"types({slot_type['name']})"
    found = []
    seen: dict[str, str] = {}
    ids: set[str] = set()
    for value in slot_type.get("values", []):
        value_id = value.get("id")
        if not value_id:
            found.append(f"{where}: every value needs an id (the skill reads entity resolution ids)")
        elif value_id in ids:
            found.append(f"{where}: id {value_id} is used twice")
        ids.add(value_id)
        spoken = value.get("name", {})
        for phrase in [spoken.get("value"), *spoken.get("synonyms", [])]:
            key = str(phrase).strip().lower()
            if key in seen and seen[key] != value_id:
                found.append(f"{where}: {phrase!r} belongs to both {seen[key]} and {value_id}")
            elif key in seen:
                found.append(f"{where}: {phrase!r} appears twice in {value_id}")
            seen.setdefault(key, value_id)
    return found
