"""Photos are re-encoded without metadata; anything that is not a photo is refused."""

import io
import struct
import zlib

import pytest
import sqlalchemy as sa
from PIL import Image

from portal.extensions import db
from portal.issues.models import Issue
from portal.issues.photos import PhotoError, process_photo, store_photo
from tests.issues.helpers import gps_exif, image_bytes


def test_jpeg_loses_gps_and_camera_but_keeps_orientation(app):
    original = image_bytes("JPEG", size=(80, 40), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825) is not None
    cleaned, fmt, width, height = process_photo(original)
    image = Image.open(io.BytesIO(cleaned))
    assert fmt == "JPEG"
    assert dict(image.getexif()) == {}
    assert b"Phone Camera X" not in cleaned
    assert b"Exif" not in cleaned
    # Orientation 6 means "rotate to view": the stored photo is already upright.
    assert (width, height) == (40, 80)


def test_png_text_chunks_are_removed(app):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "GPS 63.4305N 10.3951E")
    cleaned, fmt, *_ = process_photo(image_bytes("PNG", pnginfo=info))
    assert fmt == "PNG"
    assert b"63.4305N" not in cleaned


def test_webp_is_accepted(app):
    _, fmt, *_ = process_photo(image_bytes("WEBP"))
    assert fmt == "WEBP"


def test_large_photos_are_scaled_down(app):
    _, _, width, height = process_photo(image_bytes("JPEG", size=(4000, 3000)))
    assert max(width, height) == 2560


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"GIF89a not really", "broken"),
        (b"", "empty"),
        (b"plain text renamed to .jpg", "broken"),
        (image_bytes("JPEG")[:200], "broken"),
    ],
)
def test_broken_or_fake_files_are_refused(app, data, code):
    with pytest.raises(PhotoError) as error:
        process_photo(data)
    assert error.value.args[0] == code


def test_gif_is_refused_as_format(app):
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(PhotoError, match="format"):
        process_photo(out.getvalue())


def test_more_than_8_mb_is_refused(app):
    with pytest.raises(PhotoError, match="too-large"):
        process_photo(b"\xff\xd8" + b"0" * (8 * 1024 * 1024))


def decompression_bomb() -> bytes:
    """A tiny PNG that claims 30,000 × 30,000 pixels."""
    width = height = 30000

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * width
    body = zlib.compress(row * 10, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_decompression_bomb_is_refused(app):
    data = decompression_bomb()
    assert len(data) < 100_000
    with pytest.raises(PhotoError, match="too-many-pixels"):
        process_photo(data)


def test_stored_photo_is_a_random_file_in_the_upload_folder(app, tmp_path):
    stored = store_photo(image_bytes("JPEG"))
    folder = app.config["UPLOAD_FOLDER"]
    assert len(stored.filename) == 32 + 4
    assert stored.filename.endswith(".jpg")
    with open(f"{folder}/{stored.filename}", "rb") as handle:
        assert handle.read(2) == b"\xff\xd8"


def truncated_jpeg() -> bytes:
    """A real photo cut off part-way, as an interrupted upload from a phone leaves it."""
    noise = Image.effect_noise((400, 300), 64).convert("RGB")
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data[: len(data) * 6 // 10]


def test_a_truncated_jpeg_is_refused_even_when_pillow_is_told_to_load_truncated_images(app, monkeypatch):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(PhotoError, match="broken"):
        process_photo(truncated_jpeg())
    # The switch is left as the other library set it.
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    _, fmt, *_ = process_photo(image_bytes("JPEG"))
    assert fmt == "JPEG"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_a_truncated_jpeg_is_refused_after_a_pdf_export(client, org, monkeypatch):
    """WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process (issue #9 item 12)."""
    from PIL import ImageFile

    from portal.committee.exports import pdf_from_html
    from tests.factories import sign_in

    # Whatever ran before, this test starts as a fresh worker would and puts the switch back after.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    assert pdf_from_html("<html lang='nb'><title>x</title><p>PDF</p></html>").startswith(b"%PDF")
    import weasyprint.images  # noqa: F401  (the module that flips the switch when first imported)

    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as the first import of that module left it
    student = org.student()
    db.session.commit()
    sign_in(client, student)
    response = client.post(
        "/issues/new",
        data={
            "campus": str(org.trd.id),
            "category": str(org.categories["physical"].id),
            "title": "Knust vindauge",
            "description": "Vinduet i rom 12 er knust.",
            "language": "nb",
            "submission_token": "truncated",
            "action": "submit",
            "photos": [(io.BytesIO(truncated_jpeg()), "IMG_0002.JPG")],
        },
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "«IMG_0002.JPG» kunne ikke leses som et bilde." in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Issue)) == 0


def test_threads_of_one_worker_check_photos_strictly_at_once(app, monkeypatch):
    """Under a threaded worker, one thread's decode must not see another's restored switch."""
    from concurrent.futures import ThreadPoolExecutor

    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    broken, good = truncated_jpeg(), image_bytes("JPEG", size=(800, 600))

    def check(data):
        try:
            process_photo(data)
            return "accepted"
        except PhotoError as error:
            return error.args[0]

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(check, [broken, good] * 12))
    assert results == ["broken", "accepted"] * 12
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
