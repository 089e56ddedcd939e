"""Reflow (WCAG 1.4.10): no page scrolls sideways at 320 px, in nb, nn and en (issue #9 item 19).

axe does not catch horizontal scrolling. For each demo role this test starts on the home page
and follows every link it finds (same site, GET, pages not files), so a new page is checked
as soon as anything links to it. Each route is visited with up to PER_ROUTE different
addresses; one browser context per role and language keeps the run short.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from werkzeug.exceptions import HTTPException

from tests.browser.conftest import new_page, sign_in

ROLES = {
    "anonymous": None,
    "student": "student@demo.test",
    "leader": "leader.trd@demo.test",
    "secretary": "secretary@demo.test",
    "member": "member@demo.test",
    "admin": "admin@demo.test",
}
YEAR = datetime.now().year
# Not linked from anywhere a person starts, but reachable: checked too.
EXTRA_PATHS = ["/no-such-page", "/account/forgot-password", "/account/verify"]
EXTRA_FOR_ROLE = {
    "student": [f"/issues/TRD-{YEAR}-0001/submitted"],
    "secretary": ["/committee/LMU/meetings/1/agenda/print"],
}
PER_ROUTE = 3
MAX_PAGES = 150
SKIPPED = re.compile(r"^/(static|language)/|\.(pdf|docx|csv|json|svg|png|jpe?g|webp|txt)$|/photos/")
# Endpoints of pages that still scroll sideways and are being rebuilt elsewhere (the committee
# pages: another change rebuilds portal/committee). Listed, not hidden: the test reports them
# and fails on any other page.
EXPECTED_FAILURES: dict[str, str] = {}

# The widest element that pokes out of the viewport, outside any element that scrolls or clips.
WIDEST = """
() => {
  const width = window.innerWidth;
  // Inside a scrolling or clipping box an element does not widen the page, unless it is
  // absolutely positioned and that box is not its containing block (then it escapes).
  const clipped = (element) => {
    let absolute = getComputedStyle(element).position === "absolute";
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (!absolute && style.overflowX !== "visible") { return true; }
      if (absolute && style.position !== "static") {
        if (style.overflowX !== "visible") { return true; }
        absolute = style.position === "absolute";
      }
    }
    return false;
  };
  let widest = null;
  for (const element of document.body.querySelectorAll("*")) {
    const right = element.getBoundingClientRect().right;
    if (right > width + 0.5 && (!widest || right > widest.right) && !clipped(element)) {
      let name = element.tagName.toLowerCase();
      if (element.id) { name += "#" + element.id; }
      for (const c of element.classList) { name += "." + c; }
      let path = name;
      for (let node = element.parentElement; node && node !== document.body && path.split(" > ").length < 4;
           node = node.parentElement) {
        path = node.tagName.toLowerCase() + (node.className ? "." + [...node.classList].join(".") : "") + " > " + path;
      }
      widest = {right: Math.round(right), path: path, text: (element.innerText || "").trim().slice(0, 60)};
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: width,
    widest: widest,
    links: [...document.querySelectorAll("a[href]")].map((a) => a.href),
  };
}
"""


def _endpoint(live_app, path: str, query: str) -> str | None:
    adapter = live_app.url_map.bind("127.0.0.1")
    try:
        endpoint, _args = adapter.match(path, method="GET", query_args=query)
    except HTTPException:
        return None
    return endpoint


def crawl(page, live_app, live_server: str, start: list[str]) -> tuple[list[str], dict[str, str]]:
    """Visit every page reachable from `start`; return the pages seen and the ones that overflow."""
    queue, seen, per_route = list(start), set(), {}
    overflowing: dict[str, str] = {}
    visited: list[str] = []
    while queue and len(visited) < MAX_PAGES:
        address = queue.pop(0)
        parts = urlsplit(address)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen or SKIPPED.search(parts.path):
            continue
        seen.add(path)
        endpoint = _endpoint(live_app, parts.path, parts.query) or "404"
        if per_route.get(endpoint, 0) >= PER_ROUTE:
            continue
        per_route[endpoint] = per_route.get(endpoint, 0) + 1
        try:
            page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):  # a file (the data export), not a page
                continue
            raise
        visited.append(path)
        found = page.evaluate(WIDEST)
        if found["scrollWidth"] > found["innerWidth"]:
            widest = found["widest"] or {"path": "?", "right": found["scrollWidth"], "text": ""}
            overflowing[endpoint] = (
                f"{path}: the page is {found['scrollWidth']} px wide at {found['innerWidth']} px; "
                f"widest: {widest['path']} reaches {widest['right']} px ({widest['text']!r})"
            )
        for link in found["links"]:
            target = urlsplit(link)
            if link.startswith(live_server) and not SKIPPED.search(target.path):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    return visited, overflowing


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("role", list(ROLES))
def test_no_page_scrolls_sideways_at_320_px(browser, live_app, live_server, role, language):
    page = new_page(browser, live_server, "narrow")
    who = ROLES[role]
    try:
        if who:
            sign_in(page, who)
        page.goto(f"/language/{language}?next=/")
        visited, overflowing = crawl(
            page, live_app, live_server, ["/", *EXTRA_PATHS, *EXTRA_FOR_ROLE.get(role, [])]
        )
    finally:
        if who:
            page.goto("/language/nb?next=/")  # the demo accounts used here prefer bokmål
        page.context.close()
    assert len(visited) >= 5, visited
    unexpected = {
        endpoint: text for endpoint, text in overflowing.items() if endpoint not in EXPECTED_FAILURES
    }
    assert not unexpected, f"[{role} {language}] pages wider than 320 px:\n" + "\n".join(unexpected.values())
