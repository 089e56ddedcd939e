"""Photos uploaded on a form that is shown again (errors, or the similar-issues step).

Their processed files are stored at once; the form carries a signed list of them,
so the student need not choose them again and cannot point at someone else's file.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from portal.issues.photos import StoredPhoto

SALT = "pending-photos"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def sign_pending(photos: list[StoredPhoto]) -> str:
    return _serializer().dumps([asdict(p) for p in photos]) if photos else ""


def read_pending(value: str | None) -> list[StoredPhoto]:
    if not value:
        return []
    try:
        items = _serializer().loads(value)
    except BadSignature:
        return []
    try:
        return [StoredPhoto(**item) for item in items][:3]
    except TypeError:
        return []
