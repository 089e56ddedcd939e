"""When each round's box was last resealed, and how many entries it held then."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import UTCDateTime
from portal.extensions import Model


class SecretSeal(Model):
    """One row per (box, round): a reseal is skipped while the number of entries is unchanged."""

    __tablename__ = "secret_seal"

    box: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    round_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    entries: Mapped[int] = mapped_column()
    resealed_at: Mapped[datetime] = mapped_column(UTCDateTime)
