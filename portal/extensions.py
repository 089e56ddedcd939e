"""Flask extensions, created unbound here and bound in create_app."""

import logging
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from portal.db import Base

db = SQLAlchemy(model_class=Base)

# Models derive from `Model`: Flask-SQLAlchemy makes db.Model at run time, which a type
# checker cannot follow; to mypy it is the declarative Base it is built from.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
babel = Babel()
csrf = CSRFProtect()


def _rate_limit_key() -> str:
    """Signed-in people are counted per account, so one campus NAT does not lock out everyone."""
    from flask import request
    from flask_login import current_user
    from sqlalchemy.exc import SQLAlchemyError

    try:
        if current_user and current_user.is_authenticated:
            return f"user:{current_user.id}"
    except SQLAlchemyError:
        # The database is down (the account cannot be loaded): count by address rather than
        # let Flask-Limiter take this for a Redis failure and fall back to memory.
        pass
    return f"ip:{request.remote_addr or 'unknown'}"


limiter = Limiter(key_func=_rate_limit_key)
# Flask-Limiter's own logger has only a NullHandler, so "storage unreachable - falling back to
# in-memory storage" would reach no log at all: write it to the app's log ("portal").
limiter.logger = logging.getLogger("portal.rate_limits")


def configured_limit(config_key: str):
    """A limit read from the configuration at request time (tests tighten it per app)."""

    def limit() -> str:
        from flask import current_app

        return current_app.config[config_key]

    return limit
