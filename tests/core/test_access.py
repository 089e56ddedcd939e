"""Every page that needs an account sends an anonymous visitor to sign in, by GET and by POST."""

import pytest

# Endpoints anyone may reach without signing in.
PUBLIC_ENDPOINTS = {
    "static",
    "core.home",
    "core.switch_language",
    "core.privacy",
    "core.accessibility",
    "core.health",
    "accounts.register",
    "accounts.verify_email",
    "accounts.resend_verification",
    "accounts.sign_in",
    "accounts.sign_out",
    "accounts.forgot_password",
    "accounts.reset_password",
    "accounts.sso_start",
    "accounts.sso_callback",
    "issues.detail",
    "issues.photo",
    "issues.choose_campus",
    "issues.campus_list",
    "public_committee.you_said_we_did_index",
    "public_committee.you_said_we_did",
    "test_fail",
}


def protected_rules(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS or rule.endpoint.startswith("public_"):
            continue
        yield rule


def fill(rule) -> str:
    values = {arg: 1 for arg in rule.arguments}
    for arg, converter in rule._converters.items():
        if converter.__class__.__name__ not in ("IntegerConverter",):
            values[arg] = "x"
    return rule.build(values, append_unknown=False)[1]


def test_every_protected_url_sends_anonymous_visitors_to_sign_in(app, client):
    checked = 0
    for rule in protected_rules(app):
        path = fill(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method)
            assert response.status_code == 302, (method, path, response.status_code)
            assert "/account/sign-in" in response.headers["Location"], (method, path)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("endpoint", sorted(PUBLIC_ENDPOINTS - {"static", "test_fail"}))
def test_public_endpoints_exist(app, endpoint):
    assert endpoint in app.view_functions
