"""Understanding typed Dutch: a table of real utterances, plus focused robustness tests.

The table (tests/data/understanding.tsv) holds what couples would type or say to the
coach, none of it a copy of the interaction model's samples or slot values. Each row
names the dialogue step the coach is at; the intents that step expects come from the
coach itself, exactly as the edges pass them.

The held-out table (tests/data/understanding_heldout.tsv) was written after the first
table had been tuned on, before the matcher was made to generalise, and measured first
with the matcher unchanged (84.8%). It is tested the same way. Nothing in the locale may
copy one of its rows: when it misses, the fix is a general one (a synonym anyone would
expect, better normalisation or scoring), never its sentence.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogue import Coach, Household, Intent, Locale, State, Step, Understander, Unrecognized
from dialogue.intents import IntentName

DATA_FILE = Path(__file__).parent / "data" / "understanding.tsv"
HELDOUT_FILE = Path(__file__).parent / "data" / "understanding_heldout.tsv"
MIN_ACCURACY = 0.90
TODAY = datetime.date(2026, 11, 27)


@dataclass(frozen=True)
class Row:
    line: int
    step: Step
    text: str
    intent: str
    slots: dict[str, str]

    def expected(self) -> Intent:
        return Intent.of(self.intent, **self.slots)


def read_rows(path: Path = DATA_FILE) -> list[Row]:
    """The rows of the understanding table; a malformed row fails loudly with its line."""
    rows: list[Row] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == ["step", "text", "intent", "slots"], reader.fieldnames
        for line, record in enumerate(reader, start=2):
            slots: dict[str, str] = {}
            for pair in filter(None, (record["slots"] or "").split(",")):
                key, _, value = pair.partition("=")
                assert key and value, f"{path.name}:{line}: bad slot {pair!r}"
                slots[key.strip()] = value.strip()
            rows.append(Row(line, Step(record["step"]), record["text"], record["intent"], slots))
    return rows


ROWS = read_rows()
HELDOUT_ROWS = read_rows(HELDOUT_FILE)
TABLES = {"table": ROWS, "heldout": HELDOUT_ROWS}
MIN_ROWS = {"table": 170, "heldout": 120}
MIN_SAFETY_ROWS = {"table": 15, "heldout": 20}


def expect_at(coach: Coach, step: Step) -> tuple[str, ...]:
    return coach.expected_intents(State(household=Household(today=TODAY), step=step))


def expect_named(coach: Coach, step: Step) -> tuple[str, ...]:
    """What the step expects in a household that has said its names and given consent."""
    household = Household(today=TODAY, names=("Sanne", "Daan"), introduced=True, consent=True)
    return coach.expected_intents(State(household=household, step=step))


def understood(understander: Understander, coach: Coach, row: Row) -> object:
    return without_concern(understander.understand(row.text, expect_at(coach, row.step)))


def without_concern(event: object) -> object:
    """The event with a SafetyIntent's `concern` slot left out (what the danger is about is
    tested in tests/test_safety_categories.py)."""
    if isinstance(event, Intent) and event.name == IntentName.SAFETY:
        return Intent(IntentName.SAFETY.value)
    return event


# --- the table ---------------------------------------------------------------------------


def plain(text: str) -> str:
    return " ".join("".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split())


@pytest.mark.parametrize("table", TABLES)
def test_the_table_is_big_varied_and_uses_only_known_names(table: str) -> None:
    rows = TABLES[table]
    intents = {i.value for i in IntentName} - {IntentName.FALLBACK.value, IntentName.NAVIGATE_HOME.value}
    # The danger net's ambiguous and distress classes have tables of their own
    # (tests/data/crisis_*.tsv, tests/data/safety_categories.tsv).
    own_tables = {IntentName.AMBIGUOUS.value, IntentName.DISTRESS.value}
    # A bare first name of the household ("Lotte") is recognised by the session, which knows
    # the names (local_voice/session.py), and by Alexa; the understanding has no sample for it.
    own_tables |= {IntentName.TRIGGERED_NAME.value}
    assert len(rows) >= MIN_ROWS[table]
    found = {r.intent for r in rows}
    assert found <= intents and found - own_tables == intents - own_tables, "every intent the model has, only those"
    assert sum(r.intent == IntentName.SAFETY.value for r in rows) >= MIN_SAFETY_ROWS[table]
    assert len({r.text.lower() for r in rows}) == len(rows), "no duplicate utterances"


@pytest.mark.parametrize("table", TABLES)
def test_the_table_covers_every_slot_value(locale: Locale, table: str) -> None:
    for slot, type_name in (("weather", "WeatherType"), ("need", "NeedType"), ("feeling", "FeelingType")):
        wanted = {value.id for value in locale.slot_types[type_name].values}
        found = {r.slots[slot] for r in TABLES[table] if slot in r.slots}
        assert found == wanted, (slot, wanted ^ found)


@pytest.mark.parametrize("table", TABLES)
def test_the_table_holds_no_copies_of_samples_or_slot_values(locale: Locale, table: str) -> None:
    known = {plain(s) for intent in locale.intents for s in intent.texts}
    known |= {plain(p) for t in locale.slot_types.values() for v in t.values for p in (v.name, *v.synonyms)}
    known |= {plain(p) for p in locale.safety_phrases}
    copies = [r.text for r in TABLES[table] if plain(r.text) in known]
    assert not copies, copies


def test_the_held_out_table_copies_no_row_of_the_first() -> None:
    first = {plain(r.text) for r in ROWS}
    assert not [r.text for r in HELDOUT_ROWS if plain(r.text) in first]


@pytest.mark.parametrize("table", TABLES)
def test_accuracy_on_the_table_is_at_least_90_percent(coach: Coach, understander: Understander, table: str) -> None:
    rows = TABLES[table]
    misses: list[str] = []
    for row in rows:
        got = understood(understander, coach, row)
        if got != row.expected():
            misses.append(f"  line {row.line} [{row.step.value}] {row.text!r}: want {row.expected()}, got {got}")
    accuracy = 1 - len(misses) / len(rows)
    print(f"understanding accuracy on the {table} {accuracy:.1%} ({len(rows) - len(misses)}/{len(rows)})")
    print("\n".join(misses))
    assert accuracy >= MIN_ACCURACY, f"accuracy {accuracy:.1%} < {MIN_ACCURACY:.0%}; misses:\n" + "\n".join(misses)


SAFETY_ROWS = [(table, r) for table, rows in TABLES.items() for r in rows if r.intent == IntentName.SAFETY.value]


@pytest.mark.parametrize("row", [r for _, r in SAFETY_ROWS], ids=[f"{t}-line{r.line}" for t, r in SAFETY_ROWS])
def test_every_safety_utterance_is_recognised(coach: Coach, understander: Understander, row: Row) -> None:
    assert understood(understander, coach, row) == Intent(IntentName.SAFETY.value)
    assert understander.is_danger(row.text)


@pytest.mark.parametrize("table", TABLES)
def test_no_ordinary_row_is_taken_for_danger(understander: Understander, table: str) -> None:
    rows = TABLES[table]
    flagged = [r.text for r in rows if r.intent != IntentName.SAFETY.value and understander.is_danger(r.text)]
    assert not flagged, flagged


# --- robustness: the same meaning however it is typed --------------------------------------

BASES: list[tuple[Step, str, Intent]] = [
    (Step.MENU, "start de check-in", Intent(IntentName.START_CHECKIN.value)),
    (Step.MENU, "ik ben getriggerd", Intent(IntentName.START_TRIGGER_PLAN.value)),
    (Step.CHECKIN_WEATHER, "het is bewolkt", Intent.of(IntentName.WEATHER.value, weather="BEWOLKT")),
    (Step.CHECKIN_NEED, "ik heb een knuffel nodig", Intent.of(IntentName.NEED.value, need="KNUFFEL")),
    (Step.TRIGGER_FEELING, "ik voel me verdrietig", Intent.of(IntentName.FEELING.value, feeling="VERDRIET")),
    (Step.BREATHING, "iets langzamer", Intent(IntentName.SLOWER.value)),
    (Step.MENU, "wis onze gegevens", Intent(IntentName.ERASE_DATA.value)),
]


def variants(text: str) -> dict[str, str]:
    words = text.split()
    return {
        "upper": text.upper(),
        "title": text.title(),
        "punctuation": f"{text[:1].upper()}{text[1:]}!?",
        "commas": ", ".join(words) + ".",
        "spaces": "  " + "   ".join(words) + "  ",
        "filler_front": f"eh, {text}",
        "filler_middle": " ".join([words[0], "ehm", *words[1:]]),
        "filler_end": f"{text}, nou",
        "many_fillers": f"nou ehm {text} eh hoor",
    }


@pytest.mark.parametrize("step,text,intent", BASES, ids=[b[1] for b in BASES])
def test_case_punctuation_and_fillers_do_not_change_the_result(
    coach: Coach, understander: Understander, step: Step, text: str, intent: Intent
) -> None:
    expect = expect_at(coach, step)
    assert understander.understand(text, expect) == intent
    for kind, variant in variants(text).items():
        assert understander.understand(variant, expect) == intent, (kind, variant)


@pytest.mark.parametrize(
    "step,text,intent",
    [
        (Step.CHECKIN_WEATHER, "vandaag is het bij mij zonnig", Intent.of(IntentName.WEATHER.value, weather="ZONNIG")),
        (Step.CHECKIN_WEATHER, "zonnig is het vandaag", Intent.of(IntentName.WEATHER.value, weather="ZONNIG")),
        (Step.CHECKIN_NEED, "nodig heb ik rust", Intent.of(IntentName.NEED.value, need="RUST")),
        (Step.CHECKIN_NEED, "van jou heb ik aandacht nodig", Intent.of(IntentName.NEED.value, need="AANDACHT")),
        (Step.TRIGGER_FEELING, "boos ben ik", Intent.of(IntentName.FEELING.value, feeling="BOOS")),
        (Step.MENU, "de check-in starten", Intent(IntentName.START_CHECKIN.value)),
        (Step.MENU, "getriggerd ben ik", Intent(IntentName.START_TRIGGER_PLAN.value)),
        (Step.MENU, "onze gegevens wissen", Intent(IntentName.ERASE_DATA.value)),
    ],
)
def test_word_order_does_not_change_the_result(
    coach: Coach, understander: Understander, step: Step, text: str, intent: Intent
) -> None:
    assert understander.understand(text, expect_at(coach, step)) == intent


@pytest.mark.parametrize(
    "step,text,intent",
    [
        (Step.MENU, "strat de chek-in", Intent(IntentName.START_CHECKIN.value)),
        (Step.MENU, "ik ben getrigerd", Intent(IntentName.START_TRIGGER_PLAN.value)),
        (Step.MENU, "ik ben getrigggerd", Intent(IntentName.START_TRIGGER_PLAN.value)),
        (Step.CHECKIN_WEATHER, "wisselvalig", Intent.of(IntentName.WEATHER.value, weather="WISSELVALLIG")),
        (Step.CHECKIN_WEATHER, "bewlokt", Intent.of(IntentName.WEATHER.value, weather="BEWOLKT")),
        (Step.CHECKIN_NEED, "gerustelling", Intent.of(IntentName.NEED.value, need="GERUSTSTELLING")),
        (Step.CHECKIN_NEED, "ik heb een knufel nodig", Intent.of(IntentName.NEED.value, need="KNUFFEL")),
        (Step.TRIGGER_FEELING, "verdrietgi", Intent.of(IntentName.FEELING.value, feeling="VERDRIET")),
        (Step.BREATHING, "langzammer", Intent(IntentName.SLOWER.value)),
        (Step.MENU, "wis onze gegevnes", Intent(IntentName.ERASE_DATA.value)),
        # of as near words, one the typo begins ("rege": an end not heard), then one as long
        (Step.CHECKIN_WEATHER, "rege hoor", Intent.of(IntentName.WEATHER.value, weather="REGEN")),
        (Step.MENU, "het trigger plen", Intent(IntentName.START_TRIGGER_PLAN.value)),
    ],
)
def test_small_typos_do_not_change_the_result(
    coach: Coach, understander: Understander, step: Step, text: str, intent: Intent
) -> None:
    assert understander.understand(text, expect_at(coach, step)) == intent


@pytest.mark.parametrize(
    "text,first,second",
    [
        ("wij heten sam en lotte", "Sam", "Lotte"),
        ("Wij heten Sam en Lotte", "Sam", "Lotte"),
        ("WIJ HETEN SAM EN LOTTE", "SAM", "LOTTE"),
        ("we heten Jan-Willem en Marieke", "Jan-Willem", "Marieke"),
        ("onze namen zijn Özlem en Thijs", "Özlem", "Thijs"),
        ("ik heet Daan en mijn partner heet Noor", "Daan", "Noor"),
        ("nou, wij heten McKenzie en Lotte.", "McKenzie", "Lotte"),
    ],
)
def test_names_keep_their_capitals(
    coach: Coach, understander: Understander, text: str, first: str, second: str
) -> None:
    got = understander.understand(text, expect_at(coach, Step.MENU))
    assert got == Intent.of(IntentName.SET_NAMES.value, first=first, second=second)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "eh", "ehm, nou...", "Eh? Ehm! Nou.", "...", "?!", "hmm hmm hoor"])
@pytest.mark.parametrize("step", [Step.MENU, Step.CHECKIN_WEATHER, Step.CHECKIN_GRATITUDE, Step.BREATHING])
def test_empty_or_filler_only_text_is_unrecognized(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    assert understander.understand(text, expect_at(coach, step)) == Unrecognized()


ODD_TEXTS = [
    "😀😀😀",
    "ik ben 😡 boos",
    "ｗｉｊ ｈｅｔｅｎ ｓａｍ ｅｎ ｌｏｔｔｅ",
    "Ĳsbrand en Ærø",
    "123 456 7890",
    "4 in 6 uit",
    "\x00\x01\x1b[31m",
    "'''' '' ' -- ,,, ;;;",
    "{weather} {need} <WeatherType> *first",
    "%s %d {0} {name}",
    "wij heten {first} en {second}",
    "zonnig " * 2000,
    "x" * 100_000,
    "ik ben bang " * 500 + "voor mijn partner",
    "\u202e\u200b\ufeff",
    "ｅｈｍ",
    "ç é ñ ü ø å ß",
    "\U0001f600 ik ben getriggerd",
    "\ud800 lone surrogate \udfff",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=[f"odd{i}" for i in range(len(ODD_TEXTS))])
@pytest.mark.parametrize("step", [Step.MENU, Step.CHECKIN_WEATHER, Step.CHECKIN_GRATITUDE, Step.TRIGGER_NEED])
def test_odd_text_never_raises(coach: Coach, understander: Understander, step: Step, text: str) -> None:
    got = understander.understand(text, expect_at(coach, step))
    assert isinstance(got, (Intent, Unrecognized))
    assert isinstance(understander.is_danger(text), bool)


def test_a_gratitude_answer_keeps_no_words(coach: Coach, understander: Understander) -> None:
    for text in ("ik ben dankbaar voor je geduld", "je humor", "dat je er bent"):
        assert understander.understand(text, expect_at(coach, Step.CHECKIN_GRATITUDE)) == Intent(
            IntentName.GRATITUDE.value
        )


def test_danger_inside_an_answer_wins_over_the_answer(coach: Coach, understander: Understander) -> None:
    for step, text in [
        (Step.CHECKIN_WEATHER, "zonnig, behalve dat hij me gisteren sloeg"),
        (Step.CHECKIN_NEED, "rust, want ik ben bang voor mijn partner"),
        (Step.TRIGGER_FEELING, "angst, hij heeft me pijn gedaan"),
        (Step.CHECKIN_GRATITUDE, "dat ik nog leef, want ik wil eigenlijk dood"),
    ]:
        assert without_concern(understander.understand(text, expect_at(coach, step))) == Intent(IntentName.SAFETY), text


def test_ordinary_words_that_resemble_danger_are_not_danger(understander: Understander) -> None:
    # The danger model weighs who is hit: "slaan" needs someone it is done to, and "over"
    # at the end is skipping (more idioms: tests/test_safety_categories.py).
    for text in (
        "we slaan deze vraag over",
        "dat was geweldig van je",
        "ik heb alles opgeslagen",
        "hij slaapt al",
        "ze slaapt naast me",
        "dat slaat nergens op",
        "ik voel me teneergeslagen",
    ):
        assert not understander.is_danger(text), text


# --- normalising beyond the samples: inflections, "te", words inside a value phrase -------


@pytest.mark.parametrize(
    "step,text,intent",
    [
        # An inflection the locale does not list is read by its stem.
        (Step.CHECKIN_WEATHER, "het stormt", Intent.of(IntentName.WEATHER.value, weather="STORM")),
        (Step.CHECKIN_WEATHER, "het wisselde nogal", Intent.of(IntentName.WEATHER.value, weather="WISSELVALLIG")),
        (Step.CHECKIN_NEED, "dat je me vasthoudt", Intent.of(IntentName.NEED.value, need="KNUFFEL")),
        # "te" before an infinitive says nothing; a separable verb split by it is one word again.
        (Step.MENU, "is het tijd om in te checken", Intent(IntentName.START_CHECKIN.value)),
        (Step.TRIGGER_FEELING, "deze vraag wil ik over te slaan", Intent(IntentName.SKIP.value)),
        # A value phrase of three or more words may have a word or two inside.
        (Step.CHECKIN_NEED, "dat je me vandaag even helpt", Intent.of(IntentName.NEED.value, need="HULP")),
        # A typo of a shorthand the locale rewrites is rewritten too.
        (Step.MENU, "start de chekin", Intent(IntentName.START_CHECKIN.value)),
        # Whoever the partner is called, it is the partner.
        (Step.MENU, "mijn echtgenote is getriggerd", Intent(IntentName.PARTNER_TRIGGERED.value)),
    ],
)
def test_normalising_reaches_past_the_listed_words(
    coach: Coach, understander: Understander, step: Step, text: str, intent: Intent
) -> None:
    assert understander.understand(text, expect_at(coach, step)) == intent


def test_a_split_verb_can_be_danger(understander: Understander) -> None:
    for text in ("hij dreigt me wat aan te doen", "ze heeft gezegd me iets aan te doen"):
        assert understander.is_danger(text), text
    for text in ("er is niets aan te doen", "ik weet niet wat ik eraan moet doen", "het dreigt me te veel te worden"):
        assert not understander.is_danger(text), text


def test_a_thank_you_is_not_read_as_a_skip(coach: Coach, understander: Understander) -> None:
    expect = expect_at(coach, Step.CHECKIN_GRATITUDE)
    for text in ("bedankt voor het eten", "dat je het even regelde", "je was er gewoon voor me"):
        assert understander.understand(text, expect) == Intent(IntentName.GRATITUDE.value), text
    assert understander.understand("sla deze vraag over", expect) == Intent(IntentName.SKIP.value)


@pytest.mark.parametrize(
    ("text", "expect", "slot", "wrong"),
    [
        ("niet zo goed", "WeatherIntent", "weather", "ZONNIG"),
        ("helemaal niet goed", "WeatherIntent", "weather", "ZONNIG"),
        ("ik heb geen knuffel nodig", "NeedIntent", "need", "KNUFFEL"),
        ("ik ben niet boos", "FeelingIntent", "feeling", "WOEDE"),
    ],
)
def test_a_denied_value_is_never_taken_as_the_answer(
    understander: Understander, text: str, expect: str, slot: str, wrong: str
) -> None:
    event = understander.understand(text, (expect,))
    assert not (isinstance(event, Intent) and event.slot(slot) == wrong)


# An answer said first and more told after it, and a change of mind said in other words.
LEADING = [
    (Step.CHECKIN_WHO, "alleen ik, hij is met de hond naar het bos", Intent(IntentName.ALONE)),
    (Step.CHECKIN_WHO, "samen al is hij nog half in slaap", Intent(IntentName.TOGETHER)),
    (Step.BREATHING, "verder, de buurman is aan het boren", Intent(IntentName.NEXT)),
    (Step.PARTNER_PRESENT, "ja, ze staat hier de was op te vouwen", Intent(IntentName.YES)),
    (Step.MENU, "de check-in, of nee, de ademoefening", Intent(IntentName.START_TRIGGER_PLAN)),
    (Step.CHECKIN_WEATHER, "regen, of eigenlijk meer bewolkt", Intent.of(IntentName.WEATHER, weather="BEWOLKT")),
    (Step.BREATHING, "nog vijf, nee laat maar, verder", Intent(IntentName.NEXT)),
]


@pytest.mark.parametrize(("step", "text", "intent"), LEADING, ids=[t for _, t, _ in LEADING])
def test_an_answer_said_first_or_changed_is_the_answer(
    coach: Coach, understander: Understander, step: Step, text: str, intent: Intent
) -> None:
    event = understander.understand(text, expect_at(coach, step))
    assert isinstance(event, Intent)
    assert (event.name, event.slots) == (intent.name, intent.slots)


# Asking guidance for a partner in distress, in any words, at the menu; not one's own distress.
PARTNER_GUIDANCE = [
    ("mijn man heeft een paniekaanval, help me hem te kalmeren", IntentName.PARTNER_TRIGGERED),
    ("ze zit naast me te hyperventileren", IntentName.PARTNER_TRIGGERED),
    ("mijn lief is helemaal van slag, hoe vang ik haar op", IntentName.PARTNER_TRIGGERED),
    ("ik raak in paniek als hij zo schreeuwt", IntentName.START_TRIGGER_PLAN),
    ("ik ben getriggerd", IntentName.START_TRIGGER_PLAN),
]


@pytest.mark.parametrize(("text", "intent"), PARTNER_GUIDANCE, ids=[t for t, _ in PARTNER_GUIDANCE])
def test_guidance_for_a_partner_in_distress_in_any_words(
    coach: Coach, understander: Understander, text: str, intent: IntentName
) -> None:
    event = understander.understand(text, expect_at(coach, Step.MENU))
    assert isinstance(event, Intent) and event.name == intent, event


@pytest.mark.parametrize("text", ["we hadden ruzie en ik ben zo bang dat het weer escaleert",
                                  "we hadden ruzie en nu is het stil"])
def test_a_sentence_that_happens_to_hold_en_names_nobody(coach: Coach, understander: Understander, text: str) -> None:
    event = understander.understand(text, expect_at(coach, Step.MENU))
    assert not (isinstance(event, Intent) and event.name == IntentName.SET_NAMES), event


@pytest.mark.parametrize(("text", "intent"), [
    ("ik ben nergens dankbaar voor, hij heeft me bedrogen", IntentName.DISTRESS),
    ("hij heeft me bedrogen", IntentName.DISTRESS),
    ("dat hij niet meer liegt", IntentName.NEED),  # a wish: a need in one's own words
])
def test_pain_where_a_need_was_asked_is_not_taken_as_the_need(
    coach: Coach, understander: Understander, text: str, intent: IntentName
) -> None:
    event = understander.understand(text, expect_at(coach, Step.CHECKIN_NEED))
    assert isinstance(event, Intent) and event.name == intent, event


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("de check-in graag, we hebben net pannenkoeken gebakken", IntentName.START_CHECKIN),
        ("triggerplan, ik word gek van al die berichtjes op zijn telefoon", IntentName.START_TRIGGER_PLAN),
        ("check in ik kom net thuis van mijn werk", IntentName.START_CHECKIN),
        ("de ademoefening, ik ben zo van slag", IntentName.START_TRIGGER_PLAN),
        # an answer of another question said after the command (a new-user trial)
        ("inchecken, ik alleen", IntentName.START_CHECKIN),
        ("de check in met ons tweeen", IntentName.START_CHECKIN),
    ],
)
def test_a_command_said_first_with_a_story_after_it_is_that_command(
    coach: Coach, understander: Understander, text: str, intent: IntentName
) -> None:
    """At the menu nothing but the commands answers; a person often says one and then tells why."""
    expect = expect_named(coach, Step.MENU)
    assert understander.understand(text, expect) == Intent(intent)


@pytest.mark.parametrize("text", ["check-in, hij slaat me steeds", "stop, hij slaat me"])
def test_danger_told_after_a_command_is_danger(coach: Coach, understander: Understander, text: str) -> None:
    expect = expect_named(coach, Step.MENU)
    assert without_concern(understander.understand(text, expect)) == Intent(IntentName.SAFETY)


@pytest.mark.parametrize(
    ("step", "text", "not_wanted"),
    [
        (Step.CHECKIN_CONSENT, "je mag het gerust bewaren", IntentName.WITHDRAW_CONSENT),
        (Step.MENU, "bewaar het maar", IntentName.WITHDRAW_CONSENT),
        (Step.MENU, "mag je wel bewaren hoor", IntentName.WITHDRAW_CONSENT),
        (Step.CHECKIN_WEATHER, "wissel valig", IntentName.ERASE_DATA),
        # forgetting said of another asks the coach nothing (a new-user trial)
        (Step.MENU, "mijn vader vergeet alles tegenwoordig, hij vergeet alles", IntentName.ERASE_DATA),
        (Step.MENU, "ze vergeet alles wat ik zeg", IntentName.ERASE_DATA),
        (Step.MENU, "ik merk dat mijn vrouw alles vergeet", IntentName.ERASE_DATA),
        # a word a letter off a command's word is that word only when the locale does not know it
        (Step.MENU, "ik hoop dat hij het me ooit vergeeft", IntentName.CANCEL),
        (Step.MENU, "kan ze me vergeven?", IntentName.CANCEL),
    ],
)
def test_what_erases_is_never_read_from_a_near_miss(
    coach: Coach, understander: Understander, step: Step, text: str, not_wanted: IntentName
) -> None:
    """Found in a new user's trial: "bewaar het maar" (keep it) was heard as withdrawing consent."""
    got = understander.understand(text, expect_named(coach, step))
    assert not (isinstance(got, Intent) and got.name == not_wanted)


@pytest.mark.parametrize(
    ("text", "intent"),
    [("bewaar niets meer", IntentName.WITHDRAW_CONSENT), ("bewaar voortaan niks meer", IntentName.WITHDRAW_CONSENT),
     ("wis onze gegevens", IntentName.ERASE_DATA), ("trek mijn toestemming in", IntentName.WITHDRAW_CONSENT),
     # the coach addressed, or the clause said of another set apart: still asked
     ("hij wil dat je ons vergeet", IntentName.ERASE_DATA), ("verwijder alles over ons, zij vindt het ook", IntentName.ERASE_DATA)],
)
def test_what_erases_is_heard_when_said(coach: Coach, understander: Understander, text: str, intent: IntentName) -> None:
    assert understander.understand(text, expect_named(coach, Step.MENU)) == Intent(intent)


def test_with_the_names_known_a_lower_case_word_is_no_name(coach: Coach, understander: Understander) -> None:
    """Found in a blind set: "totaal overstuur" at the weather question read "totaal" as a
    partner's name and gave the partner's guidance."""
    expect = expect_named(coach, Step.CHECKIN_WEATHER)
    got = understander.understand("totaal overstuur, alles gaat mis", expect, names=("Sanne", "Daan"))
    assert got != Intent(IntentName.PARTNER_TRIGGERED)
    menu = expect_named(coach, Step.MENU)
    assert understander.understand("daan zit te huilen", menu, names=("Sanne", "Daan")) == Intent.of(
        IntentName.PARTNER_TRIGGERED, who="Daan")
