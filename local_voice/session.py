"""The local session: the dialogue core and the household store, one conversation after another.

Both the typed console and the hands-free loop talk through a `Session`: it opens
conversations, takes turns (from text, or from an event that was already understood),
keeps the household's data in the store, and knows what the current step expects. A
store that fails is reported once per kind of failure and the conversation goes on.
Nothing that was said is reported or kept beyond what the core's effects store.

What the coach confirms aloud is confirmed only once it is kept: an erase or a withdrawn
consent that failed (or that only a stand-in store in memory took, the file being
unusable) is answered with `erase_failed` or `withdraw_failed` instead of the
confirmation, and names, a pace or a consent that could not be kept get `not_kept`
after the confirmation.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dialogue import (
    Coach,
    Effect,
    EraseHousehold,
    Event,
    Household,
    Locale,
    Reply,
    SaveConsent,
    SaveCountry,
    SaveNames,
    SavePace,
    Say,
    Silence,
    State,
    Step,
    Turn,
    Understander,
)
from household.store import HouseholdStore, StoreError
from local_voice.checkin_schedule import remove_schedule_files
from local_voice.speech_cache import remove_speech_cache


@dataclass
class Session:
    """The link between the core and the store for this device's household."""

    coach: Coach
    understander: Understander
    store: HouseholdStore
    today: Callable[[], datetime.date]
    report: Callable[[str], None]
    # False when `store` stands in for a file that could not be used: nothing in it lasts.
    durable: bool = True
    # Called once an erase is kept: whatever else the device holds of the household goes too.
    on_erased: Callable[[], None] = lambda: None
    _state: State | None = field(default=None, init=False)
    _expected: tuple[str, ...] | None = field(default=None, init=False)
    _reported: set[str] = field(default_factory=set, init=False)

    @property
    def state(self) -> State | None:
        """Where the conversation is; None before the first one opens."""
        return self._state

    @property
    def step(self) -> Step | None:
        """The current step; None before the first conversation opens."""
        return None if self._state is None else self._state.step

    @property
    def expected_intents(self) -> tuple[str, ...]:
        """The intents that answer the current step: computed once per turn, kept until the next."""
        if self._state is None:
            return ()
        if self._expected is None:
            self._expected = self.coach.expected_intents(self._state)
        return self._expected

    def open(self) -> Reply:
        """Start a conversation with the welcome."""
        return self._take(self.coach.launch(self._household()))

    def hear(self, text: str) -> Reply:
        """Take one turn from an utterance (blank means nobody answered). Silence after a
        conversation ended starts none: the coach stays quiet until someone speaks."""
        if not text.strip() and self._state is not None and self._state.step is Step.ENDED:
            return Reply((), None, end_session=True)
        self._begin_if_ended()
        return self.take(self.understand(text, self.expected_intents) if text.strip() else Silence())

    def take(self, event: Event) -> Reply:
        """Take one turn from an event already understood; a new conversation if none is open."""
        self._begin_if_ended()
        assert self._state is not None
        return self._take(self.coach.handle(self._state, event))

    def understand(self, text: str, expected: Sequence[str] = ()) -> Event:
        """What `text` means, `expected` being the intents the question asked for (and this
        household's names known); no turn is taken."""
        names = self._state.household.names if self._state is not None else None
        return self.understander.understand(text, expected, names=names)

    def is_danger(self, text: str) -> bool:
        """Whether `text` contains a safety phrase (someone in danger)."""
        return self.understander.is_danger(text)

    def close(self) -> None:
        """The input ended: keep what the conversation had, as a stop would."""
        if self._state is not None:
            self._apply(self.coach.interrupted(self._state))
            self._set_state(State(household=self._state.household, step=Step.ENDED))

    def _begin_if_ended(self) -> None:
        if self._state is None or self._state.step is Step.ENDED:
            self._set_state(self.coach.begin(self._household()))

    def _set_state(self, state: State) -> None:
        self._state = state
        self._expected = None

    def _household(self) -> Household:
        """The household as stored; the help lines of the country it keeps, else of the
        country of this machine's time zone (`machine_country`)."""
        today = self.today()
        try:
            household = self.store.load(today)
        except StoreError as error:
            self._report_store(error)
            household = Household(today=today)
        return household if household.country else replace(household, country=machine_country())

    def set_country(self, country: str) -> None:
        """Keep the country whose help lines the household hears (--country nl|be)."""
        self._apply((SaveCountry(country),))

    def _take(self, turn: Turn) -> Reply:
        self._set_state(turn.state)
        kept = self._apply(turn.effects) and self.durable
        if kept and any(isinstance(e, EraseHousehold) for e in turn.effects):
            self.on_erased()
        if kept or not turn.effects:
            return turn.reply
        erased = any(isinstance(e, EraseHousehold) for e in turn.effects)
        if erased or SaveConsent(False) in turn.effects:
            # Never confirmed when not done: the conversation ends, and the next one loads
            # what is still kept.
            reply = Reply((self.coach.say("erase_failed" if erased else "withdraw_failed"),), None, end_session=True)
            self._set_state(State(household=turn.state.household, step=Step.ENDED, last_reply=reply))
            return reply
        if any(isinstance(e, (SaveNames, SavePace)) or e == SaveConsent(True) for e in turn.effects):
            return not_kept(turn.reply, self.coach.say("not_kept"))
        return turn.reply

    def _apply(self, effects: tuple[Effect, ...]) -> bool:
        """Keep the effects; whether they were kept (a failure is reported)."""
        try:
            self.store.apply(effects)
        except StoreError as error:
            self._report_store(error)
            return False
        return True

    def _report_store(self, error: StoreError) -> None:
        # One line per kind of failure: the conversation goes on without repeating it.
        if error.reason not in self._reported:
            self._reported.add(error.reason)
            self.report(store_message(self.coach.locale, error))


def not_kept(reply: Reply, warning: Say) -> Reply:
    """The reply with `warning` right after its first sentence (the confirmation)."""
    return Reply(reply.parts[:1] + (warning,) + reply.parts[1:], reply.reprompt, reply.end_session)


# The local mode's help lines when the household was never told its country and the
# machine's time zone does not say it.
DEFAULT_COUNTRY = "nl"
# Time zones that say the country: a Raspberry Pi set up in Belgium hears 1712 and 1813.
_ZONE_COUNTRIES = {"Europe/Brussels": "be", "Europe/Amsterdam": "nl"}
_ZONE_FILE = Path("/etc/timezone")
_LOCALTIME = Path("/etc/localtime")


def machine_country(environ: Mapping[str, str] | None = None, zone_file: Path = _ZONE_FILE,
                    localtime: Path = _LOCALTIME) -> str:
    """The country whose help lines fit this machine: from its time zone (the TZ variable,
    /etc/timezone or where /etc/localtime points), else `DEFAULT_COUNTRY`."""
    env = os.environ if environ is None else environ
    zone = env.get("TZ", "").lstrip(":")
    if not zone:
        try:
            zone = zone_file.read_text(encoding="utf-8").strip()
        except OSError:
            zone = ""
    if not zone and localtime.is_symlink():
        zone = "/".join(os.readlink(localtime).split("/")[-2:])
    return _ZONE_COUNTRIES.get(zone, DEFAULT_COUNTRY)


def open_session(
    locale: Locale, data_dir: Path, report: Callable[[str], None], understander: Understander | None = None
) -> Session:
    """The household's session over its store; a store that can't be used is reported in
    one line and replaced by one in memory, so the conversation still runs (and never
    claims to keep or erase anything lastingly). Without `understander` (the locale's,
    already built), one is built."""
    durable = True
    try:
        store = HouseholdStore.in_data_dir(data_dir)
    except StoreError as error:
        report(store_message(locale, error))
        store = HouseholdStore.in_memory()
        durable = False
    return Session(
        coach=Coach(locale),
        understander=Understander(locale) if understander is None else understander,
        store=store,
        today=datetime.date.today,
        report=report,
        durable=durable,
        # Spoken sentences cached on disk may hold the household's names.
        on_erased=lambda: forget_local_files(data_dir),
    )


def forget_local_files(data_dir: Path) -> None:
    """Erasing the household: the spoken sentences (they may hold the names), the check-in
    time and the date of the last invitation go with the store's data."""
    remove_speech_cache(data_dir)
    remove_schedule_files(data_dir)


def store_message(locale: Locale, error: StoreError) -> str:
    """The one line for the operator that says why the household's data is not kept."""
    if error.reason == "corrupt":
        return locale.system_message("store_corrupt", path=error.path)
    if error.reason == "unwritable":
        # The message speaks of the data folder, which is what the operator can change.
        return locale.system_message("store_unwritable", path=str(Path(error.path).parent))
    return locale.system_message("store_failed", reason=error.detail)
