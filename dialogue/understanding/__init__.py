"""Understanding typed or transcribed Dutch: a pure function of text and the locale.

`Understander(locale).understand(text, expect)` returns an `Intent` (slots as value
ids), or `Unrecognized`. It never raises on any text.

How it works:

1. Normalise: lower case, accents folded, punctuation dropped, filler words removed,
   shorthand replaced; "te" before an infinitive is dropped ("rustig te worden"), and a
   separable verb split by it is joined again ("in te checken" -> "inchecken"); two
   words written apart that the locale knows as one word are joined ("trigger plan" ->
   "triggerplan"). Each word not in the locale's vocabulary is corrected to the nearest
   known word (edit distance 1, or 2 for long words), or else read by its stem, so an
   inflection the locale does not list still counts ("het miezert" -> "miezerig").
2. Safety first, on the whole utterance, at every step: the locale's danger model (word
   classes and category patterns, see `safety`) is matched before anything is taken as
   the step's answer ("bewolkt, hij heeft me gisteren weer geslagen" is danger). Then
   the ambiguous class ("ik kan niet meer": stop the exercise, or not wanting to live?)
   gives `AmbiguousIntent` (said with a request to calm down, "help me rustig worden",
   it is that request: the breathing); where only stopping is a calm answer (the gentle
   check), naming the exercise ("de oefening", "het eerste") is stopping it, unless it also
   says it is not going well (the locale's `[gentle_check]`); and what the worry model (`dialogue.worry_model`) finds
   sounding like harm gives a SafetyIntent whose concern is UNSURE: the coach asks. Typo correction may only lead to danger from a long word
   one letter off, so "slaapt" is never read as "slaat" and "opgeslagen" never as
   "geslagen".
3. Score every sample of every intent against the words by a weighted overlap (words
   shared by many intents weigh little), with slot values found in the words standing
   in for the sample's `{slot}` (a value phrase of three or more words may have a few
   other words inside: "dat je me even ziet" holds "dat je me ziet"). Samples with
   first names are aligned word by word, allowing a word missing or added. The intents
   the current step expects get a small bonus; an answer with a slot value (weather,
   need, feeling) that the step does not ask for gets a small malus, because the coach
   could do nothing with it there.
   Values: every value phrase is found; a denied one ("niet zonnig", "zonnig is het
   niet") is never the answer, a bare denied weather fills the `negated` slot; after a
   change of mind the latest value counts ("vanochtend zonnig, nu regen"); doubt around a
   value (the locale's hedges) is dropped, so a hedged answer is no skip.
   Panic told by the body ("ik krijg geen lucht", "mijn hart bonkt zo hard dat ik denk
   dat ik doodga"; the locale's `[panic]`) is the feeling of panic where a feeling is
   asked, and starts the breathing anywhere else.
4. At a step where only commands are heard (a writing pause of the letter: it expects one
   of the locale's clear_commands_only), a command counts only when said clearly; the
   rest is not understood. At a step that takes a free answer (the gratitude), anything that is not a command
   said clearly is that answer, unless it is distress (a refused thank-you, hurt,
   betrayal, anger at the partner, exhaustion: `DistressIntent`). A free answer never
   carries the words that were said; a correction of the answer before it ("nee, ik
   bedoelde rust") is that answer again.
5. Where a number is asked (how strong a feeling is), a number said anywhere in the
   sentence is the answer ("ik zit op een acht"): the locale's number words or digits,
   unless one of the step's own answers is said clearly ("nog vijf").
6. At a step that takes an answer in one's own words (a need), a sentence that is no
   value, skip or clear command is that answer (`OWN_WORDS`), its words carried in
   `Intent.said` for that turn only. A value answer carries the words it was heard in too.

The modules: `normalise` (step 1, and the text forms the voice grammars use too),
`spelling` (typo correction and stems), `index` (the locale prepared for matching, built
once), `safety` (step 2 and the distress of step 4), `matching` (step 3) and `names`
(samples with first names).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from dialogue.folding import fold
from dialogue.intents import OWN_WORDS, Concern, IntentName, SlotName
from dialogue.locale import Locale
from dialogue.model import Event, Intent, Unrecognized
from dialogue.understanding.index import Index, build_index
from dialogue.understanding.matching import best_intent, correction_length, raw_score, said_exactly, value_said
from dialogue.understanding.normalise import Normaliser, Token, opens_wish, plain_doubts, plain_words, wish_start
from dialogue.understanding.safety import SafetyCheck

__all__ = ["Understander", "fold"]

MIN_SCORE = 0.5
# What erases history (`careful_intents`) is taken only from this score of the words alone.
CAREFUL_SCORE = 0.55
# A free answer loses only to a command said clearly, or to an expected one (skip) said
# fairly clearly: a few shared common words do not turn a thank-you into a skip.
FREE_ANSWER_OVERRIDE = 0.8
FREE_ANSWER_EXPECTED = 0.6
# At a step that takes an answer in one's own words, a command said this clearly wins.
OWN_WORDS_COMMAND = 0.6
# An expected answer said this clearly in the first clause or first few words is the
# answer when the whole sentence is not understood ("verder, de kat zit tegen mijn benen").
LEADING_SCORE = 0.8
LEADING_WORDS = 3
# What a sentence asking guidance for a partner in distress is read as instead, where the
# step does not expect it ("mijn man heeft een paniekaanval, help me hem te kalmeren").
PARTNER_GUIDANCE_OVER = frozenset({
    IntentName.START_TRIGGER_PLAN, IntentName.HELP, IntentName.FEELING, IntentName.ALONE, IntentName.TOGETHER,
    # ("ze blijft huilen" shares only "blijft" with "waar blijft het")
    IntentName.WHAT_IS_KEPT,
})
# Where a number is asked, an answer of the step said this clearly (its sample, or nearly)
# beats a number in it ("nog vijf": five more breaths); "een" alone (also the article) is a
# number only when nothing else is said this clearly ("nog een keer").
NUMBER_OVERRIDE = 1.0
AMBIGUOUS_NUMBER_OVERRIDE = 0.8
# At a writing pause of the letter a command is said as its sample, with the step's bonus
# ("ja, ik heb pen en papier": 1.02; "ik ben klaar met geheimen", a line of the letter: 0.90),
# or in at most this many words ("volgende graag").
LETTER_COMMAND_SCORE = 1.0
MAX_LOOSE_COMMAND_WORDS = 2
# Reading first names as the partner (`_names_as_partner`).
_PARTNER_WORD = "partner"
_PUNCTUATION = ".,!?;:\"'()"
_CLAUSE_ENDS = (",", ".", ";", ":", "!", "?")
_JOINING = frozenset({"en", "of"})
MIN_NAME_LENGTH = 3
# A step that expects only these takes nothing but stopping calmly (the gentle check).
_STOPPING = frozenset({IntentName.STOP, IntentName.CANCEL, IntentName.NAVIGATE_HOME})
# Answers that name no value: said before a value the step asks for, the value is the answer
# (a doubt before a value is a hedge: `hedges` in understanding.toml).
_NO_VALUE = frozenset({IntentName.YES, IntentName.NO})
# Answers to a question that are no command anywhere: said where not asked, a command said
# first in the sentence is what is meant ("check-in alleen ik" at the menu).
_ONLY_ANSWERS = frozenset({IntentName.YES, IntentName.NO, IntentName.ALONE, IntentName.TOGETHER, IntentName.PARTLY})
# What only a safety conversation takes: the numbers again, and a partial yes.
_FOLDED_WORD = re.compile(r"[a-z0-9']+")  # a word as folded text writes it
_SAFETY_CONVERSATION = frozenset({IntentName.REPEAT, IntentName.PARTLY})
# The words said in one's own words, for that turn, are kept up to this many.
MAX_SAID_WORDS = 20


def _said_words(text: str) -> list[str]:
    """The words of `text` as said: folded, without punctuation, none dropped or corrected."""
    return [word for piece in text.lower().replace(",", " ").split() if (word := fold(piece.strip(_PUNCTUATION)))]


class Understander:
    """Matches text against one locale's samples, slot values and safety phrases."""

    def __init__(self, locale: Locale) -> None:
        self._locale = locale
        self._index = build_index(locale)
        self._free_answers = locale.rules.free_answer_intents
        self._free_openers = tuple(tuple(fold(o).split()) for o in locale.rules.free_answer_openers)
        self._own_words = locale.rules.own_words_intents
        self._meaning_questions = tuple(tuple(fold(q).split()) for q in locale.rules.meaning_questions)
        self._feeling_type = next((t for (i, t) in self._index.slot_of_type if i == IntentName.FEELING), None)
        self._country_type = next((t for (i, t) in self._index.slot_of_type if i == IntentName.SET_COUNTRY), None)
        self._third_persons = tuple(p for p in (tuple(plain_words(w, locale.rules)) for w in locale.rules.third_persons) if p)
        # The custom slot type each own-words intent answers with (NeedIntent -> NeedType).
        self._own_words_type = {
            name: next(t for s, t in locale.intent(name).slots if t in locale.slot_types) for name in self._own_words
        }
        pairs = (phrase for phrases in self._index.phrases.values() for phrase in phrases)
        self._normaliser = Normaliser(locale.rules, self._index.vocabulary, pairs)
        emergencies = frozenset(name for name, concern in locale.danger_concerns.items() if concern == Concern.EMERGENCY)
        by_speaker = frozenset(name for name, concern in locale.danger_concerns.items() if concern == Concern.SPEAKER_HARM)
        self._safety = SafetyCheck(locale.rules, self._index.vocabulary, first=emergencies, then=by_speaker)
        self._worry = locale.worry
        # The words that are a yes on their own ("ja", "oké", "prima"): the yes samples of one word.
        self._unclear_yes = tuple(tuple(fold(w) for w in phrase.split()) for phrase in self._index.rules.unclear_yes)
        self._yes_samples = frozenset(tuple(s.words) for s in self._index.samples if s.intent == IntentName.YES)
        self._yes_words = frozenset(
            s.words[0] for s in self._index.samples if s.intent == IntentName.YES and len(s.words) == 1)
        self._no_words = frozenset(
            s.words[0] for s in self._index.samples if s.intent == IntentName.NO and len(s.words) == 1)

    def understand(
        self, text: str, expect: Sequence[str] = (), names: tuple[str, str] | None = None
    ) -> Event:
        """What `text` means at a step that expects the intents in `expect`. Danger said
        anywhere in it comes first, at every step; then the ambiguous class. With the
        household's `names`, where the step asks which of the two is triggered, a bare
        name ("Lotte"), or one said with "is getriggerd", is that answer; and guidance asked
        for one of them by name ("lotte zit te huilen") says who, in the slot `who`; so does
        being triggered said with one's name ("ik ben getriggerd, mirjam hier")."""
        event = self._understand(text, expect, names)
        if (IntentName.PARTLY in expect and isinstance(event, Intent)
                and event.name in (IntentName.YES, IntentName.SAFE) and self._unclear_yes_said(text)):
            # "Ben je nu veilig?" "ja maar hij komt zo thuis"; "Weet je het zeker?" "niet
            # zeker": a yes held back, doubted or asked about is only partly a yes.
            return Intent(IntentName.PARTLY)
        if (IntentName.YES in expect and IntentName.NO in expect and IntentName.PARTLY not in expect
                and isinstance(event, Intent) and event.name in (IntentName.YES, IntentName.PARTLY)
                and self._ends_denied(text)):
            # "ja, nee, toch maar niet", "doe maar niet": a yes denied at its end is a no
            return Intent(IntentName.NO)
        if (IntentName.YES in expect and IntentName.NO in expect and IntentName.PARTLY not in expect
                and isinstance(event, Intent) and event.name == IntentName.CANCEL and self._opens_with_no(text)):
            # "nee joh, laat maar zitten" answering a question of yes or no: a no, not a
            # command that ends what is going on
            return Intent(IntentName.NO)
        naming = (IntentName.PARTNER_TRIGGERED, IntentName.START_TRIGGER_PLAN)
        if names is not None and IntentName.TRIGGERED_NAME in expect and (
            not isinstance(event, Intent) or event.name in naming
        ):
            said = _names_said(text, names)
            if len(said) == 1:
                return Intent.of(IntentName.TRIGGERED_NAME, **{SlotName.WHO: said[0]})
        if names is not None and isinstance(event, Intent) and event.name in naming:
            # "lotte zit te huilen": guidance asked for one of the two, by name
            said = _names_said(text, names)
            if len(said) == 1:
                return Intent.of(event.name, **{SlotName.WHO: said[0]})
        panic = self._index.rules.safety.panic_feeling
        if (isinstance(event, Intent) and event.name == IntentName.FEELING and event.name not in expect
                and panic is not None and event.slot(SlotName.FEELING) == panic):
            # "ik zit hier te panikeren" where no feeling is asked (the menu): the breathing,
            # as panic told by the body is
            return Intent(IntentName.START_TRIGGER_PLAN)
        if isinstance(event, Intent) and event.name not in expect:
            other = self._index.rules.read_as.get(event.name)
            if other is not None and other in expect:
                return Intent(other)
        return event

    def _greeting(self, text: str) -> Event:
        """Nothing but fillers said: a greeting where one of them greets ("eh hallo?")."""
        greetings = self._index.rules.greetings
        greeted = any(word.strip("'") in greetings for word in _FOLDED_WORD.findall(fold(text)))
        return Intent(IntentName.GREET) if greeted else Unrecognized()

    def _understand(self, text: str, expect: Sequence[str], names: tuple[str, str] | None = None) -> Event:
        said_again = self._says_again(text, expect)
        if said_again is not None:
            return said_again
        tokens = self._normaliser.tokens(text)
        if not tokens:
            return self._greeting(text)
        free = [name for name in expect if name in self._free_answers]
        danger, ambiguous, distressed = self._safety.assess(text, free_answer=bool(free))
        if danger is not None:
            found = self.danger_intent(danger, text)
            # "ik zit hier in Gent en hij heeft me geduwd": the help lines of the place named
            # (the words as said: "belt" is no misspelt "Belg" here)
            country = None if self._country_type is None else value_said(
                self._index, [t.word for t in tokens], [t.clause for t in tokens], self._country_type)
            return found if country is None else Intent.of(found.name, **dict(found.slots), country=country)
        if ambiguous:
            if self._safety.asks_calming(text):
                # "ik trek het niet meer, help me rustig worden": the breathing, not the question
                return Intent(IntentName.MORE_BREATHS if IntentName.MORE_BREATHS in expect else IntentName.START_TRIGGER_PLAN)
            return Intent(IntentName.AMBIGUOUS)
        # (in a safety conversation, known by its answers, the worry model's one question
        # has been asked: what is said there is read as the answer it is)
        worrying = not _SAFETY_CONVERSATION <= set(expect) and self.is_worrying(text)
        words = [self._normaliser.correct(t.word) for t in tokens]
        best, score, positions = best_intent(self._index, words, tokens, expect)
        if worrying and not (best is not None and best.name == IntentName.WHAT_IS_KEPT and score >= MIN_SCORE):
            # (a question about what is kept is no worry: "krijgt iemand anders dat te zien?")
            return Intent.of(IntentName.SAFETY, concern=Concern.UNSURE)
        if self._asks_meaning(text) and not any(name in self._index.rules.careful_yes_intents for name in expect):
            # "wat is de zin?", "wat bedoel je precies met wat helpt?": a question about the
            # question, never its answer (a choice of the plan, a need); danger and worry first
            return Intent(IntentName.HELP)
        if best is not None and best.name in self._index.rules.careful_intents and (
            raw_score(self._index, best.name, score, expect) < CAREFUL_SCORE
        ):
            best, score, positions = None, 0.0, frozenset()
        if best is not None and best.name in self._index.rules.addressed_intents and (
            not self._asked_of_coach(words, tokens, best.name, expect)
        ):
            # "hij vergeet alles": forgetting said of another asks the coach nothing
            best, score, positions = None, 0.0, frozenset()
        careful = [name for name in expect if name in self._index.rules.careful_yes_intents]
        if careful and (best is None or score < MIN_SCORE or best.name == IntentName.YES) and (
            self._asks(text, words) or self._doubts(words)
        ):
            # The consent question: a question or a doubt is never a yes ("wat is dat?",
            # "ja, maar wie ziet het?", "ja, misschien"): what is kept is explained.
            return Intent(str(careful[0]))
        if any(name in self._index.rules.clear_commands_only for name in expect):
            # A writing pause of the letter: a sentence of it read aloud is no command,
            # however many words it shares with one ("ik ben klaar met geheimen"): a command
            # is its sample said (nearly) as it is, or said in very few words.
            # Being triggered while writing is heard in any of its samples' words, and so is
            # help asked as a question ("wat moet ik daar dan schrijven?").
            if best is not None and score >= MIN_SCORE and best.name == IntentName.HELP and (
                "?" in text or words[0] in self._index.rules.question_words
            ):
                return best
            clear = best is not None and score >= FREE_ANSWER_OVERRIDE and (
                score >= LETTER_COMMAND_SCORE or len(words) <= MAX_LOOSE_COMMAND_WORDS
                or best.name == IntentName.START_TRIGGER_PLAN
                or said_exactly(self._index, best.name, score, expect))
            return best if clear and best is not None else Unrecognized()
        counted = [name for name in expect if name in self._index.number_slots]
        if counted:
            # A number where one is asked, unless the step's own command is said clearly
            # ("nog vijf": five more breaths; "een beetje beter").
            number, clear = said_number(self._index, words, tokens)
            if number is not None and (
                not (best is not None and best.name in expect and score >= NUMBER_OVERRIDE)
                if clear else (best is None or score < AMBIGUOUS_NUMBER_OVERRIDE)
            ):
                return Intent.of(counted[0], **{self._index.number_slots[counted[0]]: str(number)})
        marker = correction_length(self._index, words)
        if marker and len(words) > marker:
            # "nee, storm": a correction of what was just answered is understood without its
            # marker, when what remains names an answer's value.
            rest = best_intent(self._index, words[marker:], tokens[marker:], expect)
            if rest[0] is not None and rest[0].name in self._index.answer_intents and rest[0].slots:
                best, score = rest[0], max(rest[1], MIN_SCORE)
                positions = frozenset(p + marker for p in rest[2])
            elif (best is not None and best.name == IntentName.NO and rest[0] is not None
                  and not said_exactly(self._index, best.name, score, expect)  # ("nee dat is genoeg": a no)
                  and rest[0].name not in _NO_VALUE and not rest[0].slots
                  and raw_score(self._index, rest[0].name, rest[1], expect) >= FREE_ANSWER_OVERRIDE
                  and not (IntentName.PARTLY in expect and IntentName.SKIP in expect)):
                # "nee, stop", "nee, ik wil het plan maken" during the breathing: the command
                # said after the no, not five more breaths. (Not where the no is the answer
                # that matters, a question of safety or of erasing: there "nee" counts.)
                best, score, positions = rest[0], rest[1], frozenset()
        if best is not None and best.name in _NO_VALUE:
            # "ja, ik schaam me": a value the step asks for, said after a yes, is the answer
            valued = self._value_after(words, tokens, expect)
            if valued is not None:
                best, score, positions = valued
        if best is not None and best.name == IntentName.YES:
            # "ok beter", "iets beter ja": an answer of the step said clearly beside a yes is
            # that answer (a yes names nothing of its own)
            beside = self._beside_yes(words, tokens, expect)
            if beside is not None:
                best, score, positions = beside, max(score, MIN_SCORE), frozenset()
        if best is not None and positions:
            best = replace(best, said=_written(tokens, positions), of_other=self._of_another(words, tokens, positions))
        inner = _last_inner_correction(self._index, words)
        if inner:
            # "alleen, oh nee, samen": after a change of mind, what follows is the answer.
            rest = best_intent(self._index, words[inner:], tokens[inner:], expect)
            # (a command the step does not expect only replaces one it does not expect either:
            # "de check-in, of nee, de ademoefening" at the menu)
            unexpected = best is None or best.name not in expect
            if rest[0] is not None and (self._expected(rest[0].name, expect) or unexpected) and rest[1] >= MIN_SCORE:
                best, score, positions = rest[0], rest[1], frozenset(p + inner for p in rest[2])
        if expect and all(name in _STOPPING for name in expect):
            # The gentle check, where stopping is the only calm answer: "de oefening" is
            # stopping it (another command said clearly is that command); "stoppen, het gaat
            # echt slecht" is not.
            stopping = self._safety.stop_answer(text)
            if stopping is False:
                return Unrecognized()
            if stopping and (best is None or score < FREE_ANSWER_OVERRIDE or best.name in _STOPPING):
                return Intent(IntentName.STOP)
        panic = self._panic_answer(text, expect, best if score >= MIN_SCORE else None, words, tokens, free=bool(free))
        if panic is not None:
            return panic
        answer = best is not None and best.name in self._index.answer_intents and bool(best.slots)
        if answer and best is not None and best.name in expect:
            # "ik word er onrustig van, kan het iets langzamer": what is asked for, said
            # clearly in a clause of its own, is the answer; the feeling is its reason
            asked = self._command_in_other_clause(words, tokens, expect, positions)
            if asked is not None:
                return asked
        # Another question's answer said exactly as a sample of it ("ik ben moe"): the phrase
        # Alexa sends as that answer, which the coach reads by the step, for both edges alike.
        exactly = answer and best is not None and said_exactly(self._index, best.name, score, expect)
        if free:
            if self._safety.asks_partner_guidance(self._names_as_partner(text, names), free_answer=True):
                return Intent(IntentName.PARTNER_TRIGGERED)  # "mijn man heeft een paniekaanval"
            if distressed and (best is None or best.name in (IntentName.SKIP, IntentName.NO)):
                # "ik weet het niet, ik ben zo teleurgesteld in haar": the pain, not a skip;
                # "nee. gewoon nee.": the thank-you refused, not a plain no
                return Intent(IntentName.DISTRESS)
            if best is not None and best.name not in self._free_answers and not (
                    self._opens_free_answer(words) and not said_exactly(self._index, best.name, score, expect)):
                # ("voor de check-in elke avond": a thank-you, not the check-in asked for)
                needed = FREE_ANSWER_EXPECTED if best.name in expect else FREE_ANSWER_OVERRIDE
                if score >= needed or (answer and marker) or (exactly and not distressed):
                    return best
            return Intent(IntentName.DISTRESS) if distressed else Intent(free[0])
        own = [name for name in expect if name in self._own_words]
        if own:
            wish_at = wish_start(words, self._index.rules)
            wish = wish_at is not None
            if best is not None and (not answer and best.name not in expect
                                     or answer and best.name in expect and score < MIN_SCORE):
                # "geruststelling, ik raak zo snel in paniek": the step's answer said first,
                # in a clause of its own, with a story after it (a long story weakens the
                # whole sentence's match: "ruimte, hij zit me altijd op de huid als ...")
                lead, lead_score = self._leading_answer(words, tokens, expect, clause_only=True)
                if lead is not None and lead.name in expect and lead.slots:
                    best, score, answer = lead, lead_score, True
            if best is not None and best.name == IntentName.SKIP and wish_at:
                best = None  # a doubt, then a wish ("ik weet het niet, dat hij eerlijk is"): the wish
            if best is not None and best.name == IntentName.SKIP and not wish:
                # a doubt, then in a clause of its own something else than a skip or a command
                # ("ik... weet niet. tijd?"): that is the answer, in one's own words
                after = self._after_doubt(words, tokens)
                if after is not None:
                    then, then_score, _ = best_intent(self._index, words[after:], tokens[after:], expect)
                    if then is None or then_score < MIN_SCORE or then.name in self._index.answer_intents:
                        best, wish_at = None, after
            if best is not None and (
                # Another question's answer only as a correction of it: "nee, storm", not "ik ben moe".
                (answer and score >= MIN_SCORE and (best.name in expect or bool(marker)))
                # (after "dat ..." a wish is said: a step's command only when said clearly)
                or (best.name in expect and score >= (FREE_ANSWER_OVERRIDE if wish and not answer else FREE_ANSWER_EXPECTED))
                or (not answer and best.name not in expect and not wish and score >= OWN_WORDS_COMMAND
                    # ("ik huil alleen maar": one's own tears, not the partner's, read by a word)
                    and not (best.name == IntentName.PARTNER_TRIGGERED
                             and not self._safety.asks_partner_guidance(text)
                             and self._safety.assess(text, free_answer=True)[2]))
            ):
                return best
            if not wish and self._safety.assess(text, free_answer=True)[2]:
                # "hij heeft me bedrogen" said where a need was asked: the pain, not a need
                # ("dat hij niet meer liegt" is a wish, and so a need in one's own words)
                return Intent(IntentName.DISTRESS)
            if exactly and best is not None:
                return best
            slot = self._index.slot_of_type.get((own[0], self._own_words_type[own[0]]))
            # (the wish as said, without a doubt said before it: "weet niet, dat hij eerlijk is")
            start = wish_at or 0
            said = _as_written(text, tokens[start:] if start < len(tokens) else tokens)
            return Intent(str(own[0]), () if slot is None else ((slot, OWN_WORDS),), said)
        if (best is None or score < MIN_SCORE or not self._expected(best.name, expect)) and not (
            best is not None and best.name not in self._index.answer_intents
            and said_exactly(self._index, best.name, score, expect)
        ):
            # "nee hoor, ik ga gewoon lekker vroeg slapen" (read whole: "lekker", zonnig): the
            # step's answer said first wins over a reading the step does not take, but not
            # over a command said as its sample ("terug naar af" is no "terug")
            understood = best is not None and score >= MIN_SCORE
            # (an answer of another question, "check-in alleen ik" at the menu, is no reading
            # a command said first loses to: the check-in)
            elsewhere = understood and best is not None and best.name in _ONLY_ANSWERS
            lead, lead_score = self._leading_answer(words, tokens, expect, clause_only=understood and not elsewhere)
            if lead is not None and (not understood or self._expected(lead.name, expect) or (
                    elsewhere and lead.name not in _ONLY_ANSWERS and lead.name not in self._index.answer_intents)):
                best, score = lead, lead_score
        if best is None or score < MIN_SCORE or not self._expected(best.name, expect) and (
                best.name in self._index.answer_intents or best.name in _ONLY_ANSWERS):
            # "ik zit er helemaal door, doe maar het triggerplan" at the menu: what the step
            # does not take told first, then a command said clearly in a clause of its own
            later = self._later_command(words, tokens, expect)
            if later is not None:
                best, score = later
        if (best is None or score < MIN_SCORE or best.name in PARTNER_GUIDANCE_OVER
                or best.name in self._index.answer_intents and bool(best.slots)) and (
            best is None or best.name not in expect
        ) and self._safety.asks_partner_guidance(self._names_as_partner(text, names)):
            return Intent(IntentName.PARTNER_TRIGGERED)
        if best is None or score < MIN_SCORE:
            if IntentName.SET_NAMES in expect and not self._index.rules.naming_words.isdisjoint(words):
                # "wij heten ..." where names are taken, but no two names heard: the names
                # asked for again, with how to say them
                return Intent(IntentName.SET_NAMES.value)
            if self._safety.assess(text, free_answer=True)[2]:
                # "ik ben zo kwaad, hij heeft me bedrogen met zijn collega" at the menu: pain
                # said, acknowledged, never "not understood"
                return Intent(IntentName.DISTRESS)
            felt = self._feeling_type and IntentName.FEELING not in expect and value_said(
                self._index, words, [t.clause for t in tokens], self._feeling_type)
            if felt:
                # "ik zen compleet op van de zenuwen, hij is weer nie thuisgekomen": a feeling
                # named, not denied, in a sentence that says nothing else the step takes; the
                # coach reads it where it is said (at the menu, a trigger moment's starts the plan)
                return Intent.of(IntentName.FEELING, **{SlotName.FEELING.value: felt})
            return Unrecognized()
        if best.name in self._free_answers:
            return Intent(best.name)  # the words of a free answer are never kept
        if any(value in self._index.rules.bright_values for _, value in best.slots) and (
            self._safety.names_any(text, self._index.rules.bright_pain)
        ):
            # "super zonnig hoor, hij is weer vreemdgegaan": a bright answer with pain in the
            # same breath is the pain, acknowledged; the bright day is not kept
            return Intent(IntentName.DISTRESS)
        return best

    def _asks_meaning(self, text: str) -> bool:
        """Whether `text` opens with one of the locale's questions about what something means
        (`meaning_questions`: "wat bedoel je", "wat is de")."""
        words = _said_words(text)
        return any(words[: len(opener)] == list(opener) for opener in self._meaning_questions)

    def _says_again(self, text: str, expect: Sequence[str]) -> Intent | None:
        """"wat?", "huh?" said alone: say it again (at the consent question, what is kept is
        explained instead)."""
        words = _said_words(text)
        if not words or not all(word in self._index.rules.say_again for word in words):
            return None
        if any(name in self._index.rules.careful_yes_intents for name in expect):
            return None  # (the consent question: what is kept is explained)
        return Intent(IntentName.REPEAT)

    def _panic_answer(
        self, text: str, expect: Sequence[str], best: Intent | None, words: list[str], tokens: list[Token],
        *, free: bool,
    ) -> Intent | None:
        """Panic told by the body, of oneself ("ik krijg geen lucht", "mijn hart bonkt"): the
        feeling of panic where a feeling is asked (also after the breathing, as the voice
        grammar hears it), unless another feeling is named ("ik tril van woede"); the
        breathing anywhere else. An answer to the step said clearly in a clause of its own
        ("ja, mijn hart slaat over", "langzamer, ik stik bijna") is that answer, and a wish
        where a need is asked ("dat iemand me gerust stelt, mijn hart bonkt zo") is that
        need. None if it is not panic."""
        feeling = self._index.rules.safety.panic_feeling
        if feeling is None or not self._safety.panics(text, free) or self._safety.asks_partner_guidance(text):
            return None
        if any(name in self._own_words for name in expect) and opens_wish(words, self._index.rules):
            return None
        if free and self._safety.assess(text, free_answer=True)[2]:
            return None  # "ik zit te huilen, echt niet" at the gratitude: the pain, heard as such
        if best is not None and best.name == IntentName.YES and best.name in expect:
            return None  # "ja, ik sta te trillen" where a yes is asked: the yes, said first
        if IntentName.FEELING in expect and best is not None and best.name == IntentName.FEELING and (
                best.slot(SlotName.FEELING) not in (None, feeling)):
            return None  # another feeling named ("ik ben razend, ik kook vanbinnen"): read as usual
        answer = self._clause_answer(words, tokens, expect)
        if answer is not None:
            return answer
        if (best is not None and best.name != IntentName.FEELING and self._expected(best.name, expect)
                and best.name in self._index.answer_intents and best.slots):
            return best  # "ik ben woedend" at the weather question: storm, as asked
        if IntentName.FEELING in expect:
            return Intent.of(IntentName.FEELING, **{SlotName.FEELING: feeling})
        return Intent(IntentName.START_TRIGGER_PLAN)

    def _clause_answer(self, words: list[str], tokens: list[Token], expect: Sequence[str]) -> Intent | None:
        """An answer the step expects, said clearly in a clause of its own with no panic in
        it ("nog vijf" in "mijn hart slaat nog over, nog vijf"), or None."""
        clauses = sorted({t.clause for t in tokens})
        if len(clauses) < 2:
            return None
        for clause in clauses:
            at = [i for i, t in enumerate(tokens) if t.clause == clause]
            said = _written(tokens, frozenset(at))
            if self._safety.panics(said):
                continue
            found, score, _ = best_intent(self._index, [words[i] for i in at], [tokens[i] for i in at], expect)
            if found is not None and self._expected(found.name, expect) and score >= LEADING_SCORE:
                return found
        return None

    def _command_in_other_clause(
        self, words: list[str], tokens: list[Token], expect: Sequence[str], value_at: frozenset[int]
    ) -> Intent | None:
        """A command the step expects (no yes, no or skip: those name no value), or stopping,
        said clearly in a clause of its own beside the clause of an answer's value, or None."""
        clauses = sorted({t.clause for t in tokens})
        if len(clauses) < 2 or not value_at:
            return None
        for clause in clauses:
            at = [i for i, t in enumerate(tokens) if t.clause == clause]
            if value_at.intersection(at):
                continue
            found, score, _ = best_intent(self._index, [words[i] for i in at], [tokens[i] for i in at], expect)
            if (found is not None and (found.name in expect or found.name == IntentName.STOP)
                    and found.name not in self._index.answer_intents
                    and found.name not in _NO_VALUE and found.name != IntentName.SKIP and score >= LEADING_SCORE):
                return found
        return None

    def _value_after(
        self, words: list[str], tokens: list[Token], expect: Sequence[str]
    ) -> tuple[Intent, float, frozenset[int]] | None:
        """The step's answer with a value, said after the first clause or after the first word
        ("ja ik schaam me"), or None."""
        later = next((i for i, t in enumerate(tokens) if t.clause != tokens[0].clause), None)
        for start in dict.fromkeys(s for s in (later, 1) if s is not None and 0 < s < len(words)):
            found, score, at = best_intent(self._index, words[start:], tokens[start:], expect)
            if (found is not None and found.name in expect and found.name in self._index.answer_intents
                    and found.slots and score >= MIN_SCORE):
                return found, score, frozenset(p + start for p in at)
        return None

    def _beside_yes(self, words: list[str], tokens: list[Token], expect: Sequence[str]) -> Intent | None:
        """The step's answer other than yes or no, said clearly in the words that are no word of
        a yes ("ja", "oké", "goed"), or None."""
        rest = [i for i, word in enumerate(words) if word not in self._yes_words]
        if not rest or len(rest) == len(words):
            return None
        found, score, _ = best_intent(self._index, [words[i] for i in rest], [tokens[i] for i in rest], expect)
        if found is None or found.name in _NO_VALUE or found.name not in expect or score < LEADING_SCORE:
            return None
        return found

    def _opens_free_answer(self, words: Sequence[str]) -> bool:
        """Whether the words open as a free answer is shaped (`free_answer_openers`: "voor de ...")."""
        return any(tuple(words[: len(opener)]) == opener for opener in self._free_openers)

    def _opens_with_no(self, text: str) -> bool:
        """Whether `text` opens with a no said in one word ("nee", "neen", "nah")."""
        tokens = self._normaliser.tokens(text)
        return bool(tokens) and self._normaliser.correct(tokens[0].word) in self._no_words

    def _ends_denied(self, text: str) -> bool:
        """Whether `text` ends in a denial that asks nothing ("toch maar niet", not "waarom niet")."""
        words = [self._normaliser.correct(t.word) for t in self._normaliser.tokens(text)]
        rules = self._index.rules
        return bool(words) and words[-1] in rules.negations and not (
            len(words) > 1 and words[-2] in rules.question_words)

    def _later_command(
        self, words: list[str], tokens: list[Token], expect: Sequence[str]
    ) -> tuple[Intent, float] | None:
        """A command (no answer of a question, nothing that erases) said clearly in a clause
        after the first, or None."""
        rules = self._index.rules
        for clause in sorted({t.clause for t in tokens})[1:]:
            at = [i for i, t in enumerate(tokens) if t.clause == clause]
            found, score, _ = best_intent(self._index, [words[i] for i in at], [tokens[i] for i in at], expect)
            if (found is not None and score >= LEADING_SCORE and found.name not in self._index.answer_intents
                    and found.name not in _ONLY_ANSWERS and found.name not in rules.careful_intents
                    and found.name not in self._free_answers and found.name != IntentName.SKIP):
                return found, score
        return None

    def _after_doubt(self, words: list[str], tokens: list[Token]) -> int | None:
        """Where the words after the doubts said first begin ("ik weet niet, tijd": 3), when
        they begin a clause of their own; None without a doubt first, or nothing after it."""
        doubts = plain_doubts(self._index.rules)
        start, moved = 0, True
        while moved:
            moved = False
            said = [d for d in doubts if words[start : start + len(d)] == d]
            if said:
                start, moved = start + max(len(d) for d in said), True
        if 0 < start < len(words) and tokens[start].clause != tokens[start - 1].clause:
            return start
        return None

    def _asked_of_coach(self, words: list[str], tokens: list[Token], name: str, expect: Sequence[str]) -> bool:
        """Whether what erases (`addressed_intents`) is asked of the coach: the coach addressed,
        or still said clearly without the clauses said of another (`third_persons`: a clause
        they open, also after a word that opens one, "dat hij alles vergeet")."""
        rules = self._index.rules
        if not rules.addressed_words.isdisjoint(words):
            return True
        dropped, _ = self._said_of_another(words, tokens)
        if not dropped:
            return True
        kept = [i for i in range(len(words)) if i not in dropped]
        if not kept:
            return False
        found, score, _ = best_intent(self._index, [words[i] for i in kept], [tokens[i] for i in kept], expect)
        return found is not None and found.name == name and raw_score(self._index, name, score, expect) >= CAREFUL_SCORE

    def _of_another(self, words: list[str], tokens: list[Token], positions: frozenset[int]) -> bool:
        """Whether the value at `positions` is said of another: in clauses a third person
        opens, none of which names the speaker (`first_persons`)."""
        of_another, openers = self._said_of_another(words, tokens)
        if not positions or not positions <= of_another:
            return False
        clauses = {tokens[p].clause for p in positions}
        return not any(tokens[i].clause in clauses and words[i] in self._index.rules.first_persons
                       for i in range(len(words)) if i not in openers)

    def _said_of_another(self, words: list[str], tokens: list[Token]) -> tuple[set[int], set[int]]:
        """The positions of the clauses said of another: each clause a third person opens
        (`third_persons`), also after a word that opens one ("dat hij alles vergeet"); and the
        positions of those third persons' own words ("mijn man")."""
        rules = self._index.rules
        said: set[int] = set()
        openers: set[int] = set()
        for at in range(len(words)):
            opens = at == 0 or tokens[at].clause != tokens[at - 1].clause or words[at - 1] in rules.negation_stops
            person = next((p for p in self._third_persons if tuple(words[at : at + len(p)]) == p), None) if opens else None
            if person is None:
                continue
            openers.update(range(at, at + len(person)))
            end = at
            while end < len(words) and tokens[end].clause == tokens[at].clause:
                end += 1
            said.update(range(at, end))
        return said, openers

    def _asks(self, text: str, words: Sequence[str]) -> bool:
        """Whether `text` asks something: a question mark, or one of the locale's question words
        that opens no exclamation ("wat een rare vraag" asks nothing)."""
        if "?" in text:
            return True
        rules = self._index.rules
        exclaimed = {i for start in range(len(words)) for phrase in rules.exclamations
                     if tuple(words[start : start + len(phrase)]) == phrase for i in range(start, start + len(phrase))}
        return any(word in rules.question_words for i, word in enumerate(words) if i not in exclaimed)

    def _unclear_yes_said(self, text: str) -> bool:
        """Whether a yes in `text` is not clear: asked about, doubted, or held back."""
        words = [self._normaliser.correct(t.word) for t in self._normaliser.tokens(text)]
        return self._asks(text, words) or self._doubts(words) or self._holds_back(text)

    def _holds_back(self, text: str) -> bool:
        """Whether `text` holds one of the locale's phrases of a yes held back (`unclear_yes`),
        read on the words as said (fillers such as "maar" kept)."""
        said = _said_words(text)
        if tuple(self._normaliser.correct(t.word) for t in self._normaliser.tokens(text)) in self._yes_samples:
            return False  # a yes of the interaction model said as it is ("zet maar op ja")
        return any(all(want in ("*", word) for want, word in zip(phrase, said[start:], strict=False))
                   for phrase in self._unclear_yes for start in range(len(said) - len(phrase) + 1))

    def _doubts(self, words: Sequence[str]) -> bool:
        """Whether the words hold one of the locale's hedges ("misschien", "ik weet het niet")."""
        return any(list(words[start : start + len(hedge)]) == hedge
                   for hedge in plain_doubts(self._index.rules) for start in range(len(words) - len(hedge) + 1))

    def _names_as_partner(self, text: str, names: tuple[str, str] | None) -> str:
        """`text` with the first names in it read as "partner", for the partner's guidance
        ("lotte zit te huilen"): the household's names anywhere, and at the start of a
        clause a word that can only be a name (no word the locale knows, nor a typo of one;
        written with a capital, it need not be unknown as a typo; with the names known, only
        one written with a capital: "totaal overstuur" is no name)."""
        known = {name.lower() for name in names or ()}
        pieces = text.split()
        clause_start = True
        read: list[str] = []
        for piece in pieces:
            word = fold(piece.strip(_PUNCTUATION))
            written = piece.strip(_PUNCTUATION)
            # (with the household's names known, another word is a name only when written as one)
            named = word in known or clause_start and (not known or written[:1].isupper()) and (
                self._could_be_name(written, word))
            read.append(_PARTNER_WORD if named else piece)
            clause_start = piece.endswith(_CLAUSE_ENDS) or word in self._index.rules.changes or word in _JOINING
        return " ".join(read)

    def _could_be_name(self, written: str, word: str) -> bool:
        if len(word) < MIN_NAME_LENGTH or not word.isalpha() or word in self._index.vocabulary:
            return False
        if self._safety.knows(word) or word in self._index.rules.replacements or word in self._index.rules.fillers:
            return False
        return written[:1].isupper() or self._normaliser.correct(word) == word

    def _expected(self, name: str, expect: Sequence[str]) -> bool:
        """Whether the step expects this intent, or the one it is read as there ("verder")."""
        return name in expect or self._index.rules.read_as.get(name) in expect

    def _leading_answer(
        self, words: list[str], tokens: list[Token], expect: Sequence[str], *, clause_only: bool = False
    ) -> tuple[Intent | None, float]:
        """An answer the step expects, said clearly at the start, with more told after it
        ("alleen ik, hij is naar voetbal"): its first clause, else (unless `clause_only`) its
        first few words."""
        clause = sum(1 for t in tokens if t.clause == tokens[0].clause)
        starts = [clause] if clause_only else [clause] + [n for n in range(LEADING_WORDS, 0, -1) if n != clause]
        for length in starts:
            if 0 < length < len(words):
                found, score, _ = best_intent(self._index, words[:length], tokens[:length], expect)
                if found is None or score < LEADING_SCORE:
                    continue
                if self._expected(found.name, expect):
                    return found, score
                if found.name not in self._index.answer_intents and (length == clause or (
                    found.name not in _STOPPING and said_exactly(self._index, found.name, score, expect))):
                    # "check-in graag, ik lag net dubbel om een filmpje": a command said
                    # clearly first, with a story after it, is that command
                    return found, score
        return None, 0.0

    def is_danger(self, text: str) -> bool:
        """Whether `text` mentions violence, abuse, coercive control, fear of the partner,
        self-harm or suicide."""
        return self._safety.danger(text) is not None

    def is_worrying(self, text: str) -> bool:
        """Whether `text`, though no danger rule fired, sounds enough like harm (the worry
        model) to ask whether the person is safe."""
        return self._worry is not None and self._worry.worrying(self._safety.without_idioms(text))

    def danger_intent(self, category: str, text: str = "") -> Intent:
        """The SafetyIntent for a danger category, with what it is about in its `concern` slot;
        thoughts of suicide told wholly of another ("mijn man zegt dat hij er een eind aan wil
        maken") are about the partner (SUICIDE_OTHER)."""
        concern = self._locale.concern_of(category)
        if concern == Concern.SUICIDE and text:
            tokens = self._normaliser.tokens(text)
            words = [self._normaliser.correct(t.word) for t in tokens]
            if self._of_another(words, tokens, frozenset(range(len(words)))):  # (the whole sentence)
                concern = Concern.SUICIDE_OTHER.value
        return Intent.of(IntentName.SAFETY, concern=concern)

    def danger_category(self, text: str) -> str | None:
        """The name of the first danger category (understanding.toml) `text` falls in, or None."""
        return self._safety.danger(text)

    def is_ambiguous(self, text: str) -> bool:
        """Whether `text` is not danger but may mean "stop the exercise" or "I do not want to
        live" ("ik kan niet meer")."""
        danger, ambiguous, _ = self._safety.assess(text, free_answer=False)
        return danger is None and ambiguous and not self._safety.asks_calming(text)

    def is_distress(self, text: str) -> bool:
        """Whether `text`, as a free answer (the gratitude), is distress rather than a thank-you
        (and neither danger nor ambiguous)."""
        return self._safety.assess(text, free_answer=True)[2]

    def vocabulary(self) -> frozenset[str]:
        """Every word the locale's samples, slot values and example safety phrases use."""
        return self._index.vocabulary


def said_number(index: Index, words: Sequence[str], tokens: Sequence[Token] = ()) -> tuple[int | None, bool]:
    """The number said, where a number is asked ("zeven", "7", "ik zit op een acht"), and
    whether it is clearly a number: of several, the last, the scale said with it left out
    ("acht van de tien"); a word that is an ordinary word too ("een") only when no other
    number is said and nothing follows it ("een tiental", "een beetje minder": the article),
    and never one right after a word that counts ("nog vijf", "nog een": more, no strength),
    and then not clearly, unless written as the number ("één"). A number written in two
    pieces ("ze ven") is that number. (None, False) when no number is said."""
    kept = _number_words(index, words, tokens)
    for scale in index.number_scales:
        for start in range(len(kept) - len(scale), -1, -1):
            if tuple(kept[start : start + len(scale)]) == scale:
                del kept[start : start + len(scale)]
    for candidates in (kept, words):  # "ik zit op tien": no number but the scale's own
        found = [(word, index.numbers[word] if word in index.numbers else int(word))
                 for at, word in enumerate(candidates)
                 if (word in index.numbers or (word.isdigit() and len(word) <= 2))
                 and (word not in index.ambiguous_numbers or at == len(candidates) - 1)
                 and not (at and candidates[at - 1] in index.rules.counting_words)]
        clear = [number for word, number in found if word not in index.ambiguous_numbers]
        if clear:
            return clear[-1], True
        if found:
            return found[-1][1], False
    return None, False


def _number_words(index: Index, words: Sequence[str], tokens: Sequence[Token]) -> list[str]:
    """The words with a number written in two pieces ("ze ven") joined, when neither piece
    is a number itself, and a number word that is an ordinary word too written as the number
    ("één") in digits; `tokens`, when given, are where the words came from."""
    if len(tokens) != len(words):
        return list(words)
    clear = index.numbers.keys() - index.ambiguous_numbers
    joined: list[str] = []
    last: Token | None = None
    for word, token in zip(words, tokens, strict=True):
        written = token.written.strip(_PUNCTUATION).lower()
        if word in index.ambiguous_numbers and written in index.rules.numbers:
            word = str(index.rules.numbers[written])
        elif last is not None and last.group != token.group and joined[-1] not in clear and word not in clear:
            both = fold(last.written.strip(_PUNCTUATION) + token.written.strip(_PUNCTUATION))
            if both in index.numbers:
                joined[-1] = both
                last = None  # three pieces are not joined
                continue
        joined.append(word)
        last = token
    return joined


def _names_said(text: str, names: tuple[str, str]) -> list[str]:
    """Which of the household's two names `text` holds, as the household spells them."""
    words = {fold(word.strip(_PUNCTUATION)) for word in text.split()}
    return [name for name in names if fold(name) in words]


def _written(tokens: Sequence[Token], positions: frozenset[int]) -> str:
    """The pieces of text as written that these tokens came from, in order, each once."""
    groups: dict[int, str] = {}
    for number in sorted(positions):
        if number < len(tokens):
            groups.setdefault(tokens[number].group, tokens[number].written)
    return " ".join(list(groups.values())[:MAX_SAID_WORDS])


def _as_written(text: str, tokens: Sequence[Token]) -> str:
    """What was said in one's own words, as written: fillers trimmed at the ends, never
    inside ("dat ik eens mag zeggen wat ik denk zonder ..." keeps its "denk")."""
    first, last = tokens[0], tokens[-1]
    if first.group == last.group:
        return first.written
    pieces = [first.written, *text.split()[first.group + 1 : last.group], last.written]
    return " ".join(pieces[:MAX_SAID_WORDS])


def _last_inner_correction(index: Index, words: Sequence[str]) -> int:
    """Where the words after the last correction inside the sentence begin ("nog vijf, ah
    nee, verder" -> the position of "verder"), or 0 if there is none."""
    found = 0
    for start in range(1, len(words)):
        for phrase in index.corrections:
            end = start + len(phrase)
            if tuple(words[start:end]) == phrase and end < len(words):
                found = max(found, end)
    return found
