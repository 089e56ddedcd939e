"""Screens that should feel finished (issue #9 items 18–26), as people see them in a browser."""

from __future__ import annotations

from datetime import datetime

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
        assert look["marker"] not in ("none", "normal") and look["markerWidth"] > 0, (label, look)
        assert look["markerBorder"] > 0, (label, look)
        # A border like the portal's secondary buttons, and the hand cursor.
        assert look["border"] >= 2 and look["cursor"] == "pointer", (label, look)
        assert summary.bounding_box()["height"] >= 44, label
    first = summaries.first
    closed = first.evaluate(SUMMARY_LOOK)["markerTransform"]
    first.click()
    assert first.evaluate("(s) => s.parentElement.open")
    assert first.evaluate(SUMMARY_LOOK)["markerTransform"] != closed, "the marker turns when the panel opens"
    page.context.close()

    student = new_page(browser, live_server, "phone")
    sign_in(student, "student@demo.test")
    student.goto("/my-issues")
    timeline = student.locator("details > summary").first
    look = timeline.evaluate(SUMMARY_LOOK)
    assert look["marker"] not in ("none", "normal") and look["border"] >= 2, look
    timeline.click()
    assert student.locator(".timeline").first.is_visible()
    assert_accessible(student, "my issues, timeline open")
    student.context.close()


def test_the_inbox_on_a_phone_shows_cards_with_age_and_badges_by_the_title(browser, live_server):
    """Item 20: days waiting, the overdue badge and supporters are on screen, next to the title."""
    page = new_page(browser, live_server, "phone")
    sign_in(page, "leader.trd@demo.test")
    page.goto("/triage/TRD/")
    assert not page.locator("table.inbox").is_visible()
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
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, texts
            assert 0 <= box["y"] - (title["y"] + title["height"]) < 40, texts
    assert "forsinket" in overdue.first.locator(".inbox-badges").inner_text()
    assert_accessible(page, "inbox cards")
    page.context.close()

    desktop = new_page(browser, live_server, "desktop")
    sign_in(desktop, "leader.trd@demo.test")
    desktop.goto("/triage/TRD/")
    assert desktop.locator("table.inbox").is_visible() and not desktop.locator(".inbox-cards").is_visible()
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
            assert main.get_by_text(text).first.is_visible(), (email, text)
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
