"""Several mail workers at once (PostgreSQL): every message is delivered exactly once."""

import threading
from collections import Counter

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import build_app, fresh_database_url

MESSAGES = 400
WORKERS = 4


@pytest.fixture
def outbox_app(tmp_path, tmp_path_factory, mail_catcher):
    """An app on its own database: the workers need committed rows and their own connections."""
    app = build_app(fresh_database_url(tmp_path_factory, "mailworkers"), tmp_path, mail_catcher.port)
    with app.app_context():
        from portal.notifications.mail import mail_enqueue

        for n in range(MESSAGES):
            mail_enqueue(to=f"worker{n:04d}@example.test", subject=f"Message {n}", body="B", language="nb")
        db.session.commit()
    mail_catcher.clear()
    yield app
    mail_catcher.clear()
    with app.app_context():
        db.engine.dispose()


@pytest.mark.postgresql_only
def test_parallel_workers_deliver_each_message_exactly_once(outbox_app, mail_catcher):
    from portal.notifications.mail import send_pending
    from portal.notifications.models import OutboxMessage

    barrier = threading.Barrier(WORKERS)
    errors = []
    totals = Counter()

    def worker():
        with outbox_app.app_context():
            try:
                barrier.wait()
                # Small batches, so the workers' claims interleave many times.
                while True:
                    sent, failed = send_pending(limit=25)
                    totals["sent"] += sent
                    totals["failed"] += failed
                    if not sent and not failed:
                        return
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(error))

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    delivered = Counter(str(message["To"]) for message in mail_catcher.messages)
    assert len(mail_catcher.messages) == MESSAGES
    assert [address for address, count in delivered.items() if count > 1] == []
    assert set(delivered) == {f"worker{n:04d}@example.test" for n in range(MESSAGES)}
    assert totals == {"sent": MESSAGES, "failed": 0}
    with outbox_app.app_context():
        assert dict(Counter(db.session.scalars(sa.select(OutboxMessage.status)))) == {"sent": MESSAGES}
