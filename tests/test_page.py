"""The page at home through Flask's test client: every route, the calendar's pictures, the
needs, pairing and CSRF (refused requests change nothing), export and erase, page.toml."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from markupsafe import escape
from page_helpers import CONTRACT, PLAN, TODAY, page_app, page_config, planned_checkins, seed_plan, seed_store

from dialogue import (
    CheckinEntry,
    ContractReview,
    Household,
    LocaleError,
    PartnerPlan,
    SaveCheckin,
    SaveConsent,
    SaveNames,
)
from home_page.access import COOKIE_NAME, MAX_WRONG, WINDOW_SECONDS, allowed_host, same_origin
from home_page.app import create_page_app
from home_page.overview import PlanAndContract, PlanPart, ReviewRow, plan_and_contract
from home_page.words import PAGE_FILE, load_page_words
from household.history import History
from household.store import HouseholdStore
from local_voice.checkin_schedule import TIME_FILE, CheckinSchedule, read_checkin_time
from local_voice.session import forget_local_files
from locale_files import LOCALE_DIR, load_locale

HOME = {"REMOTE_ADDR": "127.0.0.1"}
PHONE = {"REMOTE_ADDR": "192.168.1.20"}
PI = "192.168.1.5:8765"
WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]
WEATHER_NAMES = {"ZONNIG": "zonnig", "WISSELVALLIG": "wisselvallig", "BEWOLKT": "bewolkt", "REGEN": "regen",
                 "STORM": "storm"}


class Pictures(HTMLParser):
    """Every picture with a text alternative (svg role=img): (aria-label, symbol)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.csrf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "svg" and values.get("role") == "img" and "data-symbol" in values:
            self.found.append((values.get("aria-label") or "", values["data-symbol"] or ""))
        if tag == "input" and values.get("name") == "csrf":
            self.csrf.append(values.get("value") or "")


def pictures(html: str) -> Pictures:
    parser = Pictures()
    parser.feed(html)
    return parser


def expected_pictures(checkins: list[SaveCheckin], names: tuple[str, str], first: datetime.date,
                      last: datetime.date) -> list[tuple[str, str]]:
    """What the calendar must show, worked out independently of the page's code."""
    together: dict[datetime.date, list[str | None]] = {}
    alone: set[datetime.date] = set()
    for checkin in checkins:
        if not first <= checkin.date <= last:
            continue
        if len(checkin.entries) == 1:
            alone.add(checkin.date)
            continue
        slot = together.setdefault(checkin.date, [None, None])
        for index, entry in enumerate(checkin.entries):
            slot[index] = entry.weather or slot[index]
    result = []
    for week in range((last - first).days // 7 + 1):
        dates = [first + datetime.timedelta(days=7 * week + d) for d in range(7)]
        for index in (0, 1):
            for date in dates:
                if date in together:
                    weather = together[date][index]
                    when = f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]}"
                    result.append((f"{names[index]}, {when}: {WEATHER_NAMES.get(weather or '', 'overgeslagen')}",
                                   f"w-{weather}" if weather else "w-unknown"))
        for date in dates:
            if date in alone:
                when = f"{WEEKDAYS[date.weekday()]} {date.day} {MONTHS[date.month - 1]}"
                result.append((f"{when}: iemand checkte alleen in", "w-alone"))
    return result


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def seeded(data_dir: Path) -> list[SaveCheckin]:
    return seed_store(data_dir)


def home_client(data_dir: Path, **options: Any) -> FlaskClient:
    client = page_app(data_dir, **options).test_client()
    client.environ_base.update(HOME)
    return client


def stored(data_dir: Path) -> tuple[Any, list[Any]]:
    with HouseholdStore.in_data_dir(data_dir) as store:
        return store.load(TODAY), store.checkins()


def csrf_of(client: FlaskClient) -> str:
    tokens = set(pictures(client.get("/").get_data(as_text=True)).csrf)
    assert len(tokens) == 1
    return tokens.pop()


# --- what a person sees -------------------------------------------------------------------------


def test_the_overview_shows_every_day_of_four_weeks_with_the_right_picture(data_dir: Path,
                                                                         seeded: list[SaveCheckin]) -> None:
    response = home_client(data_dir).get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="nl">' in html
    first = TODAY - datetime.timedelta(days=TODAY.weekday() + 21)
    last = first + datetime.timedelta(days=27)
    expected = expected_pictures(seeded, ("Sam", "Lotte"), first, last)
    assert len(expected) > 30
    assert pictures(html).found == expected


def test_a_day_without_a_check_in_is_simply_empty(data_dir: Path) -> None:
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveConsent(True), SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "RUST"), CheckinEntry("REGEN", "KNUFFEL")))])
    html = home_client(data_dir).get("/").get_data(as_text=True)
    assert [label for label, _ in pictures(html).found] == [
        "Wie begon, donderdag 26 november: zonnig", "De ander, donderdag 26 november: regen"]
    for word in ("gemist", "mislukt", "vergeten", "streak", " 0 dagen", "niet ingecheckt"):
        assert word not in html.lower()
    assert "Een lege dag is gewoon een lege dag." in html


def test_without_names_the_page_says_who_began_and_the_other_and_how_to_name_them(data_dir: Path) -> None:
    seed_store(data_dir, names=None)
    html = home_client(data_dir).get("/").get_data(as_text=True)
    assert ">Wie begon</th>" in html and ">De ander</th>" in html
    assert "wij heten Sam en Lotte" in html
    assert "partner één" not in html.lower()


def test_what_one_partner_said_alone_is_not_shown_only_that_it_happened(data_dir: Path) -> None:
    day = TODAY - datetime.timedelta(days=1)
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveNames("Sam", "Lotte"), SaveConsent(True), SaveCheckin(day, (CheckinEntry("STORM", "HULP"),))])
    html = home_client(data_dir).get("/").get_data(as_text=True)
    assert pictures(html).found == [("woensdag 25 november: iemand checkte alleen in", "w-alone")]
    assert "storm" not in [label.rsplit(": ", 1)[-1] for label, _ in pictures(html).found]
    assert "Wie alleen incheckt, houdt het weer voor zich" in html
    assert "hulp</th>" not in html  # nor the need said alone


def test_needs_are_counted_per_partner_over_the_last_thirty_days(data_dir: Path) -> None:
    old = TODAY - datetime.timedelta(days=30)
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([
            SaveNames("Sam", "Lotte"),
            SaveConsent(True),
            SaveCheckin(old, (CheckinEntry("ZONNIG", "HULP"), CheckinEntry("ZONNIG", "HULP"))),  # too old
            SaveCheckin(TODAY - datetime.timedelta(days=29), (CheckinEntry("REGEN", "KNUFFEL"),
                                                              CheckinEntry("BEWOLKT", "RUST"))),
            SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "KNUFFEL"), CheckinEntry("ZONNIG", "OWN"))),
            SaveCheckin(TODAY, (CheckinEntry("ZONNIG", "RUIMTE"),)),  # alone: not counted
        ])
    html = home_client(data_dir).get("/").get_data(as_text=True)
    html = html.split('<table class="needs">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*<td>.*?<span class="count">(\d+)</span></td>'
                      r'<td>.*?<span class="count">(\d+)</span></td>', html, flags=re.DOTALL)
    assert rows == [("een knuffel", "2", "0"), ("rust", "0", "1"), ("in eigen woorden", "0", "1")]


def test_without_trigger_moments_the_page_says_kindly_what_would_be_kept(data_dir: Path, seeded: object) -> None:
    html = home_client(data_dir).get("/").get_data(as_text=True)
    words = load_page_words(load_locale())
    assert words("triggers_later") in html


def test_trigger_moments_once_kept_are_drawn_as_a_chart_with_words(
    data_dir: Path, seeded: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import home_page.overview
    from home_page.pictures import TriggerWeek

    weeks = (TriggerWeek("2 november", 4, 7.0, 4.5), TriggerWeek("9 november", 2, 5.0, 3.0))
    monkeypatch.setattr(home_page.overview, "trigger_weeks", lambda *args: weeks)
    html = home_client(data_dir).get("/").get_data(as_text=True)
    assert 'aria-labelledby="triggers-title"' in html
    assert "Week van 9 november: 2 keer, sterkte 5,0 voor en 3,0 na het ademen" in html
    assert "Hier komen later jullie triggermomenten" not in html


def test_kept_trigger_moments_are_drawn_per_week_and_exported(data_dir: Path, seeded: object) -> None:
    """Issue 10: the coach keeps trigger moments now; the page counts them per week, with the
    average strength before and after the breathing, and the export holds every one."""
    from dialogue import SaveTriggerMoment

    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveTriggerMoment(datetime.date(2026, 11, 16), 8, 4), SaveTriggerMoment(datetime.date(2026, 11, 18), 6),
                     SaveTriggerMoment(TODAY, None, None)])
    client = home_client(data_dir)
    html = client.get("/").get_data(as_text=True)
    words = load_page_words(load_locale())
    assert words("triggers_later") not in html and 'aria-labelledby="triggers-title"' in html
    assert "Week van 16 november: 2 keer, sterkte 7,0 voor en 4,0 na het ademen" in html
    assert "Week van 23 november: 1 keer" in html and "Week van 2 november: 0 keer" in html
    exported = json.loads(client.get("/export.json").get_data(as_text=True))
    assert exported["trigger_moments"] == [{"date": "2026-11-16", "before": 8, "after": 4},
                                           {"date": "2026-11-18", "before": 6, "after": None},
                                           {"date": "2026-11-26", "before": None, "after": None}]


# --- ons plan en ons contract --------------------------------------------------------------------


def plan_section(html: str) -> str:
    return html.split('<section id="plan"', 1)[1].split("</section>", 1)[0]


def plan_view(household: Household, reviews: tuple[ContractReview, ...] = (),
              partners: tuple[str, str] = ("Sam", "Lotte")) -> PlanAndContract:
    return plan_and_contract(History(household, (), (), reviews), load_page_words(load_locale()), partners)


def test_the_plan_the_contract_and_the_latest_review_are_shown_in_the_coachs_own_words() -> None:
    locale = load_locale()
    household = Household(TODAY, names=("Sam", "Lotte"), consent=True, trigger_plan=PLAN, contract=CONTRACT)
    reviews = (ContractReview(datetime.date(2026, 10, 5), (("DAILY_CHECKIN", "NEE"),)),
               ContractReview(datetime.date(2026, 11, 2), (("DAILY_CHECKIN", "JA"), ("CALL_IF_LATE", "DEELS"),
                                                           ("WEEKLY_DATE", "NEE"))))
    view = plan_view(household, reviews)
    assert view.parts == (
        PlanPart("Sam", "geruststelling en iets in eigen woorden", "Lotte", locale.prompts["plan_action_HOLD"]),
        PlanPart("Lotte", "ruimte", "Sam", ""),
    )
    agreements = tuple(locale.prompts[f"contract_agreement_{a}"] for a in CONTRACT)
    assert [a.lower() for a in view.agreements] == [a.lower() for a in agreements]
    assert view.agreements[0] == "Elke avond om acht uur een check-in"
    assert view.review_caption == "Terugblik van 2 november 2026"  # the latest, not the one before
    assert view.review == (ReviewRow(view.agreements[0], "JA", "ja"), ReviewRow(view.agreements[1], "DEELS", "deels"),
                           ReviewRow(view.agreements[2], "NEE", "nee"))
    assert view.not_kept is None and view.plan_note is None and view.contract_note is None
    assert view.review_note is None


def test_without_a_plan_a_contract_or_a_review_each_says_how_to_make_it_by_voice() -> None:
    words = load_page_words(load_locale())
    view = plan_view(Household(TODAY, names=("Sam", "Lotte"), consent=True))
    assert view == PlanAndContract(plan_note=words("plan_none"), contract_note=words("contract_none"))
    assert "maak ons triggerplan" in words("plan_none") and "maak ons vertrouwenscontract" in words("contract_none")
    # Never asked for consent: the coach asks it when they make the plan, so the same.
    assert plan_view(Household(TODAY, consent=None)) == view
    # A contract without a review yet: how the review comes.
    view = plan_view(Household(TODAY, consent=True, contract=("WEEKLY_DATE",)))
    assert view.agreements == ("Elke week een date samen",) and view.review == ()
    assert view.review_note == words("review_none") and "evalueer ons contract" in view.review_note


def test_a_plan_and_contract_made_empty_say_so() -> None:
    words = load_page_words(load_locale())
    view = plan_view(Household(TODAY, consent=True, trigger_plan=(PartnerPlan(), PartnerPlan()), contract=()))
    assert view == PlanAndContract(plan_note=words("plan_empty"), contract_note=words("contract_empty"))
    # One partner's part empty: shown as not filled in, beside the other's.
    view = plan_view(Household(TODAY, consent=True, trigger_plan=(PartnerPlan(), PartnerPlan(("RUST",), ("ASK",)))),
                     partners=("Wie begon", "De ander"))
    assert view.parts == (PlanPart("Wie begon", "", "de ander", ""),
                          PlanPart("De ander", "rust", "wie begon", "vraagt wat je nodig hebt"))


def test_where_nothing_is_kept_the_page_says_so_truthfully() -> None:
    words = load_page_words(load_locale())
    public = Household(TODAY, consent=None, keeps_answers=False)
    assert plan_view(public) == PlanAndContract(not_kept=words("plan_not_kept_public"))
    refused = Household(TODAY, consent=False)
    assert plan_view(refused) == PlanAndContract(not_kept=words("plan_not_kept_refused"))


def test_the_section_shows_what_the_store_keeps_never_ids_or_own_words(data_dir: Path, seeded: object) -> None:
    seed_plan(data_dir)
    words = load_page_words(load_locale())
    section = plan_section(home_client(data_dir).get("/").get_data(as_text=True))
    assert 'aria-labelledby="plan-kop"' in section and "<h4>Sam</h4>" in section and "<h4>Lotte</h4>" in section
    assert "<dt>Wat helpt</dt><dd>geruststelling en iets in eigen woorden</dd>" in section
    assert "<dt>Wat Lotte dan doet</dt><dd>houdt je vast</dd>" in section
    assert "<li>Van tevoren bellen als je later dan tien uur thuiskomt</li>" in section
    assert "<caption>Terugblik van 2 november 2026</caption>" in section
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td class="answer answer-(\w+)">'
                      r'<svg [^>]*aria-hidden="true"[^>]*>.*?</svg>(\w+)</td></tr>', section)
    assert rows == [("Elke avond om acht uur een check-in", "ja", "ja"),
                    ("Van tevoren bellen als je later dan tien uur thuiskomt", "deels", "deels"),
                    ("Elke week een date samen", "nee", "nee")]
    assert not re.search(r"\b(OWN|HOLD|GERUSTSTELLING|DAILY_CHECKIN|JA|NEE)\b", re.sub(r"<[^>]+>", " ", section))
    for note in ("plan_none", "contract_none", "review_none"):
        assert escape(words(note)) not in section


def test_the_section_without_plan_or_contract_says_how_to_make_them(data_dir: Path, seeded: object) -> None:
    words = load_page_words(load_locale())
    section = plan_section(home_client(data_dir).get("/").get_data(as_text=True))
    assert escape(words("plan_none")) in section and escape(words("contract_none")) in section
    assert words("review_heading") not in section and "<table" not in section


def test_without_consent_the_section_says_nothing_is_kept(data_dir: Path) -> None:
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveConsent(False)])
    words = load_page_words(load_locale())
    section = plan_section(home_client(data_dir).get("/").get_data(as_text=True))
    assert escape(words("plan_not_kept_refused")) in section and escape(words("plan_none")) not in section


def test_the_footer_gives_the_help_lines_and_says_the_coach_is_no_therapist(data_dir: Path) -> None:
    html = home_client(data_dir).get("/").get_data(as_text=True)
    for number in ("112", "0800-2000", "113", "0800-0113"):
        assert f'href="tel:{number.replace("-", "")}">{number}</a>' in html
    assert "chat op 113.nl." in html  # a web address stays text
    assert "geen vervanging voor een therapeut" in html


def test_settings_show_the_names_the_pace_and_the_checkin_time(data_dir: Path, seeded: object) -> None:
    html = home_client(data_dir, checkin_at=datetime.time(20, 0)).get("/").get_data(as_text=True)
    assert 'value="Sam"' in html and 'value="Lotte"' in html
    assert 'name="inhale" type="number" min="2" max="6" value="4"' in html
    assert "Elke dag om 20:00 nodigt de coach jullie uit" in html
    html = home_client(data_dir).get("/").get_data(as_text=True)
    assert "Er is geen vast moment ingesteld." in html


def test_the_checkin_time_is_set_and_cleared_on_the_page_and_kept_for_the_coach(
    data_dir: Path, seeded: object
) -> None:
    client = home_client(data_dir)
    response = client.post("/instellingen/moment", data={"csrf": csrf_of(client), "time": "19:30"})
    assert response.status_code == 303 and "klaar=moment" in response.headers["Location"]
    assert read_checkin_time(data_dir / TIME_FILE) == datetime.time(19, 30)
    schedule = CheckinSchedule(None, time_file=data_dir / TIME_FILE)
    assert schedule.current() == datetime.time(19, 30)  # a running coach reads it at its next check
    assert "Elke dag om 19:30" in client.get("/").get_data(as_text=True)
    refused = client.post("/instellingen/moment", data={"csrf": csrf_of(client), "time": "25:00"})
    assert "fout=moment" in refused.headers["Location"]
    assert read_checkin_time(data_dir / TIME_FILE) == datetime.time(19, 30)
    client.post("/instellingen/moment", data={"csrf": csrf_of(client), "time": ""})
    assert not (data_dir / TIME_FILE).exists() and schedule.current() is None
    assert client.post("/instellingen/moment", data={"time": "20:00"}).status_code == 403  # no token
    assert not (data_dir / TIME_FILE).exists()


def test_nothing_is_loaded_from_outside_the_device(data_dir: Path, seeded: object) -> None:
    response = home_client(data_dir).get("/")
    html = response.get_data(as_text=True)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<script" not in html
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "http" not in policy
    assert response.headers["Cache-Control"] == "no-store"
    css = home_client(data_dir).get("/static/page.css").get_data(as_text=True)
    assert "url(" not in css and "@import" not in css


def test_a_head_request_reads_like_a_get(data_dir: Path, seeded: object) -> None:
    client = home_client(data_dir)
    assert client.head("/").status_code == 200
    assert client.head("/export.json").status_code == 200


def test_an_unknown_address_gets_a_calm_page_in_dutch(data_dir: Path) -> None:
    response = home_client(data_dir).get("/nergens")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet." in response.get_data(as_text=True)


def test_a_damaged_store_is_said_calmly_and_left_alone(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    damaged = b"dit is geen database" * 100
    (data_dir / "samen-sterker.sqlite3").write_bytes(damaged)
    response = home_client(data_dir).get("/")
    assert response.status_code == 503
    assert "kunnen nu niet worden gelezen" in response.get_data(as_text=True)
    assert (data_dir / "samen-sterker.sqlite3").read_bytes() == damaged


# --- changing settings -------------------------------------------------------------------------


def test_names_and_pace_are_kept_through_the_stores_own_effects(data_dir: Path, seeded: object) -> None:
    client = home_client(data_dir)
    token = csrf_of(client)
    response = client.post("/instellingen/namen", data={"csrf": token, "first": "Noor", "second": "Jan-Willem"})
    assert response.status_code == 303 and response.headers["Location"] == "/?klaar=namen#instellingen"
    response = client.post("/instellingen/adem", data={"csrf": token, "inhale": "5", "exhale": "8"})
    assert response.status_code == 303
    household, _ = stored(data_dir)
    assert household.names == ("Noor", "Jan-Willem")
    assert (household.inhale_seconds, household.exhale_seconds) == (5, 8)
    assert "Het ademtempo is bewaard." in client.get("/?klaar=adem").get_data(as_text=True)


@pytest.mark.parametrize(("path", "form"), [
    ("/instellingen/namen", {"first": "Sam", "second": ""}),
    ("/instellingen/namen", {"first": "Sam en", "second": "Lotte"}),
    ("/instellingen/namen", {"first": "S4m", "second": "Lotte"}),
    ("/instellingen/namen", {"first": "a" * 31, "second": "Lotte"}),
    ("/instellingen/adem", {"inhale": "1", "exhale": "6"}),
    ("/instellingen/adem", {"inhale": "4", "exhale": "11"}),
    ("/instellingen/adem", {"inhale": "vier", "exhale": "6"}),
])
def test_settings_that_cannot_be_kept_change_nothing(data_dir: Path, seeded: object, path: str,
                                                     form: dict[str, str]) -> None:
    client = home_client(data_dir)
    before = stored(data_dir)
    response = client.post(path, data={"csrf": csrf_of(client), **form})
    assert response.status_code == 303 and "fout=" in response.headers["Location"]
    assert stored(data_dir) == before


# --- refused: no token, a wrong token, another origin ------------------------------------------------


CHANGES = [
    ("/instellingen/namen", {"first": "Eva", "second": "Bo"}),
    ("/instellingen/adem", {"inhale": "6", "exhale": "8"}),
    ("/wissen", {"confirm": "ja"}),
]


@pytest.mark.parametrize(("path", "form"), CHANGES, ids=["names", "pace", "erase"])
@pytest.mark.parametrize("attack", ["no token", "wrong token", "another origin", "cross-site fetch",
                                    "another referer", "no cookie"])
def test_a_change_without_its_token_or_from_elsewhere_is_refused_and_changes_nothing(
    data_dir: Path, seeded: object, path: str, form: dict[str, str], attack: str
) -> None:
    client = home_client(data_dir)
    token = csrf_of(client)
    headers: dict[str, str] = {}
    data = {**form, "csrf": token}
    if attack == "no token":
        del data["csrf"]
    elif attack == "wrong token":
        data["csrf"] = token[:-4] + "0000"
    elif attack == "another origin":
        headers["Origin"] = "http://evil.example"
    elif attack == "cross-site fetch":
        headers["Sec-Fetch-Site"] = "cross-site"
    elif attack == "another referer":
        headers["Referer"] = "http://evil.example/form.html"
    else:
        client.delete_cookie(COOKIE_NAME)
    before = stored(data_dir)
    response = client.post(path, data=data, headers=headers)
    assert response.status_code == 403
    assert "Er is niets veranderd." in response.get_data(as_text=True)
    assert stored(data_dir) == before


def test_the_same_origin_is_accepted(data_dir: Path, seeded: object) -> None:
    client = home_client(data_dir)
    response = client.post("/instellingen/adem", data={"csrf": csrf_of(client), "inhale": "6", "exhale": "8"},
                           headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 303
    assert stored(data_dir)[0].inhale_seconds == 6


def test_a_token_of_another_browser_is_refused(data_dir: Path, seeded: object) -> None:
    app = page_app(data_dir)
    one, other = app.test_client(), app.test_client()
    one.environ_base.update(HOME)
    other.environ_base.update(HOME)
    token = csrf_of(one)
    other.get("/")
    response = other.post("/instellingen/namen", data={"csrf": token, "first": "Eva", "second": "Bo"})
    assert response.status_code == 403


@pytest.mark.parametrize(("host", "network", "allowed"), [
    ("localhost:8765", False, True), ("127.0.0.1:8765", False, True), ("[::1]:8765", False, True),
    ("192.168.1.5:8765", False, False), ("evil.example", False, False),
    ("192.168.1.5:8765", True, True), ("raspberrypi.local:8765", True, True), ("raspberrypi", True, True),
    ("pi.home.arpa", True, True), ("[fe80::1]:8765", True, True),
    ("evil.example", True, False), ("127.0.0.1.nip.io", True, False), ("a@b", True, False), ("", True, False),
])
def test_only_the_devices_own_names_are_answered(host: str, network: bool, allowed: bool) -> None:
    assert allowed_host(host, network=network) is allowed


def test_a_web_site_rebinding_its_name_to_the_device_gets_nothing(data_dir: Path, seeded: object) -> None:
    client = home_client(data_dir)
    response = client.get("/", headers={"Host": "evil.example"})
    assert response.status_code == 421 and response.get_data() == b""
    assert COOKIE_NAME not in response.headers.get("Set-Cookie", "")
    assert client.get("/export.json", headers={"Host": "evil.example"}).status_code == 421


def test_same_origin_rules() -> None:
    assert same_origin("localhost:8765", "http", None, None, None)
    assert same_origin("localhost:8765", "http", "http://localhost:8765", None, "same-origin")
    assert not same_origin("localhost:8765", "http", "http://localhost:9999", None, None)
    assert not same_origin("localhost:8765", "http", "null", None, None)
    assert not same_origin("localhost:8765", "http", None, "http://evil.example/", None)
    assert not same_origin("localhost:8765", "http", None, None, "same-site")


# --- pairing a phone -----------------------------------------------------------------------------


def phone_client(data_dir: Path, announced: list[str], clock: list[float] | None = None) -> FlaskClient:
    client = page_app(data_dir, network=True, announced=announced, clock=clock).test_client()
    client.environ_base.update(PHONE)
    client.environ_base["HTTP_HOST"] = PI
    return client


def test_a_phone_pairs_once_with_the_code_and_keeps_a_strict_cookie(data_dir: Path, seeded: object) -> None:
    announced: list[str] = []
    client = phone_client(data_dir, announced)
    code = announced[-1]
    for path in ("/", "/export.json", "/wissen"):
        response = client.get(path)
        assert response.status_code == 303 and response.headers["Location"] == "/koppelen"
    page = client.get("/koppelen").get_data(as_text=True)
    assert "Vul de code in die de coach laat zien" in page and code not in page
    response = client.post("/koppelen", data={"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=63072000" in cookie
    assert len(announced) == 2 and announced[-1] != code  # a new code for the next phone
    assert client.get("/").status_code == 200
    assert client.post("/koppelen", data={"code": code}).status_code == 303  # already paired: nothing to do
    # The used code pairs no other phone.
    other = phone_client(data_dir, [])
    assert other.post("/koppelen", data={"code": code}).status_code == 403


def test_the_code_is_shown_on_the_devices_own_page_only(data_dir: Path, seeded: object) -> None:
    announced: list[str] = []
    app = page_app(data_dir, network=True, announced=announced)
    home = app.test_client()
    home.environ_base.update(HOME)
    assert f"vul deze code in: {announced[-1]}" in home.get("/").get_data(as_text=True)
    phone = app.test_client()
    phone.environ_base.update(PHONE)
    phone.environ_base["HTTP_HOST"] = PI
    phone.post("/koppelen", data={"code": announced[-1]})
    assert announced[-2] not in phone.get("/").get_data(as_text=True)
    assert announced[-1] not in phone.get("/").get_data(as_text=True)


def test_a_device_address_reached_by_a_network_name_must_pair_too(data_dir: Path, seeded: object) -> None:
    client = page_app(data_dir, network=True).test_client()
    client.environ_base.update(HOME)
    response = client.get("/", headers={"Host": PI})
    assert response.status_code == 303 and response.headers["Location"] == "/koppelen"


def test_wrong_codes_are_limited_and_pair_nothing(data_dir: Path, seeded: object) -> None:
    announced: list[str] = []
    clock = [1000.0]
    client = phone_client(data_dir, announced, clock)
    code = announced[-1]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(MAX_WRONG):
        response = client.post("/koppelen", data={"code": wrong})
        assert response.status_code == 403
        assert "Die code klopt niet." in response.get_data(as_text=True)
        assert "Set-Cookie" not in response.headers
        clock[0] += 1
    response = client.post("/koppelen", data={"code": code})  # even the right code waits now
    assert response.status_code == 429
    assert "Wacht 10 minuten" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers
    assert client.get("/").status_code == 303
    clock[0] = 1000.0 + WINDOW_SECONDS
    assert client.post("/koppelen", data={"code": code}).status_code == 303
    assert client.get("/").status_code == 200


def test_a_pairing_from_another_origin_is_refused(data_dir: Path, seeded: object) -> None:
    announced: list[str] = []
    client = phone_client(data_dir, announced)
    response = client.post("/koppelen", data={"code": announced[-1]}, headers={"Origin": "http://evil.example"})
    assert response.status_code == 403
    assert client.get("/").status_code == 303


def test_a_made_up_cookie_is_not_a_pairing(data_dir: Path, seeded: object) -> None:
    client = phone_client(data_dir, [])
    client.set_cookie(COOKIE_NAME, "abc.def")
    assert client.get("/").status_code == 303


def test_forgetting_every_phone_unpairs_them_across_a_restart(data_dir: Path, seeded: object) -> None:
    announced: list[str] = []
    app = page_app(data_dir, network=True, announced=announced)
    phone = app.test_client()
    phone.environ_base.update(PHONE)
    phone.environ_base["HTTP_HOST"] = PI
    phone.post("/koppelen", data={"code": announced[-1]})
    assert phone.get("/").status_code == 200
    # A restart keeps the pairing (the secret is a private file in the data folder).
    restarted = page_app(data_dir, network=True).test_client()
    restarted.environ_base.update(PHONE)
    restarted.environ_base["HTTP_HOST"] = PI
    restarted.set_cookie(COOKIE_NAME, phone.get_cookie(COOKIE_NAME).value)  # type: ignore[union-attr]
    assert restarted.get("/").status_code == 200
    assert (data_dir / "page-secret").stat().st_mode & 0o777 == 0o600
    response = restarted.post("/koppelen/vergeten", data={"csrf": csrf_of(restarted)})
    assert response.status_code == 303
    assert restarted.get("/").status_code == 303


# --- export and erase ----------------------------------------------------------------------------


def test_export_holds_everything_the_household_stored(data_dir: Path, seeded: list[SaveCheckin]) -> None:
    (data_dir / "checkin-invitation").write_text("2026-11-25\n", encoding="utf-8")
    response = home_client(data_dir).get("/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="samen-sterker-2026-11-26.json"'
    assert response.headers["Cache-Control"] == "no-store"
    document = json.loads(response.get_data(as_text=True))
    assert document["format"] == "samen-sterker-export"
    assert document["names"] == ["Sam", "Lotte"]
    assert document["breathing"] == {"inhale_seconds": 4, "exhale_seconds": 6}
    assert document["last_checkin_invitation"] == "2026-11-25"
    assert document["checkins"] == [
        {"date": c.date.isoformat(), "together": len(c.entries) == 2,
         "partners": [{"weather": e.weather, "need": e.need} for e in c.entries]}
        for c in seeded
    ]


def test_erase_asks_first_then_erases_everything_and_the_spoken_names(data_dir: Path, seeded: list[SaveCheckin]) -> None:
    cache = data_dir / "speech-cache" / "personal"
    cache.mkdir(parents=True)
    (cache / "x.wav").write_bytes(b"RIFF")
    (data_dir / TIME_FILE).write_text("20:00\n", encoding="utf-8")
    config = page_config(data_dir)
    config.on_erased = lambda: forget_local_files(data_dir)  # as `serve` sets it
    client = create_page_app(config).test_client()
    client.environ_base.update(HOME)
    question = client.get("/wissen").get_data(as_text=True)
    assert f"{len(seeded)} check-ins, de eerste op" in question
    assert "Ja, wis alles" in question and "Nee, terug" in question
    assert stored(data_dir)[1]  # asking erased nothing
    token = csrf_of(client)
    assert client.post("/wissen", data={"csrf": token}).status_code == 400  # no confirmation: nothing
    assert stored(data_dir)[1]
    response = client.post("/wissen", data={"csrf": token, "confirm": "ja"})
    assert response.status_code == 303 and response.headers["Location"] == "/?klaar=gewist"
    household, checkins = stored(data_dir)
    assert checkins == [] and household.names is None
    assert not (data_dir / "speech-cache").exists() and not (data_dir / TIME_FILE).exists()
    assert b"Lotte" not in (data_dir / "samen-sterker.sqlite3").read_bytes()
    html = client.get("/?klaar=gewist").get_data(as_text=True)
    assert "Alles is gewist." in html and "Er is nog geen check-in." in html


def test_a_done_message_names_only_known_messages(data_dir: Path) -> None:
    html = home_client(data_dir).get("/?klaar=<script>&fout=%3Cb%3E").get_data(as_text=True)
    assert "<script>" not in html and "<b>" not in html
    assert 'role="status"' not in html and 'role="alert"' not in html


# --- the words -----------------------------------------------------------------------------------


def copy_locale(tmp_path: Path) -> Path:
    folder = tmp_path / "nl-NL"
    shutil.copytree(LOCALE_DIR, folder)
    return folder


@pytest.mark.parametrize(("old", "new", "key"), [
    ('title = "Jullie weken"\n', "", "page.title"),
    ('weather_intro = "Het weer vanbinnen van de laatste {weeks} weken',
     'weather_intro = "Het weer vanbinnen van de laatste {maanden} weken', "page.weather_intro"),
    ('"zaterdag", "zondag"]', '"zaterdag"]', "calendar.weekdays"),
    ('months = [', 'maanden = [', "calendar.months"),
    ('[calendar]', '[kalender]', "calendar"),
    ('save = "Bewaren"', 'save = ""', "page.save"),
])
def test_a_broken_page_file_fails_naming_file_and_key(tmp_path: Path, old: str, new: str, key: str) -> None:
    folder = copy_locale(tmp_path)
    path = folder / PAGE_FILE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LocaleError) as raised:
        load_page_words(load_locale(), folder)
    assert str(path) in str(raised.value) and key in str(raised.value)
    assert "\n" not in str(raised.value)


def test_every_word_of_the_page_comes_from_the_locale_folder(data_dir: Path, seeded: object) -> None:
    """The templates hold no Dutch of their own: every text node is a filled-in locale word."""
    words = load_page_words(load_locale())
    for template in (Path(__file__).resolve().parent.parent / "home_page" / "templates").glob("*.html"):
        text = re.sub(r"{[{%#].*?[}%#]}", "", template.read_text(encoding="utf-8"), flags=re.DOTALL)
        text = re.sub(r"<[^>]+>", " ", text)
        own = [token for token in text.split() if re.search(r"\w", token)]
        assert own == [], f"{template.name} has words of its own: {own[:5]}"
    assert words.weathers["ZONNIG"] == "zonnig"


def test_the_seed_has_check_ins_alone_and_skipped_answers() -> None:
    plan = planned_checkins(TODAY, 35)
    assert any(len(c.entries) == 1 for c in plan)
    assert any(e.weather is None for c in plan for e in c.entries)
