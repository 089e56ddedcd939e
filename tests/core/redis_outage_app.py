"""Run in a process of its own by test_redis_outage.py (the rate limiter is one object per process).

    python -m tests.core.redis_outage_app DATABASE_FILE

REDIS_URL in the environment points at a port where nothing listens; the database has
been migrated by `flask db upgrade` beforehand (Alembic's logging setup would otherwise
replace this process's logging, which is what the test looks at). Prints one JSON line:
the status of every rate-limited POST, and the log records that were written.
"""

from __future__ import annotations

import json
import logging
import sys


class _Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[dict] = []

    def emit(self, record):
        self.records.append(
            {"logger": record.name, "level": record.levelname, "message": record.getMessage()}
        )


def main(database_file: str) -> None:
    from portal import create_app
    from portal.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-for-production-checks",
            "SQLALCHEMY_DATABASE_URI": "sqlite:///" + database_file,
            "PASSWORD_HASH_PROFILE": "fast",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_SIGN_IN": "3 per minute",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 1,
        }
    )
    keep = _Keep()
    logging.getLogger().addHandler(keep)
    with app.app_context():
        from portal.voting.models import Phase
        from tests.factories import Organisation
        from tests.voting.helpers import make_proposal, make_round

        org = Organisation()
        student = org.student()
        proposals_round = make_round(org, Phase.PROPOSALS, year=2031)
        voting_round = make_round(org, Phase.VOTING, year=2032)
        on_ballot = make_proposal(voting_round, title="Lesesal")
        db.session.commit()
        ids = {
            "campus": org.trd.id,
            "category": org.categories["physical"].id,
            "proposals_round": proposals_round.id,
            "voting_round": voting_round.id,
            "on_ballot": on_ballot.id,
            "student": student.get_id(),
        }
    # Requests outside that context: each gets its own, as in production.
    client = app.test_client()
    codes: dict[str, list[int]] = {}
    codes["sign_in"] = [
        client.post(
            "/account/sign-in", data={"email": "nobody@example.test", "password": "wrong password"}
        ).status_code
        for _ in range(4)
    ]
    codes["register"] = [
        client.post(
            "/account/register",
            data={
                "name": "Nora Student",
                "email": "nora@example.test",
                "password": "a long enough password",
                "password_repeat": "a long enough password",
                "home_campus": str(ids["campus"]),
                "locale": "nb",
            },
        ).status_code
    ]
    codes["reset"] = [
        client.post("/account/forgot-password", data={"email": "nora@example.test"}).status_code
    ]
    with client.session_transaction() as session:
        session["_user_id"] = ids["student"]
        session["_fresh"] = True
    codes["raise"] = [
        client.post(
            "/issues/new",
            data={
                "campus": str(ids["campus"]),
                "category": str(ids["category"]),
                "title": "Kaldt på lesesalen",
                "description": "Det er 15 grader på lesesal 3 om morgenen.",
                "language": "nb",
                "submission_token": "token-1",
                "action": "submit",
            },
        ).status_code
    ]
    codes["propose"] = [
        client.post(
            f"/focus-areas/{ids['proposals_round']}/propose",
            data={"title": "Flere stikkontakter", "reason": "Laderen dør.", "language": "nb"},
        ).status_code
    ]
    codes["vote"] = [
        client.post(
            f"/focus-areas/{ids['voting_round']}/vote",
            data={"choices": [str(ids["on_ballot"])], "action": "vote"},
        ).status_code
    ]
    with app.app_context():
        db.engine.dispose()
    print(json.dumps({"codes": codes, "records": keep.records}))


if __name__ == "__main__":
    main(sys.argv[1])
