"""A schema base whose validation messages are in Bahasa Indonesia: users read them on phones."""

import re
from datetime import UTC, date, datetime

import marshmallow as ma
from marshmallow import fields, validate

# marshmallow's own messages, by the field class that defines them; every schema (and webargs,
# which loads through them) answers in Bahasa Indonesia without repeating them per field.
FIELD_MESSAGES = {
    fields.Field: {"required": "Wajib diisi.", "null": "Tidak boleh kosong.",
                   "validator_failed": "Nilai tidak sah."},
    fields.Nested: {"type": "Harus berupa objek."},
    fields.List: {"invalid": "Harus berupa daftar."},
    fields.Tuple: {"invalid": "Harus berupa daftar."},
    fields.String: {"invalid": "Harus berupa teks.", "invalid_utf8": "Teks bukan UTF-8 yang sah."},
    fields.UUID: {"invalid_uuid": "Bukan UUID yang sah."},
    fields.Number: {"invalid": "Harus berupa angka.", "too_large": "Angka terlalu besar."},
    fields.Integer: {"invalid": "Harus berupa bilangan bulat."},
    fields.Float: {"special": "Angka tidak sah."},
    fields.Decimal: {"special": "Angka tidak sah."},
    fields.Boolean: {"invalid": "Harus benar atau salah."},
    fields._TemporalField: {"invalid": "Format tidak sah.",
                            "invalid_awareness": "Zona waktu tidak sesuai.",
                            "format": "Tidak dapat diformat."},
    fields.DateTime: {"invalid": "Tanggal dan jam tidak sah."},
    fields.AwareDateTime: {
        "invalid_awareness": "Waktu harus menyertakan zona waktu (mis. +07:00)."},
    fields.NaiveDateTime: {"invalid_awareness": "Waktu tidak boleh menyertakan zona waktu."},
    fields.Time: {"invalid": "Jam tidak sah."},
    fields.Date: {"invalid": "Tanggal tidak sah.", "format": "Tidak dapat diformat."},
    fields.TimeDelta: {"invalid": "Jangka waktu tidak sah.", "format": "Tidak dapat diformat."},
    fields.Mapping: {"invalid": "Harus berupa objek."},
    fields.Url: {"invalid": "URL tidak sah."},
    fields.Email: {"invalid": "Alamat email tidak sah."},
    fields.IP: {"invalid_ip": "Alamat IP tidak sah."},
    fields.IPv4: {"invalid_ip": "Alamat IPv4 tidak sah."},
    fields.IPv6: {"invalid_ip": "Alamat IPv6 tidak sah."},
    fields.IPInterface: {"invalid_ip_interface": "Antarmuka IP tidak sah."},
    fields.IPv4Interface: {"invalid_ip_interface": "Antarmuka IPv4 tidak sah."},
    fields.IPv6Interface: {"invalid_ip_interface": "Antarmuka IPv6 tidak sah."},
    fields.Enum: {"unknown": "Harus salah satu dari: {choices}."},
}
SCHEMA_MESSAGES = {"unknown": "Kolom tidak dikenal.", "type": "Data harus berupa objek JSON."}
# Validators copy their class's message when built, so these are set before any schema exists.
VALIDATOR_MESSAGES = {
    validate.Length: {"message_min": "Terlalu pendek (minimal {min}).",
                      "message_max": "Terlalu panjang (maksimal {max}).",
                      "message_all": "Panjang harus {min}–{max}.",
                      "message_equal": "Panjang harus tepat {equal}."},
    validate.Range: {"message_min": "Harus {min_op} {{min}}.",
                     "message_max": "Harus {max_op} {{max}}.",
                     "message_all": "Harus {min_op} {{min}} dan {max_op} {{max}}.",
                     "message_gte": "minimal", "message_gt": "lebih dari",
                     "message_lte": "maksimal", "message_lt": "kurang dari"},
    validate.OneOf: {"default_message": "Harus salah satu dari: {choices}."},
    validate.ContainsOnly: {"default_message": "Ada pilihan di luar: {choices}."},
    validate.NoneOf: {"default_message": "Nilai tidak sah."},
    validate.ContainsNoneOf: {"default_message": "Ada pilihan yang tidak boleh: {values}."},
    validate.Equal: {"default_message": "Harus sama dengan {other}."},
    validate.Regexp: {"default_message": "Format tidak sesuai."},
    validate.Predicate: {"default_message": "Nilai tidak sah."},
    validate.URL: {"default_message": "URL tidak sah."},
    validate.Email: {"default_message": "Alamat email tidak sah."},
}


def _speak_indonesian() -> None:
    for field_class, messages in FIELD_MESSAGES.items():
        # Assigned, not updated in place: a class without its own dict would change its parent's.
        field_class.default_error_messages = {**field_class.__dict__.get(
            "default_error_messages", {}), **messages}
    ma.Schema.error_messages = SCHEMA_MESSAGES
    for validator_class, attributes in VALIDATOR_MESSAGES.items():
        for name, message in attributes.items():
            setattr(validator_class, name, message)


_speak_indonesian()


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
    def on_bind_field(self, field_name, field_obj):
        if isinstance(field_obj, ma.fields.String):
            field_obj.validators = [*field_obj.validators, _clean_text]
        if isinstance(field_obj, ma.fields.Integer):
            field_obj.validators = [*field_obj.validators, INTEGER_RANGE]
