"""Browser tests: Playwright drives Debian's Chromium against a live server.

The server runs in a thread on its own SQLite database with the demo data; data a
test needs must be committed, since the server does not see test transactions.
"""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from portal.extensions import db
from tests.conftest import build_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "narrow": {"width": 320, "height": 640},
    "desktop": {"width": 1280, "height": 900},
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, mail_catcher):
    from portal.demo import seed_demo

    folder = tmp_path_factory.mktemp("live")
    app = build_app(
        "sqlite:///" + str(folder / "live.sqlite3"), folder, mail_catcher.port, WTF_CSRF_ENABLED=True
    )
    with app.app_context():
        seed_demo()
        db.session.commit()
    return app


@pytest.fixture(scope="session")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    base_url = f"http://127.0.0.1:{server.server_port}"
    live_app.config["BASE_URL"] = base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base_url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_page(browser, live_server, viewport: str = "phone", javascript: bool = True):
    context = browser.new_context(
        base_url=live_server, viewport=VIEWPORTS[viewport], java_script_enabled=javascript, locale="nb-NO"
    )
    context.set_default_timeout(10000)
    return context.new_page()


@pytest.fixture(params=["phone", "desktop"])
def page(request, browser, live_server):
    page = new_page(browser, live_server, request.param)
    yield page
    page.context.close()


def sign_in(page, email: str, password: str = "lmu-demo-2026") -> None:
    page.goto("/account/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("form[action$='/account/sign-out']").count() == 1, "sign-in failed"


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def assert_accessible(page, label: str = "") -> None:
    """axe-core, restricted to WCAG 2.0/2.1 A and AA rules, finds nothing."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    )
    assert results.violations_count == 0, f"{label} {page.url}\n{results.generate_report()}"
