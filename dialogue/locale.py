"""The language data the core speaks and understands, validated once at load time.

`Locale.build` takes the already-parsed contents of the three locale files (the edges
read them from disk) and checks them thoroughly: a broken or incomplete locale fails
here, with a message naming the file and the key, never in the middle of a turn. It is
the single source of everything derived from those files: the tokenised samples, the
type of each slot, and the one list of safety phrases.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dialogue.deferred import DeferredField
from dialogue.intents import NUMBER_SLOT_TYPES, Concern, IntentName
from dialogue.interaction_model import (
    IntentDefinition,
    InteractionModel,
    LocaleError,
    Sample,
    SampleToken,
    SlotRef,
    SlotType,
    SlotValue,
    fail,
    parse_interaction_model,
    require,
)
from dialogue.model import INTENSITY_RANGE

if TYPE_CHECKING:
    from dialogue.safety_rules import SafetyRules
    from dialogue.said_back import SaidBackForms
    from dialogue.shared_words import SharedWords
    from dialogue.worry_model import WorryModel

# What only building a locale from its files, or understanding words, needs (the prompt
# catalog, the danger rules, the worry model, folding, the shared words) is imported where
# it is used: a cold start reads the compiled locale, and its launch understands no words.

__all__ = [
    "IntentDefinition",
    "InteractionModel",
    "Locale",
    "LocaleError",
    "SafetyRules",
    "Sample",
    "SampleToken",
    "SlotRef",
    "SlotType",
    "SlotValue",
    "UnderstandingRules",
    "parse_message_table",
]


def __getattr__(name: str) -> object:
    if name == "SafetyRules":
        from dialogue.safety_rules import SafetyRules

        return SafetyRules
    raise AttributeError(f"module 'dialogue.locale' has no attribute {name!r}")


@dataclass(frozen=True)
class UnderstandingRules:
    """Extra rules for understanding typed or transcribed text."""

    fillers: frozenset[str]
    replacements: Mapping[str, str]
    free_answer_intents: frozenset[str]
    negations: frozenset[str]
    # The danger net: word classes and category patterns (deferred in the compiled locale).
    safety: DeferredField[SafetyRules] = DeferredField()  # noqa: RUF009 (a descriptor, dialogue.deferred)
    sample_negations: frozenset[str] = frozenset()  # they mark a sample as a denial, deny no value
    intensifiers: frozenset[str] = frozenset()  # fillers only before another word
    hedges: tuple[str, ...] = ()  # doubt around an answer: dropped when a value was said
    corrections: tuple[str, ...] = ()  # words that make a sentence a correction
    leading_corrections: tuple[str, ...] = ()  # ... only when they open it ("eigenlijk meer regen")
    reasons: frozenset[str] = frozenset()  # after these, a value is a reason, not the answer
    negation_bridges: frozenset[str] = frozenset()  # "niet zo goed": words between denial and value
    # A value's last word that, right before another value, only makes that one stronger ("goed klote").
    value_intensifiers: frozenset[str] = frozenset()
    changes: frozenset[str] = frozenset()  # a change of mind: "maar", "nu"; they start a clause too
    never_joined: frozenset[str] = frozenset()  # words never joined to another ("sam en" is no "samen")
    # Words a sentence a recogniser wrote as one word may open with ("ikbenbang" is "ik ben bang").
    glued_openers: frozenset[str] = frozenset()
    own_words_intents: frozenset[str] = frozenset()  # answers that may be said in one's own words
    own_words_openers: tuple[str, ...] = ()  # "dat ...", "ik wil dat ...": a wish in one's own words
    # A free answer opening with one of these ("voor de check-in elke avond") is shaped as that
    # answer: a command counts in it only when said as its sample.
    free_answer_openers: tuple[str, ...] = ()
    # At a step expecting one of these (the letter's writing pauses) only a command said clearly counts.
    clear_commands_only: frozenset[str] = frozenset()
    careful_intents: frozenset[str] = frozenset()  # what erases: only on words that say it
    # What erases is asked of the coach: said of another ("hij vergeet alles") it is not asked.
    addressed_intents: frozenset[str] = frozenset()
    third_persons: tuple[str, ...] = ()  # "hij", "mijn partner": a clause they open is said of another
    first_persons: frozenset[str] = frozenset()  # "ik", "me": a clause with one is (also) of the speaker
    addressed_words: frozenset[str] = frozenset()  # "je": the coach addressed
    # A word that only limits the word after it ("alleen maar"): dropped there in an answer.
    only_phrases: frozenset[tuple[str, str]] = frozenset()
    # Plain words the locale knows though no sample uses them: never read as another word a
    # letter off ("vergeeft" is no "vergeet").
    known_words: frozenset[str] = frozenset()
    # At a step expecting one of these (the consent question) a yes said with a question or a
    # doubt is that intent (what is kept, explained), never a yes.
    careful_yes_intents: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()  # "wat", "waarom": a clause they open asks
    exclamations: tuple[tuple[str, ...], ...] = ()  # "wat een": a question word that asks nothing
    # "hallo", "goedenavond": dropped like fillers; said with nothing but fillers, a greeting.
    greetings: frozenset[str] = frozenset()
    # Where a yes may be only partly so (a step taking PartlyIntent: "Ben je nu veilig?", the
    # questions before erasing), a yes holding one of these phrases is PartlyIntent.
    unclear_yes: tuple[str, ...] = ()
    # Words that make the words in a name sample's slots names, whatever they are ("wij heten roos en daan").
    naming_words: frozenset[str] = frozenset()
    negation_stops: frozenset[str] = frozenset()  # after a value, a negation past these denies it not
    # intent -> intent it is read as where a step expects only the latter ("verder" while breathing)
    read_as: Mapping[str, str] = field(default_factory=dict)
    # number words -> the number ("zeven" -> 7), lower case as written; where a number is asked
    numbers: Mapping[str, int] = field(default_factory=dict)
    # number words that are ordinary words too ("een"): a number only when no other is said
    ambiguous_numbers: frozenset[str] = frozenset()
    # the scale said with a number ("van de tien"): no answer itself
    number_scales: tuple[str, ...] = ()
    # words after which a number counts things, and is no answer where a number is asked ("nog vijf")
    counting_words: frozenset[str] = frozenset()
    # words that, said alone, ask to hear it again ("wat?", "huh?")
    say_again: frozenset[str] = frozenset()
    # value ids of a bright answer ("ZONNIG"): said with a word of the `bright_pain` word
    # classes ("vreemdgegaan"), the pain counts
    bright_values: frozenset[str] = frozenset()
    bright_pain: tuple[str, ...] = ()
    # openings of a question about what something means ("wat bedoel je", "wat is de"): never an answer
    meaning_questions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Locale:
    """Everything Dutch: the interaction model, the prompts, the understanding rules."""

    invocation_name: str
    intents: tuple[IntentDefinition, ...]
    slot_types: Mapping[str, SlotType]
    prompts: Mapping[str, str]
    system: Mapping[str, str]
    rules: UnderstandingRules
    # Concrete danger phrases, lower case, once: made from the danger model's word classes
    # (`safety_rules.example_phrases`), then the SafetyIntent samples. A bounded list for the
    # voice grammars and Alexa's SafetyIntent; the understanding uses the model itself.
    safety_phrases: tuple[str, ...]
    # Feelings said as "je voelt je verraden" rather than "je voelt verdriet" (prompts.toml [forms]).
    reflexive_feelings: frozenset[str] = frozenset()
    # Danger category name (understanding.toml) -> what it is about (prompts.toml [concerns]);
    # a category not listed is UNCLEAR, so it hears every help line.
    danger_concerns: Mapping[str, str] = field(default_factory=dict)
    # Phone number as written -> as said (prompts.toml [spoken_numbers]): a speech engine
    # reads "112" as "honderdtwaalf"; the Dutch say "één één twee".
    spoken_numbers: Mapping[str, str] = field(default_factory=dict)
    # A value said in a particular place of a sentence (prompts.toml [forms]): a weather as
    # an adjective ("regenachtig"), a need as something to give ("tijd voor een gesprek").
    weather_adjectives: Mapping[str, str] = field(default_factory=dict)
    needs_to_give: Mapping[str, str] = field(default_factory=dict)
    # A feeling said back in the words it was heard in, when they are one of these phrases of
    # its value ("niks waard" is reflected as "niks waard", not as the value's name "waardeloos").
    feelings_as_said: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A small number as a word ("drie"), prompts.toml [forms] numbers: said in sentences
    # ("op drie dagen") and for a speech engine (a breath's count, the seconds of a pace).
    number_words: Mapping[int, str] = field(default_factory=dict)
    # How one's own words are said back to the one who said them (prompts.toml [said_back]),
    # as plain data: `said_back.SaidBackForms`' fields, checked at build.
    said_back_forms: Mapping[str, Any] = field(default_factory=dict)
    # Prompts said in more than one way (a list in prompts.toml): every variant, the first
    # being `prompts[id]`. Acknowledgements heard daily, so they do not sound the same.
    variants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The second opinion on danger (worry_model.tsv): when it is worried and no danger rule
    # fired, the coach asks whether the person is safe. None: no such check.
    # (Deferred in the Lambda's compiled locale: a launch never reads it.)
    worry: DeferredField[WorryModel | None] = DeferredField(None)  # noqa: RUF009 (a descriptor, dialogue.deferred)

    def speech(self, text: str) -> str:
        """`text` for a speech engine: every known phone number written as it is said, and
        every small number on its own ("4 seconden", "1. Adem in") as its word; times
        ("20:00") are left as they are."""
        if _DIGIT.search(text) is None and self._numbers_have_digits:
            return text  # (no number in it: nothing to say otherwise)
        if self.spoken_numbers:
            text = _number_pattern(tuple(self.spoken_numbers)).sub(lambda m: self.spoken_numbers[m.group(0)], text)
        if self.number_words:
            text = _SMALL_NUMBER.sub(lambda m: self.number_words.get(int(m.group(0)), m.group(0)), text)
        return text

    @functools.cached_property
    def _numbers_have_digits(self) -> bool:
        """Whether every phone number of `spoken_numbers` has a digit (a text without digits
        then holds none of them)."""
        return all(_DIGIT.search(number) for number in self.spoken_numbers)

    @property
    def number_values(self) -> SlotType:
        """The numbers the locale has words for, as a slot type of the number slots (value id:
        the number in digits; the first word for it is its name, the others its synonyms)."""
        words: dict[int, list[str]] = {}
        for word, number in self.rules.numbers.items():
            words.setdefault(number, []).append(word)
        return SlotType(
            "AMAZON.NUMBER",
            tuple(SlotValue(str(n), said[0], tuple(said[1:])) for n, said in sorted(words.items())),
        )

    def values_of(self, type_name: str) -> SlotType | None:
        """The values of a slot type as they can be said: a custom type of the interaction
        model, a number type (the locale's number words), or None (a free word, a time)."""
        if type_name in NUMBER_SLOT_TYPES:
            return self.number_values
        return self.slot_types.get(type_name)

    def concern_of(self, category: str | None) -> str:
        """What the danger category `category` is about (a `Concern`); UNCLEAR when unknown."""
        return self.danger_concerns.get(category or "", Concern.UNCLEAR)

    def say(self, prompt_id: str, **params: object) -> str:
        """The sentence with this id, its named placeholders filled in (its first variant)."""
        return self.prompts[prompt_id].format(**params)

    def feeling_as_said(self, value_id: str, said: str | None) -> str | None:
        """The words a feeling was heard in, when the locale says that value back as heard
        (`feelings_as_said`); else None."""
        if said is None:
            return None
        from dialogue.folding import fold

        heard = " ".join(fold(said).replace("-", " ").split())
        return next((p for p in self.feelings_as_said.get(value_id, ()) if fold(p) == heard), None)

    def turned_to_listener(self, said: str) -> str:
        """One's own words said back to the one who said them ("ik wil dat hij me vergeeft" ->
        "je wilt dat hij je vergeeft"); as said where the locale has no [said_back]."""
        from dialogue.said_back import turned_to_listener

        return turned_to_listener(said, self._said_back)

    @functools.cached_property
    def _said_back(self) -> SaidBackForms:
        from dialogue.said_back import SaidBackForms

        return SaidBackForms(**self.said_back_forms)

    def say_variant(self, prompt_id: str, choice: int, **params: object) -> str:
        """Variant `choice` (taken modulo how many there are) of the sentence with this id."""
        options = self.variants.get(prompt_id) or (self.prompts[prompt_id],)
        return options[choice % len(options)].format(**params)

    def all_variants(self, prompt_id: str, **params: object) -> tuple[str, ...]:
        """Every way the sentence with this id is said, its placeholders filled in."""
        return tuple(text.format(**params) for text in self.variants.get(prompt_id) or (self.prompts[prompt_id],))

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
        """The intent with this name; KeyError if the model has none."""
        for definition in self.intents:
            if definition.name == name:
                return definition
        raise KeyError(name)

    def slot_type(self, intent: str, slot: str) -> str:
        """The type the interaction model gives a slot of an intent (e.g. weather -> 'WeatherType')."""
        return self.intent(intent).slot_types[slot]

    @property
    def model(self) -> InteractionModel:
        """The interaction model part of the locale."""
        return InteractionModel(self.invocation_name, self.intents, self.slot_types)

    @functools.cached_property
    def shared_words(self) -> SharedWords:
        """What the same words may arrive as (`dialogue.shared_words`), derived at first use:
        a conversation's launch never needs it."""
        from dialogue.shared_words import SharedWords

        return SharedWords.of(self.model, self.rules.free_answer_intents)

    @staticmethod
    def build(
        model: Any,
        prompts: Any,
        rules: Any,
        worry: str | None = None,
        *,
        model_file: str = "interaction_model.json",
        prompts_file: str = "prompts.toml",
        rules_file: str = "understanding.toml",
        worry_file: str = "worry_model.tsv",
    ) -> Locale:
        """Validate parsed locale files and build the locale; raises LocaleError."""
        from dialogue.prompt_catalog import REQUIRED_PROMPTS, REQUIRED_SYSTEM_MESSAGES
        from dialogue.safety_rules import example_phrases
        from dialogue.worry_model import parse_worry_model

        parsed = parse_interaction_model(model, model_file)
        variants: dict[str, tuple[str, ...]] = {}
        understanding = _parse_rules(rules, rules_file, {i.name for i in parsed.intents})
        if any(t in NUMBER_SLOT_TYPES for i in parsed.intents for _, t in i.slots):
            missing = [n for n in range(INTENSITY_RANGE[0], INTENSITY_RANGE[1] + 1)
                       if n not in understanding.numbers.values()]
            if missing:
                raise fail(rules_file, "numbers", f"needs a word for every number from {INTENSITY_RANGE[0]} "
                           f"to {INTENSITY_RANGE[1]} (missing {missing[0]})")
        panic_feeling = understanding.safety.panic_feeling
        if panic_feeling is not None and panic_feeling not in {v.id for t in parsed.slot_types.values() for v in t.values}:
            raise fail(rules_file, "panic.feeling", f"{panic_feeling} is no value id of the interaction model")
        safety_samples = next(i for i in parsed.intents if i.name == IntentName.SAFETY).texts
        return Locale(
            invocation_name=parsed.invocation_name,
            intents=parsed.intents,
            slot_types=parsed.slot_types,
            prompts=parse_message_table(prompts, "prompts", REQUIRED_PROMPTS, prompts_file, variants=variants),
            system=parse_message_table(prompts, "system", REQUIRED_SYSTEM_MESSAGES, prompts_file),
            rules=understanding,
            safety_phrases=tuple(
                dict.fromkeys(p.lower() for p in (*example_phrases(understanding.safety), *safety_samples))
            ),
            reflexive_feelings=_parse_forms(prompts, prompts_file, parsed),
            danger_concerns=_parse_concerns(prompts, prompts_file, understanding),
            spoken_numbers=_parse_spoken_numbers(prompts, prompts_file),
            weather_adjectives=_parse_value_forms(prompts, prompts_file, parsed, "weather_adjectives"),
            needs_to_give=_parse_value_forms(prompts, prompts_file, parsed, "needs_to_give"),
            feelings_as_said=_parse_said_forms(prompts, prompts_file, parsed, "feelings_as_said"),
            number_words=_parse_number_words(prompts, prompts_file),
            said_back_forms=_parse_said_back(prompts, prompts_file),
            variants=variants,
            worry=None if worry is None else parse_worry_model(worry, worry_file),
        )


def _parse_said_back(prompts: Any, file: str) -> Mapping[str, Any]:
    """The [said_back] table (optional): the fields of `said_back.SaidBackForms`."""
    table = prompts.get("said_back", {}) if isinstance(prompts, dict) else {}
    if not isinstance(table, dict):
        raise fail(file, "said_back", "must be a table")
    forms: dict[str, Any] = {}
    for key in ("pronouns", "verbs"):
        words = table.get(key, {})
        if not isinstance(words, dict) or not all(isinstance(v, str) and v.strip() for v in words.values()):
            raise fail(file, f"said_back.{key}", "must be a table of word = word")
        forms[key] = {str(k).lower(): v for k, v in words.items()}
    for key in ("clause_starts", "listener_words"):
        words = table.get(key, [])
        if not isinstance(words, list) or not all(isinstance(v, str) and v.strip() for v in words):
            raise fail(file, f"said_back.{key}", "must be a list of words")
        forms[key] = frozenset(v.lower() for v in words)
    subject = table.get("subject", "")
    if not isinstance(subject, str) or (subject and subject.lower() not in forms["pronouns"]):
        raise fail(file, "said_back.subject", "must be one of said_back.pronouns")
    forms["subject"] = subject.lower()
    return forms


def _parse_number_words(prompts: Any, file: str) -> Mapping[int, str]:
    """[forms] numbers (optional): a small number -> the word for it."""
    forms = prompts.get("forms", {}) if isinstance(prompts, dict) else {}
    table = forms.get("numbers", {}) if isinstance(forms, dict) else {}
    if not isinstance(table, dict) or not all(
        k.isdigit() and isinstance(v, str) and v.strip() and not any(c.isdigit() for c in v) for k, v in table.items()
    ):
        raise fail(file, "forms.numbers", "must be a table of number = word")
    return {int(k): str(v) for k, v in table.items()}


# A number of one or two digits on its own: not part of a longer number, a phone number
# ("0800-2000") or a time ("20:00").
_SMALL_NUMBER = re.compile(r"(?<![\d:.,-])\d{1,2}(?![\d:]|[.,-]\d)")
_DIGIT = re.compile(r"\d")


def _parse_value_forms(prompts: Any, file: str, model: InteractionModel, name: str) -> Mapping[str, str]:
    """A table of [forms] (optional): value id -> how it is said in that place."""
    forms = prompts.get("forms", {}) if isinstance(prompts, dict) else {}
    table = forms.get(name, {}) if isinstance(forms, dict) else {}
    if not isinstance(table, dict) or not all(isinstance(v, str) and v.strip() for v in table.values()):
        raise fail(file, f"forms.{name}", "must be a table of value id = words")
    known = {v.id for t in model.slot_types.values() for v in t.values}
    for value_id in table:
        if value_id not in known:
            raise fail(file, f"forms.{name}", f"{value_id} is no value id of the interaction model")
    return {str(k): str(v) for k, v in table.items()}


def _parse_said_forms(prompts: Any, file: str, model: InteractionModel, name: str) -> Mapping[str, tuple[str, ...]]:
    """A table of [forms] (optional): value id -> phrases of that value said back as heard."""
    forms = prompts.get("forms", {}) if isinstance(prompts, dict) else {}
    table = forms.get(name, {}) if isinstance(forms, dict) else {}
    if not isinstance(table, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) and p.strip() for p in v) for v in table.values()
    ):
        raise fail(file, f"forms.{name}", "must be a table of value id = list of phrases")
    from dialogue.folding import fold

    phrases = {v.id: {fold(p) for p in v.phrases} for t in model.slot_types.values() for v in t.values}
    for value_id, said in table.items():
        if value_id not in phrases:
            raise fail(file, f"forms.{name}", f"{value_id} is no value id of the interaction model")
        for phrase in said:
            if fold(phrase) not in phrases[value_id]:
                raise fail(file, f"forms.{name}.{value_id}", f"{phrase!r} is no value or synonym of {value_id}")
    return {str(k): tuple(v) for k, v in table.items()}


@functools.cache
def _number_pattern(numbers: tuple[str, ...]) -> re.Pattern[str]:
    """The known numbers, longest first, never part of a longer number ("113" in "0800-0113")."""
    choices = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
    return re.compile(rf"(?<![\d-])(?:{choices})(?![\d-])")


def _parse_spoken_numbers(prompts: Any, file: str) -> Mapping[str, str]:
    """The [spoken_numbers] table of prompts.toml (optional): number as written -> as said."""
    table = prompts.get("spoken_numbers", {}) if isinstance(prompts, dict) else {}
    if not isinstance(table, dict):
        raise fail(file, "spoken_numbers", "must be a table")
    for number, said in table.items():
        if not isinstance(said, str) or not said.strip() or any(c.isdigit() for c in said):
            raise fail(file, f"spoken_numbers.{number}", "must be the number in words, without digits")
    return {str(number): str(said) for number, said in table.items()}


def _parse_concerns(prompts: Any, file: str, rules: UnderstandingRules) -> Mapping[str, str]:
    """The [concerns] table of prompts.toml (optional): danger category name -> Concern."""
    table = prompts.get("concerns", {}) if isinstance(prompts, dict) else {}
    if not isinstance(table, dict):
        raise fail(file, "concerns", "must be a table")
    known = {category.name for category in rules.safety.danger}
    allowed = {c.value for c in Concern}
    for name, concern in table.items():
        if name not in known:
            raise fail(file, f"concerns.{name}", "is no danger category of the understanding")
        if concern not in allowed:
            raise fail(file, f"concerns.{name}", f"must be one of {sorted(allowed)}")
    return {str(name): str(concern) for name, concern in table.items()}


def _parse_forms(prompts: Any, file: str, model: InteractionModel) -> frozenset[str]:
    """The [forms] table of prompts.toml (optional): value ids said in a particular form."""
    forms = prompts.get("forms", {}) if isinstance(prompts, dict) else {}
    if not isinstance(forms, dict):
        raise fail(file, "forms", "must be a table")
    reflexive = forms.get("reflexive_feelings", [])
    if not isinstance(reflexive, list) or not all(isinstance(v, str) for v in reflexive):
        raise fail(file, "forms.reflexive_feelings", "must be a list of value ids")
    known = {v.id for t in model.slot_types.values() for v in t.values}
    for value_id in reflexive:
        if value_id not in known:
            raise fail(file, "forms.reflexive_feelings", f"{value_id} is no value id of the interaction model")
    return frozenset(reflexive)


def _placeholders(text: str) -> frozenset[str]:
    """The named placeholders of a prompt; ValueError for anything but plain `{name}`."""
    if "{" not in text and "}" not in text:
        return frozenset()  # (what the parse below finds in such a text, found faster)
    names: set[str] = set()
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            raise ValueError(f"only plain {{name}} placeholders are allowed, not {{{name}...}}")
        names.add(name)
    return frozenset(names)


def parse_message_table(
    data: Any,
    table_name: str,
    required: Mapping[str, frozenset[str]],
    file: str,
    *,
    variants: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """The sentences of one table of a parsed TOML file, checked against `required` (id ->
    the placeholders it may use): every id present, non-empty, plain placeholders only, no
    unknown ids. Raises LocaleError naming the file and the key.

    With `variants` (a dict to fill), a sentence may be a list of ways to say it: each is
    checked, the first is the table's sentence and the whole list goes into `variants`."""
    table = require(data, table_name, dict, file, "")
    result: dict[str, str] = {}
    for prompt_id, expected in required.items():
        key = f"{table_name}.{prompt_id}"
        if prompt_id not in table:
            raise fail(file, key, "missing")
        value = table[prompt_id]
        if variants is not None and isinstance(value, list):
            if not value:
                raise fail(file, key, "must hold at least one sentence")
            texts = tuple(value)
        else:
            texts = (value,)
        for text in texts:
            if not isinstance(text, str) or not text.strip():
                raise fail(file, key, "must be a non-empty string" if len(texts) == 1 else "must be non-empty strings")
            try:
                found = _placeholders(text)
            except ValueError as error:
                raise fail(file, key, f"broken placeholder ({error})") from None
            if not found <= expected:
                allowed = ", ".join(sorted(expected)) or "none"
                unknown = ", ".join(sorted(found - expected))
                raise fail(file, key, f"unknown placeholder {unknown} (allowed: {allowed})")
        result[prompt_id] = texts[0]
        if variants is not None and len(texts) > 1:
            variants[prompt_id] = texts
    unused = sorted(set(table) - set(required))
    if unused:
        raise fail(file, f"{table_name}.{unused[0]}", "is not used (remove it or fix its id)")
    return result


def _word_pair(phrase: str, file: str) -> tuple[str, str]:
    """"alleen maar": the word that only limits, and the word after it."""
    words = phrase.lower().split()
    if len(words) != 2:
        raise fail(file, "only_phrases", f"{phrase!r} must be two words")
    return words[0], words[1]


def _parse_rules(rules: Any, file: str, intent_names: set[str]) -> UnderstandingRules:
    from dialogue.folding import fold
    from dialogue.safety_rules import parse_safety_rules

    fillers = require(rules, "fillers", list, file, "")
    replacements = require(rules, "replacements", dict, file, "")
    safety = parse_safety_rules(rules, file)
    free = require(rules, "free_answer_intents", list, file, "")
    negations = require(rules, "negations", list, file, "")
    optional = {key: rules.get(key, []) for key in ("intensifiers", "hedges", "corrections", "leading_corrections", "reasons",
                                                    "negation_bridges", "changes", "never_joined", "glued_openers",
                                                    "own_words_intents", "own_words_openers", "free_answer_openers",
                                                    "clear_commands_only", "ambiguous_numbers", "number_scales",
                                                    "sample_negations", "careful_intents", "negation_stops",
                                                    "careful_yes_intents", "question_words", "naming_words",
                                                    "counting_words", "value_intensifiers", "unclear_yes", "say_again",
                                                    "bright_values", "bright_pain", "meaning_questions", "exclamations",
                                                    "greetings", "addressed_intents", "third_persons", "first_persons",
                                                    "addressed_words", "known_words", "only_phrases")}
    for key, value in optional.items():
        if not isinstance(value, list):
            raise fail(file, key, "must be a list")
    for key, items in (
        ("fillers", fillers), ("free_answer_intents", free), ("negations", negations),
        *optional.items(),
    ):
        if not all(isinstance(i, str) and i.strip() for i in items):
            raise fail(file, key, "must be a list of non-empty strings")
    for key, names in (("free_answer_intents", free), ("own_words_intents", optional["own_words_intents"]),
                       ("clear_commands_only", optional["clear_commands_only"]),
                       ("careful_intents", optional["careful_intents"]),
                       ("addressed_intents", optional["addressed_intents"]),
                       ("careful_yes_intents", optional["careful_yes_intents"])):
        for name in names:
            if name not in intent_names:
                raise fail(file, key, f"{name} is not an intent of the interaction model")
    if not all(isinstance(v, str) for v in replacements.values()):
        raise fail(file, "replacements", "values must be strings")
    read_as = rules.get("read_as", {})
    if not isinstance(read_as, dict) or not all(isinstance(v, str) for v in read_as.values()):
        raise fail(file, "read_as", "must be a table of intent names")
    for key, value in read_as.items():
        for name in (key, value):
            if name not in intent_names:
                raise fail(file, "read_as", f"{name} is not an intent of the interaction model")
    numbers = rules.get("numbers", {})
    if not isinstance(numbers, dict) or not all(
        isinstance(k, str) and k.strip() and not any(c.isdigit() for c in k) and type(v) is int and 0 <= v <= 99
        for k, v in numbers.items()
    ):
        raise fail(file, "numbers", "must be a table of word = number (0 to 99)")
    for word in optional["ambiguous_numbers"]:
        if fold(word.lower()) not in {fold(k.lower()) for k in numbers}:
            raise fail(file, "ambiguous_numbers", f"{word} is not a word of [numbers] (accents aside)")
    return UnderstandingRules(
        numbers={k.lower(): v for k, v in numbers.items()},
        ambiguous_numbers=frozenset(w.lower() for w in optional["ambiguous_numbers"]),
        number_scales=tuple(w.lower() for w in optional["number_scales"]),
        read_as=dict(read_as),
        fillers=frozenset(f.lower() for f in (*fillers, *optional["greetings"])),
        greetings=frozenset(g.lower() for g in optional["greetings"]),
        replacements={k.lower(): v.lower() for k, v in replacements.items()},
        free_answer_intents=frozenset(free),
        negations=frozenset(n.lower() for n in negations),
        sample_negations=frozenset(n.lower() for n in optional["sample_negations"]),
        safety=safety,
        intensifiers=frozenset(w.lower() for w in optional["intensifiers"]),
        hedges=tuple(h.lower() for h in optional["hedges"]),
        corrections=tuple(c.lower() for c in optional["corrections"]),
        leading_corrections=tuple(c.lower() for c in optional["leading_corrections"]),
        reasons=frozenset(r.lower() for r in optional["reasons"]),
        negation_bridges=frozenset(b.lower() for b in optional["negation_bridges"]),
        changes=frozenset(b.lower() for b in optional["changes"]),
        never_joined=frozenset(b.lower() for b in optional["never_joined"]),
        glued_openers=frozenset(b.lower() for b in optional["glued_openers"]),
        own_words_intents=frozenset(optional["own_words_intents"]),
        own_words_openers=tuple(w.lower() for w in optional["own_words_openers"]),
        free_answer_openers=tuple(w.lower() for w in optional["free_answer_openers"]),
        clear_commands_only=frozenset(optional["clear_commands_only"]),
        careful_intents=frozenset(optional["careful_intents"]),
        addressed_intents=frozenset(optional["addressed_intents"]),
        third_persons=tuple(w.lower() for w in optional["third_persons"]),
        first_persons=frozenset(w.lower() for w in optional["first_persons"]),
        addressed_words=frozenset(w.lower() for w in optional["addressed_words"]),
        known_words=frozenset(w.lower() for w in optional["known_words"]),
        careful_yes_intents=frozenset(optional["careful_yes_intents"]),
        question_words=frozenset(w.lower() for w in optional["question_words"]),
        exclamations=tuple(tuple(w.lower().split()) for w in optional["exclamations"]),
        unclear_yes=tuple(w.lower() for w in optional["unclear_yes"]),
        naming_words=frozenset(w.lower() for w in optional["naming_words"]),
        counting_words=frozenset(w.lower() for w in optional["counting_words"]),
        say_again=frozenset(w.lower() for w in optional["say_again"]),
        bright_values=frozenset(optional["bright_values"]),
        bright_pain=tuple(optional["bright_pain"]),
        meaning_questions=tuple(w.lower() for w in optional["meaning_questions"]),
        negation_stops=frozenset(w.lower() for w in optional["negation_stops"]),
        value_intensifiers=frozenset(w.lower() for w in optional["value_intensifiers"]),
        only_phrases=frozenset(_word_pair(w, file) for w in optional["only_phrases"]),
    )
