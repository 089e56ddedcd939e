"""References stay unique and gap-free when many students submit at the same moment."""

import threading
from datetime import datetime

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import build_app, fresh_database_url

SUBMITTERS = 12


@pytest.fixture
def concurrent_app(tmp_path, tmp_path_factory, mail_catcher):
    """An app on its own database: the threads need committed data and their own connections."""
    app = build_app(fresh_database_url(tmp_path_factory, "concurrency"), tmp_path, mail_catcher.port)
    with app.app_context():
        from tests.factories import Organisation, make_user

        org = Organisation()
        students = [make_user(campus=org.trd) for _ in range(SUBMITTERS)]
        db.session.commit()
        ids = {
            "campus": org.trd.id,
            "category": org.categories["physical"].id,
            "students": [s.id for s in students],
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def test_parallel_submissions_get_unique_gap_free_references(concurrent_app):
    from portal.accounts.models import User
    from portal.campuses.models import Campus, Category
    from portal.issues.models import Issue
    from portal.issues.service import issue_submit

    app, ids = concurrent_app
    barrier = threading.Barrier(SUBMITTERS)
    errors = []

    def submit(student_id):
        with app.app_context():
            try:
                author = db.session.get(User, student_id)
                campus = db.session.get(Campus, ids["campus"])
                category = db.session.get(Category, ids["category"])
                db.session.commit()  # end the read transaction; all threads start writing together
                barrier.wait()
                issue_submit(
                    author=author,
                    campus=campus,
                    category=category,
                    title="Samtidig",
                    description="x",
                    language="nb",
                    anonymous=False,
                )
                db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(repr(error))
                db.session.rollback()

    threads = [threading.Thread(target=submit, args=(sid,)) for sid in ids["students"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with app.app_context():
        references = db.session.scalars(sa.select(Issue.reference)).all()
    year = datetime.now().year
    assert sorted(references) == [f"TRD-{year}-{n:04d}" for n in range(1, SUBMITTERS + 1)]
