"""The privacy policy (interaction_models/nl-NL/privacy.md), as the deployment keeps data.

The file holds the policy in Dutch and in English, with blocks that hold only for one
way of keeping data (`<!-- keep: dates -->` ... `<!-- end -->`): a public skill keeps the
check-in dates only, a private skill and the local mode the whole history after consent.
`policy_text` keeps the blocks of one mode; `policy_html` makes a plain page of it, which
the self-hosted web service serves at /privacy.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from locale_files import LOCALE_DIR

PRIVACY_FILE = "privacy.md"
# The two ways of keeping: `dates` (a public skill: check-in dates, names, pace) and
# `history` (a private skill and the local mode: the whole history after consent).
KEEP_MODES = ("dates", "history")
KEEP_ENV = "SAMEN_STERKER_KEEP"
DEFAULT_KEEP = "history"


class KeepSettingError(ValueError):
    """SAMEN_STERKER_KEEP holds a way of keeping this deployment cannot keep to."""


def keep_mode(environ: Mapping[str, str] | None = None) -> str:
    """The deployment's way of keeping: $SAMEN_STERKER_KEEP, `history` when unset; raises
    KeepSettingError for any other value."""
    value = (os.environ if environ is None else environ).get(KEEP_ENV, "").strip().lower() or DEFAULT_KEEP
    if value not in KEEP_MODES:
        raise KeepSettingError(f"{KEEP_ENV} must be {' or '.join(KEEP_MODES)}, not {value!r}")
    return value

# (Patterns compiled at first use, by re's own cache: a launch reads only `keep_mode`.)
_BLOCK = r"<!-- keep: (\w+) -->\n(.*?)<!-- end -->\n"
_COMMENT = r"<!--.*?-->\n?"


def policy_text(mode: str, folder: Path = LOCALE_DIR) -> str:
    """The policy as Markdown for one way of keeping (`dates` or `history`); ValueError for another."""
    if mode not in KEEP_MODES:
        raise ValueError(f"the way of keeping must be one of {', '.join(KEEP_MODES)}, not {mode!r}")
    text = (folder / PRIVACY_FILE).read_text(encoding="utf-8")
    text = re.sub(_BLOCK, lambda m: m.group(2) if m.group(1) == mode else "", text, flags=re.DOTALL)
    return re.sub(_COMMENT, "", text, flags=re.DOTALL).strip() + "\n"


def policy_html(mode: str, folder: Path = LOCALE_DIR) -> str:
    """The policy for one way of keeping as a small HTML page (headings, paragraphs, lists)."""
    body: list[str] = []
    in_list = False
    for line in policy_text(mode, folder).splitlines():
        if in_list and not line.startswith("- "):
            body.append("</ul>")
            in_list = False
        inline = _inline(line.lstrip("#- ").strip())
        if line.startswith("# "):
            body.append(f"<h1>{inline}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{inline}</h2>")
        elif line.startswith("- "):
            if not in_list:
                body.append("<ul>")
                in_list = True
            body.append(f"<li>{inline}</li>")
        elif line.strip():
            body.append(f"<p>{inline}</p>")
    if in_list:
        body.append("</ul>")
    return (
        '<!doctype html>\n<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Privacyverklaring Samen Sterker</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}</style>"
        "</head><body>\n" + "\n".join(body) + "\n</body></html>\n"
    )


def _inline(text: str) -> str:
    import html  # (here: the policy page is rare, and html loads its entity table at import)

    return html.escape(text, quote=False)
