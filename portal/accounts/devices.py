"""Known devices: a signed cookie saying "this browser has signed in to this account before".

Set when someone signs in with the right password (or sets a new one from a reset link).
It lets that person in from their usual device although others have failed many times
for the same account or from the same address (eduroam, a campus NAT). Failures from a
known device are counted per device, so a stolen cookie gives no more guesses than a new
address. It holds a random device id and a keyed digest of each account's address, never
the address itself, and outlives sign-out: it is not a session.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "known_device"
SALT = "known-device"
LIFETIME = timedelta(days=180)
MAX_ACCOUNTS = 5  # a shared family computer


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _account_tag(email: str) -> str:
    key = str(current_app.secret_key).encode()
    message = ("known-device:" + email.strip().lower()).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:24]


def _read() -> dict | None:
    raw = request.cookies.get(COOKIE_NAME)
    if not raw or len(raw) > 2000:
        return None
    try:
        payload = _serializer().loads(raw, max_age=int(LIFETIME.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    device, accounts = payload.get("d"), payload.get("a")
    if not isinstance(device, str) or not isinstance(accounts, list):
        return None
    return {"d": device, "a": [tag for tag in accounts if isinstance(tag, str)]}


def known_device_id(email: str) -> str | None:
    """This browser's device id if it has signed in to the account with this address before."""
    cache = g.setdefault("known_devices", {})
    if email not in cache:
        payload = _read()
        cache[email] = payload["d"] if payload and _account_tag(email) in payload["a"] else None
    return cache[email]


def remember_device(response, email: str | None) -> None:
    """Mark this browser as a known device of the account with this address."""
    if not email:
        return
    payload = _read() or {"d": secrets.token_urlsafe(16), "a": []}
    tag = _account_tag(email)
    accounts = [*[t for t in payload["a"] if t != tag][-(MAX_ACCOUNTS - 1) :], tag]
    response.set_cookie(
        COOKIE_NAME,
        _serializer().dumps({"d": payload["d"], "a": accounts}),
        max_age=int(LIFETIME.total_seconds()),
        path="/account/",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
