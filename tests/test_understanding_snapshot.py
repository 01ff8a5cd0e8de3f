"""The snapshot of a built Understander that `locale_files.load_understanding` keeps in a cache
folder: read back, it understands every row of every test set exactly as a fresh build; a
missing, stale, damaged or unwritable one is never an error and never changes a result.

Rows are compared by outcome and only counted: what the held-out sets hold is never shown."""

from __future__ import annotations

import datetime
import shutil
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import locale_files
from dialogue import Coach, Household, Locale, State, Step, Understander
from locale_files import LOCALE_DIR, RULES_FILE, load_understanding

DATA = Path(__file__).resolve().parent / "data"
TODAY = datetime.date(2026, 11, 27)
NAMES = ("Sanne", "Daan")


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[Locale]:
    """The locales an Understander is built from from here on (none when read back)."""
    built: list[Locale] = []
    build = Understander.__init__

    def counted(self: Understander, locale: Locale) -> None:
        built.append(locale)
        build(self, locale)

    monkeypatch.setattr(Understander, "__init__", counted)
    return built


def rows() -> Iterator[tuple[str, str]]:
    """(step, text) of every row of every test set."""
    for path in sorted(DATA.glob("*.tsv")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            fields = line.split("\t")
            if number == 0 or line.startswith("#") or len(fields) < 2:
                continue
            yield fields[0], fields[1]


def outcomes(locale: Locale, understander: Understander) -> list[tuple[object, ...]]:
    coach = Coach(locale)
    household = Household(today=TODAY, names=NAMES, introduced=True, consent=True)
    expected: dict[str, tuple[str, ...]] = {}
    found: list[tuple[object, ...]] = []
    for step, text in rows():
        if step not in expected:
            known = step in {s.value for s in Step}
            expected[step] = coach.expected_intents(State(household=household, step=Step(step))) if known else ()
        found.append((understander.understand(text, expected[step], NAMES), understander.is_danger(text),
                      understander.is_worrying(text)))
    return found


def test_a_snapshot_understands_every_row_as_a_fresh_build(
    tmp_path: Path, locale: Locale, understander: Understander, builds: list[Locale]
) -> None:
    load_understanding(cache_dir=tmp_path)
    assert len(builds) == 1  # built, and kept
    read_locale, read_back = load_understanding(cache_dir=tmp_path)
    assert len(builds) == 1  # read back, not built
    assert read_locale == locale
    fresh, snapshot = outcomes(locale, understander), outcomes(read_locale, read_back)
    assert len(fresh) > 5000
    differing = sum(a != b for a, b in zip(fresh, snapshot, strict=True))
    assert differing == 0, f"{differing} of {len(fresh)} rows are understood otherwise from the snapshot"


def _snapshot(cache: Path) -> Path:
    (found,) = cache.glob("understanding-*.pickle")
    return found


def _garbage(data: bytes) -> bytes:
    return b"not a snapshot"


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    return data[:-100] + bytes([data[-100] ^ 0xFF]) + data[-99:]


def _other_format(data: bytes) -> bytes:
    return data.replace(b"format 1", b"format 0", 1)


def _something_else(data: bytes) -> bytes:
    """A whole snapshot, its check right, of something that is no locale and Understander."""
    header = data[: data.index(b"\n") + 1]
    payload = b"\x80\x05\x95\x06\x00\x00\x00\x00\x00\x00\x00K\x01K\x02\x86\x94."  # (1, 2)
    return header + str(zlib.crc32(payload)).encode() + b"\n" + payload


def _empty(data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize("damage", [_garbage, _truncated, _flipped, _other_format, _something_else, _empty])
def test_a_damaged_snapshot_is_built_anew_and_replaced(
    tmp_path: Path, builds: list[Locale], damage: Callable[[bytes], bytes]
) -> None:
    load_understanding(cache_dir=tmp_path)
    path = _snapshot(tmp_path)
    path.write_bytes(damage(path.read_bytes()))
    locale, understander = load_understanding(cache_dir=tmp_path)
    assert len(builds) == 2
    assert understander.understand("ik wil dat hij me slaat") == Understander(locale).understand("ik wil dat hij me slaat")
    load_understanding(cache_dir=tmp_path)
    assert len(builds) == 3  # (the one just above) the damaged file was replaced: read back
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # nothing half-written left


def test_a_snapshot_of_other_locale_files_or_other_code_is_not_used(
    tmp_path: Path, builds: list[Locale], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "nl-NL"
    shutil.copytree(LOCALE_DIR, folder, ignore=shutil.ignore_patterns(locale_files.COMPILED_FILE))
    cache = tmp_path / "cache"
    load_understanding(folder, cache)
    load_understanding(folder, cache)
    assert len(builds) == 1
    with (folder / RULES_FILE).open("a", encoding="utf-8") as rules:
        rules.write("\n# one more line\n")
    load_understanding(folder, cache)
    assert len(builds) == 2
    code = tmp_path / "code.py"
    code.write_text("A = 1\n", encoding="utf-8")
    monkeypatch.setattr(locale_files, "_CODE_FILES", (*locale_files._CODE_FILES, code))
    load_understanding(folder, cache)
    load_understanding(folder, cache)
    assert len(builds) == 3
    code.write_text("A = 2\n", encoding="utf-8")
    load_understanding(folder, cache)
    assert len(builds) == 4


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, builds: list[Locale]) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("", encoding="utf-8")
    for _ in range(2):
        locale, understander = load_understanding(cache_dir=blocked / "cache")
        assert understander.understand("ja") == Understander(locale).understand("ja")
    assert len(builds) == 4  # each time built (no snapshot to read), and the same


def test_without_a_cache_folder_it_is_built_and_nothing_is_written(tmp_path: Path, builds: list[Locale]) -> None:
    load_understanding()
    assert len(builds) == 1
