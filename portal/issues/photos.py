"""Photo uploads: checked, re-encoded without metadata (GPS included), stored as files."""

from __future__ import annotations

import io
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from portal.errors import DomainError

MAX_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 3
MAX_PIXELS = 40_000_000  # a phone camera makes at most ~50 MP; more is a decompression bomb
MAX_SIDE = 2560  # stored photos are scaled down to this
FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


class PhotoError(DomainError):
    """The upload is not a photo we accept; the view adds the file's name (param `name`)."""

    messages_module = "portal.issues.messages"


@dataclass
class StoredPhoto:
    filename: str
    content_type: str
    width: int
    height: int
    size: int


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# Pillow reads one process-wide switch, ImageFile.LOAD_TRUNCATED_IMAGES, while it decodes:
# when it is on, a cut-off JPEG decodes as a half-grey picture and decoder errors are
# ignored. WeasyPrint turns it on for the whole process when it is first imported (the
# first PDF export), so a check that trusted the switch would depend on which worker had
# made a PDF. Every decode of an upload therefore runs with the switch off, under a lock
# (threads of one worker must not see each other's setting), and if another thread turned
# it on in the meantime (a first `import weasyprint`), the decode is repeated.
_STRICT_DECODING = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    with _STRICT_DECODING:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            # Leave the switch as others set it: ours if untouched, theirs if they changed it.
            if ImageFile.LOAD_TRUNCATED_IMAGES is False:
                ImageFile.LOAD_TRUNCATED_IMAGES = before


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """Open, check and fully decode the upload with truncated images refused."""
    for _attempt in range(3):
        with _strict_decoding():
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in FORMATS:
                    raise PhotoError("format")
                if probe.width * probe.height > MAX_PIXELS:
                    raise PhotoError("too-many-pixels")
                probe.verify()
            image: Image.Image = Image.open(io.BytesIO(data))
            image_format = image.format or ""
            image.load()
            if ImageFile.LOAD_TRUNCATED_IMAGES is False:
                return image, image_format
    raise PhotoError("broken")


def process_photo(data: bytes) -> tuple[bytes, str, int, int]:
    """Return (encoded bytes, format, width, height) of a clean copy, or raise PhotoError.

    A file that is cut off or does not decode cleanly is refused ("broken"), whatever
    another library has done to Pillow's process-wide settings.
    """
    if len(data) > MAX_BYTES:
        raise PhotoError("too-large")
    if not data:
        raise PhotoError("empty")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image, image_format = _decode(data)
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PhotoError("too-many-pixels") from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise PhotoError("broken") from error
    # Turn the pixels the right way up before the orientation tag is dropped with the rest.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image_format != "JPEG" and image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    # A fresh image carries no info dict: no EXIF, XMP, ICC or text chunks survive.
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    output = io.BytesIO()
    if image_format == "JPEG":
        clean.save(output, "JPEG", quality=85, optimize=True)
    elif image_format == "PNG":
        clean.save(output, "PNG", optimize=True)
    else:
        clean.save(output, "WEBP", quality=85)
    return output.getvalue(), image_format, clean.width, clean.height


def store_photo(data: bytes) -> StoredPhoto:
    encoded, image_format, width, height = process_photo(data)
    content_type, extension = FORMATS[image_format]
    filename = f"{uuid.uuid4().hex}.{extension}"
    (upload_folder() / filename).write_bytes(encoded)
    return StoredPhoto(filename, content_type, width, height, len(encoded))


def delete_photo_file(filename: str) -> None:
    path = upload_folder() / filename
    if path.parent == upload_folder() and path.exists():
        path.unlink()


def photo_path(filename: str) -> Path:
    return upload_folder() / Path(filename).name


def purge_unattached_photos(*, hours: int) -> int:
    """Delete stored files that no issue points to (forms that were never sent) older than `hours`."""
    import time

    import sqlalchemy as sa

    from portal.extensions import db
    from portal.issues.models import IssuePhoto

    folder = upload_folder()
    known = set(db.session.scalars(sa.select(IssuePhoto.filename)))
    cutoff = time.time() - hours * 3600
    deleted = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in known and path.stat().st_mtime < cutoff:
            path.unlink()
            deleted += 1
    return deleted
