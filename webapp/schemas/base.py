"""A schema base whose validation messages are in Bahasa Indonesia: users read them on phones."""

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


class IdSchema(ma.Schema):
    error_messages = {"unknown": "Kolom tidak dikenal.",
                      "type": "Data harus berupa objek JSON."}

    def on_bind_field(self, field_name, field_obj):
        for key, message in FIELD_MESSAGES.items():
            if key in field_obj.error_messages:
                field_obj.error_messages[key] = message
