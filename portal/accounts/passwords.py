"""Argon2id password hashing; the "fast" profile exists only to keep tests quick."""

from __future__ import annotations

import base64
import contextlib
import os

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


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=")


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash with the profile's parameters that no password matches.

    Verifying against it costs what verifying a real one costs. It is written out rather
    than computed with hasher.hash(), so that not even the first unknown address in a
    process costs an extra hashing.
    """
    return (
        f"$argon2{hasher.type.name.lower()}$v=19$m={hasher.memory_cost},t={hasher.time_cost},"
        f"p={hasher.parallelism}${_b64(os.urandom(hasher.salt_len))}${_b64(os.urandom(hasher.hash_len))}"
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    hasher = _hasher()
    if not password_hash:
        profile = current_app.config["PASSWORD_HASH_PROFILE"]
        if profile not in _DUMMY_HASHES:
            _DUMMY_HASHES[profile] = _dummy_hash(hasher)
        password_hash = _DUMMY_HASHES[profile]
        with contextlib.suppress(VerificationError, InvalidHashError):
            hasher.verify(password_hash, password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
