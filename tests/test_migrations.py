"""The schema comes only from migrations, and the models never drift from them."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from portal.db import alembic_include_object
from portal.extensions import db


def test_models_and_migrations_do_not_drift(app):
    """Fails if `flask db migrate` would find anything to change (the suite's schema came from `flask db upgrade`)."""
    connection = db.session.connection()
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": alembic_include_object}
    )
    diff = compare_metadata(context, db.metadata)
    assert diff == [], diff


def test_downgrade_and_upgrade_again(tmp_path, mail_catcher, tmp_path_factory):
    """Every migration can be undone and redone on an empty database."""
    import flask_migrate

    from tests.conftest import build_app, fresh_database_url

    app = build_app(fresh_database_url(tmp_path_factory, "roundtrip"), tmp_path, mail_catcher.port)
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        flask_migrate.upgrade()
        assert "user_account" in db.inspect(db.engine).get_table_names()
        db.engine.dispose()
