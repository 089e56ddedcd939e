"""With REDIS_URL set, rate-limit counters are shared by every instance (here: two processes)."""

import json
import subprocess
import sys
import uuid

SCRIPT = r"""
import json, os, sys
from portal import create_app
app = create_app({
    "TESTING": True,
    "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1],
    "RATELIMIT_STORAGE_URI": os.environ["REDIS_URL"],
    "RATELIMIT_KEY_PREFIX": sys.argv[2],
    "RATELIMIT_SIGN_IN": "4 per minute",
    "WTF_CSRF_ENABLED": False,
    "PASSWORD_HASH_PROFILE": "fast",
})
import flask_migrate
with app.app_context():
    flask_migrate.upgrade()
client = app.test_client()
codes = [client.post("/account/sign-in", data={"email": "x@example.test", "password": "wrong password"}).status_code
         for _ in range(int(sys.argv[3]))]
print(json.dumps(codes))
"""


def run_instance(tmp_path, prefix: str, requests: int, name: str) -> list[int]:
    env = {"REDIS_URL": "redis://127.0.0.1:6379/0", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / f"{name}.sqlite3"), prefix, str(requests)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_instances_share_one_counter_in_redis(tmp_path):
    prefix = f"test-{uuid.uuid4().hex}"
    assert run_instance(tmp_path, prefix, 3, "a") == [200, 200, 200]
    # Another instance (another process, its own database) sees the same counter.
    assert run_instance(tmp_path, prefix, 2, "b") == [200, 429]
