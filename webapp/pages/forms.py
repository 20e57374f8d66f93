"""Reading posted forms, for every page: form classes (IndonesianForm) where a form is just
fields, and `load_form` where a page posts what a JSON API schema already checks (the coaching
pages), with the helpers that turn form text into what the schema expects. CSRF is checked for
every POST (CSRFProtect)."""

import marshmallow as ma
from flask import abort, flash
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

from webapp.extensions import db
from webapp.services.checkin_review import REASON_MAX
from webapp.services.refused import Refused
from webapp.vocabulary import DECISIONS

# WTForms' built-in messages (its message catalogue, wtforms/locale/wtforms.pot) in Bahasa
# Indonesia; WTForms ships no Indonesian catalogue. Singular and plural read the same.
WTFORMS_MESSAGES = {
    "This field is required.": "Wajib diisi.",
    "Field must be at least %(min)d character long.": "Minimal %(min)d karakter.",
    "Field must be at least %(min)d characters long.": "Minimal %(min)d karakter.",
    "Field cannot be longer than %(max)d character.": "Maksimal %(max)d karakter.",
    "Field cannot be longer than %(max)d characters.": "Maksimal %(max)d karakter.",
    "Field must be exactly %(max)d character long.": "Harus tepat %(max)d karakter.",
    "Field must be exactly %(max)d characters long.": "Harus tepat %(max)d karakter.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Harus %(min)d–%(max)d karakter.",
    "Field must be equal to %(other_name)s.": "Harus sama dengan %(other_name)s.",
    "Number must be at least %(min)s.": "Angka minimal %(min)s.",
    "Number must be at most %(max)s.": "Angka maksimal %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Angka harus %(min)s–%(max)s.",
    "Date must be at least %(min)s.": "Tanggal paling awal %(min)s.",
    "Date must be at most %(max)s.": "Tanggal paling akhir %(max)s.",
    "Date must be between %(min)s and %(max)s.": "Tanggal harus antara %(min)s dan %(max)s.",
    "Invalid input.": "Isian tidak sah.",
    "Invalid email address.": "Alamat email tidak sah.",
    "Invalid URL.": "URL tidak sah.",
    "Invalid UUID.": "UUID tidak sah.",
    "Invalid value, must be one of: %(values)s.": "Harus salah satu dari: %(values)s.",
    "Invalid value, can't be any of: %(values)s.": "Tidak boleh salah satu dari: %(values)s.",
    "Invalid CSRF Token.": "Token formulir tidak sah; muat ulang halaman.",
    "CSRF token missing.": "Token formulir hilang; muat ulang halaman.",
    "CSRF failed.": "Pemeriksaan formulir gagal; muat ulang halaman.",
    "CSRF token expired.": "Formulir kedaluwarsa; muat ulang halaman.",
    "Invalid Choice: could not coerce.": "Pilihan tidak sah.",
    "Choices cannot be None.": "Pilihan tidak tersedia.",
    "Not a valid choice.": "Pilihan tidak sah.",
    "Invalid choice(s): one or more data inputs could not be coerced.": "Pilihan tidak sah.",
    "'%(value)s' is not a valid choice for this field.": "Pilihan '%(value)s' tidak sah.",
    "'%(value)s' are not valid choices for this field.": "Pilihan '%(value)s' tidak sah.",
    "Not a valid datetime value.": "Tanggal dan jam tidak sah.",
    "Not a valid date value.": "Tanggal tidak sah.",
    "Not a valid time value.": "Jam tidak sah.",
    "Not a valid integer value.": "Harus berupa bilangan bulat.",
    "Not a valid decimal value.": "Harus berupa angka.",
    "Not a valid float value.": "Harus berupa angka.",
}


class _Indonesian:
    """The translations object WTForms asks for every built-in message."""

    def gettext(self, string: str) -> str:
        return WTFORMS_MESSAGES.get(string, string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


class IndonesianForm(FlaskForm):
    """Every form of Hadir: CSRF from Flask-WTF, messages in Bahasa Indonesia."""

    class Meta:
        def get_translations(self, form):
            return _Indonesian()


class LoginForm(IndonesianForm):
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("Kata sandi", validators=[DataRequired(), Length(max=256)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Kata sandi lama", validators=[
        DataRequired("Isi kata sandi lama."), Length(max=256)])
    new_password = PasswordField("Kata sandi baru", validators=[
        DataRequired("Isi kata sandi baru."), Length(max=256)])
    confirm = PasswordField("Ulangi kata sandi baru", validators=[
        DataRequired("Ulangi kata sandi baru."),
        EqualTo("new_password", "Kedua kata sandi baru tidak sama.")])


class DecisionForm(IndonesianForm):
    # The two submit buttons are both named "decision"; the one pressed sends its value.
    decision = SelectField(choices=DECISIONS.values, validate_choice=True)
    reason = TextAreaField("Alasan", validators=[Length(max=REASON_MAX)])


class ResolveForm(IndonesianForm):
    reason = TextAreaField("Catatan", validators=[Length(max=REASON_MAX)])


def form_int(value: str | None):
    """A form number as int when it is one; anything else goes to the schema to refuse."""
    value = (value or "").strip()
    return int(value) if value.lstrip("-").isdigit() else (value or None)


def form_number(value: str | None):
    value = (value or "").strip().replace(",", ".")
    try:
        return float(value)
    except ValueError:
        return value or None


def form_optional(value: str | None):
    return (value or "").strip() or None


def _messages(value) -> list[str]:
    """All messages under a field, however marshmallow nested them (per list item, per key)."""
    if isinstance(value, dict):
        return [m for inner in value.values() for m in _messages(inner)]
    if isinstance(value, list):
        return [m for inner in value for m in _messages(inner)]
    return [str(value)]


def load_form(schema: ma.Schema, data: dict) -> tuple[dict | None, dict[str, list[str]]]:
    """(the loaded data, {}) or (None, messages per field) for the page to show."""
    try:
        return schema.load(data), {}
    except ma.ValidationError as error:
        return None, {field: _messages(value) for field, value in error.messages_dict.items()}


def flash_refused(error: Refused) -> None:
    """A service's refusal as the page's message; a missing record is the page's 404."""
    db.session.rollback()
    if error.status == 404:
        abort(404)
    flash(error.message, "error")
    for field, messages in (error.fields or {}).items():
        flash(f"{field}: {' '.join(messages)}", "error")
