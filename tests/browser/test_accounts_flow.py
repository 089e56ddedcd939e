"""People signing up, signing in and switching language in a real browser."""

import re
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from portal.notifications.models import OutboxMessage
from tests.browser.conftest import assert_accessible, new_page, sign_in


def latest_mail_link(live_app, address: str) -> str:
    from portal.extensions import db

    with live_app.app_context():
        body = db.session.scalars(
            sa.select(OutboxMessage.body_text)
            .where(OutboxMessage.to_address == address)
            .order_by(OutboxMessage.id.desc())
        ).first()
    return re.search(r"https?://\S+", body).group(0)


def test_sign_up_verify_and_sign_in(page, live_app):
    address = f"ny-{uuid.uuid4().hex[:8]}@demo.test"
    page.goto("/account/register")
    assert_accessible(page, "register")
    page.fill("#name", "Nina Ny")
    page.fill("#email", address)
    page.fill("#password", "et langt nok passord")
    page.fill("#password_repeat", "et langt nok passord")
    page.get_by_label("Gjøvik").check()
    page.get_by_label("Nynorsk").check()
    with page.expect_navigation():  # is_visible() does not wait for the next page
        page.get_by_role("button", name="Opprett konto").click()
    expect(page.get_by_role("heading", name="Sjekk e-posten din")).to_be_visible()

    page.goto(latest_mail_link(live_app, address))
    # Confirmed: back on the sign-in page, with a message.
    assert "/account/sign-in" in page.url
    sign_in(page, address, "et langt nok passord")
    # The preferred language chosen at sign-up now rules the pages.
    assert page.locator("html").get_attribute("lang") == "nn"


def test_register_errors_are_announced_and_keep_input(page):
    page.goto("/account/register")
    page.fill("#name", "Åse Ødegård")
    page.get_by_role("button", name="Opprett konto").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    assert page.locator("#name").input_value() == "Åse Ødegård"
    assert "Skriv e-postadressen din." in summary.inner_text()
    assert_accessible(page, "register with errors")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("target", ["nn", "en"])
def test_language_switch_without_javascript(browser, live_server, target, viewport):
    page = new_page(browser, live_server, viewport, javascript=False)
    page.goto("/privacy")
    label = {"nn": "Nynorsk", "en": "English"}[target]
    page.get_by_role("link", name=label).click()
    assert page.locator("html").get_attribute("lang") == target
    assert page.url.endswith("/privacy")
    heading = {"nn": "Personvernerklæring", "en": "Privacy statement"}[target]
    assert page.get_by_role("heading", level=1).inner_text() == heading
    page.context.close()


def test_sign_in_with_the_keyboard_alone(browser, live_server):
    page = new_page(browser, live_server, "desktop")
    page.goto("/account/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "email":
            break
    else:
        pytest.fail("the e-mail field cannot be reached with Tab")
    page.keyboard.type("student@demo.test")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type("lmu-demo-2026")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("form[action$='/account/sign-out']").count() == 1
    # Focus is visible: the focused element gets an outline.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.context.close()


@pytest.mark.parametrize("path", ["/account/sign-in", "/account/register", "/"])
def test_touch_targets_are_at_least_44px(browser, live_server, path):
    """Controls outside running text are at least 44 px tall (a checkbox counts with its label)."""
    page = new_page(browser, live_server, "phone")
    page.goto(path)
    small = page.evaluate(
        """() => [...document.querySelectorAll('a, button, input, select, textarea')]
            .filter(e => e.offsetParent !== null && !e.closest('p, li:not(nav li), dd, td'))
            .map(e => (e.type === 'checkbox' || e.type === 'radio') && e.labels.length ? e.labels[0] : e)
            .filter(e => e.getBoundingClientRect().height < 44)
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert small == []
    # Nothing is wider than the 360 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.context.close()
