"""Photos are judged by their content, not their name or header: decoded with Pillow, bounded in
size and pixels, then re-encoded so no EXIF (location, device) or hidden payload survives."""

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 300 * 1024
MAX_PIXELS = 16_000_000
OUTPUT_MAX_SIDE = 1024
ACCEPTED_TYPES = {"image/jpeg": "JPEG", "image/webp": "WEBP"}


class PhotoRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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
        raise PhotoRefused(415, "unsupported_media_type", "Foto harus image/jpeg atau image/webp.")
    if len(raw) > MAX_PHOTO_BYTES:
        raise PhotoRefused(413, "too_large", "Foto lebih dari 300 KB; kecilkan dulu.")
    if not raw:
        raise PhotoRefused(422, "invalid_image", "Foto kosong.")
    try:
        image = Image.open(io.BytesIO(raw))
        if image.format != declared:
            raise PhotoRefused(422, "invalid_image", "Isi berkas tidak sesuai jenis fotonya.")
        if image.width * image.height > MAX_PIXELS:
            raise PhotoRefused(422, "invalid_image", "Resolusi foto terlalu besar.")
        image.load()
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoRefused(422, "invalid_image", "Berkas bukan foto yang bisa dibaca.") from error
    image.thumbnail((OUTPUT_MAX_SIDE, OUTPUT_MAX_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return CleanPhoto(out.getvalue(), image.width, image.height, hashlib.sha256(raw).hexdigest())
