"""Exports for deploying the skill, generated from interaction_models/nl-NL (never kept twice).

    python -m skill.package skill-package OUT_DIR        the ASK CLI layout:
        OUT_DIR/skill.json, OUT_DIR/interactionModels/custom/nl-NL.json
    python -m skill.package lambda-zip DEPS_DIR ZIP      the Lambda deployment zip: the
        project's code (without these packaging tools) and locale files, plus the
        packages pip installed into DEPS_DIR

The model is checked against Alexa's rules first; a broken model is not exported.
Optional environment: SAMEN_STERKER_ENDPOINT (a Lambda ARN or an https URL) and
SAMEN_STERKER_PRIVACY_URL go into skill.json.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dialogue.intents import IntentName
from dialogue.locale import LocaleError
from locale_files import LOCALE_DIR, MODEL_FILE, load_locale
from skill.messages import SKILL_FILE
from skill.model_rules import problems

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "nl-NL"
REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"
CODE_PACKAGES = ("dialogue", "household", "skill")
TOP_LEVEL_FILES = ("lambda_handler.py", "locale_files.py")
# The packaging tools themselves run at build time only; the Lambda never imports them.
BUILD_ONLY_FILES = frozenset({"skill/package.py", "skill/model_rules.py"})
# What an Alexa sample may hold: lower-case words, spaces, apostrophes.
_SAMPLE_TEXT = re.compile(r"[a-zà-ÿ' ]+")


class PackageError(Exception):
    """The export cannot be made; the message says why."""


def _model(folder: Path) -> dict[str, Any]:
    """The interaction model to export: the locale folder's model (checked with the rest of
    the locale by the same loader the skill uses), its SafetyIntent given every safety
    phrase, checked against Alexa's rules."""
    try:
        locale = load_locale(folder)
    except LocaleError as error:
        raise PackageError(str(error)) from None
    model: dict[str, Any] = json.loads((folder / MODEL_FILE).read_text(encoding="utf-8"))
    _add_safety_phrases(model, locale.safety_phrases)
    found = problems(model)
    if found:
        raise PackageError(f"{folder / MODEL_FILE}: " + "; ".join(found))
    return model


def manifest(folder: Path = LOCALE_DIR, environ: dict[str, str] | None = None) -> dict[str, Any]:
    """skill.json for the ASK CLI, from skill.toml's [manifest] table and the environment."""
    environ = dict(os.environ) if environ is None else environ
    path = folder / SKILL_FILE
    listing = tomllib.loads(path.read_text(encoding="utf-8")).get("manifest")
    if not isinstance(listing, dict):
        raise PackageError(f"{path}: manifest: missing table [manifest]")
    for key, kind in (("name", str), ("summary", str), ("description", str), ("example_phrases", list),
                      ("keywords", list), ("testing_instructions", str)):
        if not isinstance(listing.get(key), kind) or not listing[key]:
            raise PackageError(f"{path}: manifest.{key}: missing or not a {kind.__name__}")
    custom: dict[str, Any] = {}
    endpoint = environ.get("SAMEN_STERKER_ENDPOINT")
    if endpoint:
        custom["endpoint"] = (
            {"uri": endpoint, "sslCertificateType": "Trusted"} if endpoint.startswith("https://") else {"uri": endpoint}
        )
    privacy = {"locales": {LOCALE: {}}} if not environ.get("SAMEN_STERKER_PRIVACY_URL") else {
        "locales": {LOCALE: {"privacyPolicyUrl": environ["SAMEN_STERKER_PRIVACY_URL"]}}}
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": {
                    LOCALE: {
                        "name": listing["name"],
                        "summary": listing["summary"],
                        "description": listing["description"],
                        "examplePhrases": listing["example_phrases"][:3],
                        "keywords": listing["keywords"],
                    }
                },
                "isAvailableWorldwide": False,
                "distributionCountries": ["NL", "BE"],
                "testingInstructions": listing["testing_instructions"],
                "category": "HEALTH_AND_FITNESS",
            },
            "apis": {"custom": custom},
            "permissions": [{"name": REMINDERS_PERMISSION}],
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": True,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                **privacy,
            },
        }
    }


def _add_safety_phrases(model: dict[str, Any], phrases: Sequence[str]) -> None:
    """Give Alexa's SafetyIntent every safety phrase the local understanding knows, so a
    whole sentence about danger reaches the skill as SafetyIntent there too."""
    intents = model["interactionModel"]["languageModel"]["intents"]
    taken = {sample.lower() for intent in intents for sample in intent.get("samples", [])}
    safety = next(intent for intent in intents if intent["name"] == IntentName.SAFETY)
    for phrase in phrases:
        if phrase not in taken and _SAMPLE_TEXT.fullmatch(phrase):
            safety["samples"].append(phrase)
            taken.add(phrase)


def export_skill_package(out: Path, folder: Path = LOCALE_DIR) -> list[Path]:
    """Write the ASK CLI layout into `out`; returns the files written."""
    model = _model(folder)
    models = out / "interactionModels" / "custom"
    models.mkdir(parents=True, exist_ok=True)
    written = [out / "skill.json", models / f"{LOCALE}.json"]
    written[0].write_text(json.dumps(manifest(folder), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written[1].write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return written


def lambda_files(root: Path = ROOT) -> list[tuple[Path, str]]:
    """(file, name in the zip) for the project's own code and locale files."""
    files = [(root / name, name) for name in TOP_LEVEL_FILES]
    for package in CODE_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            name = path.relative_to(root).as_posix()
            if name not in BUILD_ONLY_FILES:
                files.append((path, name))
    for path in sorted((root / "interaction_models" / LOCALE).iterdir()):
        if path.is_file():
            files.append((path, path.relative_to(root).as_posix()))
    return files


def build_lambda_zip(deps: Path, target: Path, root: Path = ROOT) -> int:
    """Zip the code and the installed dependencies; returns the number of files."""
    _model(root / "interaction_models" / LOCALE)
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, name in lambda_files(root):
            archive.write(path, name)
            count += 1
        for path in sorted(deps.rglob("*")) if deps.exists() else []:
            if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
                archive.write(path, path.relative_to(deps).as_posix())
                count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if len(args) == 2 and args[0] == "skill-package":
            for path in export_skill_package(Path(args[1])):
                print(path)
            return 0
        if len(args) == 3 and args[0] == "lambda-zip":
            count = build_lambda_zip(Path(args[1]), Path(args[2]))
            print(f"{args[2]}: {count} files")
            return 0
    except (PackageError, OSError, ValueError) as error:
        print(f"cannot export: {error}", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
