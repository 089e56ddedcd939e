"""A campus leader triages on a phone; the student answers and follows every step (issue 4's "done when")."""

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, sign_in


def test_leader_asks_student_answers_leader_accepts_and_escalates(browser, live_server):
    title = f"Lekk i taket på bibliotek {uuid.uuid4().hex[:6]}"
    student = new_page(browser, live_server, "phone")
    sign_in(student, "student2@demo.test")  # prefers nynorsk
    student.goto("/issues/new")
    student.select_option("#campus", label="Gjøvik")
    student.get_by_label("Fysisk læringsmiljø").check()
    student.fill("#title", title)
    student.fill("#description", "Det dryp frå taket over lesebord 4 når det regnar.")
    student.get_by_role("button", name="Send innspelet").click()
    student.wait_for_load_state()
    if student.locator("#similar-step").count():
        student.get_by_role("button", name="Ingen av desse – send innspelet mitt").click()
        student.wait_for_load_state()
    reference = student.locator(".reference").first.inner_text()

    leader = new_page(browser, live_server, "phone")
    sign_in(leader, "leader.gjo@demo.test")  # prefers nynorsk too
    leader.goto("/triage/")
    assert_accessible(leader, "inbox")
    leader.select_option("#category", label="Fysisk læringsmiljø")
    leader.get_by_role("button", name="Vis").click()
    leader.wait_for_load_state()
    assert "category=" in leader.url
    leader.get_by_role("link", name=title).click()
    assert_accessible(leader, "triage page")
    leader.locator("details.action").filter(has_text="Still innsendaren eit spørsmål").locator(
        "summary"
    ).click()
    leader.locator("#ask-public_note").fill("Kva for eit lesebord gjeld det?")
    leader.get_by_role("button", name="Send spørsmålet").click()
    leader.wait_for_load_state()
    expect(leader.get_by_text(f"Ferdig: {reference} er oppdatert.")).to_be_visible()

    student.goto(f"/issues/{reference}")
    expect(student.get_by_role("heading", name="Campusrådet har eit spørsmål til deg")).to_be_visible()
    student.locator("#answer-text").fill("Lesebord 4, ved vindauget.")
    student.get_by_role("button", name="Send svar").click()
    student.wait_for_load_state()

    leader.reload()
    leader.locator("details.action").filter(has_text="Godta").first.locator("summary").click()
    leader.get_by_role("button", name="Godta innspelet").click()
    leader.wait_for_load_state()
    leader.locator("details.action").filter(has_text="Send til utvalet").locator("summary").click()
    leader.locator("#escalate-public_note").fill(
        "Bygget er felles for heile campus; utvalet må sjå på vedlikehaldet."
    )
    leader.get_by_role("button", name="Send til utvalet").last.click()
    leader.wait_for_load_state()
    expect(leader.get_by_text("Sendt til utvalet").first).to_be_visible()

    # The student's timeline shows every public step, in nynorsk.
    student.goto(f"/issues/{reference}")
    timeline = student.locator(".timeline").inner_text()
    for text in (
        "Sendt inn",
        "Treng meir informasjon",
        "Kva for eit lesebord gjeld det?",
        "Lesebord 4, ved vindauget.",
        "Godteke",
        "Sendt til utvalet",
        "utvalet må sjå på vedlikehaldet",
    ):
        assert text in timeline, text
    assert_accessible(student, "student timeline")
    student.goto("/notifications/")
    expect(student.get_by_text(f"Campusrådet har eit spørsmål om {reference}")).to_be_visible()
    student.context.close()
    leader.context.close()
