"""The secretary opens a group of the escalated inbox on a 320 px phone, in nb, nn and en:
the group's issues are loaded only then (a plain link, so it works without JavaScript), and
the page fits the screen and passes axe."""

import pytest

from tests.browser.conftest import assert_accessible, new_page, sign_in

pytestmark = pytest.mark.browser


def _open_widest_group(page):
    groups = page.locator("li.issue-group")
    assert groups.count() >= 1, "the demo has escalated issues"
    # The demo's exam timetable complaint comes from several campuses (nb, nn and en).
    wide = groups.filter(has=page.locator(".campus-counts .badge:nth-child(3)"))
    group = wide.first if wide.count() else groups.first
    key = group.get_attribute("id")
    counts = group.locator(".campus-counts .badge").all_inner_texts()
    expected = sum(int(text.rsplit(":", 1)[1]) for text in counts)
    assert group.locator(".group-issues").count() == 0  # closed: no issue on the page
    with page.expect_navigation():
        group.locator("a.show-group").click()
    assert f"group={key.removeprefix('group-')}" in page.url
    opened = page.locator(f"#{key}")
    assert opened.locator(".group-issues > li").count() == min(expected, 100)
    return opened


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_secretary_opens_a_group_on_a_320_px_phone(browser, live_server, language):
    page = new_page(browser, live_server, "narrow")
    sign_in(page, "secretary@demo.test")
    page.goto(f"/language/{language}?next=/committee/LMU/inbox")
    assert page.locator("html").get_attribute("lang") == language
    opened = _open_widest_group(page)
    assert opened.locator("a[href*='/items/new?group=']").count() == 1
    assert opened.locator("input[name=issue]").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page, f"escalated inbox, a group opened ({language})")
    page.goto("/language/nb?next=/")
    page.context.close()


def test_a_group_opens_without_javascript(browser, live_server):
    page = new_page(browser, live_server, "narrow", javascript=False)
    sign_in(page, "secretary@demo.test")
    page.goto("/committee/LMU/inbox")
    _open_widest_group(page)
    page.context.close()
