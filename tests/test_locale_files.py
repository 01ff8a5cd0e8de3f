"""Reading the locale folder: a broken copy fails at load time, naming the file and the key."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from dialogue import LocaleError
from dialogue.deferred import Deferred
from locale_files import COMPILED_FILE, LOCALE_DIR, MODEL_FILE, PROMPTS_FILE, RULES_FILE, compiled_locale, load_locale
from skill.messages import SKILL_FILE, load_skill_messages

ROOT = Path(__file__).resolve().parent.parent


def copy_locale(tmp_path: Path) -> Path:
    folder = tmp_path / "nl-NL"
    shutil.copytree(LOCALE_DIR, folder)
    return folder


def edit_text(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the test's anchor {old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_model(folder: Path, change: Callable[[dict[str, Any]], None]) -> None:
    path = folder / MODEL_FILE
    model = json.loads(path.read_text(encoding="utf-8"))
    change(model["interactionModel"]["languageModel"])
    path.write_text(json.dumps(model, ensure_ascii=False, indent=2), encoding="utf-8")


def intent(language: dict[str, Any], name: str) -> dict[str, Any]:
    return next(i for i in language["intents"] if i["name"] == name)


def slot_type(language: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in language["types"] if t["name"] == name)


def remove_intent(name: str) -> Callable[[dict[str, Any]], None]:
    def change(language: dict[str, Any]) -> None:
        language["intents"] = [i for i in language["intents"] if i["name"] != name]
    return change


def sample_on_two_intents(language: dict[str, Any]) -> None:
    intent(language, "SkipIntent")["samples"].append("start de check-in")


def duplicate_synonym(language: dict[str, Any]) -> None:
    # "grijs" already means bewolkt.
    slot_type(language, "WeatherType")["values"][0]["name"]["synonyms"].append("grijs")


def undeclared_slot(language: dict[str, Any]) -> None:
    intent(language, "NeedIntent")["samples"].append("ik zou {wens} willen")


def undeclared_slot_type(language: dict[str, Any]) -> None:
    intent(language, "FeelingIntent")["slots"][0]["type"] = "GevoelType"


def missing_slot_type(language: dict[str, Any]) -> None:
    # The type goes; the slot the core reads still names it.
    language["types"] = [t for t in language["types"] if t["name"] != "NeedType"]


def missing_core_slot(language: dict[str, Any]) -> None:
    language["types"] = [t for t in language["types"] if t["name"] != "NeedType"]
    for item in language["intents"]:
        item["slots"] = [s for s in item.get("slots", []) if s["type"] != "NeedType"]
        item["samples"] = [s for s in item.get("samples", []) if "{need}" not in s] or ["iets nodig"]


def no_invocation_name(language: dict[str, Any]) -> None:
    del language["invocationName"]


def value_without_id(language: dict[str, Any]) -> None:
    del slot_type(language, "FeelingType")["values"][2]["id"]


def samples_not_a_list(language: dict[str, Any]) -> None:
    intent(language, "AloneIntent")["samples"] = "alleen ik"


# (what is broken, how, the file, what the message must name)
BREAKS: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("model file missing", lambda f: (f / MODEL_FILE).unlink(), MODEL_FILE, "cannot be read"),
    ("prompts file missing", lambda f: (f / PROMPTS_FILE).unlink(), PROMPTS_FILE, "cannot be read"),
    ("rules file missing", lambda f: (f / RULES_FILE).unlink(), RULES_FILE, "cannot be read"),
    ("invalid JSON", lambda f: edit_text(f, MODEL_FILE, '"intents"', '"intents",,'), MODEL_FILE, "line"),
    ("invalid TOML in prompts", lambda f: edit_text(f, PROMPTS_FILE, "welcome_back =", "welcome_back"),
     PROMPTS_FILE, "line"),
    ("invalid TOML in rules", lambda f: edit_text(f, RULES_FILE, "[safety]", "[safety"), RULES_FILE, "line"),
    ("not UTF-8", lambda f: (f / PROMPTS_FILE).write_bytes(b"[prompts]\nwelcome_back = \"\xff\"\n"),
     PROMPTS_FILE, "UTF-8"),
    ("prompt missing", lambda f: edit_text(f, PROMPTS_FILE, "ack_weather =", "ack_weather_old ="),
     PROMPTS_FILE, "prompts.ack_weather"),
    ("unknown placeholder", lambda f: edit_text(f, PROMPTS_FILE, "{names}", "{nmae}"),
     PROMPTS_FILE, "prompts.welcome_back_named"),
    ("broken placeholder", lambda f: edit_text(f, PROMPTS_FILE, "{weather}.", "{weather."),
     PROMPTS_FILE, "prompts.ack_weather"),
    ("empty prompt", lambda f: edit_text(f, PROMPTS_FILE, 'partner_one = "wie begon"', 'partner_one = " "'),
     PROMPTS_FILE, "prompts.partner_one"),
    ("unknown placeholder in one way of saying it",
     lambda f: edit_text(f, PROMPTS_FILE, '"Je hebt {need} nodig. Goed om te weten."', '"Je hebt {nood} nodig."'),
     PROMPTS_FILE, "prompts.ack_need"),
    ("an empty way of saying it", lambda f: edit_text(f, PROMPTS_FILE, '"Goed, dan gaan we verder.",', '"",'),
     PROMPTS_FILE, "prompts.ack_skip"),
    ("system message missing", lambda f: edit_text(f, PROMPTS_FILE, "store_corrupt =", "store_kapot ="),
     PROMPTS_FILE, "system.store_corrupt"),
    ("said-back subject not among its pronouns", lambda f: edit_text(f, PROMPTS_FILE, 'subject = "ik"', 'subject = "wij"'),
     PROMPTS_FILE, "said_back.subject"),
    ("said-back verbs not words", lambda f: edit_text(f, PROMPTS_FILE, 'ben = "bent"', 'ben = ""'),
     PROMPTS_FILE, "said_back.verbs"),
    ("system table missing", lambda f: edit_text(f, PROMPTS_FILE, "[system]", "[systeem]"), PROMPTS_FILE, "system"),
    ("needed intent removed", lambda f: edit_model(f, remove_intent("StartCheckinIntent")),
     MODEL_FILE, "StartCheckinIntent"),
    ("built-in intent removed", lambda f: edit_model(f, remove_intent("AMAZON.RepeatIntent")),
     MODEL_FILE, "AMAZON.RepeatIntent"),
    ("sample on two intents", lambda f: edit_model(f, sample_on_two_intents), MODEL_FILE, "SkipIntent"),
    ("duplicate synonym", lambda f: edit_model(f, duplicate_synonym), MODEL_FILE, "WeatherType"),
    ("slot used in a sample, not declared", lambda f: edit_model(f, undeclared_slot), MODEL_FILE, "NeedIntent"),
    ("slot of an undeclared type", lambda f: edit_model(f, undeclared_slot_type), MODEL_FILE, "FeelingIntent"),
    ("slot type the core needs removed", lambda f: edit_model(f, missing_slot_type), MODEL_FILE, "NeedType"),
    ("slot the core reads removed with its type", lambda f: edit_model(f, missing_core_slot), MODEL_FILE, "NeedIntent"),
    ("no invocation name", lambda f: edit_model(f, no_invocation_name), MODEL_FILE, "invocationName"),
    ("value without id", lambda f: edit_model(f, value_without_id), MODEL_FILE, "FeelingType"),
    ("samples not a list", lambda f: edit_model(f, samples_not_a_list), MODEL_FILE, "AloneIntent"),
    ("free answer intent unknown",
     lambda f: edit_text(f, RULES_FILE, '["GratitudeIntent"]', '["GratitudeIntent", "DankIntent"]'),
     RULES_FILE, "free_answer_intents"),
    ("safety category without patterns",
     lambda f: edit_text(f, RULES_FILE, 'patterns = [\n  "<fear> voor|van', 'zinnen = [\n  "<fear> voor|van'),
     RULES_FILE, "safety.categories[0].patterns"),
    ("unknown word class in a safety pattern", lambda f: edit_text(f, RULES_FILE, "<fear> voor|van", "<angst> voor|van"),
     RULES_FILE, "<angst>"),
    ("a together window out of range",
     lambda f: edit_text(f, RULES_FILE, 'name = "force by the partner"\nwindow = 6', 'name = "force by the partner"\nwindow = 60'),
     RULES_FILE, ".window"),
    ("ambiguous class missing", lambda f: edit_text(f, RULES_FILE, "[ambiguous]", "[dubbelzinnig]"),
     RULES_FILE, "ambiguous"),
    ("fillers missing", lambda f: edit_text(f, RULES_FILE, "fillers = [", "vulwoorden = ["), RULES_FILE, "fillers"),
]


def test_the_real_locale_loads() -> None:
    locale = load_locale()
    assert locale.invocation_name == "samen sterker"


@pytest.mark.parametrize(("break_it", "file", "key"), [b[1:] for b in BREAKS], ids=[b[0] for b in BREAKS])
def test_a_broken_locale_fails_naming_file_and_key(
    tmp_path: Path, break_it: Callable[[Path], None], file: str, key: str
) -> None:
    folder = copy_locale(tmp_path)
    break_it(folder)
    with pytest.raises(LocaleError) as raised:
        load_locale(folder)
    message = str(raised.value)
    assert str(folder / file) in message
    assert key in message
    assert "\n" not in message


def test_a_missing_locale_folder_fails_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(LocaleError, match=MODEL_FILE):
        load_locale(tmp_path / "nergens")


@pytest.mark.parametrize(
    ("break_it", "file"),
    [(b[1], b[2]) for b in BREAKS if b[0] in {"invalid JSON", "unknown placeholder", "needed intent removed"}],
    ids=["invalid JSON", "unknown placeholder", "needed intent removed"],
)
def test_the_console_with_a_broken_locale_says_so_in_one_line_and_exits_2(
    tmp_path: Path, break_it: Callable[[Path], None], file: str
) -> None:
    folder = copy_locale(tmp_path)
    break_it(folder)
    result = subprocess.run(
        [sys.executable, "-m", "local_voice", "--text", "--no-wait",
         "--data-dir", str(tmp_path / "data"), "--locale-dir", str(folder)],
        check=False, cwd=ROOT, input="start de check-in\n", capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(folder / file) in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()


def test_an_unforeseen_shape_is_still_one_locale_error(tmp_path: Path) -> None:
    folder = copy_locale(tmp_path)
    edit_model(folder, lambda language: intent(language, "AloneIntent").update(slots=None))
    with pytest.raises(LocaleError) as raised:
        load_locale(folder)
    assert str(folder) in str(raised.value)


def _rename_weather_slot(language: dict[str, Any]) -> None:
    weather = intent(language, "WeatherIntent")
    weather["slots"][0]["name"] = "weer"
    weather["samples"] = [s.replace("{weather}", "{weer}") for s in weather["samples"]]


# Deeper breaks: each would otherwise surface mid-conversation (a KeyError, or an
# answer never understood) instead of at load time.
CAUGHT_BY_DEEPER_CHECKS: list[tuple[str, Callable[[Path], None], str, str]] = [
    ("duplicate intent name", lambda f: edit_model(
        f, lambda l: l["intents"].append(dict(intent(l, "AloneIntent"), samples=["solo"]))), MODEL_FILE, "AloneIntent"),
    ("duplicate value id", lambda f: edit_model(
        f, lambda l: slot_type(l, "WeatherType")["values"].append({"id": "ZONNIG", "name": {"value": "zonniger"}})),
     MODEL_FILE, "ZONNIG"),
    ("slot the core reads renamed", lambda f: edit_model(f, _rename_weather_slot), MODEL_FILE, "WeatherIntent"),
    ("slot the core reads of the wrong type", lambda f: edit_model(
        f, lambda l: intent(l, "WeatherIntent")["slots"][0].update(type="NeedType")), MODEL_FILE, "WeatherIntent"),
    ("unbalanced brace in a sample", lambda f: edit_model(
        f, lambda l: intent(l, "NeedIntent")["samples"].append("ik wil {need")), MODEL_FILE, "NeedIntent"),
    ("intent the console must understand has no samples", lambda f: edit_model(
        f, lambda l: intent(l, "StartCheckinIntent").update(samples=[])), MODEL_FILE, "StartCheckinIntent"),
    ("empty synonym", lambda f: edit_model(
        f, lambda l: slot_type(l, "WeatherType")["values"][0]["name"]["synonyms"].append(" ")),
     MODEL_FILE, "WeatherType"),
    ("placeholder inside a format spec", lambda f: edit_text(f, PROMPTS_FILE, "{weather}.", "{weather:>{bogus}}."),
     PROMPTS_FILE, "prompts.ack_weather"),
    ("unknown conversion", lambda f: edit_text(f, PROMPTS_FILE, "{weather}.", "{weather!z}."),
     PROMPTS_FILE, "prompts.ack_weather"),
    ("slots null", lambda f: edit_model(f, lambda l: intent(l, "AloneIntent").update(slots=None)),
     MODEL_FILE, "AloneIntent"),
]


@pytest.mark.parametrize(("break_it", "file", "key"), [b[1:] for b in CAUGHT_BY_DEEPER_CHECKS], ids=[b[0] for b in CAUGHT_BY_DEEPER_CHECKS])
def test_deeper_breaks_are_caught_too(tmp_path: Path, break_it: Callable[[Path], None], file: str, key: str) -> None:
    test_a_broken_locale_fails_naming_file_and_key(tmp_path, break_it, file, key)


# --- the compiled locale (the Lambda zip's: locale_files.COMPILED_FILE) ---------------------


def test_a_compiled_locale_is_used_while_its_files_are_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_locale(tmp_path)
    (folder / COMPILED_FILE).write_bytes(compiled_locale(folder))
    parsed = load_locale()
    messages = load_skill_messages()

    def no_parsing(text: str) -> Any:
        raise AssertionError("the TOML was parsed again")

    monkeypatch.setattr(tomllib, "loads", no_parsing)
    assert load_locale(folder) == parsed
    assert load_skill_messages(folder) == messages  # the skill's own sentences too


def test_the_message_files_come_from_the_compiled_file_the_locale_was_read_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = copy_locale(tmp_path)
    (folder / COMPILED_FILE).write_bytes(compiled_locale(folder))
    messages = load_skill_messages()
    load_locale(folder)
    (folder / COMPILED_FILE).write_bytes(b"not a pickle")  # not read again: kept from the locale's read
    monkeypatch.setattr(tomllib, "loads", lambda text: pytest.fail("the TOML was parsed again"))
    assert load_skill_messages(folder) == messages
    monkeypatch.undo()
    edit_text(folder, SKILL_FILE, "Sorry, er ging bij mij iets mis.", "Sorry, er ging iets mis.")
    assert load_skill_messages(folder).say("internal_error").startswith("Sorry, er ging iets mis.")


def test_a_stale_or_broken_compiled_locale_is_ignored(tmp_path: Path) -> None:
    folder = copy_locale(tmp_path)
    (folder / COMPILED_FILE).write_bytes(compiled_locale(folder))
    edit_text(folder, PROMPTS_FILE, "Sorry, dat verstond ik niet.", "Sorry, dat hoorde ik niet goed.")
    assert load_locale(folder).prompts["not_understood"] == "Sorry, dat hoorde ik niet goed."
    (folder / COMPILED_FILE).write_bytes(b"not a pickle")
    assert load_locale(folder).prompts["not_understood"] == "Sorry, dat hoorde ik niet goed."


def test_a_changed_message_file_is_read_anew_beside_a_compiled_locale(tmp_path: Path) -> None:
    folder = copy_locale(tmp_path)
    (folder / COMPILED_FILE).write_bytes(compiled_locale(folder))
    edit_text(folder, SKILL_FILE, "Sorry, er ging bij mij iets mis.", "Sorry, er ging iets mis.")
    assert load_skill_messages(folder).say("internal_error").startswith("Sorry, er ging iets mis.")
    edit_text(folder, SKILL_FILE, 'internal_error = "', 'internal_error = "{unknown} ')
    with pytest.raises(LocaleError, match="internal_error"):  # checked as ever
        load_skill_messages(folder)


@pytest.mark.parametrize("damage", ["an older format", "a broken locale inside", "not a locale inside",
                                    "sources of another shape", "truncated", "a part changed", "a part truncated",
                                    "a part missing", "parts of another shape"])
def test_a_compiled_file_that_cannot_be_trusted_is_ignored(tmp_path: Path, damage: str) -> None:
    folder = copy_locale(tmp_path)
    good = compiled_locale(folder)
    made_as, sources, locale, parts, tables = pickle.loads(good)
    edit_text(folder, PROMPTS_FILE, "Sorry, dat verstond ik niet.", "Sorry, dat hoorde ik niet goed.")
    edit_text(folder, SKILL_FILE, "Sorry, er ging bij mij iets mis.", "Sorry, er ging iets mis.")
    now = {name: (folder / name).read_bytes() for name in sources}
    crc, worry = parts["worry"]
    # Each made from the files as they are now, but not to be used.
    broken = {
        "an older format": pickle.dumps(("samen-sterker compiled locale, format 2", now, locale, tables)),
        "a broken locale inside": pickle.dumps((made_as, now, locale[:-20], parts, tables)),
        "not a locale inside": pickle.dumps((made_as, now, pickle.dumps({"prompts": {}}), parts, tables)),
        "sources of another shape": pickle.dumps((made_as, list(now.items()), locale, parts, [])),
        "truncated": good[: len(good) // 2],
        # A part is read only when first needed: a damaged one must show when the file is read.
        "a part changed": pickle.dumps((made_as, now, locale, parts | {"worry": (crc, worry.replace(b"~", b"!"))},
                                        tables)),
        "a part truncated": pickle.dumps((made_as, now, locale, parts | {"worry": (crc, worry[:-10])}, tables)),
        "a part missing": pickle.dumps((made_as, now, locale, {k: v for k, v in parts.items() if k != "worry"},
                                        tables)),
        "parts of another shape": pickle.dumps((made_as, now, locale, list(parts.values()), tables)),
    }[damage]
    (folder / COMPILED_FILE).write_bytes(broken)
    assert load_locale(folder).prompts["not_understood"] == "Sorry, dat hoorde ik niet goed."
    assert load_skill_messages(folder).say("internal_error").startswith("Sorry, er ging iets mis.")


def test_a_compiled_locale_makes_what_a_launch_never_reads_at_its_first_read(tmp_path: Path) -> None:
    folder = copy_locale(tmp_path)
    (folder / COMPILED_FILE).write_bytes(compiled_locale(folder))
    compiled, parsed = load_locale(folder), load_locale()
    held = [(compiled.__dict__, "worry"), (compiled.rules.__dict__, "safety"),
            *((intent.__dict__, "samples") for intent in compiled.intents if intent.__dict__["samples"] != ())]
    assert all(type(where[name]) is Deferred for where, name in held)
    assert compiled.worry == parsed.worry and compiled.rules.safety == parsed.rules.safety
    assert [i.samples for i in compiled.intents] == [i.samples for i in parsed.intents]
    assert not any(type(where[name]) is Deferred for where, name in held)  # made once, then kept
    # Whole, read and pickled as the parsed locale is.
    again = load_locale(folder)
    assert pickle.loads(pickle.dumps(again)) == parsed == again
    assert "Deferred" not in repr(load_locale(folder))
