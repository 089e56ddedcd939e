"""Sign-in limits that count failed attempts, not people.

Thousands of students share a few addresses on eduroam, and anyone can type a
classmate's e-mail address: a limit on every attempt per address locks a campus out
between lectures, and a limit per account lets anyone lock a named person out. So only
failed attempts are counted (Flask-Limiter's `deduct_when`, in its storage: Redis,
shared by every instance), and:

- per account and address: RATELIMIT_SIGN_IN;
- per address, whatever the account: RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS, generous;
- per account, whatever the address: RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT, a ceiling
  against guessing from many addresses;
- from a known device of the account (portal.accounts.devices) none of the above, but
  per device and account: RATELIMIT_SIGN_IN. Nobody else's failures block that device.

A successful sign-in never counts. The limits are checked before the password is, so a
blocked attempt learns nothing.
"""

from __future__ import annotations

import hashlib

from flask import g, request

from portal.accounts.devices import known_device_id
from portal.extensions import configured_limit, limiter


def _email() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def _account() -> str:
    # A digest keeps people's addresses out of the rate-limit storage.
    return hashlib.sha256(_email().encode()).hexdigest()[:32]


def _address() -> str:
    return request.remote_addr or "unknown"


def _device() -> str | None:
    return known_device_id(_email())


def _on_known_device() -> bool:
    return _device() is not None


def _on_other_device() -> bool:
    return _device() is None


def _failed(_response) -> bool:
    return bool(g.get("sign_in_failed"))


def note_failed_sign_in() -> None:
    """The attempt of this request failed: it counts against the limits (after the response)."""
    g.sign_in_failed = True


def sign_in_limits(view):
    """Apply the failure limits above to the sign-in view's POSTs."""
    limits = (
        ("RATELIMIT_SIGN_IN", lambda: f"sign-in:{_account()}:{_address()}", _on_known_device),
        ("RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS", lambda: f"sign-in-address:{_address()}", _on_known_device),
        ("RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT", lambda: f"sign-in-account:{_account()}", _on_known_device),
        ("RATELIMIT_SIGN_IN", lambda: f"sign-in-device:{_device()}:{_account()}", _on_other_device),
    )
    for config_key, key_func, exempt_when in limits:
        view = limiter.limit(
            configured_limit(config_key),
            methods=["POST"],
            key_func=key_func,
            exempt_when=exempt_when,
            deduct_when=_failed,
        )(view)
    return view
