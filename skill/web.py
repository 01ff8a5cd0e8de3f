"""The skill as a self-hosted web service (Flask), with Amazon's request verification.

    gunicorn --bind 127.0.0.1:8000 'skill.web:create_app()'

GET /privacy serves the privacy policy (skill/privacy.py) for the deployment's way of
keeping data ($SAMEN_STERKER_KEEP), so its address can go into the skill's manifest.

Every POST to / is verified (see skill.verification) before the skill sees it, and its
body is parsed once (by the verification, or here when it is off); a
refused request gets HTTP 400 and {"error": reason}, and is logged with the reason only.
Verification can be switched off only with SAMEN_STERKER_DEV_NO_VERIFY=1 (or
`dev_no_verify=True`), and then every request logs a warning.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
from collections.abc import Callable
from typing import Any

from cryptography import x509
from flask import Flask, Response, request

from skill.adapter import SKILL_ID_ENV, build_skill, make_conversation, make_households
from skill.lambda_entry import run, to_envelope
from skill.privacy import keep_mode, policy_html
from skill.verification import Refused, RequestVerifier, fetch_over_https, parse_envelope, system_roots

log = logging.getLogger("samen_sterker.web")

MAX_BODY_BYTES = 128 * 1024
DEV_FLAG_ENV = "SAMEN_STERKER_DEV_NO_VERIFY"


def create_app(
    *,
    skill_id: str | None = None,
    store: str | None = None,
    trusted_roots_pem: bytes | None = None,
    fetch_cert_chain: Callable[[str], bytes] | None = None,
    now: Callable[[], datetime.datetime] | None = None,
    dev_no_verify: bool | None = None,
) -> Flask:
    """The web service.

    `skill_id`: the only accepted application id (default $SAMEN_STERKER_SKILL_ID; required
    unless verification is off). `store`: `sqlite:PATH` or `dynamodb:TABLE` (default
    $SAMEN_STERKER_STORE). `trusted_roots_pem` replaces the system's trust roots;
    `fetch_cert_chain(url) -> bytes` replaces the download of the signing chain; `now()`
    (timezone-aware UTC) replaces the clock. `dev_no_verify` (default: the environment
    flag) switches verification off, for development only.
    """
    skill_id = skill_id if skill_id is not None else (os.environ.get(SKILL_ID_ENV) or None)
    if dev_no_verify is None:
        dev_no_verify = os.environ.get(DEV_FLAG_ENV) == "1"
    verifier: RequestVerifier | None = None
    if not dev_no_verify:
        if not skill_id:
            raise ValueError(f"the skill id is needed to verify requests: set {SKILL_ID_ENV}")
        roots = x509.load_pem_x509_certificates(trusted_roots_pem) if trusted_roots_pem else system_roots()
        verifier = RequestVerifier(
            skill_id=skill_id,
            roots=roots,
            fetch_chain=fetch_cert_chain or fetch_over_https,
            now=now or (lambda: datetime.datetime.now(datetime.UTC)),
        )
    households, shared = make_households(store)
    skill = build_skill(make_conversation(households, shared_household=shared))
    privacy_page = policy_html(keep_mode())
    app = Flask("samen_sterker")

    @app.get("/privacy")
    def privacy() -> Response:
        return Response(privacy_page, status=200, mimetype="text/html")

    def refuse(reason: str) -> Response:
        log.warning("refused request: %s", reason)
        return Response(json.dumps({"error": reason}), status=400, mimetype="application/json")

    @app.post("/")
    def alexa() -> Response:
        length = request.content_length
        if length is not None and length > MAX_BODY_BYTES:
            return refuse("body too large")
        body = request.stream.read(MAX_BODY_BYTES + 1)
        if len(body) > MAX_BODY_BYTES:
            return refuse("body too large")
        if verifier is None:
            log.warning("request verification is OFF (%s=1): for development only", DEV_FLAG_ENV)
            try:
                envelope: dict[str, Any] = parse_envelope(body)
            except Refused as refused:
                return refuse(refused.reason)
        else:
            try:
                envelope = verifier.verify(request.headers, body)
            except Refused as refused:
                return refuse(refused.reason)
        try:
            request_envelope = to_envelope(envelope)
        except Exception:  # noqa: BLE001 (the SDK raises its own types for a bad shape)
            return refuse("body is not an Alexa request")
        return Response(json.dumps(run(skill, request_envelope, None)), status=200, mimetype="application/json")

    return app

