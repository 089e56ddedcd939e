"""Issue 12's referral: a leader refers an issue to a unit; the unit answers through its link
without an account; the author (nynorsk) sees the answer on the issue. Everything people do goes
through the browser; the test reads the database only to check what was sent."""

import uuid

import sqlalchemy as sa

from portal.extensions import db
from portal.notifications.models import OutboxMessage
from tests.browser.conftest import assert_accessible, new_page, sign_in


def _raise(page, title: str, text: str) -> str:
    page.goto("/issues/new")
    page.select_option("#campus", label="Gjøvik")
    page.get_by_label("Fysisk læringsmiljø").check()
    page.fill("#title", title)
    page.fill("#description", text)
    page.get_by_role("button", name="Send innspelet").click()
    page.wait_for_load_state()
    if page.locator("#similar-step").count():
        page.get_by_role("button", name="Ingen av desse – send innspelet mitt").click()
        page.wait_for_load_state()
    return page.locator(".reference").first.inner_text().strip()


def test_a_leader_refers_the_unit_answers_and_the_author_reads_it(browser, live_app, live_server):
    title = f"Døra til lesesalen går ikkje att {uuid.uuid4().hex[:6]}"
    author = new_page(browser, live_server, "phone")
    sign_in(author, "student2@demo.test")  # Ola Nordmann, prefers nynorsk
    reference = _raise(author, title, "Døra i første etasje står open heile natta, og det blæs kaldt inn.")

    leader = new_page(browser, live_server, "phone")
    sign_in(leader, "leader.gjo@demo.test")  # nynorsk too
    leader.goto(f"/triage/issues/{reference}")
    leader.locator("details.action").filter(has=leader.locator("form[action$='/act/accept']")).locator(
        "summary"
    ).click()
    leader.get_by_role("button", name="Godta innspelet").click()
    leader.wait_for_load_state()
    refer = leader.locator("details.action").filter(has=leader.locator("form[action$='/refer']"))
    refer.locator("summary").click()
    assert_accessible(leader, "triage page with the refer form open")
    leader.select_option("#unit", label="Eigedomsavdelinga")
    leader.fill("#message", "Gjeld hovuddøra i bygg A.")
    leader.fill("#public_note", "Vi har sendt saka til eigedomsavdelinga.")
    leader.get_by_role("button", name="Send innspelet").click()
    leader.wait_for_load_state()
    assert leader.get_by_text(f"{reference} er sendt til Eigedomsavdelinga.").is_visible()
    assert leader.get_by_text("ventar på svar innan").first.is_visible()
    unit_link = leader.get_by_role("link", name="Opne svarsida til eininga").get_attribute("href")

    # The unit's e-mail went out in the unit's language (Estates writes bokmål), with the link.
    with live_app.app_context():
        mail = db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.to_address == "eiendom@demo.test")
            .order_by(OutboxMessage.id)
        ).all()[-1]
        assert mail.language == "nb"
        assert mail.subject.startswith(f"{reference}: et innspill til Eiendomsavdelingen")
        assert "/referrals/answer/" in mail.body_text
        assert "Ola" not in mail.body_text

    unit = new_page(browser, live_server, "phone")  # no account
    unit.goto(unit_link)
    assert unit.locator("html").get_attribute("lang") == "nb"
    assert unit.get_by_role("heading", name="Et innspill til Eiendomsavdelingen").is_visible()
    assert title in unit.content()
    assert "Gjeld hovuddøra i bygg A." in unit.content()
    assert "Ola" not in unit.content()
    assert "Nordmann" not in unit.content()
    assert_accessible(unit, "unit's answer page")
    assert unit.evaluate("document.documentElement.scrollWidth") <= 360
    unit.fill("#answer", "Vi set inn ein ny dørpumpe måndag.")
    unit.get_by_role("button", name="Send svaret").click()
    unit.wait_for_load_state()
    assert unit.get_by_role("heading", name="Takk for svaret").is_visible()
    unit.goto(unit_link)  # used once
    assert unit.get_by_role("heading", name="Innspillet er allerede besvart").is_visible()
    assert_accessible(unit, "used link")

    author.goto(f"/issues/{reference}")
    timeline = author.locator(".timeline").inner_text()
    for text in (
        "Sendt til ansvarleg eining",
        "Vi har sendt saka til eigedomsavdelinga.",
        "Den ansvarlege eininga",
    ):
        assert text in timeline, text
    assert "Vi set inn ein ny dørpumpe måndag." in timeline
    assert author.get_by_text("svart på").first.is_visible()
    assert_accessible(author, "author's issue page")
    author.goto("/notifications/")
    assert author.get_by_text(f"Den ansvarlege eininga har svart på {reference}").is_visible()

    leader.goto(f"/triage/issues/{reference}")
    assert leader.locator(".badge.status-accepted").first.is_visible()
    for page in (author, leader, unit):
        page.context.close()
