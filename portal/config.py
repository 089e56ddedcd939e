"""Configuration: safe development defaults, then environment variables.

Every variable read here is documented in README.md ("Configuration").
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

DEV_SECRET_KEY = "dev-only-secret-key-change-me"  # noqa: S105 - refused in production
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def normalise_database_url(url: str) -> str:
    """Accept the usual `postgres://` forms and use psycopg 3 for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def from_environment(instance_path: str) -> dict:
    env = os.environ.get("PORTAL_ENV", "development")
    production = env == "production"
    database_url = os.environ.get("DATABASE_URL") or (
        "sqlite:///" + str(Path(instance_path) / "portal.sqlite3")
    )
    redis_url = os.environ.get("REDIS_URL")
    session_lifetime = timedelta(days=int(os.environ.get("SESSION_DAYS", "14")))
    return {
        "PORTAL_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Sessions and CSRF: the token lives as long as the session, so a student
        # writing a long issue does not lose it on submit.
        "WTF_CSRF_TIME_LIMIT": None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_SECURE": _bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # "Keep me signed in" lasts as long as a session, not Flask-Login's default year;
        # the user loader refuses older sessions and remember-me cookies too.
        "REMEMBER_COOKIE_DURATION": session_lifetime,
        "PERMANENT_SESSION_LIFETIME": session_lifetime,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        # Reverse proxies in front of the app (load balancer): trust this many X-Forwarded-* hops.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        # Links in e-mails point here (the address people reach the portal on); on a laptop,
        # the port `make run` serves on (it passes PORT on).
        "BASE_URL": os.environ.get("BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '5000'}",
        # Languages
        "BABEL_DEFAULT_LOCALE": "nb",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Oslo",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        # Rate limits: memory in development, Redis shared by all instances in production.
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Expensive figures the same for everyone (the annual report's statistics), shared by
        # all instances through Redis when there is one.
        "CACHE_ENABLED": _bool("CACHE_ENABLED", True),
        "CACHE_REDIS_URL": redis_url,
        "REPORT_CACHE_SECONDS": int(os.environ.get("REPORT_CACHE_SECONDS", "300")),
        # Generated PDF and DOCX files, kept by their content: in Redis when there is one, else
        # in each process within this many MB (least recently used out first).
        "DOCUMENT_CACHE_MB": float(os.environ.get("DOCUMENT_CACHE_MB", "64")),
        "DOCUMENT_CACHE_SECONDS": int(os.environ.get("DOCUMENT_CACHE_SECONDS", str(7 * 24 * 3600))),
        # When Redis does not answer, count in this process (logged) instead of answering 500
        # to every sign-in, registration, vote…; back to Redis once it answers again.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_SWALLOW_ERRORS": True,
        # A Redis that drops packets must not hold a request for minutes before the fall-back.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1} if redis_url else {},
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Sign-in counts failed attempts only (portal/accounts/limits.py): per account and
        # address, per address (generous: thousands share one on eduroam), per account.
        "RATELIMIT_SIGN_IN": os.environ.get("RATELIMIT_SIGN_IN", "10 per minute;60 per hour"),
        "RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS": os.environ.get(
            "RATELIMIT_SIGN_IN_FAILURES_PER_ADDRESS", "100 per minute;1000 per hour"
        ),
        "RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT": os.environ.get(
            "RATELIMIT_SIGN_IN_FAILURES_PER_ACCOUNT", "100 per hour;300 per day"
        ),
        "RATELIMIT_REGISTER": os.environ.get("RATELIMIT_REGISTER", "5 per minute;30 per hour"),
        "RATELIMIT_RESET": os.environ.get("RATELIMIT_RESET", "5 per minute;30 per hour"),
        "RATELIMIT_SUBMIT": os.environ.get("RATELIMIT_SUBMIT", "10 per minute;30 per day"),
        "RATELIMIT_VOTE": os.environ.get("RATELIMIT_VOTE", "10 per minute;40 per hour"),
        # How often cron runs `flask portal reseal` (the privacy page states this window).
        "RESEAL_MINUTES": int(os.environ.get("RESEAL_MINUTES", "5")),
        # Passwords: Argon2id; "fast" is only for tests.
        "PASSWORD_HASH_PROFILE": os.environ.get("PASSWORD_HASH_PROFILE", "default"),
        # Mail
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _bool("MAIL_USE_TLS", False),
        "MAIL_FROM": os.environ.get("MAIL_FROM", "Læringsmiljøportalen <noreply@localhost>"),
        "MAIL_MAX_ATTEMPTS": int(os.environ.get("MAIL_MAX_ATTEMPTS", "8")),
        # A worker's claim on a message; after it runs out (the worker died), another worker sends it.
        "MAIL_LEASE_SECONDS": int(os.environ.get("MAIL_LEASE_SECONDS", "300")),
        # Single sign-on (OpenID Connect, e.g. Feide); enabled when all three are set.
        "OIDC_ISSUER": os.environ.get("OIDC_ISSUER"),
        "OIDC_CLIENT_ID": os.environ.get("OIDC_CLIENT_ID"),
        "OIDC_CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET"),
        "OIDC_NAME": os.environ.get("OIDC_NAME", "Feide"),
        # Uploads (issue photos) live outside the database.
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(Path(instance_path) / "uploads")),
        # Three photos of at most 8 MB each and the text; more is refused before it is read.
        "MAX_CONTENT_LENGTH": 40 * 1024 * 1024,
        # Privacy
        "RETENTION_YEARS": int(os.environ.get("RETENTION_YEARS", "3")),
        "INSTITUTION_NAME": os.environ.get("INSTITUTION_NAME", "Universitetet"),
        "CONTACT_EMAIL": os.environ.get("CONTACT_EMAIL", "laeringsmiljo@example.org"),
    }


class ConfigurationError(RuntimeError):
    pass


def check_production(config: dict) -> None:
    """Production refuses to start with settings that are only safe on a laptop."""
    if config.get("PORTAL_ENV") != "production":
        return
    if not config.get("SECRET_KEY") or config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise ConfigurationError("SECRET_KEY must be set to a secret value in production.")
    if len(config["SECRET_KEY"]) < 32:
        raise ConfigurationError("SECRET_KEY must be at least 32 characters in production.")
