"""Alexa's own rules for an interaction model, on top of the core's check of it.

`problems(model)` first parses the model with the core's parser (the one `Locale.build`
uses): the shape, declared slot types, slot references, samples shared by two intents,
value ids and values or synonyms used twice. If that fails, its message is the one
problem. Otherwise `alexa_problems` adds what only Alexa asks of a custom skill: the
invocation name rules (lower case letters and single spaces, numbers spelled out, at
least two words, no launch or wake word), slot names of letters and underscores,
samples without stray spaces, digits or punctuation, and the built-in intents every
custom skill must have. There is no public JSON Schema for these rules.
"""

from __future__ import annotations

import re
from typing import Any

from dialogue.interaction_model import InteractionModel, LocaleError, SlotRef, parse_interaction_model

REQUIRED_BUILT_INS = ("AMAZON.HelpIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent",
                      "AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent")
LAUNCH_WORDS = frozenset({"open", "ask", "start", "tell", "launch", "begin", "use", "vraag", "openen", "starten",
                          "gebruik", "load", "play", "run", "resume"})
WAKE_WORDS = frozenset({"alexa", "amazon", "echo", "computer", "skill", "app"})
# Letters (any script), spaces, apostrophes, hyphens and periods of spelled abbreviations.
_SAMPLE_TEXT = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]*)*$")
_SLOT_NAME = re.compile(r"^[A-Za-z][A-Za-z_]*$")


def problems(model: Any) -> list[str]:
    """Every broken rule of an interaction model (parsed JSON), one line each."""
    try:
        parsed = parse_interaction_model(model)
    except LocaleError as error:
        return [str(error)]
    return alexa_problems(parsed)


def alexa_problems(model: InteractionModel) -> list[str]:
    """The rules Alexa has beyond the core's check, for a model that passed that check."""
    found = _invocation_problems(model.invocation_name)
    names = {i.name for i in model.intents}
    found += [f"intents: {built_in} is required" for built_in in REQUIRED_BUILT_INS if built_in not in names]
    for intent in model.intents:
        where = f"intents({intent.name})"
        found += [f"{where}.slots: bad slot name {slot!r}" for slot, _ in intent.slots if not _SLOT_NAME.match(slot)]
        for sample in intent.samples:
            text = sample.text
            if text != text.strip() or "  " in text:
                found.append(f"{where}.samples: {text!r} has stray spaces")
                continue
            words = " ".join("x" if isinstance(t, SlotRef) else t for t in sample.tokens)
            if not _SAMPLE_TEXT.match(words):
                found.append(f"{where}.samples: {text!r} has digits, punctuation or bad braces")
    return found


def _invocation_problems(name: str) -> list[str]:
    where = "invocationName"
    if not name:
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
