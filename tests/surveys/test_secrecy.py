"""Nothing in the schema or the data links a survey response to the student who gave it.

Fails if a column, a key, a default or a storage order could line a response up with the
participation roll: by name, by type, by foreign key, by id order or, on PostgreSQL after a
reseal, by the system columns xmin and ctid.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.surveys.models import SurveyAnswer, SurveyResponse, SurveyRoll
from portal.surveys.service import SURVEY_BOX
from tests.conftest import TEST_DATABASE_URL, build_app, fresh_database_url
from tests.secrecy.helpers import heap_xmins, physical_order, xmin_by
from tests.surveys.helpers import answer, answer_over_http, full_answers, make_round

BOX_TABLES = ("survey_response", "survey_answer")
SUSPECT_NAMES = ("user", "person", "student", "respondent", "account", "email", "ip", "session", "created", "updated",
                 "time", "date", "_at", "_on", "seq", "serial", "order", "position", "number", "token")  # fmt: skip
LIKERT = ["1", "2", "3", "4", "5", "dont_know"]


def inspector():
    return sa.inspect(db.session.connection())


def is_temporal(column_type) -> bool:
    return isinstance(column_type, sa.DateTime | sa.Date | sa.Time | sa.Interval)


def test_the_box_tables_have_no_column_that_could_link_to_a_person(app):
    schema = inspector()
    assert {c["name"] for c in schema.get_columns("survey_response")} == {"id", "round_id", "campus_id"}
    assert {c["name"] for c in schema.get_columns("survey_answer")} == {
        "response_id",
        "question",
        "option",
        "value",
        "text",
    }
    for table in BOX_TABLES:
        for column in schema.get_columns(table):
            assert not is_temporal(column["type"]), (table, column["name"])
            assert not any(word in column["name"].lower() for word in SUSPECT_NAMES), (table, column["name"])
            assert column.get("default") is None or table == "survey_answer", (table, column)
        referred = {fk["referred_table"] for fk in schema.get_foreign_keys(table)}
        assert referred <= {"survey_round", "campus", "survey_response"}, (table, referred)


def test_the_response_key_is_random_text_and_nothing_else_refers_to_it(app):
    schema = inspector()
    columns = {c["name"]: c for c in schema.get_columns("survey_response")}
    assert schema.get_pk_constraint("survey_response")["constrained_columns"] == ["id"]
    assert isinstance(columns["id"]["type"], sa.String)
    assert columns["id"].get("autoincrement") is not True
    for table in schema.get_table_names():
        for fk in schema.get_foreign_keys(table):
            if fk["referred_table"] == "survey_response":
                assert table == "survey_answer", table
            if fk["referred_table"] == "survey_roll":
                pytest.fail(f"{table} refers to the roll")


def test_the_roll_keeps_the_day_only_and_its_key_is_the_one_response_rule(app):
    schema = inspector()
    columns = {c["name"]: c["type"] for c in schema.get_columns("survey_roll")}
    assert set(columns) == {"round_id", "user_id", "answered_on"}
    assert isinstance(columns["answered_on"], sa.Date)
    assert not isinstance(columns["answered_on"], sa.DateTime)
    assert sorted(schema.get_pk_constraint("survey_roll")["constrained_columns"]) == ["round_id", "user_id"]
    assert {fk["referred_table"] for fk in schema.get_foreign_keys("survey_roll")} == {
        "survey_round",
        "user_account",
    }


@pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite's hidden rowid")
def test_sqlite_keeps_no_hidden_rowid_for_the_roll_or_the_box(app):
    connection = db.session.connection()
    for table in ("survey_roll", "survey_response", "survey_answer"):
        with pytest.raises(sa.exc.OperationalError), connection.begin_nested():
            connection.exec_driver_sql(f"SELECT rowid FROM {table}")


def _answer_in_turn(org, survey_round, how_many=12):
    """Students answer one after another, each with a different first answer (their mark)."""
    definition = survey_round.version.spec
    marks = []
    for n in range(how_many):
        student = org.student(campus=(org.trd, org.gjo, org.ale)[n % 3])
        mark = f"{LIKERT[n % 6]}|{LIKERT[(n // 6) % 6]}"
        first, second = mark.split("|")
        answer(survey_round, student, full_answers(definition, **{"fys-rom": first, "fys-plasser": second}))
        marks.append(mark)
    return marks


def _marks(response_ids) -> list[str]:
    found = {}
    for response_id, question, option in db.session.execute(
        sa.select(SurveyAnswer.response_id, SurveyAnswer.question, SurveyAnswer.option).where(
            SurveyAnswer.question.in_(["fys-rom", "fys-plasser"])
        )
    ):
        found.setdefault(response_id, {})[question] = option
    return [f"{found[r]['fys-rom']}|{found[r]['fys-plasser']}" for r in response_ids]


def test_after_answers_are_in_nothing_in_the_data_lines_a_response_up_with_the_roll(app, org):
    survey_round = make_round(org, "open")
    marks = _answer_in_turn(org, survey_round)
    ids = db.session.scalars(
        sa.select(SurveyResponse.id).where(SurveyResponse.round_id == survey_round.id)
    ).all()
    assert len(ids) == len(set(ids)) == 12
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    # Ordered by key, responses do not come out in the order people answered (1 in 12! by chance)…
    by_key = db.session.scalars(sa.select(SurveyResponse.id).order_by(SurveyResponse.id)).all()
    assert _marks(by_key) != marks
    # …and the roll has nothing but the person and the day.
    days = set(
        db.session.scalars(sa.select(SurveyRoll.answered_on).where(SurveyRoll.round_id == survey_round.id))
    )
    assert len(days) == 1
    # The only attribute of a response is the campus; the answers hang off the random id.
    rows = db.session.execute(sa.select(SurveyResponse.__table__)).mappings().all()
    assert all(set(row) == {"id", "round_id", "campus_id"} for row in rows)


def test_the_reseal_gives_new_ids_in_random_order_and_keeps_every_answer(app, org):
    from portal.secrecy import reseal

    survey_round = make_round(org, "open")
    marks = _answer_in_turn(org, survey_round)
    before = set(db.session.scalars(sa.select(SurveyResponse.id)))
    answers_before = db.session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer))
    assert reseal(SURVEY_BOX, round_id=survey_round.id) == 12
    after = db.session.scalars(
        sa.select(SurveyResponse.id).where(SurveyResponse.round_id == survey_round.id)
    ).all()
    assert not set(after) & before
    assert len(after) == 12
    assert sorted(_marks(after)) == sorted(marks)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyAnswer)) == answers_before


# PostgreSQL, with real commits ------------------------------------------------------------------


@pytest.fixture
def committed(tmp_path, tmp_path_factory, mail_catcher):
    app = build_app(fresh_database_url(tmp_path_factory, "secrecy_survey"), tmp_path, mail_catcher.port)
    with app.app_context():
        from tests.factories import Organisation

        org = Organisation()
        survey_round = make_round(org, "open")
        students = [org.student(campus=(org.trd, org.gjo, org.ale)[n % 3]) for n in range(12)]
        db.session.commit()
        ids = {
            "round": survey_round.id,
            "students": [s.get_id() for s in students],
            "user_ids": [s.id for s in students],
        }
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def _response_marks(connection, response_ids) -> list[str]:
    found: dict = {}
    for response_id, question, option in connection.execute(
        sa.text(
            "SELECT response_id, question, option FROM survey_answer WHERE question IN ('fys-rom', 'fys-plasser')"
        )
    ):
        found.setdefault(response_id, {})[question] = option
    return [f"{found[r]['fys-rom']}|{found[r]['fys-plasser']}" for r in response_ids]


@pytest.mark.postgresql_only
def test_after_a_reseal_xmin_and_ctid_link_no_response_to_the_roll(committed):
    app, ids = committed
    marks = []
    with app.app_context():
        from portal.surveys.models import SurveyRound

        survey_round = db.session.get(SurveyRound, ids["round"])
        definition = survey_round.version.spec
    for n, user in enumerate(ids["students"]):
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = user
            session["_fresh"] = True
        mark = f"{LIKERT[n % 6]}|{LIKERT[(n // 6) % 6]}"
        first, second = mark.split("|")
        with app.app_context():
            survey_round = db.session.get(SurveyRound, ids["round"])
            answer_over_http(
                client, survey_round, full_answers(definition, **{"fys-rom": first, "fys-plasser": second})
            )
        marks.append(mark)
    where, params = "round_id = :r", {"r": ids["round"]}
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    with engine.connect() as connection:
        responses = xmin_by(connection, "survey_response", "id", where, params)
        roll = xmin_by(connection, "survey_roll", "user_id", where, params)
        # Before the reseal the window is open: each roll row is its response's xmin + 1, in order.
        mark_of = dict(zip(ids["user_ids"], marks, strict=True))
        response_marks = dict(zip(responses, _response_marks(connection, list(responses)), strict=True))
        by_xmin = {xmin: response_marks[rid] for rid, xmin in responses.items()}
        assert all(by_xmin.get(roll[user] - 1) == mark_of[user] for user in roll)
        order = _response_marks(
            connection, physical_order(connection, "survey_response", "id", where, params)
        )
        assert order == marks
        connection.rollback()

        result = app.test_cli_runner().invoke(args=["portal", "reseal"])
        assert result.exit_code == 0, result.output
        assert f"survey round {ids['round']}: 12 resealed" in result.output
        assert "vacuumed" in result.output

        after = xmin_by(connection, "survey_response", "id", where, params)
        roll_after = xmin_by(connection, "survey_roll", "user_id", where, params)
        answer_xmins = set(
            connection.execute(sa.text("SELECT xmin::text::bigint FROM survey_answer")).scalars()
        )
        assert len(set(after.values())) == 1
        assert set(roll_after.values()) == set(after.values()) == answer_xmins
        assert not set(after) & set(responses)
        order_after = _response_marks(
            connection, physical_order(connection, "survey_response", "id", where, params)
        )
        assert sorted(order_after) == sorted(marks)
        assert order_after != marks
        answer_order = list(
            connection.execute(sa.text("SELECT response_id FROM survey_answer ORDER BY ctid")).scalars()
        )
        first_seen = list(dict.fromkeys(answer_order))
        assert _response_marks(connection, first_seen) != marks
        old = set(responses.values()) | set(roll.values())
        for table in ("survey_response", "survey_answer", "survey_roll"):
            assert not heap_xmins(connection, table) & old, table
        connection.rollback()
    engine.dispose()
