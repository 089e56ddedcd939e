"""The signed link a unit answers through: it names one referral and that referral's nonce.

Signed with the portal's secret (itsdangerous), so a link cannot be made up or altered; the
nonce ties it to the referral row, so an old link of another referral never fits. It stops
working when the referral is answered or withdrawn, or after LINK_MAX_AGE at the latest.
"""

from __future__ import annotations

import enum
import hmac
import secrets

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

SALT = "referral-answer"
LINK_MAX_AGE = 180 * 24 * 3600


class LinkProblem(enum.StrEnum):
    FORGED = "forged"  # not signed by us, altered, or naming no referral
    EXPIRED = "expired"  # older than LINK_MAX_AGE
    ANSWERED = "answered"  # used already: the unit answered
    WITHDRAWN = "withdrawn"  # the campus council took the referral back
    CLOSED = "closed"  # the issue moved on some other way


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def link_token(referral) -> str:
    return _serializer().dumps({"r": referral.id, "n": referral.nonce})


def read_link_token(token: str) -> tuple[int | None, str | None, LinkProblem | None]:
    """(referral id, nonce, problem): a forged token gives (None, None, FORGED); an expired
    one still says which referral it named, with EXPIRED."""
    problem = None
    try:
        payload = _serializer().loads(token, max_age=LINK_MAX_AGE)
    except SignatureExpired as expired:
        # The signature is ours, only too old: say which referral it named.
        problem = LinkProblem.EXPIRED
        try:
            payload = _serializer().load_payload(expired.payload or b"")
        except BadData:
            return None, None, LinkProblem.FORGED
    except BadData:
        return None, None, LinkProblem.FORGED
    if not isinstance(payload, dict):
        return None, None, LinkProblem.FORGED
    referral_id, nonce = payload.get("r"), payload.get("n")
    if not isinstance(referral_id, int) or not isinstance(nonce, str):
        return None, None, LinkProblem.FORGED
    return referral_id, nonce, problem


def nonce_matches(referral, nonce: str) -> bool:
    return hmac.compare_digest(referral.nonce.encode(), nonce.encode())
