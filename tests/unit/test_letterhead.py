"""The letterhead of printed sheets: settings first, config as fallback; logos re-encoded."""

import io
from pathlib import Path

import pytest
from PIL import Image

from webapp.models import DistrictSettings
from webapp.services.letterhead import LOGO_SIDE, MAX_LOGO_BYTES, clean_logo, letterhead_from
from webapp.services.refused import Refused

CONFIG = {"DISTRICT_NAME": "Kabupaten Cadangan", "DISTRICT_SEAT": "Kota Cadangan"}
TEMPLATES = Path(__file__).parents[2] / "webapp" / "templates"


def _image(fmt: str, size=(800, 600), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (10, 120, 80)).save(out, fmt)
    return out.getvalue()


def test_without_settings_the_config_names_the_district():
    head = letterhead_from(None, CONFIG)
    assert head.government == "PEMERINTAH KABUPATEN CADANGAN"
    assert head.place_and_date("9 November 2026") == "Kota Cadangan, 9 November 2026"
    assert head.logo_data_uri is None and head.bkpsdm_head_name == ""


def test_stored_settings_win_and_empty_ones_fall_back_to_the_config():
    row = DistrictSettings(district_name="Kota Contoh", seat="",
                           letterhead_lines="Jalan A\n\n  Telp 1 ", logo_png=b"png",
                           bkpsdm_head_name="Budi", bkpsdm_head_nip="1" * 18)
    head = letterhead_from(row, CONFIG)
    assert head.government == "PEMERINTAH KOTA CONTOH"
    assert head.seat == "Kota Cadangan"
    assert head.lines == ("Jalan A", "Telp 1")
    assert head.logo_data_uri == "data:image/png;base64,cG5n"
    assert (head.bkpsdm_head_name, head.bkpsdm_head_nip) == ("Budi", "1" * 18)


def test_nothing_set_anywhere_prints_no_government_line_and_a_bare_date():
    head = letterhead_from(None, {})
    assert head.government == "" and head.place_and_date("1 Mei 2026") == "1 Mei 2026"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_a_logo_is_re_encoded_as_a_small_png(fmt):
    logo = clean_logo(_image(fmt))
    image = Image.open(io.BytesIO(logo))
    assert image.format == "PNG" and max(image.size) == LOGO_SIDE and image.mode == "RGBA"


def test_a_logo_keeps_its_transparency():
    logo = Image.open(io.BytesIO(clean_logo(_image("PNG", (50, 50), "RGBA"))))
    assert logo.getpixel((0, 0))[3] == 255
    clear = io.BytesIO()
    Image.new("RGBA", (50, 50), (0, 0, 0, 0)).save(clear, "PNG")
    assert Image.open(io.BytesIO(clean_logo(clear.getvalue()))).getpixel((0, 0))[3] == 0


@pytest.mark.parametrize(("raw", "status"), [
    (b"bukan gambar", 422),
    (_image("GIF", (10, 10), "P"), 422),
    (b"\x89PNG" + b"0" * MAX_LOGO_BYTES, 413),
])
def test_what_is_not_a_logo_is_refused_in_indonesian(raw, status):
    with pytest.raises(Refused) as refused:
        clean_logo(raw)
    assert refused.value.status == status
    assert refused.value.message.startswith(("Logo ", "Berkas bukan gambar"))


def test_no_template_names_the_demo_district():
    named = [p.name for p in TEMPLATES.rglob("*.html")
             if "Solok" in p.read_text() or "Padang Aro" in p.read_text()]
    assert named == []


@pytest.mark.parametrize(("district", "head"), [
    ("Kabupaten Contoh Selatan", "Bupati Contoh Selatan"), ("Kota Contoh", "Wali Kota Contoh"),
    ("Contoh", "Kepala Daerah Contoh"), ("", "Kepala Daerah")])
def test_a_report_goes_to_the_head_a_kabupaten_or_a_kota_has(district, head):
    assert letterhead_from(None, {"DISTRICT_NAME": district}).regional_head == head
