"""Helpers for issue tests: raising issues through the service, photos as bytes."""

from __future__ import annotations

import io

from PIL import Image

from portal.extensions import db
from tests.factories import make_issue


def raise_issue(org, author, **values):
    """A submitted issue raised by `author` (make_issue with the author first, as tests read it)."""
    return make_issue(org, author=author, **values)


def image_bytes(
    fmt: str = "JPEG", size=(64, 48), color=(200, 30, 30), exif: bytes | None = None, **save
) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if exif is not None:
        save["exif"] = exif
    image.save(out, fmt, **save)
    return out.getvalue()


def gps_exif() -> bytes:
    """EXIF with a GPS position (Trondheim) and a camera model, as a phone writes it."""
    exif = Image.Exif()
    exif[0x0110] = "Phone Camera X"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    gps = {1: "N", 2: (63.0, 25.0, 12.0), 3: "E", 4: (10.0, 24.0, 3.0)}
    exif[0x8825] = gps
    return exif.tobytes()


def post_issue_with_photo(client, org, *, category="physical", token="with-photo", **fields):
    """Raise an issue with one photo through the form; returns the issue."""
    import sqlalchemy as sa

    from portal.issues.models import Issue

    data = {
        "campus": str(org.trd.id),
        "category": str(org.categories[category].id),
        "title": "Bilde",
        "description": "Tekst",
        "language": "nb",
        "submission_token": token,
        "action": "submit",
        "photos": [(io.BytesIO(image_bytes()), "a.jpg")],
        **fields,
    }
    client.post("/issues/new", data=data, content_type="multipart/form-data")
    return db.session.scalar(sa.select(Issue).where(Issue.submission_token == token))
