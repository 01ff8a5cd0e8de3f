"""The web service as bench_skill_web runs it under gunicorn: a test CA instead of Amazon's
roots, the signing chain read from a file instead of downloaded. Not for real use."""

from __future__ import annotations

import os
from pathlib import Path

from skill.web import create_app

_chain = Path(os.environ["BENCH_CHAIN_PEM"]).read_bytes()
app = create_app(
    skill_id=os.environ["BENCH_SKILL_ID"],
    store=os.environ["SAMEN_STERKER_STORE"],
    trusted_roots_pem=Path(os.environ["BENCH_ROOT_PEM"]).read_bytes(),
    fetch_cert_chain=lambda url: _chain,
)
