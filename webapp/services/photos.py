"""Photos are judged by their content, not their name or header: decoded with Pillow, bounded in
size and pixels, then re-encoded so no EXIF (location, device) or hidden payload survives.
Stored under the phone's own UUID, so an upload retried after a lost reply is answered as the
first one was."""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.models import Photo
from webapp.services.refused import Refused

MAX_PHOTO_BYTES = 300 * 1024
MAX_PIXELS = 16_000_000
OUTPUT_MAX_SIDE = 1024
ACCEPTED_TYPES = {"image/jpeg": "JPEG", "image/webp": "WEBP"}


@dataclass(frozen=True)
class CleanPhoto:
    data: bytes
    width: int
    height: int
    source_sha256: str
    content_type: str = "image/jpeg"


def clean_photo(raw: bytes, content_type: str) -> CleanPhoto:
    declared = ACCEPTED_TYPES.get(content_type.split(";")[0].strip().lower())
    if declared is None:
        raise Refused(415, "Foto harus image/jpeg atau image/webp.", code="unsupported_media_type")
    if len(raw) > MAX_PHOTO_BYTES:
        raise Refused(413, "Foto lebih dari 300 KB; kecilkan dulu.", code="too_large")
    if not raw:
        raise Refused(422, "Foto kosong.", code="invalid_image")
    try:
        image = Image.open(io.BytesIO(raw))
        if image.format != declared:
            raise Refused(422, "Isi berkas tidak sesuai jenis fotonya.", code="invalid_image")
        if image.width * image.height > MAX_PIXELS:
            raise Refused(422, "Resolusi foto terlalu besar.", code="invalid_image")
        image.load()
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise Refused(422, "Berkas bukan foto yang bisa dibaca.",
                      code="invalid_image") from error
    image.thumbnail((OUTPUT_MAX_SIDE, OUTPUT_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return CleanPhoto(out.getvalue(), image.width, image.height, hashlib.sha256(raw).hexdigest())


def store_photo(user_id: int, photo_id: str, clean: CleanPhoto) -> tuple[Photo, bool]:
    """(the photo, whether it is new). The same upload again, by the same user, is the photo
    already stored; another photo under a used id is refused (409)."""
    existing = db.session.get(Photo, photo_id)
    if existing is None:
        photo = Photo(id=photo_id, user_id=user_id, content_type=clean.content_type,
                      data=clean.data, source_sha256=clean.source_sha256, width=clean.width,
                      height=clean.height)
        try:
            with db.session.begin_nested():
                db.session.add(photo)
            return photo, True
        except IntegrityError:
            # A retry of the same upload won the race; answer as for any repeat.
            existing = db.session.get(Photo, photo_id)
    if existing.user_id == user_id and existing.source_sha256 == clean.source_sha256:
        return existing, False
    raise Refused(409, "ID foto ini sudah dipakai untuk foto lain.", code="photo_id_taken")
