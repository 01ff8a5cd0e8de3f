"""The typed console: one utterance per input line, each thing the coach says per line."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from dialogue import Coach, Effect, Household, Locale, Pause, Reply, Silence, State, Step, Turn, Understander
from household.store import HouseholdStore, StoreError


@dataclass
class Session:
    """The console's link between the core and the store, one conversation after another."""

    coach: Coach
    understander: Understander
    store: HouseholdStore
    today: Callable[[], str]
    report: Callable[[str], None]
    state: State | None = field(default=None)
    _reported: set[str] = field(default_factory=set)

    def open(self) -> Reply:
        """Start the first conversation with the welcome."""
        return self._take(self.coach.launch(self._household()))

    def hear(self, text: str) -> Reply:
        """Take one utterance (blank means nobody answered)."""
        if self.state is None or self.state.step is Step.ENDED:
            self.state = self.coach.begin(self._household())
        if text.strip():
            event = self.understander.understand(text, self.coach.expected_intents(self.state))
        else:
            event = Silence()
        return self._take(self.coach.handle(self.state, event))

    def close(self) -> None:
        """The input ended: keep what the conversation had, as a stop would."""
        if self.state is not None:
            self._apply(self.coach.interrupted(self.state))
            self.state = State(household=self.state.household, step=Step.ENDED)

    def _household(self) -> Household:
        today = self.today()
        try:
            return self.store.load(today)
        except StoreError as error:
            self._report_store(error)
            return Household(today=today)

    def _take(self, turn: Turn) -> Reply:
        self.state = turn.state
        self._apply(turn.effects)
        return turn.reply

    def _apply(self, effects: tuple[Effect, ...]) -> None:
        try:
            self.store.apply(effects)
        except StoreError as error:
            self._report_store(error)

    def _report_store(self, error: StoreError) -> None:
        # One line per kind of failure: the conversation goes on without repeating it.
        if error.reason not in self._reported:
            self._reported.add(error.reason)
            self.report(store_message(self.coach.locale, error))


def open_session(locale: Locale, data_dir: Path, report: Callable[[str], None]) -> Session:
    """The household's session over its store; a store that can't be used is reported in
    one line and replaced by one in memory, so the conversation still runs."""
    try:
        store = HouseholdStore.in_data_dir(data_dir)
    except StoreError as error:
        report(store_message(locale, error))
        store = HouseholdStore.in_memory()
    return Session(
        coach=Coach(locale),
        understander=Understander(locale),
        store=store,
        today=lambda: datetime.date.today().isoformat(),
        report=report,
    )


def store_message(locale: Locale, error: StoreError) -> str:
    """The one line for the operator that says why the household's data is not kept."""
    if error.reason == "corrupt":
        return locale.system_message("store_corrupt", path=error.path)
    if error.reason == "unwritable":
        # The message speaks of the data folder, which is what the operator can change.
        return locale.system_message("store_unwritable", path=str(Path(error.path).parent))
    return locale.system_message("store_failed", reason=error.detail)


def render(reply: Reply, out: TextIO, locale: Locale, *, wait: bool, sleep: Callable[[float], None]) -> None:
    """Print each sentence on its own line; wait out pauses, or print a marker for them."""
    for part in reply.parts:
        if isinstance(part, Pause):
            if wait:
                out.flush()
                sleep(part.seconds)
            else:
                seconds = int(part.seconds) if part.seconds.is_integer() else part.seconds
                print(locale.system_message("pause_marker", seconds=seconds), file=out)
        else:
            print(part.text, file=out)
    out.flush()


def run_console(
    lines: Iterable[str],
    out: TextIO,
    session: Session,
    locale: Locale,
    *,
    wait: bool,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Hold conversations until the input ends."""
    render(session.open(), out, locale, wait=wait, sleep=sleep)
    for line in lines:
        render(session.hear(line.rstrip("\n")), out, locale, wait=wait, sleep=sleep)
    session.close()
