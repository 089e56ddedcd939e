"""Earlier sections' answers carried in the form, signed: no draft is ever stored on the server.

The signature binds the answers to the round, the person and the exact survey version, so
they cannot be moved to another round or person, nor outlive a change of the questions.
They are the student's own answers, in their own browser; nothing else keeps them.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

SALT = "survey-answers"


def _serializer(round_id: int, user_id: int, digest: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"{SALT}:{round_id}:{user_id}:{digest}")


def sign_answers(answers: dict, *, round_id: int, user_id: int, digest: str) -> str:
    return _serializer(round_id, user_id, digest).dumps(answers)


def read_answers(value: str | None, *, round_id: int, user_id: int, digest: str) -> dict | None:
    """The carried answers, {} for none, or None if the value was tampered with or is stale."""
    if not value:
        return {}
    try:
        answers = _serializer(round_id, user_id, digest).loads(value)
    except BadSignature:
        return None
    return answers if isinstance(answers, dict) else None
