"""Survey tests read English text unless a test says otherwise."""

import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch):
    monkeypatch.setitem(make_user.__kwdefaults__, "locale", "en")


@pytest.fixture
def client(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client
