"""Administrator pages: organisation, people and roles, the audit log."""

import pytest
import sqlalchemy as sa

from portal.audit.models import AuditEvent
from portal.authz import Role
from portal.campuses.models import Campus
from portal.extensions import db
from tests.factories import sign_in

ADMIN_GETS = [
    "/admin/",
    "/admin/campuses/",
    "/admin/campuses/new",
    "/admin/categories/",
    "/admin/committees/",
    "/admin/users/",
    "/admin/audit",
]


def admin_posts(org, user):
    return [
        (
            "/admin/campuses/new",
            {
                "code": "OSL",
                "name_nb": "Oslo",
                "name_nn": "Oslo",
                "name_en": "Oslo",
                "response_target_days": "14",
                "attention_threshold": "25",
                "active": "y",
            },
        ),
        (
            f"/admin/campuses/{org.trd.id}",
            {
                "code": "TRD",
                "name_nb": "X",
                "name_nn": "X",
                "name_en": "X",
                "response_target_days": "1",
                "attention_threshold": "1",
            },
        ),
        (f"/admin/users/{user.id}", {"role": "administrator"}),
        (f"/admin/users/{user.id}/roles/{user.role_grants[0].id}/revoke", {}),
        (f"/admin/users/{user.id}/active", {"active": "0"}),
    ]


@pytest.fixture
def people(org):
    people = {
        "student": org.student(),
        "leader": org.leader(org.trd),
        "secretary": org.secretary(),
        "member": org.member(),
        "admin": org.admin(),
    }
    db.session.commit()
    return people


@pytest.mark.parametrize("role", ["student", "leader", "secretary", "member"])
def test_admin_pages_refuse_everyone_but_administrators(client, org, people, role):
    sign_in(client, people[role])
    for path in ADMIN_GETS:
        assert client.get(path).status_code == 403, path
    victim = people["student"]
    before = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    for path, data in admin_posts(org, victim):
        assert client.post(path, data=data).status_code == 403, path
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == before
    assert db.session.get(Campus, org.trd.id).name_nb == "Trondheim"
    assert victim.is_active
    assert not victim.is_admin


def test_admin_pages_send_anonymous_visitors_to_sign_in(client, org, people):
    for path in ADMIN_GETS:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/account/sign-in" in response.headers["Location"], path
    for path, data in admin_posts(org, people["student"]):
        response = client.post(path, data=data)
        assert response.status_code == 302, path
        assert "/account/sign-in" in response.headers["Location"], path


def test_admin_can_see_every_admin_page(client, people):
    sign_in(client, people["admin"])
    for path in ADMIN_GETS:
        assert client.get(path).status_code == 200, path


def test_create_edit_and_deactivate_a_campus_with_audit(client, people):
    admin = people["admin"]
    sign_in(client, admin)
    data = {
        "code": "osl",
        "name_nb": "Oslo",
        "name_nn": "Oslo",
        "name_en": "Oslo",
        "response_target_days": "10",
        "attention_threshold": "30",
        "active": "y",
    }
    assert client.post("/admin/campuses/new", data=data).status_code == 302
    campus = db.session.scalar(sa.select(Campus).where(Campus.code == "OSL"))
    assert campus.active
    assert campus.response_target_days == 10
    data.pop("active")
    data["name_en"] = "Oslo campus"
    assert client.post(f"/admin/campuses/{campus.id}", data=data).status_code == 302
    db.session.refresh(campus)
    assert not campus.active
    assert campus.name_en == "Oslo campus"
    events = db.session.scalars(
        sa.select(AuditEvent)
        .where(AuditEvent.target_type == "campus", AuditEvent.target_id == campus.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [e.action for e in events] == ["campus.create", "campus.update"]
    assert events[1].before["active"] is True
    assert events[1].after["active"] is False
    assert all(e.actor_id == admin.id for e in events)


def test_campus_form_errors_are_clear_and_keep_input(client, org, people):
    sign_in(client, people["admin"])
    response = client.post(
        "/admin/campuses/new",
        data={
            "code": "TRD",
            "name_nb": "Dobbel",
            "name_nn": "",
            "name_en": "x" * 300,
            "response_target_days": "abc",
            "attention_threshold": "-4",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Dobbel" in text
    assert "Dette feltet må fylles ut." in text
    assert "Bruk høyst 120 tegn." in text
    response = client.post(
        "/admin/campuses/new",
        data={
            "code": "TRD",
            "name_nb": "Dobbel",
            "name_nn": "D",
            "name_en": "D",
            "response_target_days": "3",
            "attention_threshold": "4",
        },
    )
    assert response.status_code == 400
    assert "Denne koden er allerede i bruk." in response.get_data(as_text=True)


def test_grant_and_revoke_roles_are_audited(client, org, people):
    admin, student = people["admin"], people["student"]
    sign_in(client, admin)
    response = client.post(
        f"/admin/users/{student.id}", data={"role": "campus_leader", "campus": "0", "committee": "0"}
    )
    assert "Velg campusen denne personen skal lede." in response.get_data(as_text=True)
    response = client.post(
        f"/admin/users/{student.id}",
        data={"role": "campus_leader", "campus": str(org.gjo.id), "committee": "0"},
    )
    assert response.status_code == 302
    db.session.refresh(student)
    assert student.has_role(Role.CAMPUS_LEADER, campus=org.gjo)
    assert not student.has_role(Role.CAMPUS_LEADER, campus=org.trd)
    again = client.post(
        f"/admin/users/{student.id}",
        data={"role": "campus_leader", "campus": str(org.gjo.id), "committee": "0"},
    )
    assert "Personen har allerede denne rollen." in again.get_data(as_text=True)
    grant = next(g for g in student.role_grants if g.role == Role.CAMPUS_LEADER)
    assert client.post(f"/admin/users/{student.id}/roles/{grant.id}/revoke").status_code == 302
    db.session.refresh(student)
    assert not student.has_role(Role.CAMPUS_LEADER)
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(
            AuditEvent.target_id == student.id, AuditEvent.actor_id == admin.id
        )
    ).all()
    assert actions == ["role.grant", "role.revoke"]


def test_revoke_checks_the_grant_belongs_to_the_user(client, people):
    sign_in(client, people["admin"])
    other_grant = people["leader"].role_grants[0]
    response = client.post(f"/admin/users/{people['student'].id}/roles/{other_grant.id}/revoke")
    assert response.status_code == 404


def test_admin_cannot_lock_themselves_out(client, people):
    admin = people["admin"]
    sign_in(client, admin)
    grant = next(g for g in admin.role_grants if g.role == Role.ADMINISTRATOR)
    client.post(f"/admin/users/{admin.id}/roles/{grant.id}/revoke")
    client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    db.session.refresh(admin)
    assert admin.is_admin
    assert admin.is_active


def test_unknown_ids_are_404(client, people):
    sign_in(client, people["admin"])
    assert client.get("/admin/campuses/999999").status_code == 404
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/planets/").status_code == 404


def test_audit_log_cannot_be_edited_or_deleted(app, people):
    from sqlalchemy.exc import DatabaseError

    event = db.session.scalar(sa.select(AuditEvent).limit(1))
    assert event is not None
    with pytest.raises(DatabaseError), db.session.begin_nested():
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == event.id).values(action="forged"))
    with pytest.raises(DatabaseError), db.session.begin_nested():
        db.session.execute(sa.delete(AuditEvent).where(AuditEvent.id == event.id))
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).action == event.action
