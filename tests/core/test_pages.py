import pytest

from tests.factories import sign_in


@pytest.mark.parametrize("path", ["/", "/privacy", "/accessibility", "/account/sign-in", "/account/register"])
def test_public_pages_answer(client, org, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<html lang="nb">' in response.data


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_signed_in_user_sees_account_link(client, org):
    sign_in(client, org.student())
    response = client.get("/")
    assert b"/account/profile" in response.data
