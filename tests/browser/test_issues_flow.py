"""A student on a phone raises, supports and follows issues (issue 3's "done when")."""

import uuid

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, new_page, sign_in


def test_raise_anonymously_in_english_support_in_nynorsk_and_follow_both(browser, live_server):
    title = f"Broken chairs in room {uuid.uuid4().hex[:6]}"
    # An international student, English preferred, on a 360 px phone.
    intl = new_page(browser, live_server, "phone")
    sign_in(intl, "intl.student@demo.test")
    intl.goto("/issues/new")
    assert intl.locator("html").get_attribute("lang") == "en"
    assert_accessible(intl, "new issue form")
    intl.select_option("#campus", label="Ålesund")
    intl.get_by_label("Physical learning environment").check()
    intl.fill("#title", title)
    intl.fill("#description", "Half of the chairs in the group room wobble, and two have broken backs.")
    assert intl.locator("#language-2").is_checked()  # English, the UI language, is the default
    intl.get_by_label("Raise it anonymously").check()
    intl.get_by_role("button", name="Send the issue").click()
    intl.wait_for_load_state()
    if intl.locator("#similar-step").count():
        intl.get_by_role("button", name="None of these – send my issue").click()
        intl.wait_for_load_state()
    expect(intl.get_by_role("heading", name="Thank you – your issue has been sent")).to_be_visible()
    reference = intl.locator(".reference").first.inner_text()
    assert reference.startswith("ALE-")
    assert_accessible(intl, "submitted")

    # A nynorsk student finds it on the campus list and supports it.
    nn = new_page(browser, live_server, "phone")
    sign_in(nn, "student2@demo.test")
    nn.goto("/campus/ALE/issues")
    assert nn.locator("html").get_attribute("lang") == "nn"
    assert_accessible(nn, "campus list")
    nn.get_by_role("link", name=title).click()
    assert_accessible(nn, "issue page")
    nn.get_by_role("button", name="Støtt innspelet").click()
    nn.wait_for_load_state()
    expect(nn.get_by_text("Du støttar dette innspelet.").first).to_be_visible()
    # The author's name is nowhere on the page.
    assert "Alex Morgan" not in nn.content()

    # Both follow it on "my issues".
    nn.goto("/my-issues")
    expect(nn.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(nn, "my issues nn")
    intl.goto("/my-issues")
    mine = intl.locator("section").filter(has_text="Raised by me")
    expect(mine.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(intl, "my issues en")
    # The timeline is on the issue's own page, one link away.
    mine.get_by_role("link", name="What has happened so far").first.click()
    expect(intl.get_by_role("heading", name="What has happened")).to_be_visible()
    intl.context.close()
    nn.context.close()


def test_similar_issues_appear_while_typing(browser, live_server):
    page = new_page(browser, live_server, "phone")
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")
    page.select_option("#campus", label="Trondheim")
    page.fill("#title", "Stikkontakter lesesalen")
    page.fill("#description", "For få stikkontakter på lesesalen")
    live = page.locator("#similar-live")
    live.get_by_role("link", name="For få stikkontakter på lesesalen").wait_for()
    assert live.get_by_role("button", name="Støtt dette i stedet").count() >= 1
    assert_accessible(page, "live similar")
    page.context.close()


def test_the_form_works_without_javascript(browser, live_server):
    page = new_page(browser, live_server, "phone", javascript=False)
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")
    page.get_by_label("Fysisk læringsmiljø").check()
    page.fill("#title", "Stikkontakter på lesesalen")
    page.fill("#description", "For få stikkontakter på lesesalen i Realfagbygget")
    page.get_by_role("button", name="Send innspillet").click()
    page.wait_for_load_state()
    # Without JavaScript the similar issues come as a step of the form.
    expect(page.get_by_role("heading", name="Har noen meldt inn dette allerede?")).to_be_visible()
    assert page.locator("#title").input_value() == "Stikkontakter på lesesalen"
    page.get_by_role("button", name="Støtt dette i stedet").first.click()
    page.wait_for_load_state()
    assert "/issues/TRD-" in page.url
    page.context.close()


def test_raise_an_issue_with_the_keyboard_alone(browser, live_server):
    page = new_page(browser, live_server, "desktop")
    sign_in(page, "student@demo.test")
    page.goto("/issues/new")

    def tab_to(element_id, limit=60):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"#{element_id} cannot be reached with Tab")

    tab_to("category-0")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    assert page.locator("#category-1").is_checked()
    tab_to("title")
    page.keyboard.type(f"Tastatur {uuid.uuid4().hex[:6]}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "description"
    page.keyboard.type("Skrevet bare med tastaturet.")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if page.locator("#similar-step").count():
        with page.expect_navigation():
            page.get_by_role("button", name="Ingen av disse – send innspillet mitt").press("Enter")
    assert "/submitted" in page.url
    page.context.close()


def test_too_large_photo_is_caught_before_upload(browser, live_server):
    page = new_page(browser, live_server, "phone")
    sign_in(page, "intl.student@demo.test")
    page.goto("/issues/new")
    page.set_input_files(
        "#photos",
        files=[{"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": b"\xff" * (8 * 1024 * 1024 + 1)}],
    )
    assert (
        page.locator("#photos-check").inner_text()
        == "“huge.jpg” is larger than 8 MB. Choose a smaller photo."
    )
    assert page.evaluate("document.getElementById('photos').files.length") == 0
    page.context.close()
