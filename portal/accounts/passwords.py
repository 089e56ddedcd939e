"""Argon2id password hashing; the "fast" profile exists only to keep tests quick."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

_PROFILES = {
    "default": PasswordHasher(),  # RFC 9106 low-memory profile: 64 MiB, 3 passes
    "fast": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}
# Compared against when no account matches, so a missing account costs the same time.
_DUMMY_HASHES: dict[str, str] = {}


def _hasher() -> PasswordHasher:
    return _PROFILES.get(current_app.config["PASSWORD_HASH_PROFILE"], _PROFILES["default"])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    if not password_hash:
        profile = current_app.config["PASSWORD_HASH_PROFILE"]
        if profile not in _DUMMY_HASHES:
            _DUMMY_HASHES[profile] = hasher.hash("no account has this password")
        password_hash = _DUMMY_HASHES[profile]
        try:
            hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
