"""A minimal OpenID Connect provider for tests (as Feide would answer), served on loopback."""

from __future__ import annotations

import threading
import time
import uuid
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server


class FakeProvider:
    def __init__(self, claims: dict):
        self.claims = claims
        self.key = RSAKey.generate_key(2048)
        self.key_id = uuid.uuid4().hex
        self.codes: dict[str, dict] = {}
        self.app = self._build()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.client_id, self.client_secret = "portal", "provider-secret"

    def _build(self) -> Flask:
        app = Flask("fake-oidc")

        @app.get("/.well-known/openid-configuration")
        def metadata():
            return jsonify(
                issuer=self.issuer,
                authorization_endpoint=f"{self.issuer}/authorize",
                token_endpoint=f"{self.issuer}/token",
                jwks_uri=f"{self.issuer}/jwks",
                response_types_supported=["code"],
                subject_types_supported=["public"],
                id_token_signing_alg_values_supported=["RS256"],
            )

        @app.get("/jwks")
        def jwks():
            public = self.key.as_dict(private=False)
            public.update(kid=self.key_id, use="sig", alg="RS256")
            return jsonify(keys=[public])

        @app.get("/authorize")
        def authorize():
            # The person signs in at the provider and consents; it sends them back with a code.
            code = uuid.uuid4().hex
            self.codes[code] = {"nonce": request.args.get("nonce"), "client_id": request.args["client_id"]}
            query = urlencode({"code": code, "state": request.args["state"]})
            return redirect(f"{request.args['redirect_uri']}?{query}")

        @app.post("/token")
        def token():
            grant = self.codes.pop(request.form.get("code", ""), None)
            if grant is None:
                return jsonify(error="invalid_grant"), 400
            now = int(time.time())
            claims = {
                "iss": self.issuer,
                "aud": grant["client_id"],
                "iat": now,
                "exp": now + 300,
                "nonce": grant["nonce"],
                **self.claims,
            }
            id_token = jwt.encode({"alg": "RS256", "kid": self.key_id}, claims, self.key)
            return jsonify(
                access_token=uuid.uuid4().hex, token_type="Bearer", expires_in=300, id_token=id_token
            )

        return app

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
