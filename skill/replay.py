"""Replayed requests: the same request id seen again within the window in which the request's
timestamp is still accepted. A replay is answered as usual, but its effects are not kept again.

`RecentRequests` remembers request ids in memory (one per process: enough for a self-hosted
SQLite service, whose replays within one worker would otherwise store duplicates);
`TableRequests` claims each id once in the DynamoDB table, by a conditional write, so
every Lambda instance sees the same claims.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

# A request is accepted up to 150 s either side of its timestamp: it can come back for 300 s.
REPLAY_WINDOW_SECONDS = 2 * 150 + 10
MAX_REMEMBERED = 100_000


class Replays(Protocol):
    """Whether a request id is seen for the first time within the replay window."""

    def first_time(self, request_id: str) -> bool: ...


class RecentRequests:
    """Request ids of the last REPLAY_WINDOW_SECONDS, in memory; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, request_id: str) -> bool:
        now = self._clock()
        with self._lock:
            while self._seen and (len(self._seen) >= MAX_REMEMBERED
                                  or next(iter(self._seen.values())) < now - REPLAY_WINDOW_SECONDS):
                self._seen.popitem(last=False)
            if request_id in self._seen:
                return False
            self._seen[request_id] = now
            return True


class TableRequests:
    """Request ids claimed in the households' DynamoDB table (see DynamoDbHouseholds.claim_request)."""

    def __init__(self, claim: Callable[[str, int], bool], clock: Callable[[], float] = time.time) -> None:
        self._claim = claim
        self._clock = clock

    def first_time(self, request_id: str) -> bool:
        """Raises StoreError when the table cannot be reached."""
        return self._claim(request_id, int(self._clock()) + REPLAY_WINDOW_SECONDS)
