"""Shared fixtures: the real locale, loaded once."""

from __future__ import annotations

import pytest

from dialogue import Coach, Locale, Understander
from locale_files import load_locale


@pytest.fixture(scope="session")
def locale() -> Locale:
    return load_locale()


@pytest.fixture(scope="session")
def coach(locale: Locale) -> Coach:
    return Coach(locale)


@pytest.fixture(scope="session")
def understander(locale: Locale) -> Understander:
    return Understander(locale)
