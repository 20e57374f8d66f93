"""A schema base whose validation messages are in Bahasa Indonesia: users read them on phones."""

import re
from datetime import UTC, date, datetime

import marshmallow as ma

FIELD_MESSAGES = {
    "required": "Wajib diisi.",
    "null": "Tidak boleh kosong.",
    "invalid": "Format tidak sah.",
    "invalid_uuid": "Bukan UUID yang sah.",
    "format": "Format tidak sah.",
    "too_large": "Angka terlalu besar.",
    "special": "Angka tidak sah.",
    "validator_failed": "Nilai tidak sah.",
    "invalid_awareness": "Waktu harus menyertakan zona waktu (mis. +07:00).",
}


# Far-off years are typos, and near year 1 or 9999 a time has no UTC equivalent or cannot be
# moved by a clock offset.
SANE_DATE = ma.validate.Range(date(2000, 1, 1), date(2100, 12, 31),
                              error="Tanggal harus antara 2000 dan 2100.")
SANE_TIME = ma.validate.Range(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC),
                              error="Waktu harus antara tahun 2000 dan 2100.")


NUL_MESSAGE = "Teks tidak boleh berisi karakter NUL."
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
BROKEN_TEXT_MESSAGE = "Teks berisi karakter yang tidak sah (surrogate UTF-16 tunggal)."


# Ids and counts are 32-bit in the database; SQLite cannot even bind an integer over 64 bits.
INTEGER_RANGE = ma.validate.Range(-(2**31), 2**31 - 1, error="Angka di luar jangkauan.")


def _clean_text(value) -> None:
    # PostgreSQL cannot store U+0000, and no UTF-8 encoder a lone surrogate ("\ud800" in JSON;
    # a 500 on both backends); refusing them here turns them into a 422 naming the field, or
    # one rejected sync entry, instead of a database error.
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise ma.ValidationError(NUL_MESSAGE)
    if LONE_SURROGATE.search(value):
        raise ma.ValidationError(BROKEN_TEXT_MESSAGE)


class IdSchema(ma.Schema):
    error_messages = {"unknown": "Kolom tidak dikenal.",
                      "type": "Data harus berupa objek JSON."}

    def on_bind_field(self, field_name, field_obj):
        for key, message in FIELD_MESSAGES.items():
            if key in field_obj.error_messages:
                field_obj.error_messages[key] = message
        if isinstance(field_obj, ma.fields.String):
            field_obj.validators = [*field_obj.validators, _clean_text]
        if isinstance(field_obj, ma.fields.Integer):
            field_obj.validators = [*field_obj.validators, INTEGER_RANGE]
