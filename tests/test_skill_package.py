"""The deployment exports: the ASK CLI skill package and the Lambda zip, both generated."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from locale_files import LOCALE_DIR
from skill.package import PackageError, build_lambda_zip, export_skill_package, main, manifest

ROOT = Path(__file__).resolve().parent.parent
PRIVACY = {"SAMEN_STERKER_PRIVACY_URL": "https://pi.example.nl/privacy"}


@pytest.fixture(autouse=True)
def privacy_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """A package needs the address of its privacy policy (one test takes it away)."""
    monkeypatch.setenv("SAMEN_STERKER_PRIVACY_URL", PRIVACY["SAMEN_STERKER_PRIVACY_URL"])


def test_the_skill_package_is_the_model_itself_plus_a_manifest(tmp_path: Path) -> None:
    assert main(["skill-package", str(tmp_path)]) == 0
    exported = json.loads((tmp_path / "interactionModels" / "custom" / "nl-NL.json").read_text(encoding="utf-8"))
    source = json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8"))
    # The same model, but for the safety phrases the export adds to SafetyIntent.
    for intent in exported["interactionModel"]["languageModel"]["intents"]:
        if intent["name"] == "SafetyIntent":
            original = next(i for i in source["interactionModel"]["languageModel"]["intents"] if i["name"] == "SafetyIntent")
            assert intent["samples"][: len(original["samples"])] == original["samples"]
            intent["samples"] = original["samples"]
    assert exported == source
    skill = json.loads((tmp_path / "skill.json").read_text(encoding="utf-8"))["manifest"]
    listing = skill["publishingInformation"]["locales"]["nl-NL"]
    assert "geen vervanging" in listing["description"] and "112" in listing["description"]
    assert skill["permissions"] == [{"name": "alexa::alerts:reminders:skill:readwrite"}]
    assert skill["privacyAndCompliance"]["isChildDirected"] is False


def test_every_example_phrase_is_a_sample_after_the_invocation(tmp_path: Path) -> None:
    model = json.loads((LOCALE_DIR / "interaction_model.json").read_text(encoding="utf-8"))["interactionModel"]
    samples = {s.lower() for i in model["languageModel"]["intents"] for s in i.get("samples", [])}
    invocation = model["languageModel"]["invocationName"]
    for phrase in manifest()["manifest"]["publishingInformation"]["locales"]["nl-NL"]["examplePhrases"]:
        assert phrase.startswith("Alexa, ")
        rest = phrase.removeprefix("Alexa, ").split(invocation, 1)[1].strip()
        assert rest == "" or rest in samples or rest.removeprefix("om ") in samples, phrase


def test_the_endpoint_comes_from_the_environment() -> None:
    https = manifest(environ={"SAMEN_STERKER_ENDPOINT": "https://pi.example.nl/", **PRIVACY})
    assert https["manifest"]["apis"]["custom"]["endpoint"] == {"uri": "https://pi.example.nl/", "sslCertificateType": "Trusted"}
    arn = "arn:aws:lambda:eu-west-1:123456789012:function:samen-sterker"
    assert manifest(environ={"SAMEN_STERKER_ENDPOINT": arn, **PRIVACY})["manifest"]["apis"]["custom"]["endpoint"] == {"uri": arn}


def test_a_broken_model_is_not_exported(tmp_path: Path) -> None:
    folder = tmp_path / "nl-NL"
    folder.mkdir()
    for path in LOCALE_DIR.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    model = json.loads((folder / "interaction_model.json").read_text(encoding="utf-8"))
    model["interactionModel"]["languageModel"]["invocationName"] = "alexa sterker"
    (folder / "interaction_model.json").write_text(json.dumps(model), encoding="utf-8")
    with pytest.raises(PackageError, match="invocationName"):
        export_skill_package(tmp_path / "out", folder)


def test_the_lambda_zip_holds_the_code_and_runs_without_the_project(tmp_path: Path) -> None:
    target = tmp_path / "lambda.zip"
    build_lambda_zip(tmp_path / "no-deps", target)
    names = set(zipfile.ZipFile(target).namelist())
    assert {"lambda_handler.py", "skill/web.py", "dialogue/coach.py", "household/store.py", "locale_files.py",
            "interaction_models/nl-NL/skill.toml", "interaction_models/nl-NL/interaction_model.json",
            "interaction_models/nl-NL/compiled_locale.pickle"} <= names
    assert not any(n.startswith(("tests/", "local_voice/", "bench/")) for n in names)
    assert not {"skill/package.py", "skill/model_rules.py"} & names  # build-time tools only
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(target).extractall(unpacked)
    launch = ROOT / "tests" / "envelopes" / "launch.json"
    code = (
        "import json, sys, tomllib\n"
        "parsed, parse = [], tomllib.loads\n"
        "tomllib.loads = lambda text: (parsed.append(text), parse(text))[1]\n"
        "import lambda_handler\n"
        f"r = lambda_handler.lambda_handler(json.load(open({str(launch)!r})), None)\n"
        "assert r['response']['shouldEndSession'] is False\n"
        "assert not any(m.startswith(('local_voice', 'tests')) for m in sys.modules)\n"
        "assert lambda_handler.__file__.startswith(sys.argv[1])\n"
        "assert not any('[concerns]' in t or '[safety]' in t for t in parsed), 'the locale was parsed, not read compiled'\n"
    )
    env = {"SAMEN_STERKER_STORE": f"sqlite:{tmp_path / 'h.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code, str(unpacked)], check=False, cwd=unpacked, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_launch_from_the_zip_loads_only_what_it_needs(tmp_path: Path) -> None:
    """The cold start: a launch (the skill id set, as deployed) loads no logging, no pickle
    module, no understanding (nor the locale's parts only it reads), none of the flows it
    never reaches (letter, contract, review, look-back, own plan); the next intent, with
    words heard, is checked for danger as ever."""
    target = tmp_path / "lambda.zip"
    build_lambda_zip(tmp_path / "no-deps", target)
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(target).extractall(unpacked)
    launch = json.loads((ROOT / "tests" / "envelopes" / "launch.json").read_text(encoding="utf-8"))
    code = (
        "import json, sys\n"
        "import lambda_handler\n"
        "launch = json.load(open(sys.argv[2]))\n"
        "r = lambda_handler.lambda_handler(launch, None)\n"
        "assert r['response']['shouldEndSession'] is False\n"
        "loaded = [m for m in ('logging', 'traceback', 'pickle', 'tomllib', 'dialogue.understanding',\n"
        "          'dialogue.worry_model', 'dialogue.safety_rules', 'dialogue.shared_words', 'skill.routes',\n"
        "          'skill.session_state', 'dialogue.letter', 'dialogue.contract', 'dialogue.contract_review',\n"
        "          'dialogue.lookback', 'dialogue.own_plan') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
        "d = json.load(open(sys.argv[3]))\n"
        "d['session']['attributes'] = r['sessionAttributes']\n"
        "r = lambda_handler.lambda_handler(d, None)\n"
        "assert r['sessionAttributes']['core']['step'] == 'safety', r\n"
        "assert 'dialogue.understanding' in sys.modules\n"
    )
    env = {"SAMEN_STERKER_STORE": f"sqlite:{tmp_path / 'h.sqlite3'}", "PATH": "/usr/bin:/bin",
           "SAMEN_STERKER_SKILL_ID": launch["session"]["application"]["applicationId"]}
    envelopes = [str(ROOT / "tests" / "envelopes" / f"{name}.json") for name in ("launch", "intent_gratitude_danger")]
    result = subprocess.run([sys.executable, "-c", code, str(unpacked), *envelopes], check=False, cwd=unpacked,
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_a_zip_with_bytecode_holds_the_dataclasses_code_and_the_launch_uses_it(tmp_path: Path) -> None:
    target = tmp_path / "lambda.zip"
    build_lambda_zip(tmp_path / "no-deps", target, compile_pyc=True)  # (this Python's bytecode)
    assert "skill/dataclass_code.marshal" in zipfile.ZipFile(target).namelist()
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(target).extractall(unpacked)
    launch = ROOT / "tests" / "envelopes" / "launch.json"
    code = (
        "import dataclasses, json, sys\n"
        "import lambda_handler\n"
        "from skill import dataclass_code\n"
        "assert dataclass_code.CODE_FILE.startswith(sys.argv[1]) and len(dataclass_code._compiled) > 30\n"
        "assert vars(dataclasses)['exec'] is dataclass_code._exec_compiled\n"
        f"r = lambda_handler.lambda_handler(json.load(open({str(launch)!r})), None)\n"
        "assert r['response']['shouldEndSession'] is False, r\n"
    )
    env = {"SAMEN_STERKER_STORE": f"sqlite:{tmp_path / 'h.sqlite3'}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code, str(unpacked)], check=False, cwd=unpacked, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_exported_safety_intent_holds_every_local_safety_phrase(tmp_path: Path) -> None:
    from locale_files import load_locale
    from skill.package import export_skill_package

    export_skill_package(tmp_path)
    model = json.loads((tmp_path / "interactionModels" / "custom" / "nl-NL.json").read_text(encoding="utf-8"))
    intents = model["interactionModel"]["languageModel"]["intents"]
    every_sample = {s for intent in intents for s in intent.get("samples", [])}
    safety = next(i for i in intents if i["name"] == "SafetyIntent")["samples"]
    phrases = load_locale().safety_phrases  # made from the danger model's word classes
    assert "ik ben bang voor mijn partner" in safety
    assert "bang voor hem" in safety
    for phrase in phrases:
        assert phrase in every_sample


# --- Issue 14, point 1: the privacy policy and the icons --------------------------------------


def test_a_package_without_a_privacy_policy_url_is_refused_and_says_how_to_set_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SAMEN_STERKER_PRIVACY_URL")
    assert main(["skill-package", str(tmp_path / "out")]) == 1
    error = capsys.readouterr().err
    assert "SAMEN_STERKER_PRIVACY_URL=https://" in error and "/privacy" in error and "privacy.md" in error
    assert not (tmp_path / "out" / "skill.json").exists()
    with pytest.raises(PackageError, match="not an https URL"):
        manifest(environ={"SAMEN_STERKER_PRIVACY_URL": "pi.example.nl/privacy"})


def test_make_skill_package_refuses_without_the_url_and_builds_with_it(tmp_path: Path) -> None:
    make = ["make", "-s", "-C", str(ROOT), "skill-package", f"BIN={Path(sys.executable).parent}", "READY="]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    refused = subprocess.run(make, capture_output=True, text=True, env=env, check=False, timeout=120)
    assert refused.returncode != 0 and "SAMEN_STERKER_PRIVACY_URL" in refused.stderr
    built = subprocess.run([*make, "SAMEN_STERKER_PRIVACY_URL=https://pi.example.nl/privacy"],
                           capture_output=True, text=True, env=env, check=False, timeout=120)
    try:
        assert built.returncode == 0, built.stderr
        skill = json.loads((ROOT / "skill-package" / "skill.json").read_text(encoding="utf-8"))["manifest"]
        assert skill["privacyAndCompliance"]["locales"]["nl-NL"] == {"privacyPolicyUrl": "https://pi.example.nl/privacy"}
    finally:
        import shutil

        shutil.rmtree(ROOT / "skill-package", ignore_errors=True)


def test_the_package_holds_the_icons_in_both_sizes(tmp_path: Path) -> None:
    import struct

    export_skill_package(tmp_path)
    listing = json.loads((tmp_path / "skill.json").read_text(encoding="utf-8"))["manifest"][
        "publishingInformation"]["locales"]["nl-NL"]
    for key, size in (("smallIconUri", 108), ("largeIconUri", 512)):
        uri = listing[key]
        assert uri.startswith("file://assets/images/")
        data = (tmp_path / uri.removeprefix("file://")).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)


def test_the_icons_are_what_their_source_draws() -> None:
    from tools.icons import SIZES, icon_path, render

    for size in SIZES:
        assert icon_path(size).read_bytes() == render(size), f"run python -m tools.icons ({size} px)"


def test_the_privacy_policy_says_what_each_way_of_keeping_keeps() -> None:
    from skill.privacy import policy_html, policy_text

    public, private = policy_text("dates"), policy_text("history")
    for text in (public, private):
        assert "# Privacyverklaring" in text and "# Privacy policy" in text  # Dutch and English
        assert "wis onze gegevens" in text and "dankbaar" in text and "<!--" not in text
    assert "alleen de datum" in public and "only its date" in public
    assert "weerbericht (bijvoorbeeld" not in public and "toestemming om check-ins" not in public
    assert "weerbericht (bijvoorbeeld" in private and "inner weather (for example" in private
    assert "alleen de datum" not in private
    page = policy_html("dates")
    assert page.startswith("<!doctype html>") and "<h1>Privacyverklaring Samen Sterker</h1>" in page


def test_the_testing_instructions_tell_the_certification_team_what_to_expect() -> None:
    """Issue 14, point 7: English and Dutch, the two exercises, the gratitude step, the danger
    words, the reminder permission, and the article credited with its two quotations."""
    text = manifest()["manifest"]["publishingInformation"]["testingInstructions"]
    assert len(text) <= 4000
    assert "ENGLISH" in text and "NEDERLANDS" in text
    for needed in ("Exercise 1", "Exercise 4", "ANY answer counts as the gratitude", "ik wil dood", "Ben je nu veilig?",
                   "alexa::alerts:reminders:skill:readwrite", '"Vertrouwen herstellen"', "short quotations",
                   "1712", "1813", "113"):
        assert needed in text, needed
