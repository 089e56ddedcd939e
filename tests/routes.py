"""Routes that exist only in the test app (registered before its first request)."""

from flask import abort


def register_test_routes(app) -> None:
    def fail(code: int):
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    app.add_url_rule("/_test/fail/<int:code>", "test_fail", fail)
