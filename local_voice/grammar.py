"""What the recogniser may hear at each dialogue step: a Vosk phrase list, or free speech.

A step's grammar is built from the interaction model: the samples of the intents the
step expects, with each `{slot}` expanded into the slot type's values and synonyms,
plus the commands that work everywhere (help, repeat, stop, pause, ...) and the safety
phrases. Where a free answer is expected (gratitude, first names) the step listens
with the model's full vocabulary instead.

Phrases are written the way a Vosk model spells words: lower case, punctuation other
than apostrophes and hyphens dropped. `fit_to_vocabulary` then keeps only phrases whose
every word the model knows (Vosk would silently drop unknown words from a phrase and so
change its meaning), trying a hyphen-split spelling first, and reports what is missing.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from dialogue import Locale, State, Step
from dialogue.intents import FREE_WORD_SLOT_TYPES, IntentName

UNK = "[unk]"
MAX_EXPANSIONS_PER_SAMPLE = 200

# Understood at every step (the core's global table), so always in the grammar.
COMMAND_INTENTS: tuple[str, ...] = tuple(
    i.value
    for i in (
        IntentName.HELP, IntentName.REPEAT, IntentName.STOP, IntentName.CANCEL, IntentName.PAUSE,
        IntentName.RESUME, IntentName.START_OVER, IntentName.START_TRIGGER_PLAN, IntentName.PARTNER_TRIGGERED,
    )
)
# What a person may answer to the menu question (the step expects nothing in particular).
MENU_INTENTS: tuple[str, ...] = tuple(
    i.value
    for i in (
        IntentName.START_CHECKIN, IntentName.START_TRIGGER_PLAN, IntentName.PARTNER_TRIGGERED,
        IntentName.ERASE_DATA, IntentName.SET_NAMES,
    )
)

# What a person may say in the silences between breathing cues.
BREATHING_PAUSE_INTENTS: tuple[str, ...] = tuple(
    i.value
    for i in (
        IntentName.PAUSE, IntentName.STOP, IntentName.CANCEL, IntentName.SLOWER, IntentName.FASTER,
        IntentName.NEXT,
    )
)

# What a person may answer to the daily check-in invitation.
INVITATION_INTENTS: tuple[str, ...] = tuple(
    i.value
    for i in (IntentName.YES, IntentName.NO, IntentName.START_CHECKIN, IntentName.STOP, IntentName.CANCEL)
)

_DROP = re.compile(r"[^\w'\- ]+")


def spoken_form(text: str) -> str:
    """A phrase as a recogniser spells it: lower case, single spaces, no punctuation."""
    return " ".join(_DROP.sub(" ", text.lower()).split())


@dataclass(frozen=True)
class Grammar:
    """What to listen for: `phrases` (a Vosk grammar), or None for the full vocabulary."""

    phrases: tuple[str, ...] | None

    @property
    def is_free(self) -> bool:
        return self.phrases is None

    def to_json(self) -> str:
        """The grammar as Vosk's `SetGrammar` / `KaldiRecognizer` argument."""
        if self.phrases is None:
            raise ValueError("a free-speech grammar has no phrase list")
        return json.dumps(list(self.phrases), ensure_ascii=False)


FREE_SPEECH = Grammar(None)


@dataclass(frozen=True)
class VocabularyFit:
    """The phrases the model can recognise, and the words it does not know."""

    phrases: tuple[str, ...]
    missing_words: tuple[str, ...]
    dropped_phrases: tuple[str, ...]


def fit_to_vocabulary(phrases: Iterable[str], has_word: Callable[[str], bool]) -> VocabularyFit:
    """Keep the phrases whose every word `has_word`; try 'check-in' as 'check in' first."""
    kept: list[str] = []
    missing: set[str] = set()
    dropped: list[str] = []
    for phrase in phrases:
        if phrase == UNK:
            kept.append(phrase)
            continue
        candidates = [phrase]
        if "-" in phrase:
            candidates.append(" ".join(phrase.replace("-", " ").split()))
        for candidate in candidates:
            unknown = [w for w in candidate.split() if not has_word(w)]
            if not unknown:
                kept.append(candidate)
                break
        else:
            missing.update(w for w in phrase.split() if not has_word(w))
            dropped.append(phrase)
    return VocabularyFit(tuple(dict.fromkeys(kept)), tuple(sorted(missing)), tuple(dropped))


class GrammarBuilder:
    """Builds each step's grammar from one locale (pure: no recogniser needed)."""

    def __init__(
        self, locale: Locale, wake_phrases: Sequence[str] = ("hé coach",), *, names_by_voice: bool = True
    ) -> None:
        """`names_by_voice`: listen freely at the menu so "wij heten Sam en Lotte" can be said;
        False keeps the menu a grammar (more robust), and names are then only typed."""
        self._locale = locale
        self._menu = MENU_INTENTS if names_by_voice else tuple(
            i for i in MENU_INTENTS if i != IntentName.SET_NAMES.value
        )
        self._wake = tuple(spoken_form(p) for p in wake_phrases if spoken_form(p))
        if not self._wake:
            raise ValueError("at least one wake phrase is needed")
        self._free_intents = set(locale.rules.free_answer_intents)
        self._free_intents.update(
            i.name for i in locale.intents if any(t in FREE_WORD_SLOT_TYPES for _, t in i.slots)
        )
        self._safety = tuple(dict.fromkeys(spoken_form(p) for p in locale.safety_phrases if spoken_form(p)))

    @property
    def wake_phrases(self) -> tuple[str, ...]:
        return self._wake

    def intents_for(self, step: Step, expected: Sequence[str]) -> tuple[str, ...]:
        """The intents a person may use at a step: its answers, the menu's, the commands."""
        wanted = list(expected)
        if step in (Step.MENU, Step.ENDED):
            wanted += self._menu
        wanted += COMMAND_INTENTS
        if IntentName.SET_NAMES.value not in self._menu:
            wanted = [w for w in wanted if w != IntentName.SET_NAMES.value]
        return tuple(dict.fromkeys(wanted))

    def for_step(self, state: State, expected: Sequence[str]) -> Grammar:
        """The grammar for the step `state` is at (`expected`: Coach.expected_intents(state))."""
        intents = self.intents_for(state.step, expected)
        if any(name in self._free_intents for name in intents):
            return FREE_SPEECH
        return Grammar(self.phrases(intents))

    def phrases(self, intents: Iterable[str]) -> tuple[str, ...]:
        """Every phrase of these intents' samples (slots expanded) plus the safety phrases."""
        found: list[str] = []
        for name in intents:
            found.extend(self._intent_phrases(name))
        found.extend(self._safety)
        return tuple(dict.fromkeys(p for p in found if p))

    def wake(self) -> Grammar:
        """The wake phrases and the safety phrases, nothing else."""
        return Grammar(tuple(dict.fromkeys((*self._wake, *self._safety))))

    def breathing_pause(self) -> Grammar:
        """What is listened for between breathing cues: pause, stop, slower, faster, ready,
        and the safety phrases."""
        return Grammar(self.phrases(BREATHING_PAUSE_INTENTS))

    def invitation(self) -> Grammar:
        """The answers to the check-in invitation: yes, no, a request for the check-in, stop,
        and the safety phrases."""
        return Grammar(self.phrases(INVITATION_INTENTS))

    @property
    def checkin_request(self) -> str:
        """What a person says to start the check-in ('start de check-in'): a yes to the invitation."""
        return self._locale.intent(IntentName.START_CHECKIN).samples[0].text

    def all_phrases(self) -> tuple[str, ...]:
        """Every phrase of every grammar (for the vocabulary check at start-up)."""
        names = [i.name for i in self._locale.intents if i.name not in self._free_intents]
        return tuple(dict.fromkeys((*self.phrases(names), *self._wake)))

    def _intent_phrases(self, name: str) -> list[str]:
        phrases: list[str] = []
        for sample in self._locale.intent(name).samples:
            choices: list[list[str]] = []
            usable = True
            for token in sample.tokens:
                if isinstance(token, str):
                    choices.append([token])
                    continue
                slot_type = self._locale.slot_types.get(token.type)
                if slot_type is None:  # a free word (a first name): cannot be a grammar phrase
                    usable = False
                    break
                choices.append([p for v in slot_type.values for p in (v.name, *v.synonyms)])
            if not usable:
                continue
            for combination in itertools.islice(itertools.product(*choices), MAX_EXPANSIONS_PER_SAMPLE):
                phrases.append(spoken_form(" ".join(combination)))
        return phrases


def with_unknown(grammar: Grammar, supported: bool) -> Grammar:
    """The grammar with `[unk]` added when the model has it (otherwise sounds get forced)."""
    if grammar.phrases is None or not supported or UNK in grammar.phrases:
        return grammar
    return Grammar((*grammar.phrases, UNK))


def without_unknown(text: str) -> str:
    """A transcript without `[unk]` tokens."""
    return " ".join(w for w in text.split() if w != UNK)
