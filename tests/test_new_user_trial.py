"""What a new Dutch-speaking user found trying the coach, one table per finding.

Each row is a sentence said at a step and what it must mean there; the rows are cases
of a rule in the locale (understanding.toml, the interaction model), not the rule itself:
most are worded otherwise than the user's own sentence. Whole flows are conversations as
data (tests/conversations/trial_*.toml).
"""

from __future__ import annotations

import datetime

import pytest

from dialogue import CheckinEntry, Coach, Household, Intent, Pause, Silence, State, Step, Understander
from dialogue.intents import IntentName as I

TODAY = datetime.date(2026, 11, 27)
FEELING = I.FEELING.value
SAFETY = I.SAFETY.value


def meaning(coach: Coach, understander: Understander, step: Step, text: str,
            names: tuple[str, str] | None = None) -> object:
    state = State(household=Household(today=TODAY, names=names), step=step)
    return understander.understand(text, coach.expected_intents(state), names=names)


def is_intent(event: object, name: str) -> bool:
    return isinstance(event, Intent) and event.name == name


# --- 1. panic told by the body ---------------------------------------------------------------
PANIC_SIGNS = [
    "ik krijg geen lucht meer",
    "mijn hart bonkt zo hard dat ik denk dat ik doodga",
    "ik krijg bijna geen adem",
    "mijn hart gaat als een gek tekeer",
    "ik stik bijna, echt",
    "ik hyperventileer",
    "mijn hart racet en ik tril over mijn hele lijf",
    "ik kan haast niet ademen",
    "het voelt alsof ik doodga",
    "ik word duizelig en mijn borst zit helemaal dicht",
]


@pytest.mark.parametrize("text", PANIC_SIGNS)
def test_panic_in_the_body_is_the_feeling_panic_where_a_feeling_is_asked(
    coach: Coach, understander: Understander, text: str
) -> None:
    assert meaning(coach, understander, Step.TRIGGER_FEELING, text) == Intent.of(FEELING, feeling="PANIEK")


@pytest.mark.parametrize("text", PANIC_SIGNS)
@pytest.mark.parametrize("step", [Step.MENU, Step.CHECKIN_WEATHER, Step.CHECKIN_GRATITUDE, Step.TRIGGER_NEED])
def test_panic_in_the_body_starts_the_breathing_elsewhere(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    assert meaning(coach, understander, step, text) == Intent(I.START_TRIGGER_PLAN)


@pytest.mark.parametrize("text", ["ik krijg nog steeds geen lucht", "mijn hart bonkt nog zo hard"])
@pytest.mark.parametrize("step", [Step.BREATHING, Step.DISTRESS_CHOICE])
def test_panic_in_the_body_after_the_breathing_or_at_a_choice(
    coach: Coach, understander: Understander, step: Step, text: str
) -> None:
    """After "Hoe is het nu?" it names the feeling (as the voice grammar hears it); where
    breathing is offered it is a yes to it."""
    expected = Intent.of(FEELING, feeling="PANIEK") if step is Step.BREATHING else Intent(I.START_TRIGGER_PLAN)
    assert meaning(coach, understander, step, text) == expected


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        # a real wish to die, or force, stays danger, whatever the body says
        (Step.MENU, "mijn hart bonkt en ik wil dood", SAFETY),
        (Step.TRIGGER_FEELING, "ik krijg geen lucht, ik wil gewoon doodgaan", SAFETY),
        (Step.MENU, "ik krijg geen lucht, hij knijpt mijn keel dicht", SAFETY),
        # a feeling named beside the body's signs is that feeling
        (Step.TRIGGER_FEELING, "ik tril van woede", FEELING),
        # said of the partner: the partner's guidance
        (Step.MENU, "ze krijgt geen lucht meer", I.PARTNER_TRIGGERED.value),
        (Step.MENU, "zijn hart bonkt als een gek, wat moet ik doen", I.PARTNER_TRIGGERED.value),
    ],
)
def test_panic_in_the_body_never_hides_danger_a_named_feeling_or_the_partner(
    coach: Coach, understander: Understander, step: Step, text: str, expected: str
) -> None:
    event = meaning(coach, understander, step, text)
    assert is_intent(event, expected), event
    if expected == FEELING:
        assert event == Intent.of(FEELING, feeling="WOEDE")


@pytest.mark.parametrize("text", ["mijn hart klopt nog steeds voor hem", "dat hij me liet uithijgen na het rennen"])
def test_a_heart_or_breath_in_a_thank_you_is_no_panic(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.CHECKIN_GRATITUDE, text) == Intent(I.GRATITUDE)


@pytest.mark.parametrize("text", ["dat mijn hart nog zo hard klopt als hij binnenkomt", "ik voel me licht en blij"])
def test_a_thank_you_with_a_beating_heart_is_thanked(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.CHECKIN_GRATITUDE, text) == Intent(I.GRATITUDE)


@pytest.mark.parametrize("text", ["ik denk dat ik dood wil", "ik weet niet of ik dood wil", "ik merk dat ik eigenlijk dood wil"])
def test_a_wish_to_die_in_a_clause_of_its_own_is_danger(coach: Coach, understander: Understander, text: str) -> None:
    """Noticed beside finding 1: the wish to die after "dat" or "of" was not heard."""
    for step in (Step.MENU, Step.TRIGGER_FEELING):
        assert meaning(coach, understander, step, text) == Intent.of(SAFETY, concern="SUICIDE")


# --- 2. a hard moment said with a request to calm down --------------------------------------
@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        (Step.BREATHING, "ik trek het niet meer, help me rustig worden", I.MORE_BREATHS),
        (Step.MENU, "ik trek het niet meer, help me rustig worden", I.START_TRIGGER_PLAN),
        (Step.CHECKIN_WEATHER, "ik kan niet meer, help me even ademhalen", I.START_TRIGGER_PLAN),
        (Step.STORM_OFFER, "ik hou het niet meer vol, help me kalmeren", I.MORE_BREATHS),
        (Step.BREATHING, "ik kan het niet meer aan, nog vijf graag", I.MORE_BREATHS),
        # alone, or with a plain "help me", it stays the gentle question
        (Step.BREATHING, "ik trek het niet meer", I.AMBIGUOUS),
        (Step.MENU, "ik trek het niet meer, help me", I.AMBIGUOUS),
        (Step.CHECKIN_NEED, "ik kan niet meer", I.AMBIGUOUS),
        # darker words beside it are asked about all the same; danger stays danger
        (Step.BREATHING, "ik zie geen uitweg meer, help me rustig worden", I.AMBIGUOUS),
        (Step.MENU, "help me rustig worden anders doe ik iets doms", I.AMBIGUOUS),
        (Step.MENU, "ik wil niet meer leven, help me rustig worden", I.SAFETY),
    ],
)
def test_a_request_to_calm_down_is_that_request(
    coach: Coach, understander: Understander, step: Step, text: str, expected: str
) -> None:
    assert is_intent(meaning(coach, understander, step, text), expected)


# --- 3. the gentle check answered by naming the exercise ------------------------------------
@pytest.mark.parametrize(
    "text",
    ["de oefening", "de oefening bedoel ik", "gewoon stoppen", "het eerste", "nee nee, de oefening",
     "met de oefening stoppen graag", "ik bedoel de oefening", "ik wil ophouden met oefenen",
     "geen oefening meer vandaag"],
)
def test_naming_the_exercise_at_the_gentle_check_is_stopping_it(
    coach: Coach, understander: Understander, text: str
) -> None:
    assert meaning(coach, understander, Step.GENTLE_CHECK, text) == Intent(I.STOP)


@pytest.mark.parametrize(
    "text",
    ["het gaat echt niet goed met me", "het tweede", "niet de oefening, het gaat slecht", "allebei eigenlijk",
     "de oefening, en het gaat ook niet goed met me", "ik wil niet stoppen", "ik weet het niet", "ja",
     "stoppen, het gaat echt slecht"],
)
def test_the_gentle_check_answered_otherwise_is_not_stopping(
    coach: Coach, understander: Understander, text: str
) -> None:
    assert not is_intent(meaning(coach, understander, Step.GENTLE_CHECK, text), I.STOP)


def test_naming_the_exercise_elsewhere_is_no_stop(coach: Coach, understander: Understander) -> None:
    assert not is_intent(meaning(coach, understander, Step.SAFETY_CHECK, "de oefening"), I.STOP)
    assert not is_intent(meaning(coach, understander, Step.CHECKIN_GRATITUDE, "de oefening van gisteren"), I.STOP)


# --- 4. bitter thanks are distress, never thanked ---------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["dankbaar? voor de leugens zeker", "bedankt voor niks", "dankbaar voor al zijn leugens", "dank je feestelijk",
     "ja hoor, dankbaar voor het vreemdgaan", "dankbaar voor niets", "blij met de affaire zeker",
     "dank je de koekoek", "alsof ik dankbaar moet zijn", "dankbaar voor zijn bedrog, ja"],
)
def test_bitter_thanks_are_distress(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.CHECKIN_GRATITUDE, text) == Intent(I.DISTRESS)


@pytest.mark.parametrize(
    "text",
    ["dankbaar dat hij niet meer liegt", "dankbaar voor zijn eerlijkheid over de affaire", "bedankt voor de knuffel",
     "dat hij eindelijk eerlijk was over de leugens", "dankbaar voor niks bijzonders, gewoon dat ze er was",
     "blij dat we erover praten"],
)
def test_plain_thanks_about_hard_things_stay_thanks(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.CHECKIN_GRATITUDE, text) == Intent(I.GRATITUDE)


# --- 5. a partner in distress, named by name or not -------------------------------------------
@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("lotte zit te huilen en ik weet niet wat ik moet doen", ("Sam", "Lotte")),
        ("lotte zit te huilen en ik weet niet wat ik moet doen", None),
        ("Jeroen ligt te trillen op de bank, wat moet ik doen", None),
        ("fatima huilt al een uur, hoe help ik haar", ("Fatima", "Noor")),
        ("ik weet niet wat ik moet doen, bram zit te janken", ("Bram", "Eva")),
        ("mijn vriendin zit te trillen", None),
        ("mijn man zit te janken, wat moet ik doen", None),
        ("hij zit te snikken en reageert niet", None),
    ],
)
def test_a_partner_in_distress_asks_the_partners_guidance(
    coach: Coach, understander: Understander, text: str, names: tuple[str, str] | None
) -> None:
    assert is_intent(meaning(coach, understander, Step.MENU, text, names), I.PARTNER_TRIGGERED)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("ik zit te huilen en ik weet niet wat ik moet doen", None),
        ("ik zit te huilen en ik weet niet wat ik moet doen", ("Sam", "Lotte")),
        ("ik zit te trillen", None),
        ("kees zegt dat ik moet inchecken", None),
        ("Gisteren moest ik huilen", None),
        ("Eindelijk kan ik huilen", None),
    ],
)
def test_ones_own_distress_is_no_partners_guidance(
    coach: Coach, understander: Understander, text: str, names: tuple[str, str] | None
) -> None:
    assert not is_intent(meaning(coach, understander, Step.MENU, text, names), I.PARTNER_TRIGGERED)


# --- 6. a feeling reflected in the person's own words ------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "reflected"),
    [
        ("ik voel me in de steek gelaten", "VERLATEN", "Je voelt je in de steek gelaten."),
        ("ik voel me zo verlaten", "VERLATEN", "Je voelt je verlaten."),
        ("hij liet me gewoon vallen", "VERLATEN", "Je voelt je verlaten."),
        ("ik voel me niks waard", "WAARDELOOS", "Je voelt je niks waard."),
        ("ik voel me niets waard", "WAARDELOOS", "Je voelt je niets waard."),
        ("waardeloos", "WAARDELOOS", "Je voelt je waardeloos."),
        ("ik voel me verraden", "VERRADEN", "Je voelt je verraden."),
        ("eenzaam", "EENZAAM", "Je voelt je eenzaam."),
        ("ik voel me zo schuldig", "SCHULDIG", "Je voelt je schuldig."),
        ("schuldgevoel, het is allemaal mijn schuld", "SCHULDIG", "Je voelt je schuldig."),
        ("leeg", "LEEG", "Je voelt je leeg."),
        ("ik voel me leeg vanbinnen", "LEEG", "Je voelt je leeg."),
        ("ik schaam me kapot", "SCHAAMTE", "Je voelt schaamte."),
        ("ik voel me zo dom", "WAARDELOOS", "Je voelt je zo dom."),
        ("ik voel me niet gezien", "EENZAAM", "Je voelt je niet gezien."),
    ],
)
def test_a_feeling_is_reflected_as_the_person_said_it(
    coach: Coach, understander: Understander, text: str, value: str, reflected: str
) -> None:
    state = State(household=Household(today=TODAY), step=Step.TRIGGER_FEELING)
    event = understander.understand(text, coach.expected_intents(state))
    assert isinstance(event, Intent) and event.name == FEELING and event.slot("feeling") == value
    turn = coach.handle(state, event)
    assert f"{reflected} Dat mag er zijn." in turn.reply.text()
    assert turn.state.feeling == value


@pytest.mark.parametrize("text", ["ik voel me niks waard", "ik voel me zo in de steek gelaten"])
def test_such_a_feeling_at_the_gratitude_is_distress(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.CHECKIN_GRATITUDE, text) == Intent(I.DISTRESS)


# --- 7. a clear wish in one's own words is taken at once ---------------------------------------
@pytest.mark.parametrize(
    ("step", "text", "reflected", "next_step"),
    [
        (Step.TRIGGER_NEED, "dat hij eerlijk is over waar hij was", "Dat hij eerlijk is over waar hij was.",
         Step.PARTNER_PRESENT),
        (Step.CHECKIN_NEED, "ik wil dat hij eerlijk is", "Je wilt dat hij eerlijk is.", Step.CHECKIN_GRATITUDE),
        (Step.CHECKIN_NEED, "eh, ik heb nodig dat ze me gelooft", "Je hebt nodig dat ze je gelooft.",
         Step.CHECKIN_GRATITUDE),
        (Step.TRIGGER_NEED, "ik zou willen dat hij vraagt hoe het met me gaat",
         "Je zou willen dat hij vraagt hoe het met je gaat.", Step.PARTNER_PRESENT),
    ],
)
def test_a_clear_wish_is_taken_at_once(
    coach: Coach, understander: Understander, step: Step, text: str, reflected: str, next_step: Step
) -> None:
    state = State(household=Household(today=TODAY, introduced=True, consent=True), step=step, partners=1,
                  entries=(CheckinEntry("ZONNIG", None),) if step is Step.CHECKIN_NEED else ())
    turn = coach.handle(state, understander.understand(text, coach.expected_intents(state)))
    assert reflected in turn.reply.text()
    assert turn.state.step is next_step


@pytest.mark.parametrize("text", ["iets met eerlijkheid of zo", "eerlijkheid over waar hij was", "zijn telefoon"])
def test_unclear_own_words_are_asked_about_once(coach: Coach, understander: Understander, text: str) -> None:
    state = State(household=Household(today=TODAY, introduced=True), step=Step.TRIGGER_NEED)
    turn = coach.handle(state, understander.understand(text, coach.expected_intents(state)))
    assert turn.state.step is Step.TRIGGER_NEED
    assert "Ik wil je goed begrijpen." in turn.reply.text()


# --- 8. the household's names in the partner's guidance ----------------------------------------
NAMES = ("Sam", "Lotte")


@pytest.mark.parametrize(
    ("text", "who"),
    [("lotte zit te huilen en ik weet niet wat ik moet doen", "Lotte"), ("Sam is getriggerd, help", "Sam"),
     ("hoe kan ik lotte helpen, ze trilt helemaal", "Lotte")],
)
def test_a_name_in_the_request_says_who_is_triggered(
    coach: Coach, understander: Understander, text: str, who: str
) -> None:
    assert meaning(coach, understander, Step.MENU, text, NAMES) == Intent.of(I.PARTNER_TRIGGERED, who=who)


def test_a_request_naming_who_asks_no_more_who(coach: Coach) -> None:
    state = State(household=Household(today=TODAY, names=NAMES, introduced=True), step=Step.MENU)
    turn = coach.handle(state, Intent.of(I.PARTNER_TRIGGERED, who="Lotte"))
    assert turn.state.step is Step.SUPPORT_OFFER and turn.state.triggered == 1
    assert "Goed dat je er bent voor Lotte." in turn.reply.text()
    assert "Wie van jullie" not in turn.reply.text()


@pytest.mark.parametrize("step", [Step.PARTNER_SAY, Step.PARTNER_LISTEN])
@pytest.mark.parametrize("said", [Intent(I.HELP), Silence()])
def test_help_and_reprompts_of_the_partners_turns_use_the_names(coach: Coach, step: Step, said: object) -> None:
    state = State(household=Household(today=TODAY, names=NAMES, introduced=True), step=step, triggered=1,
                  partner_present=True)
    turn = coach.handle(state, said)  # type: ignore[arg-type]
    text = turn.reply.text() if step is Step.PARTNER_LISTEN or isinstance(said, Intent) else ""
    reprompt = " ".join(p.text for p in turn.reply.reprompt or () if hasattr(p, "text"))
    assert "Sam" in text + reprompt and "Lotte" in text + reprompt, text + reprompt
    assert "je partner" not in reprompt


@pytest.mark.parametrize(
    ("step", "text", "not_meant"),
    [
        (Step.PARTNER_SAY, "ik begrijp het", I.HELP),
        (Step.PARTNER_SAY, "ik snap het, schat", I.HELP),
        (Step.TRIGGER_NEED, "ik heb je verstaan", I.REPEAT),
        (Step.PARTNER_PRESENT, "mijn partner is er bij", I.ALONE),
    ],
)
def test_a_sample_that_says_not_is_no_match_for_words_without_a_denial(
    coach: Coach, understander: Understander, step: Step, text: str, not_meant: str
) -> None:
    """Noticed with finding 8: the helping partner saying the coach's own sentence ("Ik
    begrijp het") was given help, as if they had said "ik snap het niet"."""
    assert not is_intent(meaning(coach, understander, step, text), not_meant)


@pytest.mark.parametrize(
    ("step", "text", "meant"),
    [(Step.PARTNER_SAY, "ik snap het niet", I.HELP), (Step.PARTNER_PRESENT, "mijn partner is er niet", I.ALONE),
     (Step.TRIGGER_NEED, "ik heb je niet verstaan", I.REPEAT)],
)
def test_a_sample_that_says_not_still_matches_a_denial(
    coach: Coach, understander: Understander, step: Step, text: str, meant: str
) -> None:
    assert is_intent(meaning(coach, understander, step, text), meant)


# --- 9. being scolded is no violence -------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["ik heb op mijn kop gekregen van mijn baas", "ik kreeg op m'n donder van mijn moeder",
     "hij krijgt altijd op zijn falie als hij te laat is", "ik heb flink op mijn sodemieter gehad op het werk",
     "de baas gaf me op mijn donder"],
)
@pytest.mark.parametrize("step", [Step.MENU, Step.CHECKIN_WEATHER, Step.CHECKIN_GRATITUDE, Step.TRIGGER_FEELING])
def test_being_scolded_is_no_danger(coach: Coach, understander: Understander, step: Step, text: str) -> None:
    assert not is_intent(meaning(coach, understander, step, text), SAFETY)


@pytest.mark.parametrize(
    "text",
    ["ik heb een klap op mijn kop gekregen", "hij gaf me een mep op mijn kop", "hij sloeg me op mijn kop",
     "ik kreeg klappen op mijn kop", "hij gaf me een dreun op mijn kop"],
)
def test_force_on_the_head_stays_danger(coach: Coach, understander: Understander, text: str) -> None:
    assert meaning(coach, understander, Step.MENU, text) == Intent.of(SAFETY, concern="VIOLENCE")


@pytest.mark.parametrize(
    ("step", "text", "expected"),
    [
        (Step.BREATHING, "mijn hart slaat nog over, nog vijf", Intent(I.MORE_BREATHS)),
        (Step.SUPPORT_OFFER, "ja, mijn hart slaat over van de stress", Intent(I.YES)),
        (Step.BREATHING, "langzamer, ik stik bijna", Intent(I.SLOWER)),
        (Step.TRIGGER_NEED, "dat iemand me gerust stelt, mijn hart bonkt zo", Intent.of(I.NEED, need="GERUSTSTELLING")),
        (Step.TRIGGER_NEED, "dat ze naast me zit tot mijn hart niet meer zo bonkt", Intent.of(I.NEED, need="OWN")),
    ],
)
def test_panic_in_the_body_yields_to_the_steps_answer_said_clearly(
    coach: Coach, understander: Understander, step: Step, text: str, expected: Intent
) -> None:
    assert meaning(coach, understander, step, text) == expected


# --- 10. "herhaal" after the breathing ------------------------------------------------------------
def test_repeat_after_the_breathing_asks_the_question_again(coach: Coach) -> None:
    breathed = coach.handle(State(household=Household(today=TODAY, introduced=True), step=Step.MENU),
                            Intent(I.START_TRIGGER_PLAN))
    assert breathed.state.step is Step.BREATHING
    again = coach.handle(breathed.state, Intent(I.REPEAT))
    assert again.state.step is Step.BREATHING
    assert not any(isinstance(part, Pause) for part in again.reply.parts)
    assert again.reply.text() == coach.locale.say("breathing_offer")


def test_the_feeling_is_said_back_as_heard_in_the_self_care_too(coach: Coach, understander: Understander) -> None:
    state = State(household=Household(today=TODAY, introduced=True), step=Step.TRIGGER_FEELING)
    turn = coach.handle(state, understander.understand("ik voel me niks waard", coach.expected_intents(state)))
    turn = coach.handle(turn.state, Intent.of(I.NEED, need="RUST"))
    turn = coach.handle(turn.state, Intent(I.NO))
    assert "ik voel me niks waard, en ik heb rust nodig" in turn.reply.text()
    assert "waardeloos" not in turn.reply.text()
