"""Shared fixtures: the real locale, loaded once; the skill's SQLite store for Lambda tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from dialogue import Coach, Locale, Understander
from locale_files import load_locale
from skill import lambda_entry


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The coach's cache (the understanding's snapshot, a tuned model) in a folder of the
    test run, never the user's own ~/.cache; commands run by the tests inherit it."""
    folder = tmp_path_factory.mktemp("cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def locale() -> Locale:
    return load_locale()


@pytest.fixture(scope="session")
def coach(locale: Locale) -> Coach:
    return Coach(locale)


@pytest.fixture(scope="session")
def understander(locale: Locale) -> Understander:
    return Understander(locale)


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The Lambda entry's store: a fresh SQLite file, and no skill id check (the envelopes' id)."""
    path = tmp_path / "households.sqlite3"
    monkeypatch.setenv("SAMEN_STERKER_STORE", f"sqlite:{path}")
    monkeypatch.delenv("SAMEN_STERKER_SKILL_ID", raising=False)
    lambda_entry.reset()
    yield path
    lambda_entry.reset()


@pytest.fixture(autouse=True)
def no_calls_to_amazon(monkeypatch: pytest.MonkeyPatch) -> None:
    """Envelopes name Amazon's API endpoint: no test calls it (the time zone is read at each
    session's start). Tests that want an answer give the skill their own ApiClient or server."""
    from ask_sdk_model.services import ServiceException

    from skill.reminders import TimedApiClient

    real = TimedApiClient.invoke

    def invoke(self: TimedApiClient, request: object) -> object:
        if "amazonalexa.com" in str(getattr(request, "url", "")):
            raise ServiceException(message="no network in tests", status_code=503, headers=None, body=None)
        return real(self, request)  # type: ignore[arg-type]

    monkeypatch.setattr(TimedApiClient, "invoke", invoke)
