"""Helpers for issue tests: raising issues through the service, photos as bytes."""

from __future__ import annotations

import io

from PIL import Image

from portal.extensions import db
from portal.issues.service import issue_submit


def raise_issue(
    org,
    author,
    *,
    campus=None,
    category="physical",
    title="Ødelagt stol i lesesalen",
    description="Stolene på lesesal 2 er ødelagte og vonde å sitte på.",
    anonymous=False,
    language="nb",
    commit=True,
):
    issue = issue_submit(
        author=author,
        campus=campus or org.trd,
        category=org.categories[category],
        title=title,
        description=description,
        language=language,
        anonymous=anonymous,
    )
    if commit:
        db.session.commit()
    return issue


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
