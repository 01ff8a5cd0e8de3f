"""The Vosk model on disk: where it is, what it can do, and a faster end-of-utterance copy.

`vosk.Model(lang=...)` is never used (it downloads and may exit the process); a model
is always opened from an explicit folder, given as `--model PATH`, the environment
variable `SAMEN_STERKER_VOSK_MODEL`, or the default folder that `download-model` fills.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_voice.grammar import UNK, fit_to_vocabulary

MODEL_NAME = "vosk-model-small-nl-0.22"
MODEL_ENV = "SAMEN_STERKER_VOSK_MODEL"
# Trailing silence (seconds) after which an utterance ends: rules 2, 3 and 4 of Kaldi's
# endpointing. The small models ship 0.5 / 1.0 / 2.0; shorter rules answer sooner.
FAST_ENDPOINT_RULES: Mapping[int, float] = {2: 0.2, 3: 0.4, 4: 0.8}


class ModelError(Exception):
    """A model folder is missing or cannot be opened."""


def default_model_dir(data_dir: Path) -> Path:
    """Where `download-model` puts the Dutch model inside the user data directory."""
    return data_dir / "models" / MODEL_NAME


def locate_model(explicit: Path | None, data_dir: Path, environ: Mapping[str, str] = os.environ) -> Path:
    """The model folder to use: `--model`, then the environment variable, then the default."""
    if explicit is not None:
        return explicit
    if environ.get(MODEL_ENV):
        return Path(environ[MODEL_ENV])
    return default_model_dir(data_dir)


def looks_like_model(folder: Path) -> bool:
    """Whether `folder` has the files every Vosk model has."""
    return (folder / "am" / "final.mdl").is_file() and (folder / "conf" / "model.conf").is_file()


def supports_runtime_grammar(folder: Path) -> bool:
    """Runtime grammars need graph/HCLr.fst and graph/Gr.fst (most small models have them)."""
    return (folder / "graph" / "HCLr.fst").is_file() and (folder / "graph" / "Gr.fst").is_file()


def load_model(folder: Path) -> Any:
    """Open a Vosk model from a folder (vosk wants a str); raises ModelError."""
    if not looks_like_model(folder):
        raise ModelError(f"{folder}: not a Vosk model folder (am/final.mdl or conf/model.conf missing)")
    import vosk  # type: ignore[import-untyped]

    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(folder))
    except Exception as error:  # noqa: BLE001  vosk raises a bare Exception("Failed to create a model")
        raise ModelError(f"{folder}: {error}") from None


@dataclass(frozen=True)
class ModelCheck:
    """What a model can do for this coach, found at start-up."""

    runtime_grammar: bool
    has_unk: bool
    missing_words: tuple[str, ...]
    dropped_phrases: tuple[str, ...]


def check_model(model: Any, folder: Path, phrases: Iterable[str]) -> ModelCheck:
    """Check grammar support, `[unk]` and which grammar words the vocabulary lacks."""
    def has_word(word: str) -> bool:
        return bool(model.vosk_model_find_word(word) != -1)

    fit = fit_to_vocabulary(phrases, has_word)
    return ModelCheck(
        runtime_grammar=supports_runtime_grammar(folder),
        has_unk=has_word(UNK),
        missing_words=fit.missing_words,
        dropped_phrases=fit.dropped_phrases,
    )


_RULE = re.compile(r"^--endpoint\.rule(\d)\.min-trailing-silence=.*$")


def tuned_conf(text: str, rules: Mapping[int, float] = FAST_ENDPOINT_RULES) -> str:
    """`model.conf` text with the trailing-silence rules replaced (added when absent)."""
    lines: list[str] = []
    seen: set[int] = set()
    for line in text.splitlines():
        match = _RULE.match(line.strip())
        if match and int(match.group(1)) in rules:
            number = int(match.group(1))
            seen.add(number)
            lines.append(f"--endpoint.rule{number}.min-trailing-silence={rules[number]}")
        else:
            lines.append(line)
    for number in sorted(set(rules) - seen):
        lines.append(f"--endpoint.rule{number}.min-trailing-silence={rules[number]}")
    return "\n".join(lines) + "\n"


def tuned_model_dir(folder: Path, cache_dir: Path, rules: Mapping[int, float] = FAST_ENDPOINT_RULES) -> Path:
    """A copy of the model with shorter end-of-utterance rules (vosk has no API for them).

    Only `conf/` is copied; every other entry is a symbolic link to the original, so
    the copy costs a few kilobytes. Rebuilt on each call, so it follows the original.
    """
    target = cache_dir / f"{folder.name}-fast-endpoint"
    staging = cache_dir / f".{folder.name}-fast-endpoint.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for entry in folder.iterdir():
        if entry.name != "conf":
            (staging / entry.name).symlink_to(entry.resolve())
    (staging / "conf").mkdir()
    for entry in (folder / "conf").iterdir():
        if entry.name == "model.conf":
            (staging / "conf" / "model.conf").write_text(tuned_conf(entry.read_text()), encoding="utf-8")
        elif entry.is_file():
            shutil.copy2(entry, staging / "conf" / entry.name)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target
