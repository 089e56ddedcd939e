"""One response per student per round, under concurrency, across two instances of the application."""

import threading

import pytest
import sqlalchemy as sa

from portal.extensions import db
from tests.conftest import build_app, fresh_database_url

THREADS = 12


@pytest.fixture
def two_instances(tmp_path, tmp_path_factory, mail_catcher):
    """Two application instances (two engines, two pools) on one database, as behind a load balancer."""
    url = fresh_database_url(tmp_path_factory, "survey_concurrency")
    first = build_app(url, tmp_path / "a", mail_catcher.port)
    second = build_app(url, tmp_path / "b", mail_catcher.port)
    with first.app_context():
        from tests.factories import Organisation
        from tests.surveys.helpers import make_round

        org = Organisation()
        survey_round = make_round(org, "open")
        students = [org.student(campus=org.trd) for _ in range(THREADS)]
        db.session.commit()
        ids = {
            "round": survey_round.id,
            "students": [s.get_id() for s in students],
            "user_ids": [s.id for s in students],
        }
    yield (first, second), ids
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def final_post(app, ids, user: str, user_id: int) -> dict:
    """The last part's POST with every earlier answer carried, as a browser sends it."""
    from portal.surveys.carry import sign_answers
    from portal.surveys.models import SurveyRound
    from tests.surveys.helpers import as_form, full_answers

    with app.app_context():
        survey_round = db.session.get(SurveyRound, ids["round"])
        definition = survey_round.version.spec
        answers = full_answers(definition)
        last = len(definition.sections) - 1
        with app.test_request_context():
            carry = sign_answers(
                {k: v for k, v in answers.items() if definition.by_id[k].section != last},
                round_id=survey_round.id,
                user_id=user_id,
                digest=definition.digest,
            )
        return {"section": str(last), "carry": carry, "action": "send", **as_form(definition, last, answers)}


def totals(app, round_id):
    from portal.surveys.models import SurveyAnswer, SurveyResponse, SurveyRoll

    with app.app_context():

        def count(model, *where):
            return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

        return (
            count(SurveyRoll, SurveyRoll.round_id == round_id),
            count(SurveyResponse, SurveyResponse.round_id == round_id),
            count(SurveyAnswer),
        )


def run_at_once(apps, ids, who):
    barrier = threading.Barrier(THREADS)
    results, errors = [None] * THREADS, []
    posts = [final_post(apps[0], ids, *who(i)) for i in range(THREADS)]

    def submit(index):
        try:
            client = apps[index % 2].test_client()  # the clients alternate between the instances
            with client.session_transaction() as session:
                session["_user_id"] = who(index)[0]
                session["_fresh"] = True
            barrier.wait()
            response = client.post(f"/surveys/{ids['round']}/answer", data=posts[index])
            page = client.get(f"/surveys/{ids['round']}").get_data(as_text=True)
            results[index] = (response.status_code, page)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(repr(error))

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.postgresql_only
def test_simultaneous_submits_of_one_student_on_two_instances_count_once(two_instances, monkeypatch):
    """Twelve final POSTs of the same student at the same instant, half to each instance, with the
    page's own "already answered?" check switched off: the roll's primary key alone decides."""
    apps, ids = two_instances
    monkeypatch.setattr("portal.surveys.views.answer.answered_on", lambda *_args: None)
    student = (ids["students"][0], ids["user_ids"][0])
    results = run_at_once(apps, ids, lambda _i: student)
    assert [status for status, _page in results] == [302] * THREADS
    thanked = sum("Thank you! Your answers are saved" in page for _s, page in results)
    refused = sum("You have already answered this survey" in page for _s, page in results)
    assert (thanked, refused) == (1, THREADS - 1)
    roll, responses, answers = totals(apps[1], ids["round"])
    assert roll == responses == 1
    assert answers > 15


def test_many_students_answering_at_once_on_two_instances_are_all_counted(two_instances):
    apps, ids = two_instances
    results = run_at_once(apps, ids, lambda i: (ids["students"][i], ids["user_ids"][i]))
    assert all(status == 302 and "Thank you! Your answers are saved" in page for status, page in results)
    roll, responses, _answers = totals(apps[0], ids["round"])
    assert roll == responses == THREADS
