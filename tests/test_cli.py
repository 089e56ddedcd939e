"""Operator commands: demo data, first administrator."""

import sqlalchemy as sa

from portal.accounts.models import User
from portal.accounts.service import user_authenticate
from portal.authz import Role
from portal.campuses.models import Campus, Category
from portal.demo import ACCOUNTS, DEMO_PASSWORD
from portal.extensions import db


def test_seed_demo_creates_the_documented_accounts(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["portal", "seed-demo"])
    assert result.exit_code == 0, result.output
    assert {c.code for c in db.session.scalars(sa.select(Campus))} == {"TRD", "GJO", "ALE"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Category)) == 5
    for email, *_ in ACCOUNTS:
        assert user_authenticate(email=email, password=DEMO_PASSWORD) is not None, email
    intl = db.session.scalar(sa.select(User).where(User.email == "intl.student@demo.test"))
    assert intl.locale == "en"
    leader = db.session.scalar(sa.select(User).where(User.email == "leader.gjo@demo.test"))
    assert leader.has_role(
        Role.CAMPUS_LEADER, campus=db.session.scalar(sa.select(Campus).where(Campus.code == "GJO"))
    )
    # A second run refuses (not empty), --if-empty is quiet.
    assert runner.invoke(args=["portal", "seed-demo"]).exit_code != 0
    assert runner.invoke(args=["portal", "seed-demo", "--if-empty"]).exit_code == 0


def test_seed_demo_is_refused_in_production(app):
    app.config["PORTAL_ENV"] = "production"
    try:
        result = app.test_cli_runner().invoke(args=["portal", "seed-demo"])
    finally:
        app.config["PORTAL_ENV"] = "development"
    assert result.exit_code != 0
    assert "production" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_create_admin(app):
    result = app.test_cli_runner().invoke(
        args=["portal", "create-admin", "--email", "Boss@Example.test", "--name", "Boss"],
        input="a strong password\na strong password\n",
    )
    assert result.exit_code == 0, result.output
    user = user_authenticate(email="boss@example.test", password="a strong password")
    assert user is not None
    assert user.is_admin
    assert user.email_verified
