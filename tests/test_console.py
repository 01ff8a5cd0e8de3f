"""The typed console: `python -m local_voice --text` as a subprocess, and its renderer in-process."""

from __future__ import annotations

import datetime
import io
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from dialogue import (
    CheckinEntry,
    Coach,
    Effect,
    Household,
    Locale,
    Pause,
    Reply,
    SaveCheckin,
    SaveNames,
    SavePace,
    Say,
    Silence,
    Step,
    Understander,
)
from household.store import STORE_FILE, HouseholdStore, StoreError
from local_voice.console import TypedLines, render, run_console
from local_voice.session import Session, open_session

ROOT = Path(__file__).resolve().parent.parent

# Distinctive words said as gratitude: they must never reach the disk or the operator.
GRATITUDE_WORDS = ("Zwaluwstaartje", "Kwikstaartvlinder")

CONVERSATION = [
    "wij heten Sam en Lotte",
    "start de check-in",
    "ja",  # consent to keep the weather and needs
    "samen",
    "zonnig",
    "ik heb een knuffel nodig",
    f"ik ben dankbaar voor {GRATITUDE_WORDS[0]} en je geduld",
    "nou eh bewolkt",
    "ruimte",
    f"dat je gisteren {GRATITUDE_WORDS[1]} voor me kookte",
    "ik ben getriggerd",
    "klaar",
    "paniek",
    "geruststelling",
    "ja",
    "ik begrijp het, dat is logisch, ik ben hier",
    "dat je me even vasthoudt",
]


def run(data_dir: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait", "--data-dir", str(data_dir), *extra],
        check=False,
        cwd=ROOT,
        input="".join(line + "\n" for line in lines),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )


def expected_lines(
    locale: Locale, coach: Coach, understander: Understander, lines: list[str], *, durable: bool = True
) -> list[str]:
    """What the coach must print, taken from the core directly: one line per sentence or pause.
    Not `durable`: the store stands in for a file that could not be used."""
    with HouseholdStore.in_memory() as store:
        today = datetime.date.today()
        session = Session(coach, understander, store, today=lambda: today, report=lambda message: None,
                          durable=durable)
        replies = [session.open()] + [session.hear(line) for line in lines]
    printed = []
    for reply in replies:
        for part in reply.parts:
            if isinstance(part, Say):
                printed.append(part.text)
            else:
                printed.append(locale.system_message("pause_marker", seconds=int(part.seconds)))
    return printed


def test_a_whole_conversation_prints_each_sentence_on_its_own_line(
    tmp_path: Path, locale: Locale, coach: Coach, understander: Understander
) -> None:
    before = datetime.date.today()
    result = run(tmp_path / "data", CONVERSATION)
    after = datetime.date.today()

    assert result.returncode == 0
    assert result.stderr == ""
    printed = result.stdout.splitlines()
    assert printed == expected_lines(locale, coach, understander, CONVERSATION)
    assert printed.count("[pauze 4 s]") == 5
    assert printed.count("[pauze 6 s]") == 5
    assert locale.say("summary_weather_two", first="Sam", first_weather="zonnig", second="Lotte",
                      second_weather="bewolkt") in printed
    assert locale.say("summary_need_ask", name="Sam", other="Lotte", need="een knuffel") in printed
    assert locale.say("partner_say") in printed and locale.say("partner_give") == printed[-1]
    assert all(line.strip() for line in printed)
    for word in GRATITUDE_WORDS:
        assert word not in result.stdout

    # The file holds the check-in's date and value ids, never the gratitude words.
    files = list((tmp_path / "data").iterdir())
    assert [f.name for f in files] == [STORE_FILE]
    raw = files[0].read_bytes()
    for word in GRATITUDE_WORDS:
        assert word.encode() not in raw and word.lower().encode() not in raw
    with HouseholdStore(files[0]) as store:
        assert store.checkins() in (
            [(day, [("ZONNIG", "KNUFFEL"), ("BEWOLKT", "RUIMTE")])] for day in {before, after}
        )
        assert store.load(after).names == ("Sam", "Lotte")


def test_a_second_run_greets_the_household_by_name(tmp_path: Path, locale: Locale) -> None:
    data_dir = tmp_path / "data"
    assert run(data_dir, ["wij heten Sam en Lotte", "stop"]).returncode == 0
    result = run(data_dir, ["stop"])
    assert result.returncode == 0
    names = locale.say("names_pair", first="Sam", second="Lotte")
    assert result.stdout.splitlines()[0] == locale.say("welcome_back_named", names=names)


def test_end_of_input_at_once_ends_cleanly(tmp_path: Path, locale: Locale) -> None:
    result = run(tmp_path / "data", [])
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == locale.say("menu_question")


def test_a_corrupt_store_is_reported_once_left_untouched_and_the_coach_still_talks(
    tmp_path: Path, locale: Locale, coach: Coach, understander: Understander
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    damaged = b"SQLite format 3\x00" + os.urandom(5000)
    (data_dir / STORE_FILE).write_bytes(damaged)

    result = run(data_dir, CONVERSATION)

    assert result.returncode == 0
    assert result.stderr.splitlines() == [locale.system_message("store_corrupt", path=str(data_dir / STORE_FILE))]
    assert result.stdout.splitlines() == expected_lines(locale, coach, understander, CONVERSATION, durable=False)
    assert locale.say("not_kept") in result.stdout.splitlines()  # the names are not claimed kept
    assert (data_dir / STORE_FILE).read_bytes() == damaged
    assert [p.name for p in data_dir.iterdir()] == [STORE_FILE]


def test_a_data_dir_that_cannot_be_created_is_reported_once_and_the_coach_still_talks(
    tmp_path: Path, locale: Locale, coach: Coach, understander: Understander
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    data_dir = tmp_path / "afile" / "sub"

    result = run(data_dir, CONVERSATION)

    assert result.returncode == 0
    assert result.stderr.splitlines() == [locale.system_message("store_unwritable", path=str(data_dir))]
    assert result.stdout.splitlines() == expected_lines(locale, coach, understander, CONVERSATION, durable=False)
    for word in GRATITUDE_WORDS:
        assert word not in result.stderr


def test_input_that_is_not_text_is_not_understood_rather_than_a_crash(tmp_path: Path, locale: Locale) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait", "--data-dir", str(tmp_path)],
        check=False, cwd=ROOT, input=b"start de check-in\n\xff\xfe\n", capture_output=True,
        # As in a UTF-8 desktop locale: standard input decodes strictly.
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    assert result.returncode == 0
    assert result.stderr == b""
    assert locale.say("not_understood").encode() in result.stdout


# --- in-process -----------------------------------------------------------------------------


class Recorder(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.sleeps: list[tuple[float, str]] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append((seconds, self.getvalue()))


def test_rendering_with_waits_sleeps_each_pause_and_prints_no_marker(locale: Locale) -> None:
    reply = Reply((Say("Adem in."), Pause(4.0), Say("Adem uit."), Pause(6.0), Say("Goed zo.")), None, True)
    out = Recorder()
    render(reply, out, locale, wait=True, sleep=out.sleep)
    assert out.getvalue() == "Adem in.\nAdem uit.\nGoed zo.\n"
    # Each pause starts after what comes before it was printed.
    assert out.sleeps == [(4.0, "Adem in.\n"), (6.0, "Adem in.\nAdem uit.\n")]


def test_rendering_without_waits_prints_markers_and_never_sleeps(locale: Locale) -> None:
    reply = Reply((Say("Adem in."), Pause(4.0), Say("Adem uit."), Pause(6.5)), None, True)
    out = Recorder()
    render(reply, out, locale, wait=False, sleep=out.sleep)
    assert out.getvalue().splitlines() == [
        "Adem in.",
        locale.system_message("pause_marker", seconds=4),
        "Adem uit.",
        locale.system_message("pause_marker", seconds=6.5),
    ]
    assert out.sleeps == []


def test_the_breathing_waits_the_households_pace(
    locale: Locale, coach: Coach, understander: Understander
) -> None:
    with HouseholdStore.in_memory() as store:
        store.apply([SavePace(5, 7)])
        session = Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27), report=lambda message: None)
        out = Recorder()
        run_console(["ik ben getriggerd"], out, session, locale, wait=True, sleep=out.sleep)
    assert [seconds for seconds, _ in out.sleeps] == [5.0, 7.0] * 5
    assert "[" not in out.getvalue()


class InPause:
    """A line typed during the `nth` pause waited from now (1: the next one)."""

    def __init__(self, nth: int, line: str) -> None:
        self.nth = nth
        self.line = line


class ScriptedInbox:
    """Typed lines in time: a plain line is typed while the coach waits for an answer."""

    def __init__(self, script: list[str | InPause]) -> None:
        self.script = list(script)
        self.waited: list[float] = []  # the pauses waited out in full

    def next_line(self) -> str | None:
        if not self.script:
            return None
        item = self.script.pop(0)
        return item.line if isinstance(item, InPause) else item

    def during_pause(self, seconds: float) -> str | None:
        head = self.script[0] if self.script else None
        if isinstance(head, InPause):
            head.nth -= 1
            if head.nth == 0:
                self.script.pop(0)
                return head.line
        self.waited.append(seconds)
        return None


def typed_in_time(locale: Locale, coach: Coach, understander: Understander,
                  script: list[str | InPause]) -> tuple[list[str], ScriptedInbox]:
    with HouseholdStore.in_memory() as store:
        session = Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27),
                          report=lambda message: None)
        out = io.StringIO()
        inbox = ScriptedInbox(script)
        run_console([], out, session, locale, wait=True, sleep=lambda seconds: None, inbox=inbox)
    return out.getvalue().splitlines(), inbox


DANGER = "hij slaat op de deur ik ben bang dat hij binnenkomt"


def test_danger_typed_during_the_breathing_is_answered_at_once_and_ends_it(
    locale: Locale, coach: Coach, understander: Understander
) -> None:
    printed, inbox = typed_in_time(locale, coach, understander, ["ik ben getriggerd", InPause(3, DANGER), "ja"])
    assert inbox.waited == [4.0, 6.0]  # two pauses, then the third was cut short
    cut = printed.index(locale.say("breath_in", count=2)) + 1
    assert printed[cut] == locale.say("safety_violence")
    assert printed[cut + 1] == locale.say("safety_question")
    assert locale.say("breath_out") not in printed[cut:]
    assert locale.say("breathing_offer") not in printed
    # The "ja" typed after the safety question answers it; nothing else is taken for it.
    assert len(printed) > cut + 2


@pytest.mark.parametrize(("typed", "then", "said"), [
    ("stop", [], "goodbye"),
    ("pauze", [], "paused"),
    ("langzamer", ["stop"], None),
])
def test_a_command_typed_during_the_breathing_is_heard_in_that_pause(
    locale: Locale, coach: Coach, understander: Understander, typed: str, then: list[str], said: str | None
) -> None:
    printed, inbox = typed_in_time(locale, coach, understander, ["ik ben getriggerd", InPause(2, typed), *then])
    assert inbox.waited[0] == 4.0
    cut = printed.index(locale.say("breath_out")) + 1
    assert printed[cut] != locale.say("breath_in", count=2)  # the breathing stopped there
    if said is not None:
        assert printed[cut] == locale.say(said)
        assert printed[-1] == locale.say(said)  # no stale answer after the breathing
        assert locale.say("breathing_offer") not in printed
    else:
        assert printed[cut].startswith("Goed, ik ga langzamer")


def test_a_yes_typed_during_the_breathing_never_answers_a_later_question(
    locale: Locale, coach: Coach, understander: Understander
) -> None:
    printed, _ = typed_in_time(locale, coach, understander,
                               ["ik ben getriggerd", InPause(2, "ja"), InPause(4, DANGER)])
    # The yes was taken in the breathing (more breaths), the danger then too: the safety
    # question stands unanswered at the end.
    assert printed[-1] == locale.say("safety_question")


def test_a_line_typed_during_a_pause_reaches_the_console_at_once(locale: Locale) -> None:
    """Standard input is read on a thread of its own: the pause does not hold the line back."""
    typed = threading.Event()

    def keyboard() -> Iterator[str]:
        typed.wait(5)
        yield "stop\n"

    inbox = TypedLines(keyboard())
    reply = Reply((Say("Adem in."), Pause(30.0), Say("Adem uit.")), None, False)
    out = io.StringIO()
    started = time.monotonic()
    threading.Timer(0.2, typed.set).start()
    assert render(reply, out, locale, wait=True, sleep=time.sleep, inbox=inbox) == "stop\n"
    assert time.monotonic() - started < 10
    assert out.getvalue() == "Adem in.\n"
    assert inbox.next_line() is None  # the input ended after it


class FailingStore(HouseholdStore):
    def apply(self, effects: Iterable[Effect], household_id: str = "local") -> None:
        if list(effects):
            raise StoreError("failed", self.path, "disk I/O error")


def test_a_store_that_fails_mid_conversation_is_reported_once(
    locale: Locale, coach: Coach, understander: Understander
) -> None:
    reports: list[str] = []
    store = FailingStore(":memory:")
    session = Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27), report=reports.append)
    out = io.StringIO()
    run_console(["wij heten Sam en Lotte", "start de check-in", "ja", "alleen ik", "zonnig", "rust", "niks", "stop"],
                out, session, locale, wait=False)
    assert reports == [locale.system_message("store_failed", reason="disk I/O error")]
    assert session.state is not None and session.state.step is Step.ENDED
    assert "Sam en Lotte" in out.getvalue()


def test_silence_is_a_blank_line(locale: Locale, coach: Coach, understander: Understander) -> None:
    with HouseholdStore.in_memory() as store:
        session = Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27), report=lambda message: None)
        session.open()
        assert session.hear("   ") == coach.handle(coach.launch(Household(today=datetime.date(2026, 11, 27))).state, Silence()).reply


def test_the_end_of_input_mid_checkin_keeps_the_answers_given(tmp_path: Path) -> None:
    script = "start de check-in\nja\nsamen\nzonnig\neen knuffel\n"
    done = subprocess.run(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait", "--data-dir", str(tmp_path)],
        input=script, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )
    assert done.returncode == 0
    with HouseholdStore(tmp_path / STORE_FILE) as store:
        assert [entries for _, entries in store.checkins()] == [[("ZONNIG", "KNUFFEL"), (None, None)]]


ERASE = ["wis onze gegevens", "ja"]


def _names_in(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute("SELECT first_name, second_name FROM household").fetchall()
    finally:
        db.close()


def _named_household(data_dir: Path) -> Path:
    with HouseholdStore.in_data_dir(data_dir) as store:
        store.apply([SaveNames("Sam", "Lotte")])
        for day in range(1, 29):  # enough pages that erasing them writes past a small file size limit
            store.apply([SaveCheckin(datetime.date(2026, 11, day), (CheckinEntry("ZONNIG", "RUST"),))])
    return data_dir / "samen-sterker.sqlite3"


def test_an_erase_that_cannot_be_written_under_a_file_size_limit_is_not_confirmed(
    tmp_path: Path, locale: Locale
) -> None:
    import resource

    path = _named_household(tmp_path)
    limit = 8192  # opening writes only the first page; the erase must write further in

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait", "--data-dir", str(tmp_path)],
        check=False, cwd=ROOT, input="".join(line + "\n" for line in ERASE), capture_output=True, text=True,
        encoding="utf-8", env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120, preexec_fn=small_files,
    )
    assert result.returncode == 0, result.stderr
    assert locale.say("erase_done") not in result.stdout
    assert locale.say("erase_failed") in result.stdout
    assert _names_in(path) == [("Sam", "Lotte")]


def test_an_erase_while_another_process_holds_the_lock_is_not_confirmed(
    tmp_path: Path, locale: Locale, coach: Coach, understander: Understander
) -> None:
    path = _named_household(tmp_path)
    reports: list[str] = []
    store = HouseholdStore(path)
    session = Session(coach, understander, store, today=lambda: datetime.date(2026, 11, 27), report=reports.append)
    session.open()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        replies = [session.hear(line).text() for line in ERASE]
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert locale.say("erase_done") not in replies[-1]
    assert replies[-1] == locale.say("erase_failed")
    assert reports == [locale.system_message("store_failed", reason="database is locked")]
    assert _names_in(path) == [("Sam", "Lotte")]
    assert session.hear("wis onze gegevens") and session.hear("ja").text() == locale.say("erase_done")
    assert _names_in(path) == []
    store.close()


def test_a_session_on_the_stand_in_memory_store_never_claims_a_lasting_erase_or_name(
    tmp_path: Path, locale: Locale
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    reports: list[str] = []
    session = open_session(locale, blocked / "data", reports.append)  # unwritable: kept in memory only
    assert len(reports) == 1
    session.open()
    named = session.hear("wij heten Sam en Lotte").text()
    assert locale.say("not_kept") in named
    session.hear("wis onze gegevens")
    assert session.hear("ja").text() == locale.say("erase_failed")


def test_names_and_pace_that_could_not_be_kept_are_not_claimed_kept(
    locale: Locale, coach: Coach, understander: Understander
) -> None:
    session = Session(coach, understander, FailingStore(":memory:"), today=lambda: datetime.date(2026, 11, 27),
                      report=lambda message: None)
    session.open()
    named = session.hear("wij heten Sam en Lotte")
    assert [p.text for p in named.parts if isinstance(p, Say)][:2] == [
        locale.say("names_saved", names="Sam en Lotte"), locale.say("not_kept")]
    session.hear("ik ben getriggerd")
    slower = session.hear("langzamer")
    assert [p.text for p in slower.parts if isinstance(p, Say)][:2] == [
        locale.say("pace_slower", inhale=5, exhale=7), locale.say("not_kept")]


# Distinctive words of needs said in one's own words: passed to the partner in the room,
# never written to disk.
OWN_WORDS = ("Zeilbootreparatie", "Kroketbakkerij")


def test_own_words_needs_reach_the_partner_but_never_the_store(tmp_path: Path, locale: Locale) -> None:
    checkin_need = f"dat hij de {OWN_WORDS[0]} regelt"
    trigger_need = f"dat hij over de {OWN_WORDS[1]} vertelt"
    lines = [
        "start de check-in", "ja", "alleen ik", "bewolkt",
        checkin_need, checkin_need,  # one gentle question, then the words are taken
        "sla over",
        "ik ben getriggerd", "klaar", "ik voel me verraden",
        trigger_need, trigger_need,
        "ja", "ik ben hier", trigger_need,
    ]
    result = run(tmp_path / "data", lines)
    assert result.returncode == 0
    printed = result.stdout.splitlines()
    assert locale.say("ack_feeling_reflexive", feeling="verraden") in printed
    assert locale.say("partner_give") == printed[-1]
    assert locale.say("summary_weather_alone", weather="bewolkt") in printed
    assert locale.say("summary_need_own_alone") in printed

    # The file holds the check-in with need OWN, and no word of either need.
    store_file = tmp_path / "data" / STORE_FILE
    raw = b"".join(f.read_bytes() for f in (tmp_path / "data").iterdir())
    for word in OWN_WORDS:
        assert word.encode() not in raw and word.lower().encode() not in raw
    with HouseholdStore(store_file) as store:
        assert [entries for _, entries in store.checkins()] == [[("BEWOLKT", "OWN")]]


def test_the_typed_console_prints_the_numbers_in_digits(tmp_path: Path) -> None:
    result = run(tmp_path / "data", ["ik wil niet meer leven", "herhaal"])
    assert result.returncode == 0
    assert "113" in result.stdout and "0800-0113" in result.stdout
    assert "één één drie" not in result.stdout  # the spoken form is for the speech engine only


def test_silence_after_the_conversation_ended_starts_no_new_one(tmp_path: Path, locale: Locale) -> None:
    """A new-user trial: after "Ik hoor niets meer, dus ik stop." the console went on asking,
    twice. Blank lines after the end are nobody speaking: the coach stays quiet."""
    result = run(tmp_path / "data", ["start de check-in", "", "", "", "", "", ""])
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == locale.say("silence_goodbye")
    assert lines.count(locale.say("silence_goodbye")) == 1
