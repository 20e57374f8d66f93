"""The admin pages' forms. Choices that come from the database (units, supervisors) are set by
the view; the class keeps an empty list so an unset one is a form error, not a crash."""

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.models.unit import UNIT_KINDS
from webapp.pages.forms import IndonesianForm
from webapp.services.letterhead import MAX_LINES
from webapp.services.work_calendar import HOLIDAY_KINDS, HOLIDAY_LABELS
from webapp.vocabulary import ROLE_NAMES, TIMEZONES, WEEKDAYS

ESELONS = [("", "—")] + [(f"{e}.{s}", f"{e}.{s}") for e in ("I", "II", "III", "IV")
                         for s in "ab"]
SCHEDULE_DAYS = 6  # Monday to Saturday; Sunday is never a work day here
# A CSV of about 2,000 users; its text posts back as one form field (Werkzeug keeps at most
# 500 KB of a form's non-file fields).
MAX_IMPORT_CHARS = 250_000


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserForm(IndonesianForm):
    full_name = StringField("Nama lengkap (dengan gelar)", filters=[_strip],
                            validators=[DataRequired(), Length(max=200)])
    nip = StringField("NIP (18 digit, boleh kosong)", filters=[_strip],
                      validators=[Length(max=18)])
    jabatan = StringField("Jabatan", filters=[_strip], validators=[Length(max=200)])
    eselon = SelectField("Eselon", choices=ESELONS)
    roles = CheckboxesField("Peran", choices=list(ROLE_NAMES.labels.items()))
    unit_id = SelectField("Unit kerja", choices=[])
    supervisor_id = SelectField("Atasan langsung", choices=[])


class NewUserForm(UserForm):
    username = StringField("Nama pengguna", filters=[_strip],
                           validators=[DataRequired(), Length(max=64)])
    initial_password = PasswordField("Kata sandi awal", validators=[DataRequired(),
                                                                    Length(max=256)])


class ResetPasswordForm(IndonesianForm):
    initial_password = PasswordField("Kata sandi awal baru", validators=[DataRequired(),
                                                                         Length(max=256)])


class UserImportForm(IndonesianForm):
    file = FileField("Berkas CSV", validators=[DataRequired()])


class UserImportConfirmForm(IndonesianForm):
    # The checked file travels back with the confirmation and is checked again before import.
    csv = TextAreaField(validators=[DataRequired(), Length(max=MAX_IMPORT_CHARS)])


class UnitForm(IndonesianForm):
    code = StringField("Kode", filters=[_strip], validators=[
        DataRequired(), Length(max=40),
        Regexp(r"^[A-Z0-9][A-Z0-9-]*$", message="Huruf besar, angka dan strip saja.")])
    name = StringField("Nama unit", filters=[_strip], validators=[DataRequired(),
                                                                  Length(max=200)])
    kind = SelectField("Jenis", choices=[(k, k.capitalize()) for k in UNIT_KINDS])
    timezone = SelectField("Zona waktu", choices=list(TIMEZONES.labels.items()))
    latitude = FloatField("Lintang (latitude)", validators=[Optional(),
                                                            NumberRange(-90, 90)])
    longitude = FloatField("Bujur (longitude)", validators=[Optional(),
                                                            NumberRange(-180, 180)])
    geofence_radius_m = FloatField("Radius geofence (meter)", validators=[
        InputRequired(), NumberRange(10, 5000)])
    selfie_required = BooleanField("Wajib swafoto saat absen")
    head_id = SelectField("Kepala unit (atasan)", choices=[])


def _week_fields(cls):
    """In and out time of each weekday, Monday to Saturday: start_0, end_0, ..."""
    for day in range(SCHEDULE_DAYS):
        setattr(cls, f"start_{day}", TimeField(f"{WEEKDAYS[day]} masuk", validators=[Optional()]))
        setattr(cls, f"end_{day}", TimeField(f"{WEEKDAYS[day]} pulang", validators=[Optional()]))
    return cls


@_week_fields
class WeekForm(IndonesianForm):
    own_week = BooleanField("Unit ini punya jadwal sendiri")
    work_days = RadioField("Hari kerja", choices=[("5", "Senin–Jumat"), ("6", "Senin–Sabtu")],
                           default="5")


class DistrictWeekForm(WeekForm):
    own_week = BooleanField("Kabupaten menetapkan jadwal kerjanya")


@_week_fields
class PeriodForm(IndonesianForm):
    name = StringField("Nama periode", filters=[_strip],
                       validators=[DataRequired(), Length(max=200)])
    # InputRequired keeps DateField's "Tanggal tidak sah." (DataRequired would replace it).
    date_from = DateField("Mulai", validators=[InputRequired()])
    date_to = DateField("Sampai", validators=[InputRequired()])


class HolidayForm(IndonesianForm):
    day = DateField("Tanggal", validators=[InputRequired()])
    kind = SelectField("Jenis", choices=[(k, HOLIDAY_LABELS[k]) for k in HOLIDAY_KINDS])
    name = StringField("Nama", filters=[_strip], validators=[DataRequired(), Length(max=200)])
    unit_id = SelectField("Berlaku untuk", choices=[])


class HolidayImportForm(IndonesianForm):
    file = FileField("Berkas CSV", validators=[DataRequired()])


class SettingsForm(IndonesianForm):
    district_name = StringField("Nama daerah (mis. Kabupaten Contoh)", filters=[_strip],
                                validators=[Length(max=120)])
    seat = StringField("Ibu kota (tempat di atas tanda tangan)", filters=[_strip],
                       validators=[Length(max=80)])
    letterhead_lines = TextAreaField(f"Baris kop tambahan (alamat, telepon; maks. {MAX_LINES})",
                                     validators=[Length(max=600)])
    logo = FileField("Logo daerah (PNG, JPEG atau WebP, maks. 512 KB)")
    remove_logo = BooleanField("Hapus logo")
    bkpsdm_head_name = StringField("Nama Kepala BKPSDM (dengan gelar)", filters=[_strip],
                                   validators=[Length(max=200)])
    bkpsdm_head_nip = StringField("NIP Kepala BKPSDM", filters=[_strip],
                                  validators=[Length(max=18)])
