"""A Redis outage does not take the site down: rate limits fall back to this process, and say so."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.mailserver import free_port

ROOT = Path(__file__).resolve().parent.parent.parent


def test_rate_limited_posts_work_while_redis_is_down(tmp_path):
    database = tmp_path / "outage.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        # Nothing listens there: Redis is down for the whole test.
        "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
        "PORTAL_ENV": "development",
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "portal"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.redis_outage_app", str(database)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["codes"] == {
        # The limit (3 per minute here) still holds, counted in this process.
        "sign_in": [200, 200, 200, 429],
        "register": [200],
        "reset": [200],
        "raise": [302],
        "propose": [302],
        "vote": [302],
    }
    # The fall-back is in the portal's own log (where operators look), once, as a warning.
    fell_back = [
        record
        for record in report["records"]
        if record["logger"].startswith("portal") and "falling back to in-memory" in record["message"]
    ]
    assert [record["level"] for record in fell_back] == ["WARNING"]
    assert not [record for record in report["records"] if record["level"] == "ERROR"]
