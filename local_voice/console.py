"""The typed console: one utterance per input line, each thing the coach says per line.

With real waits, the console listens during the pauses as the voice does during the
breathing: a line typed in a pause (or already waiting when it begins) cuts the reply
short and is answered at once, so danger, `stop` or `pauze` are heard in the breathing
and no line is kept back to be taken as the answer to a later question.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TextIO

from dialogue import Locale, Pause, Reply
from local_voice.session import Session


class Inbox(Protocol):
    """Where typed lines come from while the coach waits."""

    def next_line(self) -> str | None:
        """The next line, waiting for it as long as it takes; None once the input ended."""
        ...

    def during_pause(self, seconds: float) -> str | None:
        """Wait out a pause of `seconds`; a line typed before it is over ends it (returned)."""
        ...


class ListedLines:
    """Lines that are all there from the start (a script): each waiting line ends a pause."""

    def __init__(self, lines: Iterable[str], sleep: Callable[[float], None] = time.sleep) -> None:
        self._lines: Iterator[str] = iter(lines)
        self._sleep = sleep

    def next_line(self) -> str | None:
        return next(self._lines, None)

    def during_pause(self, seconds: float) -> str | None:
        line = self.next_line()
        if line is None:
            self._sleep(seconds)
        return line


_END = object()


class TypedLines:
    """Lines read on a thread of their own, so one typed during a pause is there at once."""

    def __init__(
        self,
        lines: Iterable[str],
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._queue: queue.Queue[object] = queue.Queue()
        self._sleep = sleep
        self._clock = clock
        self._ended = False
        threading.Thread(target=self._read, args=(lines,), daemon=True, name="typed-lines").start()

    def _read(self, lines: Iterable[str]) -> None:
        try:
            for line in lines:
                self._queue.put(line)
        finally:
            self._queue.put(_END)

    def next_line(self) -> str | None:
        if self._ended:
            return None
        item = self._queue.get()
        if item is _END:
            self._ended = True
            return None
        assert isinstance(item, str)
        return item

    def during_pause(self, seconds: float) -> str | None:
        if self._ended:
            self._sleep(seconds)
            return None
        end = self._clock() + seconds
        try:
            item = self._queue.get(timeout=seconds)
        except queue.Empty:
            return None
        if item is _END:
            self._ended = True  # the input ended: the pause is still waited out
            remaining = end - self._clock()
            if remaining > 0:
                self._sleep(remaining)
            return None
        assert isinstance(item, str)
        return item


def render(
    reply: Reply,
    out: TextIO,
    locale: Locale,
    *,
    wait: bool,
    sleep: Callable[[float], None],
    inbox: Inbox | None = None,
) -> str | None:
    """Print each sentence on its own line; wait out pauses, or print a marker for them.
    With an `inbox` the pauses are waited there: a line typed in one ends the reply, and
    is returned."""
    for part in reply.parts:
        if isinstance(part, Pause):
            if wait:
                out.flush()
                if inbox is None:
                    sleep(part.seconds)
                else:
                    line = inbox.during_pause(part.seconds)
                    if line is not None:
                        return line
            else:
                seconds = int(part.seconds) if part.seconds.is_integer() else part.seconds
                print(locale.system_message("pause_marker", seconds=seconds), file=out)
        else:
            print(part.text, file=out)
    out.flush()
    return None


def run_console(
    lines: Iterable[str],
    out: TextIO,
    session: Session,
    locale: Locale,
    *,
    wait: bool,
    sleep: Callable[[float], None] = time.sleep,
    inbox: Inbox | None = None,
) -> None:
    """Hold conversations until the input ends. With `wait`, a line typed during a pause
    cuts the reply short and is answered at once (`lines` read on a thread of their own,
    unless they are a list or tuple, all there from the start, or an `inbox` is given)."""
    if not wait:
        render(session.open(), out, locale, wait=False, sleep=sleep)
        for line in lines:
            render(session.hear(line.rstrip("\n")), out, locale, wait=False, sleep=sleep)
        session.close()
        return
    if inbox is None:
        listed = isinstance(lines, (list, tuple))
        inbox = ListedLines(lines, sleep) if listed else TypedLines(lines, sleep=sleep)
    interruption = render(session.open(), out, locale, wait=True, sleep=sleep, inbox=inbox)
    while True:
        heard = interruption if interruption is not None else inbox.next_line()
        if heard is None:
            break
        interruption = render(session.hear(heard.rstrip("\n")), out, locale, wait=True, sleep=sleep, inbox=inbox)
    session.close()
