"""The district's letterhead and signatories on every printed sheet, from its settings row
(/admin/settings), each part falling back to the config (DISTRICT_NAME, DISTRICT_SEAT) while
the row leaves it empty. One Letterhead for every print template (templates/_letterhead.html),
so no template names a district."""

import base64
import hashlib
import io
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from webapp.extensions import db
from webapp.models import DistrictSettings
from webapp.services import audit
from webapp.services.refused import Refused

MAX_LOGO_BYTES = 512 * 1024
MAX_LOGO_PIXELS = 16_000_000
LOGO_SIDE = 240  # px; printed at about 2 cm, so twice that at print resolution is plenty
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
MAX_LINES = 4
TEXT_FIELDS = ("district_name", "seat", "letterhead_lines", "bkpsdm_head_name",
               "bkpsdm_head_nip")


@dataclass(frozen=True)
class Letterhead:
    district: str = ""  # "Kabupaten Contoh"
    seat: str = ""  # "Kota Contoh", the place above a signature's date
    lines: tuple[str, ...] = ()  # under the agency: address, telephone, web site
    logo_png: bytes | None = None
    bkpsdm_head_name: str = ""
    bkpsdm_head_nip: str | None = None

    @property
    def government(self) -> str:
        return f"PEMERINTAH {self.district.upper()}" if self.district else ""

    @property
    def logo_data_uri(self) -> str | None:
        # Inline: a print page needs no second request, and the logo is a few KB.
        if self.logo_png is None:
            return None
        return "data:image/png;base64," + base64.b64encode(self.logo_png).decode()

    @property
    def regional_head(self) -> str:
        """Whom a report goes to: a kabupaten's Bupati, a kota's Wali Kota."""
        name = self.district.strip()
        for prefix, title in (("kabupaten ", "Bupati"), ("kota ", "Wali Kota")):
            if name.lower().startswith(prefix):
                return f"{title} {name[len(prefix):]}"
        return f"Kepala Daerah {name}".strip()

    def place_and_date(self, long_date: str) -> str:
        return f"{self.seat}, {long_date}" if self.seat else long_date


def split_lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def letterhead_from(row: DistrictSettings | None, config: Mapping) -> Letterhead:
    """The stored settings, with the config's district and seat where the row has none."""
    if row is None:
        return Letterhead(config.get("DISTRICT_NAME", ""), config.get("DISTRICT_SEAT", ""))
    return Letterhead(row.district_name or config.get("DISTRICT_NAME", ""),
                      row.seat or config.get("DISTRICT_SEAT", ""),
                      split_lines(row.letterhead_lines), row.logo_png, row.bkpsdm_head_name,
                      row.bkpsdm_head_nip)


def load_settings() -> DistrictSettings | None:
    return db.session.get(DistrictSettings, 1)


def load_letterhead(config: Mapping) -> Letterhead:
    return letterhead_from(load_settings(), config)


def _bad_logo(status: int, message: str) -> Refused:
    return Refused(status, message, {"logo": [message]})


def clean_logo(raw: bytes) -> bytes:
    """An uploaded logo judged by its content and re-encoded as a small PNG (transparency
    kept), so nothing but pixels from the upload is stored. A refusal names the field `logo`."""
    if len(raw) > MAX_LOGO_BYTES:
        raise _bad_logo(413, f"Logo lebih dari {MAX_LOGO_BYTES // 1024} KB; kecilkan dulu.")
    try:
        image = Image.open(io.BytesIO(raw))
        if image.format not in LOGO_FORMATS:
            raise _bad_logo(422, "Logo harus berkas PNG, JPEG atau WebP.")
        if image.width * image.height > MAX_LOGO_PIXELS:
            raise _bad_logo(422, "Resolusi logo terlalu besar.")
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise _bad_logo(422, "Berkas bukan gambar yang bisa dibaca.") from error
    image = image.convert("RGBA")
    image.thumbnail((LOGO_SIDE, LOGO_SIDE))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _audited(row: DistrictSettings) -> dict:
    values = {name: getattr(row, name) for name in TEXT_FIELDS}
    logo = row.logo_png
    return {**values, "logo_sha256": hashlib.sha256(logo).hexdigest() if logo else None}


def save_settings(actor_id: int | None, values: Mapping[str, str | None],
                  logo_png: bytes | None = None, remove_logo: bool = False) -> DistrictSettings:
    """Store the settings (the only row, made on first save); audited before and after."""
    row = load_settings()
    before = None
    if row is None:
        row = DistrictSettings(id=1)
        db.session.add(row)
    else:
        before = _audited(row)
    for name in TEXT_FIELDS:
        setattr(row, name, values.get(name) or (None if name == "bkpsdm_head_nip" else ""))
    if logo_png is not None:
        row.logo_png = logo_png
    elif remove_logo:
        row.logo_png = None
    db.session.flush()
    audit.record(actor_id, "settings.update", "district_settings", row.id, before=before,
                 after=_audited(row))
    return row
