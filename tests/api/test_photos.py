"""PUT /api/v1/photos/<uuid>: idempotent, content-checked, re-encoded without EXIF."""

import io
import uuid

import pytest
from PIL import Image

from webapp.extensions import db
from webapp.models import Photo
from webapp.services.photos import MAX_PHOTO_BYTES


def jpeg_bytes(size=(320, 240), exif_gps=False, fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    out = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "HP Murah"  # camera make
        exif[0x8825] = {1: "S", 2: (1.0, 28.0, 48.0)}  # GPS IFD
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    return out.getvalue()


@pytest.fixture
def peserta(seeded, login_as):
    return login_as("peserta01")


def _put(client, photo_id, body, content_type="image/jpeg"):
    return client.put(f"/api/v1/photos/{photo_id}", data=body,
                      headers={"Content-Type": content_type})


def test_photo_is_stored_reencoded_and_without_exif(seeded, peserta):
    photo_id = str(uuid.uuid4())
    response = _put(peserta, photo_id, jpeg_bytes(exif_gps=True))
    assert response.status_code == 201
    with seeded.app_context():
        stored = db.session.get(Photo, photo_id)
        image = Image.open(io.BytesIO(stored.data))
        assert image.format == "JPEG" and not image.getexif()
    fetched = peserta.get(f"/api/v1/photos/{photo_id}")
    assert fetched.status_code == 200 and fetched.mimetype == "image/jpeg"


def test_webp_is_accepted(seeded, peserta):
    assert _put(peserta, uuid.uuid4(), jpeg_bytes(fmt="WEBP"), "image/webp").status_code == 201


def test_same_upload_twice_is_idempotent(seeded, peserta):
    photo_id, body = uuid.uuid4(), jpeg_bytes()
    assert _put(peserta, photo_id, body).status_code == 201
    again = _put(peserta, photo_id, body)
    assert again.status_code == 200 and again.get_json()["id"] == str(photo_id)


def test_other_photo_under_a_used_id_is_409(seeded, peserta):
    photo_id = uuid.uuid4()
    _put(peserta, photo_id, jpeg_bytes())
    response = _put(peserta, photo_id, jpeg_bytes(size=(100, 100)))
    assert response.status_code == 409


def test_photo_over_300_kb_is_413(seeded, peserta):
    response = _put(peserta, uuid.uuid4(), b"\xff\xd8" + b"0" * (300 * 1024 + 1))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_png_is_415(seeded, peserta):
    response = _put(peserta, uuid.uuid4(), jpeg_bytes(fmt="PNG"), "image/png")
    assert response.status_code == 415


@pytest.mark.parametrize("body", [b"", b"not an image at all", jpeg_bytes(fmt="PNG")])
def test_content_that_is_not_the_declared_image_is_422(seeded, peserta, body):
    response = _put(peserta, uuid.uuid4(), body)
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_image"


def test_huge_pixel_count_is_422(seeded, peserta):
    # 20 megapixels of one colour compress to a few dozen KB, so the byte limit (413) cannot
    # be what refuses it.
    body = jpeg_bytes(size=(5000, 4000), fmt="WEBP")
    assert len(body) < MAX_PHOTO_BYTES
    response = _put(peserta, uuid.uuid4(), body, "image/webp")
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == "Resolusi foto terlalu besar."


def test_another_participant_cannot_see_or_replace_my_photo(seeded, peserta, login_as):
    photo_id, body = uuid.uuid4(), jpeg_bytes()
    _put(peserta, photo_id, body)
    other = login_as("peserta02")
    assert other.get(f"/api/v1/photos/{photo_id}").status_code == 404
    assert _put(other, photo_id, body).status_code == 409


def test_a_reviewer_can_see_the_photo(seeded, peserta, login_as):
    photo_id = uuid.uuid4()
    _put(peserta, photo_id, jpeg_bytes())
    assert login_as("bkpsdm").get(f"/api/v1/photos/{photo_id}").status_code == 200


def test_checkin_record_says_whether_its_photo_has_arrived(seeded, peserta):
    from tests.api.sync_helpers import checkin_entry, send

    photo_id = str(uuid.uuid4())
    entry = checkin_entry(photo_id=photo_id)
    [created] = send(peserta, [entry])
    assert created["record"]["photo_received"] is False
    _put(peserta, photo_id, jpeg_bytes())
    [again] = send(peserta, [entry])
    assert again["status"] == "duplicate" and again["record"]["photo_received"] is True


def test_photo_is_revalidated_on_every_view_and_unchanged_is_304(seeded, peserta, login_as):
    """A selfie must not stay viewable from the HTTP cache after logout on a shared phone."""
    photo_id = uuid.uuid4()
    _put(peserta, photo_id, jpeg_bytes())
    first = peserta.get(f"/api/v1/photos/{photo_id}")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    etag = first.headers["ETag"]
    again = peserta.get(f"/api/v1/photos/{photo_id}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["Cache-Control"] == "private, no-cache"
    other = login_as("peserta02")
    hidden = other.get(f"/api/v1/photos/{photo_id}", headers={"If-None-Match": etag})
    assert hidden.status_code == 404
