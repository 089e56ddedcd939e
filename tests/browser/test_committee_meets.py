"""Issue 13's "done when": the secretary sets up the members and publishes the notice; a member
reports absence and the substitute is called in; a campus council answers a consultation; the
minutes record attendance and are approved at the next meeting; the PDF is PDF/A and tagged,
the DOCX is A4 with page numbers; the new pages pass axe in nb, nn and en and fit 320 px.

Everything people do goes through the browser, on a committee of its own (so that the other
browser tests' demo committee is left as it is); the database is read only to find ids.
"""

import io
import re
import uuid
from datetime import timedelta

import sqlalchemy as sa

from portal.extensions import db
from tests.browser.conftest import assert_accessible, new_page, sign_in

PASSWORD = "lmu-demo-2026"


def _setup(live_app, tag: str) -> dict:
    from portal.accounts.service import role_grant, user_create
    from portal.authz import Role
    from portal.campuses.models import Campus
    from portal.committee.models import Committee
    from portal.db import utcnow
    from portal.i18n import OSLO

    with live_app.app_context():
        committee = Committee(
            code=f"T{tag[:6]}".upper(),
            name_nb=f"Testutvalget {tag}",
            name_nn=f"Testutvalet {tag}",
            name_en=f"Test Committee {tag}",
        )
        db.session.add(committee)
        db.session.flush()
        people = {}
        for key, name, locale in (
            ("secretary", "Eva Testsekretær", "nb"),
            ("staff", "Per Testtilsett", "en"),
            ("student", "Kari Teststudent", "nn"),
            ("substitute", "Nina Testvara", "nb"),
        ):
            email = f"{key}.{tag}@demo.test"
            user = user_create(
                name=name,
                email=email,
                password=PASSWORD,
                home_campus=None,
                locale=locale,
                verified=True,
                student=key == "student",
            )
            if key == "secretary":
                role_grant(user=user, role=Role.SECRETARY, actor=None, committee=committee)
            people[key] = {"email": email, "name": name}
        trd = db.session.scalar(sa.select(Campus).where(Campus.code == "TRD"))
        today = utcnow().astimezone(OSLO).date()
        db.session.commit()
        return {"code": committee.code, "people": people, "trd": trd.id, "today": today}


def _download(page, button) -> bytes:
    with page.expect_download() as info:
        button.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def _submit(page, form):
    form.locator("button[type=submit]:not([name=action])").last.click()
    page.wait_for_load_state()


def _flash(page) -> str:
    return page.locator(".flashes").inner_text() if page.locator(".flashes").count() else ""


def _add_member(page, code, *, email, seat, start, end, substitute=False):
    page.goto(f"/committee/{code}/members/new")
    page.fill("#account_email", email)
    page.check(f"input[name=seat][value={seat}]")
    if substitute:
        page.check("#substitute")
    page.fill("#term_start", start.isoformat())
    page.fill("#term_end", end.isoformat())
    _submit(page, page.locator("main form"))
    assert page.url.endswith(f"/committee/{code}/members"), _flash(page) + page.locator("main").inner_text()


def _new_meeting(page, code, day, deadline=None) -> str:
    page.goto(f"/committee/{code}/meetings/new")
    page.fill("#date", day.isoformat())
    page.fill("#time", "14:00")
    page.fill("#place", "Møterom 301")
    page.fill("#video_link", "https://video.example.org/test")
    if deadline:
        page.fill("#proposal_deadline", deadline.isoformat())
    _submit(page, page.locator("main form"))
    assert "/meetings/" in page.url, page.locator("main").inner_text()
    assert not page.url.endswith("/new"), page.locator("main").inner_text()
    return page.url


def test_the_committee_as_it_really_meets(browser, live_server, live_app):
    from pypdf import PdfReader

    from tests.committee.helpers import docx_document

    tag = uuid.uuid4().hex[:6]
    setup = _setup(live_app, tag)
    code, people, today = setup["code"], setup["people"], setup["today"]
    start, end = today.replace(month=1, day=1), today.replace(month=12, day=31)

    # 1. The secretary sets up the members, the chair, and a meeting with an item.
    secretary = new_page(browser, live_server, "desktop")
    sign_in(secretary, people["secretary"]["email"])
    _add_member(secretary, code, email=people["staff"]["email"], seat="staff", start=start, end=end)
    _add_member(secretary, code, email=people["student"]["email"], seat="student", start=start, end=end)
    _add_member(
        secretary,
        code,
        email=people["substitute"]["email"],
        seat="staff",
        start=start,
        end=end,
        substitute=True,
    )
    _add_member(secretary, code, email=people["secretary"]["email"], seat="secretary", start=start, end=end)
    chair = secretary.locator("#chair option", has_text=people["staff"]["name"]).get_attribute("value")
    vice = secretary.locator("#vice_chair option", has_text=people["student"]["name"]).get_attribute("value")
    secretary.select_option("#chair", chair)
    secretary.select_option("#vice_chair", vice)
    secretary.locator("form[action$='/members/chair'] button[type=submit]").click()
    secretary.wait_for_load_state()
    assert (
        secretary.locator(".composition .composition-ok").count() == 1
    )  # one student, one staff member, a chair
    meeting_url = _new_meeting(
        secretary, code, today + timedelta(days=10), deadline=today + timedelta(days=5)
    )
    meeting_path = meeting_url.split(live_server, 1)[1]
    secretary.locator("a[href*='/items/new?meeting=']").click()
    secretary.wait_for_load_state()
    secretary.fill("#title", f"Lesesalsplasser {tag}")
    secretary.fill("#background", "Lesesalene er fulle i eksamensperioden.")
    _submit(secretary, secretary.locator("main form"))
    item_path = secretary.url.split(live_server, 1)[1]
    # … sends it to the campus council in Trondheim for a statement …
    consult = secretary.locator("form[action$='/consultation']")
    consult.locator(f"#consult-campus-{setup['trd']}").check()
    secretary.fill("#deadline", (today + timedelta(days=7)).isoformat())
    consult.locator("button[type=submit]").click()
    secretary.wait_for_load_state()
    assert "Trondheim" in _flash(secretary)
    # … and publishes the notice, telling Trondheim's campus council too.
    secretary.goto(meeting_path)
    publish = secretary.locator("form[action$='/publish']")
    publish.locator(f"#publish-campus-{setup['trd']}").check()
    publish.locator("button[type=submit]").click()
    secretary.wait_for_load_state()
    assert "Innkalling og sakliste er publisert" in _flash(secretary)

    # 2. A member finds the notice in the portal and reports absence, on the phone.
    member = new_page(browser, live_server, "phone")
    sign_in(member, people["staff"]["email"])
    member.goto("/notifications/")
    member.locator("main .item-list a").filter(has_text=f"Test Committee {tag}").first.click()
    member.wait_for_load_state()
    assert member.url.endswith(meeting_path)
    member.fill("#absence-reason", "Sensur samme dag")
    member.locator("form.absence-form button[type=submit]").click()
    member.wait_for_load_state()
    assert "You have reported absence." in member.locator("main").inner_text()

    # 3. The secretary sees it and calls in the substitute in one step.
    secretary.goto(meeting_path)
    assert "Har meldt forfall" in secretary.locator("#summoned").inner_text()
    call = (
        secretary.locator("form.substitute-form")
        .filter(has=secretary.locator("select option", has_text=people["substitute"]["name"]))
        .first
    )
    call.locator("button[type=submit]").click()
    secretary.wait_for_load_state()
    assert f"{people['substitute']['name']} er kalt inn for {people['staff']['name']}" in _flash(secretary)

    # 4. The campus council in Trondheim answers the consultation.
    leader = new_page(browser, live_server, "phone")
    sign_in(leader, "leader.trd@demo.test")
    leader.goto(f"/committee/{code}/contribute")
    leader.locator(f"a[href$='{item_path}/statement']").click()
    leader.wait_for_load_state()
    leader.fill(f"#statement-{setup['trd']}", f"Campusrådet i Trondheim støtter forslaget {tag}.")
    leader.locator("main form button[type=submit]").click()
    leader.wait_for_load_state()
    assert "uttalelse er lagret" in _flash(leader)
    secretary.goto(item_path)
    assert f"støtter forslaget {tag}." in secretary.locator("#consultation").inner_text()

    # The notice and agenda: PDF/A, tagged, with the statement, the summoned and the substitute.
    secretary.goto(meeting_path)
    agenda = secretary.locator("form[action$='/agenda/print']")
    pdf = _download(secretary, agenda.locator("button[formaction$='/agenda.pdf']"))
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="2"' in xmp
    assert 'pdfaid:conformance="A"' in xmp
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nb"
    docx = docx_document(_download(secretary, agenda.locator("button[formaction$='/agenda.docx']")))
    section = docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer.paragraphs[0]._p.xml

    # 5. After the meeting: held, attendance and minute-taker in the minutes.
    secretary.locator("form[action$='/status']").filter(
        has=secretary.locator("input[name=status][value=held]")
    ).locator("button").click()
    secretary.wait_for_load_state()
    secretary.locator("a[href$='/attendance']").click()
    secretary.wait_for_load_state()
    assert_accessible(secretary, "attendance")
    secretary.fill("#minutes_taker", people["secretary"]["name"])
    _submit(secretary, secretary.locator("main form"))
    assert "Oppmøtet er ført i protokollen." in _flash(secretary)

    # 6. The next meeting approves the minutes.
    next_url = _new_meeting(secretary, code, today + timedelta(days=40))
    next_path = next_url.split(live_server, 1)[1]
    secretary.locator("form[action$='/status']").filter(
        has=secretary.locator("input[name=status][value=held]")
    ).locator("button").click()
    secretary.wait_for_load_state()
    approve_case = secretary.locator("a[href$='/decision']").nth(
        1
    )  # the standing item "approval of the minutes"
    approve_case.click()
    secretary.wait_for_load_state()
    secretary.locator("main form button[type=submit]").click()
    secretary.wait_for_load_state()
    assert "Denne saken godkjenner protokollen fra møtet" in secretary.locator("main").inner_text()
    secretary.goto(meeting_path)
    assert "Godkjent på møtet" in secretary.locator("#minutes").inner_text()
    minutes = secretary.locator("form[action$='/minutes/print']")
    from tests.committee.helpers import flat, pdf_text

    text = flat(pdf_text(_download(secretary, minutes.locator("button[formaction$='/minutes.pdf']"))))
    assert "Protokollen ble godkjent på møtet" in text
    assert people["substitute"]["name"] in text

    # 7. A member proposes an item for the next meeting (the deadline is open).
    proposal_meeting = _new_meeting(
        secretary, code, today + timedelta(days=20), deadline=today + timedelta(days=12)
    )
    proposal_path = proposal_meeting.split(live_server, 1)[1]
    member.goto(proposal_path + "/propose")
    member.fill("#title", f"Kantinetilbud {tag}")
    member.fill("#text", "Kantina stenger for tidlig.")
    member.check("input[name=language][value=nb]")
    _submit(member, member.locator("main form"))
    proposal_url = member.url.split(live_server, 1)[1]
    assert "/proposals/" in proposal_url

    # 8. The new pages pass axe in bokmål, nynorsk and English, and fit 320 px.
    pages = {
        secretary: [
            f"/committee/{code}/",
            f"/committee/{code}/members",
            f"/committee/{code}/members/new",
            f"/committee/{code}/settings",
            meeting_path,
            meeting_path + "/attendance",
            item_path,
            next_path,
            proposal_url,
            proposal_url + "/accept",
            f"/committee/{code}/contribute",
        ],
        leader: [f"/committee/{code}/contribute", item_path + "/statement", proposal_path + "/propose"],
        member: [meeting_path, proposal_path + "/propose", proposal_url],
    }
    narrow = {}
    try:
        for page, paths in pages.items():
            for language in ("nb", "nn", "en"):
                page.goto(f"/language/{language}?next=/")
                for path in paths:
                    page.goto(path)
                    assert page.locator("html").get_attribute("lang") == language
                    assert_accessible(page, f"[{language}] {path}")
            narrow[page] = paths
    finally:
        for page in pages:
            page.goto("/language/nb?next=/")
    for page, paths in narrow.items():
        page.set_viewport_size({"width": 320, "height": 640})
        for path in paths:
            page.goto(path)
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321 && !e.closest('.table-wrap')).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 60))"""
            )
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, (path, wide)
    for page in pages:
        page.context.close()
    assert re.match(r"^T[0-9A-F]{6}$", code)
