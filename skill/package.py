"""Exports for deploying the skill, generated from interaction_models/nl-NL (never kept twice).

    python -m skill.package skill-package OUT_DIR        the ASK CLI layout:
        OUT_DIR/skill.json, OUT_DIR/interactionModels/custom/nl-NL.json and the icons
        (assets/icon-*.png, drawn by tools/icons.py) in OUT_DIR/assets/images
    python -m skill.package lambda-deps DEPS_DIR         the zip's dependencies (ask-sdk-core,
        rapidfuzz) installed by pip into DEPS_DIR as wheels for the Lambda platform below,
        whatever machine builds them
    python -m skill.package lambda-zip DEPS_DIR ZIP      the Lambda deployment zip: the
        project's code (without these packaging tools) and locale files, plus the
        packages pip installed into DEPS_DIR; with .pyc files when this Python is the
        Lambda's (its file system is read-only: without them every cold start compiles)

The model is checked against Alexa's rules first; a broken model is not exported.
Environment: SAMEN_STERKER_ENDPOINT (optional: a Lambda ARN or an https URL) and
SAMEN_STERKER_PRIVACY_URL go into skill.json. The skill keeps personal data, so a package
without a privacy policy URL is refused: publish interaction_models/nl-NL/privacy.md (the
self-hosted web service serves it at https://HOST/privacy) and set the variable.
"""

from __future__ import annotations

import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import warnings
import zipfile
from collections.abc import Sequence
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any

from dialogue.intents import IntentName
from dialogue.locale import LocaleError
from locale_files import COMPILED_FILE, LOCALE_DIR, MODEL_FILE, compiled_locale, load_locale
from skill.dataclass_code import CODE_NAME as DATACLASS_CODE
from skill.messages import SKILL_FILE
from skill.model_rules import problems

ROOT = Path(__file__).resolve().parent.parent
LOCALE = "nl-NL"
REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"
PRIVACY_URL_ENV = "SAMEN_STERKER_PRIVACY_URL"
# The icons (tools/icons.py draws them), and where the ASK CLI takes them from in a package.
ICONS = {"smallIconUri": ROOT / "assets" / "icon-108.png", "largeIconUri": ROOT / "assets" / "icon-512.png"}
CODE_PACKAGES = ("dialogue", "household", "skill")
TOP_LEVEL_FILES = ("lambda_handler.py", "locale_files.py")
# The packaging tools themselves run at build time only; the Lambda never imports them.
BUILD_ONLY_FILES = frozenset({"skill/package.py", "skill/model_rules.py", "skill/model_phrases.py"})
# The Lambda platform the zip is built for. infrastructure/cfn-deployer/skill-stack.yaml and
# ask-resources.json name the same runtime and architecture (tests/test_infrastructure.py).
# python3.11 and older can no longer be created on Lambda (since July 2026).
LAMBDA_PYTHON = "3.13"
LAMBDA_RUNTIME = f"python{LAMBDA_PYTHON}"
LAMBDA_ARCHITECTURE = "x86_64"
# Lambda's python3.13 runs on Amazon Linux 2023 (glibc 2.34): wheels for glibc 2.34 or older.
# pip does not widen a manylinux_2_34 --platform to the older ones itself.
_WHEEL_ARCH = {"x86_64": "x86_64", "arm64": "aarch64"}[LAMBDA_ARCHITECTURE]
LAMBDA_WHEEL_PLATFORMS = tuple(f"manylinux_2_{minor}_{_WHEEL_ARCH}" for minor in range(34, 16, -1)) + (
    f"manylinux2014_{_WHEEL_ARCH}",)
# What the zip holds beside the code (boto3 is in Lambda's runtime), with pyproject.toml's
# bounds. pip takes the newest release with a wheel for the platform above: for rapidfuzz that
# is older than on a newer build machine (3.14 needs glibc 2.27), so the zip is tested on its
# own (tests/test_lambda_zip.py). Lambda's own botocore imports python-dateutil and urllib3
# from the zip too (the zip comes first on the path): both stay within botocore's bounds.
LAMBDA_DEPENDENCIES = ("ask-sdk-core>=1.19", "rapidfuzz>=3.6", "python-dateutil>=2.1,<3", "urllib3>=1.25.4,!=2.2.0,<3")
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
    privacy_url = environ.get(PRIVACY_URL_ENV, "").strip()
    if not privacy_url.startswith("https://"):
        # usesPersonalInfo is true: Amazon rejects a skill without a privacy policy.
        raise PackageError(
            f"the skill keeps personal data, so it needs a privacy policy URL: publish "
            f"interaction_models/nl-NL/privacy.md (the self-hosted web service serves it at https://HOST/privacy) "
            f"and set {PRIVACY_URL_ENV}=https://... (make skill-package {PRIVACY_URL_ENV}=https://...)"
            + (f"; {privacy_url!r} is not an https URL" if privacy_url else ""))
    privacy = {"locales": {LOCALE: {"privacyPolicyUrl": privacy_url}}}
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
                        **{key: f"file://assets/images/{LOCALE}_{key}.png" for key in ICONS},
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


def export_skill_package(out: Path, folder: Path = LOCALE_DIR, environ: dict[str, str] | None = None) -> list[Path]:
    """Write the ASK CLI layout into `out`; returns the files written. Raises PackageError
    (nothing written) for a broken model or a missing privacy policy URL."""
    model = _model(folder)
    skill = manifest(folder, environ)
    models = out / "interactionModels" / "custom"
    models.mkdir(parents=True, exist_ok=True)
    images = out / "assets" / "images"
    images.mkdir(parents=True, exist_ok=True)
    written = [out / "skill.json", models / f"{LOCALE}.json"]
    written[0].write_text(json.dumps(skill, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written[1].write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for key, icon in ICONS.items():
        written.append(images / f"{LOCALE}_{key}.png")
        shutil.copyfile(icon, written[-1])
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
        if path.is_file() and path.name != COMPILED_FILE:
            files.append((path, path.relative_to(root).as_posix()))
    return files


def lambda_modules(root: Path = ROOT) -> list[str]:
    """The modules of the project's code in the zip, by name."""
    names = [name.removesuffix(".py").replace("/", ".") for _, name in lambda_files(root) if name.endswith(".py")]
    return [name.removesuffix(".__init__") for name in names]


def dataclass_code(path: Sequence[Path], root: Path = ROOT, python: str = sys.executable) -> bytes:
    """The compiled methods of the zip's dataclasses (skill.dataclass_code), made by `python`
    importing the zip's modules with `path` as its module path; raises PackageError."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "code"
        environ = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in path))
        environ.pop("PYTHONSTARTUP", None)
        result = subprocess.run([python, "-m", "skill.dataclass_code", str(out), *lambda_modules(root)],
                                cwd=scratch, env=environ, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PackageError(f"the dataclasses' code could not be compiled: {result.stderr.strip()}")
        return out.read_bytes()


def lambda_pip_command(deps: Path) -> list[str]:
    """pip installing the zip's dependencies into `deps` as binary wheels for the Lambda's
    Python and architecture: a compiled package such as rapidfuzz built for this machine
    would not load there."""
    return [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile",
            "--target", str(deps), *(f"--platform={tag}" for tag in LAMBDA_WHEEL_PLATFORMS), "--only-binary=:all:",
            "--python-version", LAMBDA_PYTHON, "--implementation", "cp", *LAMBDA_DEPENDENCIES]


def install_lambda_dependencies(deps: Path) -> None:
    """Run `lambda_pip_command`; raises PackageError when pip fails (its output goes to stderr)."""
    result = subprocess.run(lambda_pip_command(deps), check=False)
    if result.returncode != 0:
        raise PackageError(f"pip could not install the Lambda's dependencies for {LAMBDA_RUNTIME} on {LAMBDA_ARCHITECTURE}")


def compiles_for_lambda() -> bool:
    """True when this interpreter writes the bytecode the Lambda's Python reads."""
    return sys.implementation.name == "cpython" and f"{sys.version_info[0]}.{sys.version_info[1]}" == LAMBDA_PYTHON


def lambda_python(environ: dict[str, str] | None = None) -> str | None:
    """A CPython of the Lambda's version on this machine, or None: SAMEN_STERKER_LAMBDA_PYTHON,
    else python3.X on the PATH, else one that pyenv installed. Each is asked its version."""
    environ = dict(os.environ) if environ is None else environ
    candidates = [environ.get("SAMEN_STERKER_LAMBDA_PYTHON", ""), shutil.which(LAMBDA_RUNTIME) or ""]
    pyenv = Path(environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [str(path) for path in sorted(pyenv.glob(f"{LAMBDA_PYTHON}.*/bin/{LAMBDA_RUNTIME}"), reverse=True)]
    for candidate in filter(None, candidates):
        try:
            found = subprocess.run([candidate, "-c", "import sys; print(sys.implementation.name, *sys.version_info[:2])"],
                                   capture_output=True, text=True, timeout=20, check=False)
        except OSError:
            continue
        if found.returncode == 0 and found.stdout.split() == ["cpython", *LAMBDA_PYTHON.split(".")]:
            return candidate
    return None


def _pyc(path: Path, name: str, scratch: Path) -> bytes | None:
    """The bytecode of a source file, checked by nothing at import (the zip never changes
    under it: no timestamp to compare, no source to hash at each cold start); None for a
    file this Python cannot compile (a package's Python 2 leftovers)."""
    out = scratch / "module.pyc"
    try:
        with warnings.catch_warnings():  # a package's invalid escapes in docstrings: its own business
            warnings.simplefilter("ignore", SyntaxWarning)
            py_compile.compile(str(path), cfile=str(out), dfile=name, doraise=True,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    except py_compile.PyCompileError:
        return None
    return out.read_bytes()


def build_lambda_zip(deps: Path, target: Path, root: Path = ROOT, compile_pyc: bool | None = None) -> int:
    """Zip the code, the installed dependencies and the compiled locale; returns the number
    of files. With `compile_pyc` (default: when this Python is the Lambda's) each .py also
    gets its __pycache__ .pyc."""
    _model(root / "interaction_models" / LOCALE)
    compile_pyc = compiles_for_lambda() if compile_pyc is None else compile_pyc
    files = list(lambda_files(root))
    for path in sorted(deps.rglob("*")) if deps.exists() else []:
        if path.is_file() and "__pycache__" not in path.parts and not path.name.endswith(".pyc"):
            files.append((path, path.relative_to(deps).as_posix()))
    target.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with tempfile.TemporaryDirectory() as scratch, zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, name in files:
            archive.write(path, name)
            count += 1
            compiled = _pyc(path, name, Path(scratch)) if compile_pyc and name.endswith(".py") else None
            if compiled is not None:
                archive.writestr(cache_from_source(name), compiled)
                count += 1
        # The locale parsed once here, so a cold start does not parse it again (locale_files).
        archive.writestr(f"interaction_models/{LOCALE}/{COMPILED_FILE}", compiled_locale(root / "interaction_models" / LOCALE))
        count += 1
        if compile_pyc:
            # The dataclasses' methods compiled once here too (bytecode of this Python's version).
            archive.writestr(f"skill/{DATACLASS_CODE}", dataclass_code([root, deps], root))
            count += 1
    return count


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if len(args) == 2 and args[0] == "skill-package":
            for path in export_skill_package(Path(args[1])):
                print(path)
            return 0
        if len(args) == 2 and args[0] == "lambda-deps":
            install_lambda_dependencies(Path(args[1]))
            print(f"{args[1]}: {' '.join(LAMBDA_DEPENDENCIES)} for {LAMBDA_RUNTIME} on {LAMBDA_ARCHITECTURE}")
            return 0
        if len(args) == 3 and args[0] == "lambda-zip":
            other = None if compiles_for_lambda() else lambda_python()
            if other is not None:
                # The Lambda's Python builds the zip, with .pyc: the dependencies are its own.
                environ = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(args[1]).resolve()), str(ROOT)]))
                return subprocess.run([other, "-m", "skill.package", *args], env=environ, check=False).returncode
            count = build_lambda_zip(Path(args[1]), Path(args[2]))
            print(f"{args[2]}: {count} files")
            if not compiles_for_lambda():
                print(f"no .pyc in the zip: no Python {LAMBDA_PYTHON} here (set SAMEN_STERKER_LAMBDA_PYTHON); "
                      "without them each cold start compiles the code", file=sys.stderr)
            return 0
    except (PackageError, OSError, ValueError) as error:
        print(f"cannot export: {error}", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
