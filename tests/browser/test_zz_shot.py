import os
from tests.browser.conftest import new_page, sign_in
SHOTS = [(p.split("|")[0], p.split("|")[1] or None, p.split("|")[2]) for p in os.environ.get("SHOTS", "").split(",") if p]
def test_shots(browser, live_server):
    for path, who, viewport in SHOTS:
        page = new_page(browser, live_server, viewport)
        if who:
            sign_in(page, who)
        lang = os.environ.get("SHOT_LANG")
        if lang:
            page.goto(f"/language/{lang}?next=/")
        page.goto(path)
        if os.environ.get("SHOT_CLICK"):
            page.locator(os.environ["SHOT_CLICK"]).first.click()
        name = path.strip("/").replace("/", "_").replace("?", "_") or "home"
        page.screenshot(path=f"/tmp/shots/{name}-{viewport}.png", full_page=os.environ.get("FULL", "1") == "1")
        if lang and who:
            page.goto("/language/nb?next=/")
        page.context.close()
