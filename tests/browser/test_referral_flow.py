"""Issue 12's "done when": a leader refers an issue to a unit; the unit answers through its link
without an account; the author (nynorsk) sees the answer on the issue; the leader sends it on to
the committee, and the secretary records a decision with a follow-up measure; the measure is
reported done with its evaluation; the supporter sees it on "You said, we did" in English. The
pages on the way pass axe in nb, nn and en and fit 320 px. Everything people do goes through the
browser; the test reads the database only to check what was sent."""

import re
import uuid

import sqlalchemy as sa
from playwright.sync_api import expect

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
    supporter = new_page(browser, live_server, "narrow")
    sign_in(supporter, "intl.student@demo.test")  # Alex Morgan, prefers English
    supporter.goto(f"/issues/{reference}")
    supporter.locator("form[action$='/support'] button").click()
    supporter.wait_for_load_state()

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
    expect(leader.get_by_text(f"{reference} er sendt til Eigedomsavdelinga.")).to_be_visible()
    expect(leader.get_by_text("ventar på svar innan").first).to_be_visible()
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
    expect(unit.get_by_role("heading", name="Et innspill til Eiendomsavdelingen")).to_be_visible()
    assert title in unit.content()
    assert "Gjeld hovuddøra i bygg A." in unit.content()
    assert "Ola" not in unit.content()
    assert "Nordmann" not in unit.content()
    assert_accessible(unit, "unit's answer page")
    assert unit.evaluate("document.documentElement.scrollWidth") <= 360
    unit.fill("#answer", "Vi set inn ein ny dørpumpe måndag.")
    unit.get_by_role("button", name="Send svaret").click()
    unit.wait_for_load_state()
    expect(unit.get_by_role("heading", name="Takk for svaret")).to_be_visible()
    unit.goto(unit_link)  # used once
    expect(unit.get_by_role("heading", name="Innspillet er allerede besvart")).to_be_visible()
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
    expect(author.get_by_text("svart på").first).to_be_visible()
    assert_accessible(author, "author's issue page")
    author.goto("/notifications/")
    expect(author.get_by_text(f"Den ansvarlege eininga har svart på {reference}")).to_be_visible()

    leader.goto(f"/triage/issues/{reference}")
    expect(leader.locator(".badge.status-accepted").first).to_be_visible()
    unit.context.close()

    # The door needs more than the unit can do alone: the council sends it to the committee.
    escalate = leader.locator("details.action").filter(has=leader.locator("form[action$='/act/escalate']"))
    escalate.locator("summary").click()
    leader.fill("#escalate-public_note", "Utvalet må sjå på inngangsdørene på alle campus.")
    escalate.locator("button[type=submit]").click()
    leader.wait_for_load_state()
    leader.context.close()

    measure_title = f"Ny dørpumpe på hovuddøra {title[-6:]}"
    _decide_with_a_follow_up(browser, live_server, reference, measure_title)

    # The author (nynorsk) finds the measure on the page.
    author.goto(f"/issues/{reference}")
    measures = author.locator("section[aria-labelledby=measures-heading]")
    assert measure_title in measures.inner_text()
    assert "Korleis det gjekk" in measures.inner_text()
    assert "Døra held seg no lukka om natta." in measures.inner_text()
    author.goto("/notifications/")
    expect(author.get_by_text(f"Tiltaket «{measure_title}» for {reference} er gjennomført")).to_be_visible()
    author.context.close()

    # The supporter reads "You said, we did" in English, on a 320 px phone.
    supporter.goto("/")
    supporter.locator("a[href^='/you-said-we-did/']").first.click()
    supporter.wait_for_load_state()
    assert supporter.locator("html").get_attribute("lang") == "en"
    card = supporter.locator("article.card").filter(has_text=measure_title)
    assert card.count() == 1
    text = card.inner_text()
    for expected in (
        "What is being done",
        "Done",
        "How it went",
        "Døra held seg no lukka om natta.",
        reference,
    ):
        assert expected in text, expected
    assert_accessible(supporter, "You said, we did (supporter)")
    assert supporter.evaluate("document.documentElement.scrollWidth") <= 320
    supporter.context.close()


def _decide_with_a_follow_up(browser, live_server, reference: str, measure_title: str) -> None:
    """The secretary puts the issue on a new meeting's agenda, records the decision with a
    follow-up measure, and reports the measure done with its evaluation."""
    secretary = new_page(browser, live_server, "desktop")
    sign_in(secretary, "secretary@demo.test")
    today = secretary.evaluate("new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Oslo'})")
    secretary.goto("/committee/LMU/meetings/new")
    secretary.fill("#date", today)
    secretary.fill("#time", "08:00")
    secretary.fill("#place", "Møterom 301")
    secretary.locator("main form button[type=submit]").click()
    secretary.wait_for_load_state()
    meeting_url = secretary.url
    # The committee has follow-ups open (the demo's), so the new meeting lists them.
    assert "Oppfølging av tidligere vedtak" in secretary.locator("main").inner_text()
    secretary.locator("a[href*='/items/new?meeting=']").click()
    secretary.wait_for_load_state()
    secretary.get_by_label(re.compile(reference)).check()
    secretary.check("input[name=kind][value=decision]")
    secretary.fill("#title", "Inngangsdører som ikkje går att")
    secretary.locator("main form button[type=submit]:not([name=action])").last.click()
    secretary.wait_for_load_state()
    case = re.search(r"\d+/\d\d", secretary.locator("h1").inner_text()).group(0)
    secretary.goto(meeting_url)
    secretary.locator("form[action$='/status']").filter(
        has=secretary.locator("input[name=status][value=held]")
    ).locator("button").click()
    secretary.wait_for_load_state()
    secretary.locator("a[href$='/decision']").filter(has_text=case).click()
    secretary.wait_for_load_state()
    decision_url = secretary.url
    secretary.check("input[name=conclusion][value=decision]")
    secretary.fill("#decision", "Utvalet ber eigedomsavdelinga sjå til at inngangsdørene går att.")
    secretary.fill("#follow_up_1-title", measure_title)
    secretary.fill("#follow_up_1-purpose", "Døra står open om natta, og det blir kaldt på lesesalen.")
    secretary.fill("#follow_up_1-criterion", "Døra går att av seg sjølv kvar gong, målt ein veke.")
    secretary.select_option("#follow_up_1-responsible_unit", label="Eiendomsavdelingen")
    due = secretary.evaluate(
        "new Date(Date.now() + 30 * 86400000).toLocaleDateString('sv-SE', {timeZone: 'Europe/Oslo'})"
    )
    secretary.fill("#follow_up_1-due_on", due)
    secretary.locator("main form button[type=submit]").click()
    secretary.wait_for_load_state()
    assert "1 oppfølgingstiltak er satt opp." in secretary.locator(".flashes").inner_text()
    item_url = secretary.url
    follow_up = secretary.locator("section[aria-labelledby=follow-ups-heading]")
    assert measure_title in follow_up.inner_text()
    follow_up.get_by_role("link", name=measure_title).click()
    secretary.wait_for_load_state()
    measure_url = secretary.url

    # Reported done, with its evaluation in the three questions.
    secretary.locator("details").filter(has=secretary.locator("form[action$='/status']")).locator(
        "summary"
    ).click()
    secretary.select_option("#status", value="done")
    secretary.locator("form[action$='/status'] button[type=submit]").click()
    secretary.wait_for_load_state()
    secretary.fill("#evaluation_purpose", "Vi ville at døra skulle gå att, så lesesalen held seg varm.")
    secretary.fill("#evaluation_result", "Døra held seg no lukka om natta.")
    secretary.fill("#evaluation_process", "Eigedomsavdelinga bytte pumpa same veka.")
    secretary.locator("form[action$='/evaluation'] button[type=submit]").click()
    secretary.wait_for_load_state()
    assert "Døra held seg no lukka om natta." in secretary.locator("main").inner_text()

    # These pages pass axe in every language and fit 320 px.
    narrow = new_page(browser, live_server, "narrow")
    sign_in(narrow, "secretary@demo.test")
    try:
        for language in ("nb", "nn", "en"):
            narrow.goto(f"/language/{language}?next=/")
            for url in (meeting_url, item_url, decision_url, measure_url, "/committee/LMU/"):
                path = url.split(live_server, 1)[-1]
                response = narrow.goto(path)
                assert response.status == 200, path
                assert narrow.locator("html").get_attribute("lang") == language
                assert_accessible(narrow, f"[{language}] {path}")
                assert narrow.evaluate("document.documentElement.scrollWidth") <= 320, path
    finally:
        narrow.goto("/language/nb?next=/")
        narrow.context.close()
        secretary.context.close()
