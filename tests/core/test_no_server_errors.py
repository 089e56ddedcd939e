"""Crafted input never causes a server error.

For each role, every page that can be reached by GET is fetched, every form on it
is collected, and each form is posted with hostile values in every field: empty,
whitespace, huge, odd Unicode, wrong types, other rows' ids. POST-only routes that
no form points to get the same treatment with guessed field names. Any 500 fails.
"""

from __future__ import annotations

from datetime import datetime
from html.parser import HTMLParser

import pytest

from portal.demo import seed_demo
from portal.extensions import db
from tests.factories import sign_in

YEAR = datetime.now().year
HOSTILE = [
    "",
    "   ",
    "x" * 20000,
    "Ærlig 🙂 \u202e\u0000 ǅ ﬁ <script>alert(1)</script>",
    "-1",
    "99999999999999999999999",
    "0",
    "not-a-number",
]
SAMPLES = {
    "reference": f"TRD-{YEAR}-0002",
    "code": "TRD",
    "year": str(YEAR),
    "token": "not-a-token",
    "kind": "campuses",
    "document": "agenda",
    "fmt": "pdf",
    "action": "accept",
    "scope": "campus",
}


class Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, set[str]]] = []
        self._current: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._current = (attrs.get("action") or "", set())
            self.forms.append(self._current)
        elif (
            tag in ("input", "textarea", "select", "button")
            and self._current is not None
            and attrs.get("name")
        ):
            self._current[1].add(attrs["name"])
        if tag == "button" and attrs.get("formaction"):
            self.forms.append((attrs["formaction"], set(self._current[1]) if self._current else set()))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def build_path(rule, code_for_prefix) -> str | None:
    values = {}
    for arg in rule.arguments:
        values[arg] = SAMPLES.get(arg, 1)
    if "code" in rule.arguments:
        values["code"] = code_for_prefix(rule.rule)
    try:
        return rule.build(values, append_unknown=False)[1]
    except Exception:  # noqa: BLE001 - a rule that cannot be built from samples is skipped
        return None


def code_for(rule_text: str) -> str:
    if rule_text.startswith(("/committee", "/reports", "/you-said-we-did")):
        return "LMU"
    return "TRD"


ROLES = {
    "anonymous": None,
    "student": "student@demo.test",
    "leader": "leader.trd@demo.test",
    "secretary": "secretary@demo.test",
    "member": "member@demo.test",
    "admin": "admin@demo.test",
}


@pytest.mark.parametrize("role", list(ROLES))
def test_hostile_input_on_every_form_never_causes_a_server_error(app, client, role):
    users = seed_demo()
    db.session.commit()
    if ROLES[role]:
        sign_in(client, users[ROLES[role]])
    seen_forms: dict[str, set[str]] = {}
    failures = []
    requests = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "accounts.sign_out", "accounts.sso_start", "accounts.sso_callback"):
            continue
        path = build_path(rule, code_for)
        if path is None:
            continue
        if "GET" in rule.methods:
            response = client.get(path)
            requests += 1
            if response.status_code >= 500:
                failures.append(("GET", path, response.status_code))
            if response.status_code == 200 and response.mimetype == "text/html":
                parser = Forms()
                parser.feed(response.get_data(as_text=True))
                for action, fields in parser.forms:
                    seen_forms.setdefault(action or path, set()).update(fields)
        if "POST" in rule.methods and path not in seen_forms:
            seen_forms.setdefault(
                path, {"text", "reason", "note", "title", "description", "email", "password"}
            )
    for action, fields in seen_forms.items():
        if not action.startswith("/") or "sign-out" in action or "/sso" in action:
            continue
        for value in HOSTILE:
            data = {name: value for name in fields if name not in ("csrf_token",)}
            response = client.post(action, data=data)
            requests += 1
            if response.status_code >= 500:
                failures.append(("POST", action, value[:20], response.status_code))
    assert failures == [], failures
    assert requests > 100
