"""The danger net: the category model of understanding.toml, table-driven.

tests/data/safety_categories.tsv was written before the model was tuned (danger per
category, the ambiguous and distress classes, genuine thank-yous, and more look-alikes
than danger lines). tests/data/crisis_dev.tsv is the tuning half of the crisis set: its
danger class, its look-alikes, its ambiguous and distress blocks are checked here too.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from dialogue import Coach, Household, Intent, Locale, State, Step, Understander
from dialogue.intents import IntentName

DATA = Path(__file__).parent / "data"
TODAY = datetime.date(2026, 11, 27)
HARMLESS = "harmless"
# Bounded: every step's voice grammar and Alexa's SafetyIntent hold them all (bench voice measures the grammars).
MAX_EXAMPLE_PHRASES = 700


@dataclass(frozen=True)
class Case:
    line: int
    kind: str
    step: Step
    text: str
    expect: str  # an intent name, or "harmless"


def own_cases() -> list[Case]:
    cases: list[Case] = []
    with (DATA / "safety_categories.tsv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if line == 1 or not row or row[0].startswith("#"):
                continue
            kind, step, text, expect = row
            cases.append(Case(line, kind, Step(step), text, expect))
    return cases


def dev_cases() -> list[Case]:
    """The crisis dev set's danger, look-alike, ambiguous and distress rows."""
    cases: list[Case] = []
    kind = ""
    with (DATA / "crisis_dev.tsv").open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1):
            if line == 1 or not row:
                continue
            if row[0].startswith("#"):
                header = row[0]
                kind = ("danger" if "class 11" in header else "lookalike" if "class 12" in header
                        else "ambiguous" if "ambiguous" in header else "distress" if "distress" in header else "")
                continue
            if kind:
                expect = HARMLESS if kind == "lookalike" else row[2]
                cases.append(Case(line, kind, Step(row[0]), row[1], expect))
    return cases


OWN = own_cases()
DEV = dev_cases()


def understood(coach: Coach, understander: Understander, step: Step, text: str) -> object:
    """What `text` means at `step`; a SafetyIntent without its `concern` (tested on its own below)."""
    got = understander.understand(text, coach.expected_intents(State(household=Household(today=TODAY), step=step)))
    if isinstance(got, Intent) and got.name == IntentName.SAFETY:
        return Intent(IntentName.SAFETY)
    return got


def check(coach: Coach, understander: Understander, case: Case) -> None:
    got = understood(coach, understander, case.step, case.text)
    name = got.name if isinstance(got, Intent) else None
    if case.expect == HARMLESS:
        # No help lines, no gentle check; the worry model's "ben je nu veilig?" may come
        # (one question, then on: tests/test_worry_model.py counts how often).
        asked = understander.is_worrying(case.text)
        assert name not in (IntentName.SAFETY, IntentName.AMBIGUOUS) or asked, (case.text, got)
        assert not understander.is_danger(case.text), case.text
        if case.step is Step.CHECKIN_GRATITUDE:
            assert name != IntentName.DISTRESS, (case.text, got)
    else:
        assert name == case.expect, (case.text, got)
        assert understander.is_danger(case.text) == (case.expect == IntentName.SAFETY), case.text


def test_the_own_table_was_written_with_more_look_alikes_than_danger() -> None:
    danger = sum(c.expect == IntentName.SAFETY for c in OWN)
    look_alikes = sum(c.kind == "lookalike" for c in OWN)
    assert danger >= 60 and look_alikes >= danger
    assert {c.expect for c in OWN} >= {IntentName.AMBIGUOUS, IntentName.DISTRESS, IntentName.GRATITUDE, HARMLESS}


@pytest.mark.parametrize("case", OWN, ids=[f"{c.kind}-line{c.line}" for c in OWN])
def test_own_table(coach: Coach, understander: Understander, case: Case) -> None:
    check(coach, understander, case)


@pytest.mark.parametrize("case", DEV, ids=[f"{c.kind}-line{c.line}" for c in DEV])
def test_crisis_dev_table(coach: Coach, understander: Understander, case: Case) -> None:
    check(coach, understander, case)


# --- each category, with who did what to whom --------------------------------------------

CATEGORIES: dict[str, list[str]] = {
    "fear of the partner": ["ik heb schrik van haar", "ik ben bang wat ze gaat doen", "hij maakt me bang"],
    "physical force": ["hij heeft me geduwt", "ze heeft me geslaan", "ik kreeg een mep", "hij drukte me tegen de muur"],
    "locked in": ["hij sluit me op in de kelder"],
    "threats": ["hij dreigde dat ik het zou merken", "hij zegt dat ik de kinderen nooit meer zie"],
    "sexual coercion": ["hij dwong me tot seks", "hij ging door terwijl ik nee zei in bed"],
    "control and isolation": ["ze leest al mijn appjes", "hij heeft mijn pinpas afgepakt", "hij straft me"],
    "self-harm": ["ik kras mezelf", "ik heb pillen gespaard"],
    "suicide": ["ik denk aan zelf moord", "iedereen is beter af zonder mij", "ik wou dat ik dood was"],
    # Round 2: the classes of the held-out misses.
    "fear of the partner nearby": ["ja hij staat naast me en ik ben bang", "ik weet niet wat hij doet, ik heb schrik"],
    "fear of what the partner does": ["ik ben bang dat hij weer gaat slaan"],
    "physical force, no one named": ["dat hij stopt met slaan", "dat hij niet zo hard duwde als vorige keer"],
    "means of suicide": ["ik denk aan al die pillen slikken", "de pillen liggen al klaar"],
    "not waking up": ["dat ik morgen niet meer wakker word"],
    "in danger": ["dat iemand weet dat ik in gevaar ben"],
}

# Round 2: the same pattern reads a place, a body part or a thing thrown, and a regional
# word for the partner, within an existing category.
MORE: dict[str, list[str]] = {
    "physical force": ["hij heeft me gisteren nog tegen de muur geduwt", "hij gooide een stoel naar mijn hoofd"],
    "fear of the partner": ["ik heb schrik van mijn vent"],
    "control and isolation": ["dat ik weer vriendinnen mag zien van hem", "als ik doe wat hij zegt"],
    "sexual coercion": ["dat hij me niet meer dwing tot seks"],
    "locked in": ["hij sloot me op in de badkamer", "ze heeft me opgesloten"],
}
# Round 3: what is danger when said in one breath, however the sentence is built
# (`together`), and the means and signs said in few words.
MORE |= {
    "force by the partner": ["hij heeft zijn vuist door de deur geslagen", "getimmerd heeft hij vaak"],
    "things thrown by the partner": ["met de afstandsbediening gooide ze deze keer"],
    "force on the body": ["hij kneep mijn keel dicht", "ze heeft me tegen de grond gewerkt"],
    "control by the partner": ["hij heeft mijn telefoon weer gecontroleerd", "hij weet altijd waar ik ben"],
    "fear of the partner, in other words": ["ik durf niet te slapen als hij gedronken heeft"],
    "means of suicide, in few words": ["een touw, dan is het klaar", "ik ben iedereen alleen maar tot last"],
    "threats, in other words": ["ze zegt dat ik de kinderen dan nooit meer terugzie"],
    "weapons and threats to kill": ["hij zei ik sla je dood"],
}
# Round 4 (tuned on crisis_heldout_v3.tsv): the means, the signs and the control said in
# everyday words ("ik heb weer gekrast", "anders ben ik de klos", "hij kijkt mijn gsm na").
MORE |= {
    "force by the partner": [*MORE["force by the partner"], "als hij zijn hand opheft krimp ik ineen"],
    "means of suicide, in few words": [
        *MORE["means of suicide, in few words"], "ik heb gisteren weer gekrast", "ik heb een strip pillen en ik twijfel",
    ],
    "fear of the partner": ["als hij dit leest ben ik de klos"],
    "control by the partner": [*MORE["control by the partner"], "hij kijkt mijne gsm elke dag na"],
    "control and isolation": ["ik krijg zakgeld van hem", "ik mag niet meer met mijn zus praten"],
    "threats, in other words": [*MORE["threats, in other words"], "hij zegt dat niemand me gelooft"],
}
# Round 5: a new user's trial (the partner in danger while asking guidance, an abuse hint
# as a need, danger inside the weather answer).
MORE |= {
    "force by the partner": [*MORE["force by the partner"], "mijn vriend is in paniek en staat met een mes te zwaaien"],
    "means of suicide, in few words": [
        *MORE["means of suicide, in few words"], "hij zegt dat hij van de brug springt", "storm, ik heb een strop klaarliggen",
        "ze heeft een hoop pillen in haar hand",
    ],
    "fear of the partner": [*MORE["fear of the partner"], "dat hij eindelijk van me afblijft", "ik loop op eieren thuis"],
    "violence said as such": ["storm, hij werd gisteren weer handtastelijk"],
}
# Round 6 (tuned on crisis_dev_v7.tsv): danger told as an event, a plan, a goodbye, a threat
# sent, control, coercion, hiding, stalking and harm by the speaker, in words of its own.
MORE |= {
    "suicide, said indirectly": ["ik kan dit leven niet meer aan", "ik wil dat het ophoudt, voorgoed"],
    "suicide, a place or a means": ["ik heb gegoogeld hoeveel slaappillen dodelijk zijn", "ik heb een strop geknoopt"],
    "self-harm, done on purpose": ["ik heb mezelf met opzet bezeerd", "ik heb mijn polsen weer opengehaald"],
    # A body in danger now is named before the harm that led to it (112 first).
    "bleeding": ["mijn polsen bloeden weer", "ik heb mezelf gesneden en het bloed stopt niet"],
    "pills swallowed": ["ik heb pillen geslikt", "ik heb net tabletten ingenomen"],
    "pills taken": ["ik heb te veel pillen genomen", "ik heb de hele doos slaappillen leeggegeten"],
    "gas": ["hij heeft het gas open gedraaid"],
    "self-harm, burnt or stabbed": ["ik heb mijn been met een aansteker verbrand"],
    "self-harm, head against the wall": ["ik heb mijn kop weer tegen de muur gebonkt"],
    "goodbyes": ["ik heb al mijn sieraden weggegeven", "ik heb een afscheidsbericht klaargezet"],
    "a plan with a time": ["ik heb een plan en morgen voer ik het uit"],
    "violence told as an event": ["ik zit helemaal vol blauwe plekken", "ze gooide hete thee over mijn arm"],
    "threats, said or sent": ["hij zei dat dit mijn laatste kerst was", "hij zei dat ik in een kist thuis kom"],
    "control, in more words": ["ik zit opgesloten in de slaapkamer", "hij belt elke tien minuten"],
    "money kept from one": ["mijn salaris gaat naar zijn rekening", "ik krijg geen geld van hem voor boodschappen"],
    "sexual coercion, in more words": ["hij had seks met me terwijl ik sliep", "ik zei stop maar hij ging verder"],
    "coerced, said without naming it": ["ik wou niet, ik moest wel van haar"],
    "hiding from the partner": ["ik moet vluchten voor mijn man", "ik heb een vluchttas klaarstaan"],
    "fear of what the partner does, in other words": ["ik ben bang dat hij me grijpt als hij thuiskomt"],
    "the partner doing something to one": ["ik weet niet of hij me wat doet als hij thuiskomt"],
    "harm to a child": ["hij heeft de baby door elkaar geschud", "hij heeft mijn zoontje tegen de kast geduwd"],
    "stalking": ["mijn ex staat weer voor mijn huis", "hij kijkt door het raam naar binnen"],
    "harm by the speaker": ["ik ben bang dat ik haar iets aandoe", "anders doe ik haar wat"],
    "afraid of oneself": ["ik ben bang van mezelf"],
    "police asked for": ["kun je de politie bellen"],
    "found where one lives": ["mijn ex weet waar ik woon"],
    "smothered": ["hij drukte een kussen op mijn gezicht"],
    "blows told by when": ["gisteren weer klappen, vandaag niet"],
}
# Round 7 (tuned on crisis_dev_v8.tsv): force told by its marks, fear with a weapon, threats
# for telling, self-harm and giving up and control in still other words.
MORE |= {
    "force, told by its marks": ["mijn vent heeft gisteren op me ingeslagen", "mijn nek doet zeer waar ze kneep"],
    "fear and a weapon": ["ik ben zo bang, hij loopt met een bijl door het huis"],
    "threats for telling": ["als ik het iemand vertel dan ben ik dood zegt ze", "hij zei dat ik ervan lust"],
    "self-harm and giving up, in other words": [
        "ik kras stiekem elke avond in mijn been", "zonder mij zijn de kinderen beter af", "ik wil stoppen met leven",
    ],
    "self-harm, said of oneself": ["ik heb me iets aangedaan", "ik ben bang dat ik me wat aandoe"],
    "control, kept from one": ["ik krijg straf als het eten koud is", "hij laat me nooit mijn zus bellen"],
    "sexual coercion": ["hij randde me aan"],
    # Found in a new user's trial: held and pulled, told as a need.
    "held or pulled in anger": [
        "dat ze me ruw vastpakt als ze dronken is", "dat hij niet zo aan mijn haren trekt",
        "dat hij me zo vastgrijpt bij elke ruzie",
    ],
}
# Found in a second trial: a grip on the throat, a death wish in other words, the police
# called for a fight.
MORE |= {
    "force, told by its marks": [*MORE["force, told by its marks"], "hij heeft me vastgepakt bij mijn keel",
                                 "dat hij me niet meer vastgrijpt"],
    "self-harm and giving up, in other words": [
        *MORE["self-harm and giving up, in other words"], "het is beter als ik er niet was",
        "ik pak er een touw bij", "ik ben alleen nog hier voor de kinderen",
    ],
    "police called for a fight": ["dat de buren niet weer de politie bellen als we ruzie hebben"],
}
for _name, _texts in MORE.items():
    CATEGORIES[_name] = [*CATEGORIES.get(_name, []), *_texts]


@pytest.mark.parametrize(
    ("category", "text"), [(c, t) for c, texts in CATEGORIES.items() for t in texts], ids=lambda v: str(v)
)
def test_each_category_is_found_by_its_own_rule(understander: Understander, category: str, text: str) -> None:
    assert understander.danger_category(text) == category


@pytest.mark.parametrize(
    "text",
    [
        "we slaan deze vraag over", "ik ben doodmoe", "ik schrok me dood", "hou me even vast",
        "ik sneed me bij het koken", "hij sloeg de spijker op zijn kop", "ik was bang dat ik te laat kwam",
        "ik kan hem wel wurgen", "ik ben niet bang voor hem", "de kleine schopte me bij het verschonen",
        # Who locks whom: a retreat chosen oneself is no danger.
        "ik sluit me even op in de badkamer om te ademen", "ik werd opgesloten in de lift",
        # Round 3: the same words in one breath, in their harmless senses.
        "de kinderen slaan elkaar de hele dag", "dat hij zijn armen om me heen sloeg", "de regen slaat tegen het raam",
        "hij slaat hard op de trommel", "het touw van de schommel is klaar", "ik durf hem niet te vragen mee te gaan",
        "ze wil me uit bed sleuren om te gaan hardlopen", "hij gooide met sneeuwballen",
        "de kinderen slaan me murw met hun vragen", "hij slaat altijd helemaal door met cadeaus",
        "hij heeft de spin voor me doodgeslagen", "ik voel me soms een last", "hij snijdt het brood met een mes",
        # Round 6: the new categories' words in their everyday senses.
        "het hoeft voor mij niet meer", "ik zit opgesloten in een vergadering", "hij heeft mijn hart gebroken",
        "een dolk in mijn rug", "dat hij mij verwend heeft met ontbijt op bed", "ik lach me dood, ik lig dubbel",
        "voor den eten die hij gemaakt heeft",
        # Round 7: a clock that strikes, work that hits, an embrace, a boss who "kills".
        "voordat de klok negen slaat", "het werk slaat me om de oren", "ze sloot me in haar armen",
        "anders maakt mijn chef me af", "hij gaf er een tik op en de radio deed het weer",
        "ik ben aan het werk geslagen", "de kinderen krijgen straf", "ik ben blij dat ik nog leef na die operatie",
        "dat hij me vastpakte toen ik moest huilen", "mijn dochter trekt aan mijn haren als ze moe is",
        "hij greep me vast en we dansten in de keuken", "ik schrok me dood, hij sloeg de deur zo hard dicht",
        "de buren belden de politie om het lawaai van het feest", "dat hij me vastgreep toen ik van de trap viel",
    ],
)
def test_idioms_are_not_danger(understander: Understander, text: str) -> None:
    assert understander.danger_category(text) is None


def test_clear_danger_beats_ambiguous_and_distress(coach: Coach, understander: Understander) -> None:
    for step in (Step.BREATHING, Step.CHECKIN_GRATITUDE):
        assert understood(coach, understander, step, "ik kan niet meer, hij slaat me") == Intent(IntentName.SAFETY)
    assert understood(coach, understander, Step.CHECKIN_GRATITUDE, "ik ben nergens dankbaar voor, ik wil dood") == (
        Intent(IntentName.SAFETY))
    assert understood(coach, understander, Step.CHECKIN_GRATITUDE, "nergens, ik kan niet meer") == (
        Intent(IntentName.AMBIGUOUS))


def test_distress_is_only_judged_at_the_free_answer(coach: Coach, understander: Understander) -> None:
    assert understood(coach, understander, Step.CHECKIN_GRATITUDE, "ik ben zo boos op hem") == (
        Intent(IntentName.DISTRESS))
    got = understood(coach, understander, Step.TRIGGER_FEELING, "ik ben zo boos op hem")
    assert got != Intent(IntentName.DISTRESS)


@pytest.mark.parametrize("step", [s for s in Step if s is not Step.ENDED], ids=lambda s: s.value)
def test_every_example_phrase_is_danger_at_every_step(
    coach: Coach, understander: Understander, locale: Locale, step: Step
) -> None:
    """The bounded list the voice grammars and Alexa's SafetyIntent get from the model."""
    assert 50 <= len(locale.safety_phrases) <= MAX_EXAMPLE_PHRASES
    for phrase in locale.safety_phrases:
        assert understood(coach, understander, step, phrase) == Intent(IntentName.SAFETY), phrase


@pytest.mark.parametrize(("text", "concern"), [
    ("ik wil niet meer leven", "SUICIDE"),
    ("ik denk erover mezelf iets aan te doen", "SUICIDE"),
    ("de pillen liggen klaar", "SUICIDE"),
    ("hij slaat me", "VIOLENCE"),
    ("ik ben bang voor mijn partner", "VIOLENCE"),
    ("hij sluit me op", "VIOLENCE"),
    # Round 6: self-harm and goodbyes are about suicide, harm by the speaker about violence.
    ("ik heb mijn kop weer tegen de muur gebonkt", "SUICIDE"),
    ("hij heeft mijn hoofd tegen de muur gebonkt", "VIOLENCE"),
    ("ik heb al mijn sieraden weggegeven", "SUICIDE"),
    ("ik ben bang dat ik hem iets aandoe", "VIOLENCE"),
    ("ik ben bang van mezelf", "UNCLEAR"),
])
def test_the_safety_intent_says_what_the_danger_is_about(coach: Coach, understander: Understander, text: str,
                                                          concern: str) -> None:
    state = State(household=Household(today=TODAY), step=Step.BREATHING)
    assert understander.understand(text, coach.expected_intents(state)) == Intent.of("SafetyIntent", concern=concern)


def test_every_danger_category_is_mapped_to_what_it_is_about(locale: Locale) -> None:
    """A category not in prompts.toml [concerns] hears every help line (UNCLEAR): safe, but
    a new category should say whether it is about suicide or violence."""
    names = {category.name for category in locale.rules.safety.danger}
    assert names == set(locale.danger_concerns)


def test_said_together_finds_the_words_that_fit_not_only_the_nearest(understander: Understander) -> None:
    """The first "laat" is nearer to "houdt" than the second, but with it "los" is out of the
    window: the second one is taken, and the group is found."""
    held = "ze laat me niet, ze houdt me vast in de gang en laat niet los"
    assert understander.danger_category(held) == "held against one's will"
    assert understander.danger_category("ze laat me niet met rust en houdt me vast") is None


def test_said_together_counts_in_any_order_but_only_within_the_window(understander: Understander) -> None:
    """`together` (understanding.toml): the partner and a blow, either order, a few words apart."""
    assert understander.danger_category("hij heeft gisteren zijn vuist door de deur geslagen") is not None
    assert understander.danger_category("geslagen heeft hij me") is not None
    far = "hij zei dat het eten koud was en dat het buiten hard regende en dat de hond de kat sloeg"
    assert understander.danger_category(far) is None
