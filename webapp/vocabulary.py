"""The domain's words in one place: the values stored and sent, and the labels users read.

Models (CHECK constraints), schemas, services, templates (the `vocab` context processor) and the
front end (`data-vocabulary` on <body>, read by static/js/vocabulary.js) all take them from here,
so adding an attendance status is a change here plus its rule in `webapp.services`.
Plain Python: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    value: str  # stored in the database and sent over the API
    label: str  # what a user reads
    short: str = ""  # where space is tight (the coach's status buttons, the daily matrix)
    note: str = ""  # how a participant's own history words it, where that differs


class Terms:
    """An ordered set of terms; iterating and `in` go by stored value, as a tuple of them would."""

    def __init__(self, *terms: Term):
        self.terms = terms
        self.values = tuple(t.value for t in terms)
        self.labels = {t.value: t.label for t in terms}
        self.short = {t.value: t.short or t.label for t in terms}
        self.notes = {t.value: t.note for t in terms if t.note}

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __contains__(self, value: object) -> bool:
        return value in self.labels

    def __len__(self) -> int:
        return len(self.terms)

    def label(self, value: str) -> str:
        return self.labels[value]

    def spoken(self) -> str:
        """The values as a validation message lists them: "izin, sakit, atau dinas_luar"."""
        *head, last = self.values
        return f"{', '.join(head)}, atau {last}"

    def subset(self, *values: str) -> Terms:
        return Terms(*(t for t in self.terms if t.value in values))

    def __add__(self, other: Terms) -> Terms:
        return Terms(*self.terms, *other.terms)


# --- coaching-clinic attendance (SessionAttendance.status) ----------------------------------

HADIR, TERLAMBAT, IZIN, SAKIT, DINAS_LUAR, ALPA = (
    "hadir", "terlambat", "izin", "sakit", "dinas_luar", "alpa")
ATTENDANCE = Terms(
    Term(HADIR, "Hadir"),
    Term(TERLAMBAT, "Terlambat", "Telat"),
    Term(IZIN, "Izin"),
    Term(SAKIT, "Sakit"),
    Term(DINAS_LUAR, "Dinas luar", "DL"),
    Term(ALPA, "Alpa"),
)
# What a valid rotating code gives (SessionAttendance.self_status), and the leave a participant
# may ask for: approved leave turns sessions into that status. How each status counts towards
# completion is a rule, in webapp.services.completion.
SELF_STATUSES = ATTENDANCE.subset(HADIR, TERLAMBAT)
LEAVE_TYPES = ATTENDANCE.subset(IZIN, SAKIT, DINAS_LUAR)
ATTENDANCE_SOURCES = ("self_code", "coach", "leave")

# --- clinic sessions (ClinicSession.status) -------------------------------------------------

PLANNED, HELD, CANCELLED = "planned", "held", "cancelled"
SESSION_STATES = Terms(
    Term(PLANNED, "Direncanakan"),
    Term(HELD, "Terlaksana"),
    Term(CANCELLED, "Dibatalkan"),
)

# --- leave requests (LeaveRequest.state) ----------------------------------------------------

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
LEAVE_STATES = Terms(
    Term(PENDING, "Menunggu"),
    Term(APPROVED, "Disetujui"),
    Term(REJECTED, "Ditolak"),
)

# --- check-ins (CheckIn.type, .review_state, .flags) ----------------------------------------

CHECKIN_TYPES = Terms(Term("in", "masuk"), Term("out", "pulang"))
REVIEW_STATES = Terms(
    Term("ok", "Wajar"),
    Term("needs_review", "Perlu ditinjau", note="ditinjau BKPSDM"),
    Term(APPROVED, "Disetujui", note="disetujui"),
    Term(REJECTED, "Ditolak", note="ditolak peninjau"),
)
DECISIONS = REVIEW_STATES.subset(APPROVED, REJECTED)
CHECKIN_FLAGS = Terms(
    Term("outside_geofence", "Di luar radius kantor", note="di luar area kantor"),
    Term("low_accuracy", "Akurasi GPS rendah", note="lokasi kurang akurat"),
    Term("clock_skew", "Jam HP tidak tepat", note="jam HP tidak tepat"),
    Term("late_sync", "Terlambat disinkronkan", note="terkirim terlambat"),
    Term("future_time", "Waktu di masa depan", note="waktu di masa depan"),
    Term("missing_photo", "Tanpa swafoto", note="tanpa foto"),
)

# --- a unit's day (webapp.services.daily_attendance) ----------------------------------------

ON_TIME, LATE, ABSENT, NOT_YET, FUTURE, WEEKEND = (
    "tepat_waktu", TERLAMBAT, "tidak_absen", "belum_absen", "mendatang", "libur")
DAY_STATUSES = Terms(Term(ON_TIME, "Tepat waktu")) + ATTENDANCE.subset(LATE) + LEAVE_TYPES + Terms(
    Term(ABSENT, "Tidak absen"),
    Term(NOT_YET, "Belum absen"),
    Term(FUTURE, "—"),
    Term(WEEKEND, "Libur"),
)

# --- completion zones (webapp.services.completion) ------------------------------------------

HIJAU, KUNING, MERAH, BELUM = "hijau", "kuning", "merah", "belum"
ZONES = Terms(
    Term(HIJAU, "Hijau"),
    Term(KUNING, "Kuning"),
    Term(MERAH, "Merah"),
    Term(BELUM, "Belum ada sesi"),
)

# --- change projects (webapp.services.project_rules) -----------------------------------------

PROGRAM_KINDS = Terms(Term("coaching_clinic", "Klinik pembinaan"),
                      Term("leadership_training", "Pelatihan kepemimpinan"))
LIFE_STATES = Terms(
    Term("rencana", "Rencana"),
    Term("hidup", "Hidup"),
    Term("melemah", "Melemah"),
    Term("mati_suri", "Mati suri"),
    Term("berhenti", "Berhenti"),
)
STAGES = Terms(Term("pendek", "Jangka pendek"), Term("menengah", "Jangka menengah"),
               Term("panjang", "Jangka panjang"))
MILESTONE_STATES = Terms(
    Term("terbuka", "Belum selesai"),
    Term("diklaim", "Menunggu mentor"),
    Term("diterima", "Diterima"),
    Term("dikembalikan", "Dikembalikan"),
)
VERDICTS = MILESTONE_STATES.subset("diterima", "dikembalikan")
# Where a milestone stands for BKPSDM's counts (webapp.services.project_review).
MILESTONE_PROGRESS = Terms(Term("selesai", "Selesai"),
                           Term("belum_jatuh_tempo", "Belum jatuh tempo"),
                           Term("terlambat", "Terlambat"))
CLASSIFICATIONS = Terms(Term("inovasi_baru", "Inovasi baru"),
                        Term("pengembangan", "Pengembangan"),
                        Term("rutinitas", "Rutinitas"))
STOP_REASONS = Terms(
    Term("anggaran", "Anggaran"),
    Term("mutasi", "Mutasi pejabat"),
    Term("sdm", "SDM"),
    Term("infrastruktur", "Infrastruktur"),
    Term("kebijakan", "Kebijakan"),
    Term("lainnya", "Lainnya"),
)

# --- calendar and time zones ----------------------------------------------------------------

# Index = date.weekday() (0 = Monday) and month - 1; the short form is the first three letters.
# --- accounts (UserRole.role) ------------------------------------------------------------

ROLE_NAMES = Terms(Term("participant", "Peserta"), Term("coach", "Pelatih"),
                   Term("reviewer", "Peninjau BKPSDM"), Term("supervisor", "Atasan"),
                   Term("admin", "Admin"))

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
SHORT_MONTHS = tuple(m[:3] for m in MONTHS)

# The district's own zone: units default to it, and "printed on" stamps use it.
DEFAULT_TIMEZONE = "Asia/Jakarta"
TIMEZONES = Terms(
    Term(DEFAULT_TIMEZONE, "WIB"),
    Term("Asia/Makassar", "WITA"),
    Term("Asia/Jayapura", "WIT"),
)


def for_client() -> dict:
    """What the front end reads (embedded in every logged-in page as `data-vocabulary`)."""
    return {
        "attendance": ATTENDANCE.labels,
        "session_states": SESSION_STATES.labels,
        "leave_types": LEAVE_TYPES.labels,
        "request_states": LEAVE_STATES.labels,
        "checkin_types": CHECKIN_TYPES.labels,
        "review_notes": REVIEW_STATES.notes,
        "flag_notes": CHECKIN_FLAGS.notes,
        "timezones": TIMEZONES.labels,
        "project_states": LIFE_STATES.labels,
        "project_stages": STAGES.labels,
        "milestone_states": MILESTONE_STATES.labels,
        "classifications": CLASSIFICATIONS.labels,
        "stop_reasons": STOP_REASONS.labels,
        "default_timezone": DEFAULT_TIMEZONE,
    }
