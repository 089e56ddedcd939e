"""The audit log as a person reads it: translated, changes as a list, paged, filtered by action
(issue #9 item 24)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from portal.audit.labels import ACTION_LABELS, TARGET_LABELS, changes
from portal.audit.service import audit_record
from portal.extensions import db
from portal.issues.workflow import BY_ACTION
from tests.factories import make_issue, sign_in

PORTAL = Path(__file__).resolve().parents[2] / "portal"
AUDIT_CALLS = {"audit_record", "audited", "_audit"}


def _codes(node: ast.AST, kinds: set[str]) -> set[str]:
    """The action codes an expression can stand for."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.Name | ast.Attribute):
        return set()  # a value passed through (audited() hands its own action on): read at its source
    if isinstance(node, ast.IfExp):
        return _codes(node.body, kinds) | _codes(node.orelse, kinds)
    if isinstance(node, ast.JoinedStr):
        text = "".join(p.value if isinstance(p, ast.Constant) else "{}" for p in node.values)
        if text == "issue.{}":  # issue_transition: "issue." + every step of the rule table
            return {f"issue.{action}" for action in BY_ACTION}
        if text == "{}.{}":  # unique_code_save: "<kind>.create" / "<kind>.update"
            return {f"{kind}.{verb}" for kind in kinds for verb in ("create", "update")}
    raise AssertionError(f"an audit action the test cannot read: {ast.unparse(node)}")


def written_action_codes() -> set[str]:
    """Every action code any module under portal/ writes to the audit log."""
    codes: set[str] = set()
    for path in PORTAL.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        kinds = {
            keyword.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for keyword in node.keywords
            if keyword.arg == "kind" and isinstance(keyword.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name not in AUDIT_CALLS:
                    continue
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                if action is None and name == "_audit" and len(node.args) >= 2:
                    action = node.args[1]
                if action is None:
                    continue
                codes |= _codes(action, kinds)
            elif isinstance(node, ast.Assign):
                # `audit.action = "…"` inside an audited block refines the code.
                for target in node.targets:
                    if isinstance(target, ast.Attribute) and target.attr == "action":
                        codes |= _codes(node.value, kinds)
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "action" for t in node.targets)
                and isinstance(node.value, ast.JoinedStr)
            ):
                codes |= _codes(node.value, kinds)
    return codes


def test_every_action_the_portal_writes_has_a_label():
    codes = written_action_codes()
    # The reader finds what we know is there.
    assert {
        "issue.accept",
        "role.grant",
        "campus.create",
        "voting.proposal.approve",
        "report.export",
    } <= codes
    assert not codes - set(ACTION_LABELS), (
        f"audit actions without a label: {sorted(codes - set(ACTION_LABELS))}"
    )


def test_every_target_kind_has_a_label():
    written = {"issue", "user", "campus", "category", "committee", "meeting", "agenda_item"}
    written |= {"voting_round", "focus_proposal"}
    assert written <= set(TARGET_LABELS)


def test_changes_are_a_list_of_fields():
    rows = changes(
        {"status": "accepted", "version": 3, "hidden": False, "title": "Gammel"},
        {"status": "escalated", "version": 4, "hidden": False, "title": "Ny", "public_note": "Til LMU"},
    )
    assert [(row.field, row.before, row.after) for row in rows] == [
        ("Status", "accepted", "escalated"),
        ("Title", "Gammel", "Ny"),
        ("Public note", None, "Til LMU"),
    ]


@pytest.fixture
def logged(org):
    """An admin, a student with an escalated issue, a role grant and an unknown code."""
    admin = org.admin()
    issue = make_issue(org, title='Rom "12" er kaldt', status="escalated")
    from portal.accounts.service import role_grant
    from portal.authz import Role

    role_grant(user=org.student(name="Ny Leder"), role=Role.CAMPUS_LEADER, campus=org.gjo, actor=admin)
    audit_record(actor=admin, action="future.thing", target_type="gadget", target_id=7, after={"x": 1})
    db.session.commit()
    return admin, issue


def test_the_log_reads_in_words_not_codes_and_json(client, logged):
    admin, issue = logged
    sign_in(client, admin)
    response = client.get("/admin/audit")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = html.split('<main id="main"', 1)[1]
    for text in (
        "Innspill sendt til utvalget",  # issue.escalate
        "Innspill godtatt",  # issue.accept
        "Rolle gitt",  # role.grant
        f"Innspill: {issue.reference}",
        "Konto: <a",
        "Godtatt",  # the issue's status in words
        "Sendt til utvalget",
        "Offentlig merknad",
        "future.thing",  # an unknown code is shown as it is stored
        "gadget 7",
    ):
        assert text in main, text
    # No JSON: no braces or escaped quotes; the title's quotes are shown as text.
    assert "{&#34;" not in main
    assert '{"' not in main
    assert "\\u" not in main
    assert '<code class="json">' not in main


def test_english_and_nynorsk_labels(client, logged):
    admin, _issue = logged
    sign_in(client, admin)
    client.get("/language/en")
    assert "Issue sent to the committee" in client.get("/admin/audit").get_data(as_text=True)
    client.get("/language/nn")
    assert "Innspel sendt til utvalet" in client.get("/admin/audit").get_data(as_text=True)


def test_the_filter_offers_the_actions_and_filters_exactly(client, logged):
    admin, _issue = logged
    sign_in(client, admin)
    html = client.get("/admin/audit").get_data(as_text=True)
    select = re.search(r'<select id="action" name="action">(.*?)</select>', html, re.S)[1]
    assert '<option selected value="">Alle handlinger</option>' in select
    assert '<option value="role.grant">Rolle gitt</option>' in select
    assert '<option value="future.thing">future.thing</option>' in select
    filtered = client.get("/admin/audit?action=role.grant").get_data(as_text=True)
    assert '<option selected value="role.grant">' in filtered
    listed = filtered.split('role="status"', 1)[1]
    assert "Rolle gitt" in listed
    assert "Innspill godtatt" not in listed


@pytest.mark.parametrize(
    "value", ["no.such.action", "x\x00y", "role", "role.grant%", "' OR 1=1 --", "é" * 5000, "🙂"]
)
def test_an_unknown_filter_value_is_ignored_never_a_500(client, logged, value):
    admin, _issue = logged
    sign_in(client, admin)
    response = client.get("/admin/audit", query_string={"action": value})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<option selected value="">' in html
    assert "Rolle gitt" in html.split('role="status"', 1)[1]


def test_the_log_is_paged(client, org):
    admin = org.admin()
    for _number in range(30):
        audit_record(actor=admin, action="report.export", target_type="committee", target_id=org.lmu.id)
        audit_record(actor=admin, action="user.sso-linked", target_type="user", target_id=admin.id)
    db.session.commit()
    sign_in(client, admin)
    first = client.get("/admin/audit?action=report.export").get_data(as_text=True)
    assert first.count("<h2>Årsrapport eksportert</h2>") == 25
    assert "Side 1 av 2" in first
    assert 'href="/admin/audit?page=2&amp;action=report.export"' in first
    second = client.get("/admin/audit?page=2&action=report.export").get_data(as_text=True)
    assert second.count("<h2>Årsrapport eksportert</h2>") == 5
    assert client.get("/admin/audit?page=99").status_code == 200


def test_the_page_runs_a_fixed_number_of_queries(client, org, count_queries):
    admin = org.admin()
    for number in range(5):
        make_issue(org, title=f"Sak {number}", status="escalated")
    sign_in(client, admin)
    client.get("/admin/audit")
    with count_queries() as few:
        client.get("/admin/audit")
    for number in range(5, 15):
        make_issue(org, title=f"Sak {number}", status="escalated")
    with count_queries() as many:
        client.get("/admin/audit")
    assert many.count == few.count
