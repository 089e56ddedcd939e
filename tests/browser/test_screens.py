"""Screens that should feel finished (issue #9 items 18–26), as people see them in a browser."""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, sign_in

YEAR = datetime.now().year

SUMMARY_LOOK = """
(summary) => {
  const style = getComputedStyle(summary);
  const marker = getComputedStyle(summary, "::before");
  return {
    display: style.display,
    border: parseFloat(style.borderTopWidth),
    borderColor: style.borderTopColor,
    cursor: style.cursor,
    marker: marker.content,
    markerWidth: parseFloat(marker.width),
    markerBorder: parseFloat(marker.borderRightWidth),
    markerTransform: marker.transform,
    webkitMarker: getComputedStyle(summary, "::-webkit-details-marker").display,
  };
}
"""


def test_fold_out_panels_have_a_marker_and_look_like_buttons(browser, live_server):
    """Item 18: "Accept", "Reject", "Send to the committee" and "Timeline" look clickable."""
    page = new_page(browser, live_server, "phone")
    sign_in(page, "leader.trd@demo.test")
    page.goto(f"/triage/issues/TRD-{YEAR}-0002")
    summaries = page.locator("details > summary")
    assert summaries.count() >= 3
    for index in range(summaries.count()):
        summary = summaries.nth(index)
        look = summary.evaluate(SUMMARY_LOOK)
        label = summary.inner_text()
        # A marker that is drawn: the native triangle is gone with display:flex, so ours must be there.
        assert look["marker"] not in ("none", "normal"), (label, look)
        assert look["markerWidth"] > 0, (label, look)
        assert look["markerBorder"] > 0, (label, look)
        # A border like the portal's secondary buttons, and the hand cursor.
        assert look["border"] >= 2, (label, look)
        assert look["cursor"] == "pointer", (label, look)
        assert summary.bounding_box()["height"] >= 44, label
    first = summaries.first
    closed = first.evaluate(SUMMARY_LOOK)["markerTransform"]
    first.click()
    assert first.evaluate("(s) => s.parentElement.open")
    # The marker turns with a short transition; wait for it rather than read it mid-frame.
    page.wait_for_function(
        "([summary, closed]) => getComputedStyle(summary, '::before').transform !== closed",
        arg=[first.element_handle(), closed],
        timeout=3000,
    )
    page.context.close()

    student = new_page(browser, live_server, "phone")
    sign_in(student, "student@demo.test")
    # "My issues" shows the newest note only; the raise form's advice is a fold-out.
    student.goto("/issues/new")
    advice = student.locator("details > summary").first
    look = advice.evaluate(SUMMARY_LOOK)
    assert look["marker"] not in ("none", "normal"), look
    assert look["border"] >= 2, look
    advice.click()
    expect(student.locator("details[open] > p").first).to_be_visible()
    assert_accessible(student, "raise form, advice open")
    student.context.close()


def test_the_inbox_on_a_phone_shows_cards_with_age_and_badges_by_the_title(browser, live_server):
    """Item 20: days waiting, the overdue badge and supporters are on screen, next to the title."""
    page = new_page(browser, live_server, "phone")
    sign_in(page, "leader.trd@demo.test")
    page.goto("/triage/TRD/")
    expect(page.locator("table.inbox")).not_to_be_visible()
    cards = page.locator(".inbox-cards > li")
    assert cards.count() >= 2
    overdue = page.locator(".inbox-cards > li").filter(has=page.locator(".badge-error"))
    assert overdue.count() >= 1, "the demo inbox has overdue issues"
    for index in range(cards.count()):
        card = cards.nth(index)
        title = card.locator("h2 a").bounding_box()
        badges = card.locator(".inbox-badges .badge")
        texts = badges.all_inner_texts()
        assert any(text.startswith("venter i ") for text in texts), texts
        assert any("støttespiller" in text for text in texts), texts
        for badge_index in range(badges.count()):
            box = badges.nth(badge_index).bounding_box()
            # On screen without scrolling sideways, and right under the title.
            assert box["x"] >= 0, texts
            assert box["x"] + box["width"] <= 360, texts
            assert 0 <= box["y"] - (title["y"] + title["height"]) < 40, texts
    assert "forsinket" in overdue.first.locator(".inbox-badges").inner_text()
    assert_accessible(page, "inbox cards")
    page.context.close()

    desktop = new_page(browser, live_server, "desktop")
    sign_in(desktop, "leader.trd@demo.test")
    desktop.goto("/triage/TRD/")
    expect(desktop.locator("table.inbox")).to_be_visible()
    expect(desktop.locator(".inbox-cards")).not_to_be_visible()
    desktop.context.close()


def test_staff_home_pages_show_their_work_and_no_link_is_refused(browser, live_server):
    """Item 21: the secretary, a member and the administrator each see their own work first,
    and nothing on their home page leads to a refusal."""
    expected = {
        "secretary@demo.test": ["innspill venter på utvalget", "Neste møte", "Siste vedtak", "forsinket"],
        "member@demo.test": ["Neste møte", "Godkjenning av innkalling og sakliste", "Siste vedtak"],
        "admin@demo.test": ["Personer og roller", "Sist i revisjonsloggen", "Se hele revisjonsloggen"],
    }
    for email, texts in expected.items():
        page = new_page(browser, live_server, "phone")
        sign_in(page, email)
        page.goto("/")
        main = page.locator("main")
        assert main.get_by_role("heading", level=1).inner_text() == "Arbeidet ditt", email
        # The work comes before the general part of the page, within the first screens.
        first_section = main.locator("section.desk").first
        assert first_section.bounding_box()["y"] < 740, email
        for text in texts:
            expect(main.get_by_text(text).first).to_be_visible()  # (email, text)
        everything = main.locator("a[href^='/']").evaluate_all(
            "(all) => all.map((a) => a.getAttribute('href'))"
        )
        assert "/issues/new" not in everything, email
        work = main.locator("section.desk a").evaluate_all("(all) => all.map((a) => a.getAttribute('href'))")
        for href in dict.fromkeys(work):  # each answered, not refused
            status = page.request.get(href).status
            assert status == 200, f"{email}: {href} answers {status}"
        assert_accessible(page, f"home of {email}")
        page.context.close()


SPLIT_WORDS = """
(element) => {
  // Words of the element that are split over two lines although they would fit on one.
  const width = element.clientWidth;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const split = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
      const lines = new Set(rects.map((rect) => Math.round(rect.top)));
      const natural = rects.reduce((sum, rect) => sum + rect.width, 0);
      if (lines.size > 1 && natural <= width) { split.push(match[0]); }
    }
  }
  return split;
}
"""


LINES_OF_WORD = """
(element, word) => {
  const node = [...element.childNodes].find((n) => n.nodeType === 3 && n.data.includes(word));
  const range = document.createRange();
  range.setStart(node, node.data.indexOf(word));
  range.setEnd(node, node.data.indexOf(word) + word.length);
  return new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
}
"""


def test_the_raise_form_on_a_phone(browser, live_server):
    """Item 22: a compact header, the first field above the fold at 360×740, the form says a
    named issue shows the author's name, and titles break a word only when they must."""
    page = new_page(browser, live_server, "phone")
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] <= 0.2 * 740, f"the header takes {header['height'] / 740:.0%} of the screen"
    campus = page.locator("#campus").bounding_box()
    assert campus["y"] + campus["height"] <= 740, "the first field is below the fold"
    # The menu is one button away, and the language switch stays in view.
    expect(page.locator("#main-nav")).not_to_be_visible()
    expect(page.get_by_role("link", name="English")).to_be_visible()
    menu = page.get_by_role("button", name="Meny")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    expect(page.get_by_role("link", name="Mine innspill")).to_be_visible()
    assert_accessible(page, "raise form, menu open")
    menu.click()
    expect(page.locator("#main-nav")).not_to_be_visible()
    # Where harassment goes: one click away, in the page's language.
    page.get_by_text("Trakassering eller klage på en person?").click()
    expect(page.get_by_text("studentombudet")).to_be_visible()
    # What "not anonymous" means, said next to the choice.
    hint = page.locator("#anonymous-hint").inner_text()
    assert "vises navnet ditt sammen med innspillet for alle studenter" in hint, hint

    page.select_option("#campus", label="Trondheim")
    page.get_by_label("Fysisk læringsmiljø").check()
    page.fill("#title", "Undervisningsrommene er kalde Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    page.fill("#description", "Det er 15 grader i undervisningsrommene i andre etasje om morgenen.")
    page.get_by_role("button", name="Send innspillet").click()
    page.wait_for_load_state()
    if page.locator("#similar-step").count():
        page.get_by_role("button", name="Ingen av disse – send innspillet mitt").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Takk – innspillet ditt er sendt")).to_be_visible()
    reference = page.locator(".reference").first.inner_text()
    page.goto(f"/issues/{reference}")
    title = page.locator("h1#issue-title")
    # "Undervisningsrommene" fits a line: it is not split. The nonsense word cannot: it breaks,
    # and the page does not scroll sideways.
    assert title.evaluate(SPLIT_WORDS) == []
    lines = title.evaluate(LINES_OF_WORD, "Undervisningsrommene")
    assert lines == 1, "a normal long Norwegian word is broken in the middle"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.close()

    # Without JavaScript the menu is simply open.
    plain = new_page(browser, live_server, "phone", javascript=False)
    sign_in(plain, "student@demo.test")
    plain.goto("/issues/new")
    expect(plain.get_by_role("link", name="Mine innspill")).to_be_visible()
    expect(plain.get_by_role("button", name="Meny")).not_to_be_visible()
    plain.context.close()


def test_the_photo_button_speaks_the_page_language_and_works_by_keyboard(browser, live_server, tmp_path):
    """Item 26: not the browser's "Choose Files"; the native input is hidden but reachable."""
    from tests.issues.helpers import image_bytes

    photo = tmp_path / "tavle.jpg"
    photo.write_bytes(image_bytes())
    page = new_page(browser, live_server, "phone")
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")
    button = page.locator("label.file-button")
    expect(button).to_be_visible()
    assert button.inner_text() == "Velg bilder"
    native = page.locator("#photos")
    assert native.bounding_box()["width"] <= 1, "the browser's own button is not shown"
    assert page.get_by_label("Bilder (valgfritt)").count() == 1  # the input keeps its name
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(photo))
    assert page.locator("#photos-chosen").inner_text() == "Valgt: tavle.jpg"
    # Keyboard: the hidden input takes focus, and the visible button shows it.
    native.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "photos"
    assert button.evaluate("(b) => getComputedStyle(b).outlineStyle") == "solid"
    assert_accessible(page, "photo button")
    page.context.close()


def test_the_error_summary_names_each_problem_once_and_leads_to_the_field(browser, live_server):
    page = new_page(browser, live_server, "desktop")
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")
    page.get_by_role("button", name="Send innspillet").click()
    page.wait_for_load_state()
    links = page.locator(".error-summary a")
    texts = links.all_inner_texts()
    assert "Beskriv innspillet." in texts, texts
    for text in texts:
        head, _, rest = text.partition(": ")
        assert not rest or head.rstrip(".") not in rest, f"said twice: {text}"
    links.filter(has_text="Beskriv innspillet.").click()
    assert page.evaluate("document.activeElement.id") == "description"
    links.filter(has_text="Velg hva innspillet handler om.").click()
    assert page.evaluate("document.activeElement.id") == "category-0"
    page.context.close()


def test_a_leader_goes_on_to_the_next_issue_and_merges_by_search(browser, live_server):
    """Item 26: after acting, a "next issue" button; merging offers a search, not a typed reference."""
    import uuid

    student = new_page(browser, live_server, "desktop")
    sign_in(student, "student@demo.test")
    word = uuid.uuid4().hex[:8]
    references = []
    for title in (f"Knirkende stoler {word}", f"Stoler som knirker {word}"):
        student.goto("/issues/new")
        student.select_option("#campus", label="Trondheim")
        student.get_by_label("Fysisk læringsmiljø").check()
        student.fill("#title", title)
        student.fill("#description", f"Stolene på lesesal 4 knirker ({word}).")
        student.get_by_role("button", name="Send innspillet").click()
        student.wait_for_load_state()
        if student.locator("#similar-step").count():
            student.get_by_role("button", name="Ingen av disse – send innspillet mitt").click()
            student.wait_for_load_state()
        references.append(student.locator(".reference").first.inner_text())
    student.context.close()

    leader = new_page(browser, live_server, "phone")
    sign_in(leader, "leader.trd@demo.test")
    leader.goto(f"/triage/issues/{references[1]}")
    leader.locator("#action-merge > summary").click()
    leader.get_by_label("Finn innspillet det skal slås sammen med").fill(word)
    leader.get_by_role("button", name="Søk").click()
    leader.wait_for_load_state()
    target = leader.locator("#merge-target")
    expect(target).to_be_visible()  # "the merge panel stays open after the search"
    offered = target.locator("option").all_inner_texts()
    assert len(offered) == 2, offered
    assert offered[1].startswith(references[0]), offered
    target.select_option(references[0])
    leader.get_by_role("button", name="Slå sammen", exact=True).click()
    leader.wait_for_load_state()
    expect(leader.get_by_text(f"Ferdig: {references[1]} er oppdatert.")).to_be_visible()
    next_issue = leader.get_by_role("link", name="Neste innspill")
    expect(next_issue).to_be_visible()
    next_issue.click()
    leader.wait_for_load_state()
    assert "/triage/issues/" in leader.url
    assert not leader.url.endswith(references[1])
    assert_accessible(leader, "the next issue")
    leader.context.close()


def test_a_report_says_why_and_the_council_reads_it(browser, live_server):
    import uuid

    reason = f"Teksten nevner en foreleser ved navn ({uuid.uuid4().hex[:6]})."
    student = new_page(browser, live_server, "phone")
    sign_in(student, "student2@demo.test")  # nynorsk
    student.goto(f"/issues/TRD-{YEAR}-0001")
    student.get_by_text("Meld frå om at innspelet er upassande").click()
    student.get_by_label("Kva er gale med det? (valfritt)").fill(reason)
    student.get_by_role("button", name="Send meldinga").click()
    student.wait_for_load_state()
    expect(student.get_by_text("Takk. Campusrådet ser på det.")).to_be_visible()
    student.context.close()

    leader = new_page(browser, live_server, "desktop")
    sign_in(leader, "leader.trd@demo.test")
    leader.goto("/triage/TRD/moderation")
    expect(leader.get_by_text(reason)).to_be_visible()
    assert_accessible(leader, "moderation with reasons")
    leader.context.close()


def test_the_audit_log_reads_as_words_and_filters_by_a_chosen_action(browser, live_server):
    """Item 24: translated actions, changes as a list, a select of actions, pages."""
    page = new_page(browser, live_server, "phone")
    sign_in(page, "admin@demo.test")
    page.goto("/admin/audit")
    main = page.locator("main")
    assert "{&quot;" not in main.inner_html()
    assert '{"' not in main.inner_text()
    first = main.locator(".audit-list > li").first
    assert first.locator("h2").inner_text()
    assert "." not in first.locator("h2").inner_text()[:-1]
    options = page.locator("#action option").all_inner_texts()
    assert options[0] == "Alle handlinger"
    assert "Møte opprettet" in options
    page.select_option("#action", label="Møte opprettet")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert "action=committee.meeting.create" in page.url
    headings = set(main.locator(".audit-list h2").all_inner_texts())
    assert headings == {"Møte opprettet"}
    expect(main.locator(".changes dt").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, "audit log, filtered")
    page.context.close()


def test_english_dates_are_british_and_lists_show_days(browser, live_server):
    """Item 25: one style per context; British English, not "11/14/26, 2:49 AM"."""
    page = new_page(browser, live_server, "desktop")
    sign_in(page, "intl.student@demo.test")  # English
    page.goto("/campus/TRD/issues")
    meta = " ".join(page.locator(".item-list .item-meta").all_inner_texts())
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", meta), meta
    assert not re.search(r"\d{1,2}:\d{2}|AM|PM|\d+/\d+/\d+", meta), meta
    page.goto(f"/issues/TRD-{YEAR}-0001")
    timeline = page.locator(".timeline").inner_text()
    assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}\b", timeline), timeline
    assert not re.search(r"AM|PM|\d+/\d+/\d+", timeline), timeline
    page.context.close()
