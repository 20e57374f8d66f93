"""Demo district modelled on Solok Selatan (WIB): units, officials, a running programme.

`seed_demo()` is idempotent: it adds only what is missing, keyed by unit code and username.
"""

import hashlib
import io
import random
import uuid
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from PIL import Image, ImageDraw
from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from webapp.extensions import db
from webapp.models import (
    CheckIn,
    ClinicSession,
    DistrictSettings,
    Holiday,
    LeaveRequest,
    Photo,
    Program,
    ProgramParticipant,
    Project,
    ProjectMilestone,
    ProjectReport,
    ProjectReview,
    ProjectStop,
    SessionAttendance,
    SpecialPeriod,
    SyncConflict,
    SyncEntry,
    Unit,
    User,
    WorkHours,
)
from webapp.services.calendar_records import load_calendar
from webapp.services.clock import ClockOffset, corrected
from webapp.services.session_codes import new_secret
from webapp.services.sync import payload_hash
from webapp.services.sync_kinds import HANDLERS, Entry, SyncContext
from webapp.services.work_calendar import Calendar, default_week, work_day
from webapp.vocabulary import DEFAULT_TIMEZONE

DEMO_PASSWORD = "hadir-demo"
WIB = ZoneInfo(DEFAULT_TIMEZONE)
PROGRAM_NAME = "Coaching Clinic Transformasi Digital Pejabat Eselon III"

# code, name, kind, lat, lon
UNITS = [
    ("SETDA", "Sekretariat Daerah", "sekretariat", -1.47000, 101.25000),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", "dinas", -1.47120, 101.24890),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan SDM", "badan", -1.47180, 101.24950),
    ("DISDIK", "Dinas Pendidikan dan Kebudayaan", "dinas", -1.47300, 101.24700),
    ("DINKES", "Dinas Kesehatan", "dinas", -1.47450, 101.25100),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", -1.46900, 101.25300),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "badan", -1.47080, 101.24780),
    ("DISTAN", "Dinas Pertanian", "dinas", -1.47600, 101.24550),
    ("KEC-SANGIR", "Kecamatan Sangir", "kecamatan", -1.48000, 101.24200),
    ("KEC-SUNGAIPAGU", "Kecamatan Sungai Pagu", "kecamatan", -1.46200, 101.05500),
    ("KEC-KPGD", "Kecamatan Koto Parik Gadang Diateh", "kecamatan", -1.27500, 100.99000),
    ("KEC-PAUHDUO", "Kecamatan Pauh Duo", "kecamatan", -1.41000, 101.13000),
    ("KEC-SANGIRJUJUAN", "Kecamatan Sangir Jujuan", "kecamatan", -1.56000, 101.31000),
    ("KEC-SBJ", "Kecamatan Sangir Balai Janggo", "kecamatan", -1.64000, 101.33000),
    ("KEC-SBH", "Kecamatan Sangir Batang Hari", "kecamatan", -1.50000, 101.42000),
]

# full name, jabatan, eselon, unit code, attendance pattern over the 12 sessions
# (H hadir, T terlambat, A alpa, I izin, S sakit) chosen so all three zones show.
PARTICIPANTS = [
    ("Drs. Afrizal Syamsuddin, M.Si.", "Camat Sangir", "III.a", "KEC-SANGIR", "HHHHHHHHHHHH"),
    ("Yulia Rahmawati, S.STP., M.Si.", "Camat Sungai Pagu", "III.a", "KEC-SUNGAIPAGU",
     "HHTHHHHHHHHH"),
    ("Hendra Saputra, S.Sos.", "Camat Koto Parik Gadang Diateh", "III.a", "KEC-KPGD",
     "HAHAHHAHHHHH"),
    ("Rini Marlina, S.STP.", "Camat Pauh Duo", "III.a", "KEC-PAUHDUO", "HHHHIHHHHHHH"),
    ("Zulkifli, S.H.", "Camat Sangir Jujuan", "III.a", "KEC-SANGIRJUJUAN", "HAAAHAAAAAAA"),
    ("Arif Budiman, S.IP.", "Camat Sangir Balai Janggo", "III.a", "KEC-SBJ", "HHAAHHHHHHHH"),
    ("Novi Yanti, S.E., M.M.", "Camat Sangir Batang Hari", "III.a", "KEC-SBH", "HTHHHHHHHHHH"),
    ("Ir. Syafrizal Chaniago", "Sekretaris Dinas PUPR", "III.a", "PUPR", "HHHHHHTHHHHH"),
    ("Desi Ratnasari, S.Pd., M.Pd.", "Sekretaris Dinas Pendidikan dan Kebudayaan", "III.a",
     "DISDIK", "HHHHHAHHHHHH"),
    ("dr. Fadli Hidayat", "Sekretaris Dinas Kesehatan", "III.a", "DINKES", "AAHAAAAAAAAA"),
    ("Ermawati, S.P., M.Si.", "Sekretaris Dinas Pertanian", "III.a", "DISTAN", "HSHHHHHHHHHH"),
    ("Rahmat Hidayat, S.T.", "Sekretaris Bappeda", "III.a", "BAPPEDA", "AHHAHHAHHHHH"),
    ("Indra Gunawan, S.Kom.", "Sekretaris Dinas Komunikasi dan Informatika", "III.a",
     "DISKOMINFO", "HHHHHHHHHHHH"),
    ("Maya Sari, S.H., M.H.", "Sekretaris BKPSDM", "III.a", "BKPSDM", "HHHTHHHHHHHH"),
    ("Budi Santoso, S.T., M.T.", "Kepala Bidang Bina Marga", "III.b", "PUPR", "HAHAAAAAAAAA"),
    ("Sri Wahyuni, S.Pd.", "Kepala Bidang Pembinaan Sekolah Dasar", "III.b", "DISDIK",
     "HHHHHHHHHHHH"),
    ("Andi Pratama, S.KM.", "Kepala Bidang Pelayanan Kesehatan", "III.b", "DINKES",
     "HHAHAHHAHHHH"),
    ("Fitri Handayani, S.P.", "Kepala Bidang Tanaman Pangan", "III.b", "DISTAN", "HHHHHHHHHHHH"),
    ("Joni Iskandar, S.E.", "Kepala Bidang Perencanaan Ekonomi", "III.b", "BAPPEDA",
     "HTHAHHHHHHHH"),
    ("Rika Oktaviani, S.Kom.", "Kepala Bidang Aplikasi Informatika", "III.b", "DISKOMINFO",
     "HHHHHHHHHHHH"),
    ("Yusrizal, S.Sos.", "Kepala Bidang Mutasi dan Promosi", "III.b", "BKPSDM", "AHAAHAAAAAAA"),
    ("Wulan Dari, S.Pd., M.Pd.", "Kepala Bidang Guru dan Tenaga Kependidikan", "III.b",
     "DISDIK", "HHHIHHHHHHHH"),
    ("Agus Salim, S.T.", "Kepala Bidang Cipta Karya", "III.b", "PUPR", "HAHHAHAHHHHH"),
    ("Nurhayati, S.K.M., M.Kes.", "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
     "III.b", "DINKES", "HHHHHHHSHHHH"),
]

# peserta numbers of the women above; the NIP's 15th digit records sex.
FEMALE = {2, 4, 7, 9, 11, 14, 16, 18, 20, 22, 24}

COACHES = [
    ("pelatih1", "Taufik Hidayat, S.Kom.", "Pranata Komputer Ahli Muda"),
    ("pelatih2", "Lisa Permata Sari, S.Kom.", "Pranata Komputer Ahli Pertama"),
    ("pelatih3", "Doni Saputra, S.T.", "Analis Sistem Informasi"),
]

# Heads of demo units (atasan): username, name, jabatan, units headed, peserta numbers whose
# direct supervisor they are. The Sekda heads the secretariat and is the camats' superior.
SUPERVISORS = [
    ("atasan1", "H. Syamsurizal, S.H., M.M.", "Sekretaris Daerah",
     ["SETDA", "KEC-SANGIR", "KEC-SUNGAIPAGU", "KEC-KPGD", "KEC-PAUHDUO", "KEC-SANGIRJUJUAN",
      "KEC-SBJ", "KEC-SBH"], [1, 2, 3, 4, 5, 6, 7]),
    ("atasan2", "Ir. Dasman Putra, M.T.", "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
     ["PUPR"], [8, 15, 23]),
    ("atasan3", "Dra. Elfia Murni, M.Pd.", "Kepala Dinas Pendidikan dan Kebudayaan",
     ["DISDIK"], [9, 16, 22]),
    ("atasan4", "dr. Novrizal Tanjung, M.Kes.", "Kepala Dinas Kesehatan", ["DINKES"],
     [10, 17, 24]),
]

SKILLS = [
    "Tanda tangan elektronik (TTE)",
    "Naskah dinas di SRIKANDI",
    "Berbagi dokumen daring",
    "Rapat virtual",
    "Keamanan akun dan kata sandi",
    "Membaca dasbor data",
]

STATUS_OF = {"H": "hadir", "T": "terlambat", "A": "alpa", "I": "izin", "S": "sakit"}


def demo_nip(index: int, female: bool) -> str:
    """A well-formed 18-digit NIP: birth date, appointment month, sex, sequence."""
    birth = date(1970, 1, 1) + timedelta(days=397 * index + 113)
    appointed = f"{1996 + index % 12}{(index % 12) + 1:02d}"
    return f"{birth:%Y%m%d}{appointed}{2 if female else 1}{index % 1000:03d}"


def demo_accounts() -> list[tuple[str, str]]:
    """(username, role label) of every demo login, for the CLI and README."""
    return ([(f"peserta{i:02d}", "peserta") for i in range(1, 25)]
            + [(c[0], "pelatih") for c in COACHES]
            + [(s[0], "atasan") for s in SUPERVISORS]
            + [("bkpsdm", "peninjau BKPSDM"), ("admin", "admin")])


@cache
def _demo_password_hash() -> str:
    # One hash for every demo account: a strong hash costs ~0.1 s, and these share a password.
    return generate_password_hash(DEMO_PASSWORD)


def _user(username, full_name, jabatan, unit, roles, eselon=None, nip=None) -> User:
    user = db.session.scalar(db.select(User).filter_by(username=username))
    if user is None:
        user = User(username=username, full_name=full_name, jabatan=jabatan, unit=unit,
                    eselon=eselon, nip=nip, password_hash=_demo_password_hash())
        user.set_roles(roles)
        db.session.add(user)
    return user


def _seed_supervisors(units: dict[str, Unit], participants: list[User]) -> None:
    """The demo heads of units; a head or supervisor someone already set is left alone."""
    for k, (username, name, jabatan, unit_codes, staff) in enumerate(SUPERVISORS):
        head = _user(username, name, jabatan, units[unit_codes[0]], ["supervisor"], "II.b",
                     demo_nip(50 + k, name.startswith("Dra.")))
        db.session.flush()
        for code in unit_codes:
            if units[code].head_id is None:
                units[code].head_id = head.id
        for number in staff:
            if participants[number - 1].supervisor_id is None:
                participants[number - 1].supervisor_id = head.id


# Holidays and cuti bersama as decreed for 2026 (SKB of three ministers); other years get the
# fixed-date national holidays only.
HOLIDAYS_2026 = [
    ("01-16", "libur_nasional", "Isra Mikraj Nabi Muhammad SAW"),
    ("02-16", "cuti_bersama", "Cuti bersama Tahun Baru Imlek"),
    ("02-17", "libur_nasional", "Tahun Baru Imlek 2577 Kongzili"),
    ("03-18", "cuti_bersama", "Cuti bersama Hari Suci Nyepi"),
    ("03-19", "libur_nasional", "Hari Suci Nyepi Tahun Baru Saka 1948"),
    ("03-20", "cuti_bersama", "Cuti bersama Idul Fitri 1447 H"),
    ("03-21", "libur_nasional", "Hari Raya Idul Fitri 1447 H"),
    ("03-22", "libur_nasional", "Hari Raya Idul Fitri 1447 H"),
    ("03-23", "cuti_bersama", "Cuti bersama Idul Fitri 1447 H"),
    ("03-24", "cuti_bersama", "Cuti bersama Idul Fitri 1447 H"),
    ("04-03", "libur_nasional", "Wafat Yesus Kristus"),
    ("05-14", "libur_nasional", "Kenaikan Yesus Kristus"),
    ("05-15", "cuti_bersama", "Cuti bersama Kenaikan Yesus Kristus"),
    ("05-27", "libur_nasional", "Hari Raya Idul Adha 1447 H"),
    ("05-28", "cuti_bersama", "Cuti bersama Idul Adha 1447 H"),
    ("05-31", "libur_nasional", "Hari Raya Waisak 2570 BE"),
    ("06-16", "libur_nasional", "Tahun Baru Islam 1448 H"),
    ("08-25", "libur_nasional", "Maulid Nabi Muhammad SAW"),
    ("12-24", "cuti_bersama", "Cuti bersama Hari Raya Natal"),
]
FIXED_HOLIDAYS = [
    ("01-01", "libur_nasional", "Tahun Baru Masehi"),
    ("01-07", "libur_daerah", "Hari Jadi Kabupaten"),
    ("05-01", "libur_nasional", "Hari Buruh Internasional"),
    ("06-01", "libur_nasional", "Hari Lahir Pancasila"),
    ("08-17", "libur_nasional", "Hari Kemerdekaan Republik Indonesia"),
    ("12-25", "libur_nasional", "Hari Raya Natal"),
]
RAMADAN_2026 = ("Ramadan 1447 H", date(2026, 2, 19), date(2026, 3, 19))

# The demo district's letterhead: data an admin edits on /admin/settings, never template text.
DISTRICT = {"district_name": "Kabupaten Solok Selatan", "seat": "Padang Aro",
            "letterhead_lines": "Jalan Lintas Sumatera Km. 1, Padang Aro 27779\n"
                                "Telepon (0755) 583000 · solselkab.go.id",
            "bkpsdm_head_name": "Drs. Yulian Efi, M.M.", "bkpsdm_head_nip": "196805121994031004"}


def _seed_calendar(year: int) -> None:
    """The district's week (Mon-Thu 07:30-16:00, Fri to 16:30), the year's holidays and, in
    2026, Ramadan hours; each only if that part of the calendar is still empty."""
    if db.session.scalar(db.select(WorkHours.id).limit(1)) is None:
        db.session.add_all(WorkHours(weekday=d, start_time=h.start, end_time=h.end)
                           for d, h in default_week(time(7, 30)).items())
    first, last = date(year, 1, 1), date(year, 12, 31)
    if db.session.scalar(db.select(Holiday.id).where(Holiday.day.between(first, last))
                         .limit(1)) is None:
        listed = FIXED_HOLIDAYS + (HOLIDAYS_2026 if year == 2026 else [])
        db.session.add_all(Holiday(day=date.fromisoformat(f"{year}-{md}"), kind=kind, name=name)
                           for md, kind, name in sorted(listed))
    name, date_from, date_to = RAMADAN_2026
    if year == 2026 and db.session.scalar(db.select(SpecialPeriod.id).limit(1)) is None:
        ramadan = SpecialPeriod(name=name, date_from=date_from, date_to=date_to)
        db.session.add(ramadan)
        db.session.flush()
        db.session.add_all(WorkHours(period_id=ramadan.id, weekday=d, start_time=time(8, 0),
                                     end_time=time(15, 30) if d == 4 else time(15, 0))
                           for d in range(5))


def _demo_logo() -> bytes:
    """A plain shield, so the demo's printed sheets show where the district's logo goes."""
    image = Image.new("RGBA", (120, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(4, 4), (116, 4), (116, 80), (60, 136), (4, 80)], fill=(11, 93, 75),
                 outline=(200, 160, 30), width=5)
    draw.ellipse((36, 30, 84, 78), fill=(240, 200, 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _seed_settings() -> None:
    if db.session.get(DistrictSettings, 1) is None:
        db.session.add(DistrictSettings(id=1, logo_png=_demo_logo(), **DISTRICT))


def _program_start(today: date) -> date:
    """Two weeks before this week's Monday, so about half the programme has been held."""
    return today - timedelta(days=today.weekday() + 14)


def seed_demo(now: datetime | None = None, history: bool = True) -> dict[str, int]:
    """The demo district; with `history`, also past check-ins and a finished programme
    (see seed_demo_history), as `flask seed-demo` loads it."""
    now = now or datetime.now(UTC)
    units = {}
    for code, name, kind, lat, lon in UNITS:
        unit = db.session.scalar(db.select(Unit).filter_by(code=code))
        if unit is None:
            unit = Unit(code=code, name=name, kind=kind, timezone=DEFAULT_TIMEZONE, latitude=lat,
                        longitude=lon, geofence_radius_m=150.0, work_start=time(7, 30),
                        selfie_required=False)
            db.session.add(unit)
        units[code] = unit

    participants = []
    for i, (name, jabatan, eselon, unit_code, _) in enumerate(PARTICIPANTS, start=1):
        participants.append(_user(f"peserta{i:02d}", name, jabatan, units[unit_code],
                                   ["participant"], eselon, demo_nip(i, i in FEMALE)))
    coaches = [_user(u, n, j, units["DISKOMINFO"], ["coach", "participant"], None,
                     demo_nip(30 + k, False)) for k, (u, n, j) in enumerate(COACHES)]
    _user("bkpsdm", "Hj. Syofiarni, S.H., M.M.", "Kepala Bidang Pengembangan Kompetensi",
          units["BKPSDM"], ["reviewer"], "III.b", demo_nip(40, True))
    _user("admin", "Administrator Sistem", "Pengelola Sistem Informasi", units["DISKOMINFO"],
          ["admin"])
    _seed_supervisors(units, participants)
    _seed_calendar(now.astimezone(WIB).year)
    _seed_settings()
    db.session.flush()

    if db.session.scalar(db.select(Program).filter_by(name=PROGRAM_NAME)) is None:
        _seed_program(units["DISKOMINFO"], coaches, participants, now)
    db.session.commit()
    if history:
        seed_demo_history(now)
    return {"units": len(units), "users": db.session.scalar(db.select(db.func.count(User.id)))}


def _seed_program(unit: Unit, coaches: list[User], participants: list[User],
                  now: datetime) -> None:
    today = now.astimezone(WIB).date()
    start = _program_start(today)
    program = Program(name=PROGRAM_NAME, unit=unit, start_date=start,
                      end_date=start + timedelta(days=25), target_sessions=10,
                      zone_green_pct=80.0, zone_yellow_pct=50.0, skills=SKILLS,
                      created_by_id=coaches[0].id)
    program.participants = [ProgramParticipant(user=p) for p in participants]
    db.session.add(program)
    topics = ["Pengenalan TTE dan sertifikat elektronik", "Naskah dinas di SRIKANDI",
              "Berbagi dokumen dengan aman", "Rapat virtual yang efektif",
              "Kata sandi dan autentikasi dua langkah", "Membaca dasbor data daerah"]
    days = [start + timedelta(weeks=w, days=d) for w in range(4) for d in (0, 2, 4)]
    for n, day in enumerate(days):
        starts = datetime.combine(day, time(9, 0), WIB)
        held = starts + timedelta(hours=2) < now
        coach = coaches[n % len(coaches)]
        session = ClinicSession(program=program, starts_at=starts,
                                ends_at=starts + timedelta(hours=2),
                                place="Ruang Rapat Diskominfo, Padang Aro", coach=coach,
                                topic=topics[n % len(topics)] if held else "",
                                status="held" if held else "planned", secret=new_secret())
        db.session.add(session)
        if not held:
            continue
        session.logged_at = session.ends_at
        for participant, row in zip(participants, PARTICIPANTS, strict=True):
            status = STATUS_OF[row[4][n]]
            db.session.add(SessionAttendance(
                session=session, user=participant, status=status, source="coach",
                marked_at=starts + timedelta(minutes=15), marked_by_id=coach.id,
                skills=SKILLS[: (n % 3) + 1] if status in ("hadir", "terlambat") else []))


# --- history: past check-ins and a finished programme, for the BKPSDM review pages ---------

FINISHED_PROGRAM_NAME = "Coaching Clinic SRIKANDI dan TTE Angkatan I"
DEMO_ENTRY_NAMESPACE = uuid.UUID("6f0d7c1e-5b1a-4d7e-9a53-1f4f3c2b8e10")
DEMO_DEVICE_PREFIX = "demo-"

# peserta13 ... peserta24 took the finished programme. Per participant: attendance over its 12
# sessions ("-" = the cancelled eighth session) and check-in days in each of the 8 weeks after.
FINISHED = [
    ("HHHHHHH-HHHH", [5, 5, 5, 4, 5, 5, 5, 5]),
    ("HHTHHHH-HHHH", [5, 4, 5, 5, 5, 4, 5, 5]),
    ("HAHHHHH-HHAH", [4, 3, 2, 2, 1, 1, 0, 0]),
    ("HHHHIHH-HHHH", [5, 5, 4, 5, 5, 5, 4, 5]),
    ("AAHAHAA-AHAA", [1, 0, 0, 0, 0, 0, 0, 0]),
    ("HHHHHHH-HHHT", [5, 5, 5, 5, 5, 5, 5, 5]),
    ("HHAHHHH-HHHH", [3, 3, 2, 3, 2, 2, 3, 2]),
    ("HHHHHAH-HHHH", [0, 0, 0, 0, 0, 0, 0, 0]),
    ("HAHAHHH-AHHH", [2, 0, 3, 0, 2, 1, 0, 2]),
    ("HHHHHHH-HHHH", [5, 5, 5, 5, 4, 5, 5, 5]),
    ("HSHHHHH-HHHH", [4, 4, 5, 5, 4, 4, 5, 4]),
    ("HHHHAHH-AHHH", [3, 2, 1, 0, 0, 1, 0, 0]),
]

# Daily check-ins since last Monday: who tends to be late or absent (probability per day),
# and the few check-ins a reviewer must look at: (peserta number, working-day index, flag).
LATE_PRONE = {3: 0.5, 7: 0.3, 19: 0.4, 23: 0.3}
ABSENT_PRONE = {5: 0.7, 10: 0.5, 21: 0.4, 15: 0.2}
FLAGGED = {(6, 1): "outside_geofence", (6, 4): "outside_geofence", (12, 2): "low_accuracy",
           (15, 0): "late_sync", (8, 3): "clock_skew"}
# (peserta number, first and last working-day index, type, state)
LEAVES = [(4, 2, 3, "izin", "approved"), (11, 1, 1, "sakit", "approved"),
          (9, 4, 4, "izin", "pending")]
LEAVE_REASONS = {"izin": "Menghadiri pernikahan keluarga di Padang.",
                 "sakit": "Demam; surat dokter menyusul."}


def seed_demo_history(now: datetime | None = None) -> None:
    """Adds, once: a programme that ended about nine weeks ago (peserta13-24) with check-ins in
    the eight weeks after it, and daily check-ins of every participant since last Monday (on
    time, late, missing, on leave, a few flagged for review, one sync conflict), and before
    that, back to the first of last month, those of peserta01-12 (see _month_plan). Check-ins go
    through the sync judgement (CheckinHandler.judge), each with its receipt."""
    now = now or datetime.now(UTC)
    users = {u.username: u for u in db.session.scalars(
        db.select(User).where(User.username.like("peserta%")))}
    participants = [users[f"peserta{i:02d}"] for i in range(1, 25)]
    today = now.astimezone(WIB).date()
    monday = today - timedelta(days=today.weekday())
    finished_start = monday - timedelta(weeks=13)
    if db.session.scalar(db.select(Program).filter_by(name=FINISHED_PROGRAM_NAME)) is None:
        _seed_finished_program(finished_start, participants[12:])
    already = db.session.scalar(db.select(SyncEntry.id).where(
        SyncEntry.device_id.like(f"{DEMO_DEVICE_PREFIX}%")).limit(1))
    if already is None:
        finished_end = finished_start + timedelta(days=25)
        _seed_checkins(participants, monday, finished_end, now)
    if db.session.scalar(db.select(Program).filter_by(name=PKA_PROGRAM_NAME)) is None:
        _seed_change_projects(participants[:16], today)
    db.session.commit()


PKA_PROGRAM_NAME = "PKA Angkatan I Kabupaten 2025"
# (title, what its use is counted in, usage profile, stop reason, classification), one per
# peserta01..16, launched 3 to 12 months ago. Profiles (months from launch, oldest first):
# "hidup" used every month, "melemah" used until recently with a gap in one of the last two
# months, "mati_suri" used a few months and then nothing, "berhenti" stopped with a reason.
CHANGE_PROJECTS = [
    ("KTP Keliling ke Nagari", "permohonan KTP dilayani", "hidup", None, "pengembangan"),
    ("Layanan Surat Pindah Daring", "surat pindah diterbitkan", "mati_suri", None,
     "inovasi_baru"),
    ("CCTV Pasar dipantau dari Ponsel", "hari CCTV dipantau", "berhenti", "anggaran",
     "inovasi_baru"),
    ("Posyandu Lansia Terpadu", "lansia dilayani", "melemah", None, "pengembangan"),
    ("Rapat Nagari Tanpa Kertas", "rapat tanpa kertas", "mati_suri", None, "rutinitas"),
    ("Jemput Bola Akta Kelahiran", "akta kelahiran diterbitkan", "hidup", None,
     "pengembangan"),
    ("Pengaduan Warga lewat WhatsApp", "pengaduan ditindaklanjuti", "berhenti", "mutasi",
     "inovasi_baru"),
    ("Peta Jalan Rusak Daring", "laporan jalan rusak", "hidup", None, "inovasi_baru"),
    ("Rapor Digital Sekolah Dasar", "sekolah memakai rapor digital", "melemah", None,
     "inovasi_baru"),
    ("Antrean Puskesmas dari Ponsel", "pasien mengambil antrean daring", "berhenti",
     "anggaran", "inovasi_baru"),
    ("Kartu Tani Digital", "petani terdaftar", "mati_suri", None, "pengembangan"),
    ("Dasbor Perencanaan Nagari", "nagari mengisi dasbor", "mati_suri", None, "rutinitas"),
    ("Tanda Tangan Elektronik untuk Surat Dinas", "surat ditandatangani elektronik", "hidup",
     None, "pengembangan"),
    ("Layanan Kenaikan Pangkat Tanpa Antre", "usulan kenaikan pangkat diproses",
     "melemah", None, "pengembangan"),
    ("Pemeliharaan Jembatan Berbasis Laporan Warga", "laporan jembatan ditangani",
     "berhenti", "anggaran", "inovasi_baru"),
    ("Perpustakaan Keliling Sekolah", "siswa meminjam buku", "mati_suri", None,
     "inovasi_baru"),
]


def _months_back(today: date, n: int) -> date:
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def _usage_history(profile: str, months: int, rng: random.Random) -> list[int]:
    """Usage of each complete month since launch (oldest first) for a profile."""
    base = rng.randint(20, 120)
    if profile == "hidup":
        return [base + rng.randint(0, 40) + 5 * m for m in range(months)]
    if profile == "melemah":
        used = [max(1, base - 8 * m) for m in range(months)]
        return used[:-2] + [used[-2], 0] if months >= 2 else used
    if profile == "mati_suri":
        alive = max(1, min(months - 2, rng.randint(1, 4)))
        return [max(1, base - 25 * m) for m in range(alive)] + [0] * (months - alive)
    return [max(1, base - 10 * m) for m in range(months)]  # berhenti: cut off by the stop


def _seed_change_projects(owners: list[User], today: date) -> None:
    """The PKA programme and its 16 change projects, with milestones, mentors' verdicts and
    monthly usage, so that every life state (and "anggaran" as a stop reason) shows up."""
    bkpsdm = db.session.scalar(db.select(Unit).filter_by(code="BKPSDM"))
    mentors = [db.session.scalar(db.select(User).filter_by(username=f"atasan{k}"))
               for k in range(1, 5)]
    start = _months_back(today, 15)
    program = Program(name=PKA_PROGRAM_NAME, kind="leadership_training", unit=bkpsdm,
                      start_date=start, end_date=_months_back(today, 13) - timedelta(days=1),
                      target_sessions=4, zone_green_pct=60.0, zone_yellow_pct=30.0, skills=[])
    program.participants = [ProgramParticipant(user=u) for u in owners]
    db.session.add(program)
    db.session.flush()
    rng = random.Random(20251001)
    for n, (owner, (title, indicator, profile, reason, classification)) in enumerate(
            zip(owners, CHANGE_PROJECTS, strict=True)):
        age = 3 + (n * 7) % 10  # months since launch: 3..12
        launched = _months_back(today, age) + timedelta(days=rng.randint(0, 20))
        mentor_id = owner.supervisor_id or mentors[n % 4].id
        project = Project(id=_demo_entry_id("project", n), owner_id=owner.id,
                          mentor_id=mentor_id, program_id=program.id, unit_id=owner.unit_id,
                          title=title, indicator=indicator,
                          problem=f"Layanan {indicator} lambat dan harus datang ke kantor.",
                          goal=f"Lebih banyak {indicator}, lebih cepat, lebih dekat ke warga.",
                          launched_on=launched, classification=classification,
                          created_at=datetime.combine(start, time(9), WIB),
                          updated_at=datetime.combine(launched, time(9), WIB))
        db.session.add(project)
        db.session.flush()
        _seed_milestones(project, owner, mentor_id, start, launched, n)
        history = _usage_history(profile, age, rng)
        if profile == "berhenti":
            stopped_after = max(1, age - 2 - n % 3)
            history = history[:stopped_after]
            stopped_on = _months_back(today, age - stopped_after) + timedelta(days=9)
            db.session.add(ProjectStop(
                project_id=project.id, reason=reason, by_id=mentor_id,
                note={"anggaran": "Biaya langganan tidak masuk DPA tahun berjalan.",
                      "mutasi": "Pemilik inovasi dimutasi; penggantinya belum melanjutkan."
                      }[reason],
                stopped_at=datetime.combine(stopped_on, time(10), WIB)))
        for m, usage in enumerate(history):
            month = _months_back(today, age - m)
            if usage == 0 and m % 2:
                continue  # a quiet month is sometimes not reported at all
            reported = datetime.combine(min(today, _months_back(today, age - m - 1)
                                            + timedelta(days=2)), time(8, 30), WIB)
            db.session.add(ProjectReport(
                project_id=project.id, period=f"{month:%Y-%m}", usage=usage, by_id=owner.id,
                note="", created_at=reported))


def _seed_milestones(project: Project, owner: User, mentor_id: int, start: date,
                     launched: date, n: int) -> None:
    """Short-, medium- and long-term milestones: the short one accepted, the medium one
    accepted or returned with a budget note, the long one open (overdue for some)."""
    steps = [("pendek", "SK tim dan rancangan layanan", "SK tim ditandatangani",
              start + timedelta(days=45)),
             ("menengah", "Uji coba di satu lokasi", "Laporan uji coba", launched),
             ("panjang", "Diterapkan di seluruh wilayah", "Peraturan kepala perangkat daerah",
              launched + timedelta(days=180))]
    for position, (stage, title, output, due) in enumerate(steps):
        milestone = ProjectMilestone(id=_demo_entry_id("milestone", n, stage),
                                     project_id=project.id, position=position, stage=stage,
                                     title=title, output=output, due_date=due, state="terbuka")
        db.session.add(milestone)
        db.session.flush()
        if stage == "panjang":
            continue
        claimed = datetime.combine(due - timedelta(days=3), time(14), WIB)
        returned = stage == "menengah" and n % 4 == 1
        milestone.state = "dikembalikan" if returned else "diterima"
        db.session.add(ProjectReport(project_id=project.id, milestone_id=milestone.id,
                                     done=True, note=f"{output} sudah selesai.", by_id=owner.id,
                                     created_at=claimed))
        db.session.add(ProjectReview(
            project_id=project.id, milestone_id=milestone.id, verdict=milestone.state,
            comment="Lampirkan foto layanan berjalan, bukan hanya tanda tangan."
            if returned else "Sesuai rencana.",
            budget_note="Belum ada pos anggaran untuk perluasan." if returned else "",
            classification=project.classification if stage == "pendek" else None,
            by_id=mentor_id, created_at=claimed + timedelta(days=2)))


def _seed_finished_program(start: date, participants: list[User]) -> None:
    diskominfo = db.session.scalar(db.select(Unit).filter_by(code="DISKOMINFO"))
    coach = db.session.scalar(db.select(User).filter_by(username="pelatih2"))
    program = Program(name=FINISHED_PROGRAM_NAME, unit=diskominfo, start_date=start,
                      end_date=start + timedelta(days=25), target_sessions=9,
                      zone_green_pct=80.0, zone_yellow_pct=50.0, skills=SKILLS[:3],
                      created_by_id=coach.id)
    program.participants = [ProgramParticipant(user=p) for p in participants]
    db.session.add(program)
    days = [start + timedelta(weeks=w, days=d) for w in range(4) for d in (0, 2, 4)]
    for n, day in enumerate(days):
        starts = datetime.combine(day, time(9, 0), WIB)
        cancelled = FINISHED[0][0][n] == "-"
        session = ClinicSession(
            program=program, starts_at=starts, ends_at=starts + timedelta(hours=2),
            place="Ruang Rapat Diskominfo, Padang Aro", coach=coach,
            topic="" if cancelled else SKILLS[n % 3],
            status="cancelled" if cancelled else "held",
            status_reason="Bertepatan dengan rapat paripurna DPRD" if cancelled else "",
            secret=new_secret(), logged_at=None if cancelled else starts + timedelta(hours=2))
        db.session.add(session)
        if cancelled:
            continue
        for participant, (pattern, _) in zip(participants, FINISHED, strict=True):
            status = STATUS_OF[pattern[n]]
            db.session.add(SessionAttendance(
                session=session, user=participant, status=status, source="coach",
                marked_at=starts + timedelta(minutes=15), marked_by_id=coach.id,
                skills=SKILLS[: (n % 3) + 1] if status in ("hadir", "terlambat") else []))


def _month_plan(officials: list[User], until: date,
                now: datetime) -> list[tuple[User, datetime, str, dict]]:
    """Check-ins on the work days of the previous month and this month before `until`, for
    officials outside the finished programme (whose fading use is the point of their data):
    mostly on time, some late or leaving early in every band, a few days without a check-out
    or without anyone (TK), so the monthly recap shows every column."""
    rng = random.Random(20261101)
    today = now.astimezone(WIB).date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    calendar = load_calendar(first, until)
    late_spread = [(0.72, -25, 0), (0.14, 1, 30), (0.07, 31, 60), (0.04, 61, 90),
                   (0.03, 91, 150)]
    early_spread = [(0.82, -40, 0), (0.08, 1, 30), (0.04, 31, 60), (0.03, 61, 90),
                    (0.03, 91, 180)]

    def minutes(spread) -> int:
        pick, total = rng.random(), 0.0
        for share, low, high in spread:
            total += share
            if pick < total:
                return rng.randint(low, high)
        return 0

    planned = []
    day = first
    while day < until:
        for n, user in enumerate(officials, start=1):
            work = work_day(calendar, user.unit_id, user.unit.work_start, day)
            if not work.is_work_day or rng.random() < ABSENT_PRONE.get(n, 0) / 3:
                continue
            starts = datetime.combine(day, work.hours.start, WIB)
            ends = datetime.combine(day, work.hours.end, WIB)
            arrive = starts + timedelta(minutes=minutes(late_spread), seconds=rng.randint(0, 59))
            planned.append((user, arrive, "in", {}))
            if rng.random() < 0.04:
                continue  # forgot to check out
            leave = ends - timedelta(minutes=minutes(early_spread), seconds=rng.randint(0, 59))
            planned.append((user, leave, "out", {}))
        day += timedelta(days=1)
    return planned


def _demo_entry_id(*parts) -> str:
    return str(uuid.uuid5(DEMO_ENTRY_NAMESPACE, "/".join(str(p) for p in parts)))


def _jitter(rng: random.Random, value: float, spread: float) -> float:
    """A GPS-like coordinate: six noisy decimals, never as round as a typed-in one."""
    noisy = round(value + rng.uniform(-spread, spread), 6)
    return noisy + 0.000007 if round(noisy, 4) == noisy else noisy


def _seed_checkins(participants: list[User], monday: date, finished_end: date,
                   now: datetime) -> None:
    rng = random.Random(20260706)
    recent = [monday - timedelta(days=7) + timedelta(days=i) for i in range(14)]
    recent = [d for d in recent if d.weekday() < 5 and d <= now.astimezone(WIB).date()]
    on_leave = {(n, recent[i]) for n, first, last, _, _ in LEAVES
                for i in range(first, last + 1)}
    planned: list[tuple[User, datetime, str, dict]] = []  # user, local time, type, options

    coaches = list(db.session.scalars(db.select(User).where(User.username.like("pelatih%"))
                                      .order_by(User.username)))
    for n, user in enumerate(participants + coaches, start=1):
        for index, day in enumerate(recent):
            flag = FLAGGED.get((n, index))
            if (n, day) in on_leave or (flag is None and rng.random() < ABSENT_PRONE.get(n, 0)):
                continue
            late = rng.random() < LATE_PRONE.get(n, 0)
            arrive = time(7, rng.randint(31, 59) if late else rng.randint(2, 28),
                          rng.randint(0, 59))
            planned.append((user, datetime.combine(day, arrive, WIB), "in", {"flag": flag}))
            leave_at = time(16, rng.randint(0, 45), rng.randint(0, 59))
            planned.append((user, datetime.combine(day, leave_at, WIB), "out", {}))

    for user, (_, weekly) in zip(participants[12:], FINISHED, strict=True):
        for week, days in enumerate(weekly):
            monday_after = finished_end + timedelta(days=3 + 7 * week)  # end is a Friday
            for offset in sorted(rng.sample(range(5), days)):
                arrive = time(7, rng.randint(0, 40), rng.randint(0, 59))
                planned.append((user, datetime.combine(monday_after + timedelta(days=offset),
                                                       arrive, WIB), "in", {}))

    planned += _month_plan(participants[:12], recent[0], now)
    # The calendar of every planned day, read once rather than once per check-in (a day's
    # margin either side for a clock offset).
    calendar = load_calendar(min(local for _, local, _, _ in planned).date() - timedelta(days=1),
                             max(local for _, local, _, _ in planned).date() + timedelta(days=1))
    receipts, rows, conflicts, photos = [], [], [], []
    for user, local, type_, options in planned:
        receipt, row = _demo_checkin(rng, user, local, type_, options.get("flag"), now,
                                     calendar)
        if receipt is None:
            continue
        receipts.append(receipt)
        rows.append(row)
        if options.get("flag") == "outside_geofence":
            photos.append(_demo_photo(user, row))
            row["photo_id"] = photos[-1].id
            receipt["payload"]["data"]["photo_id"] = photos[-1].id
            receipt["payload_hash"] = payload_hash(receipt["payload"])
            if not conflicts:
                conflicts.append(_demo_conflict(receipt, row))
    leave_receipts, leaves = _demo_leaves(participants, recent, now)
    db.session.execute(insert(SyncEntry), receipts + leave_receipts)
    db.session.execute(insert(CheckIn), rows)
    if leaves:
        db.session.execute(insert(LeaveRequest), leaves)
    db.session.add_all(photos + conflicts)


def _demo_checkin(rng: random.Random, user: User, local: datetime, type_: str,
                  flag: str | None, now: datetime,
                  calendar: Calendar) -> tuple[dict | None, dict | None]:
    """The receipt and the judged CheckIn row of one demo check-in, as sync would store them;
    (None, None) if it would not have arrived by `now`."""
    unit = user.unit
    spread = 0.0003  # about 30 m: inside the 150 m geofence
    lat, lon = _jitter(rng, unit.latitude, spread), _jitter(rng, unit.longitude, spread)
    accuracy = round(rng.uniform(6, 35), 1)
    offset = ClockOffset(0.0, False)
    received = local + timedelta(minutes=rng.randint(1, 20))
    if flag == "outside_geofence":
        lat, lon = _jitter(rng, unit.latitude + 0.012, spread), _jitter(rng, unit.longitude, spread)
    elif flag == "low_accuracy":
        accuracy = 180.0
    elif flag == "late_sync":
        received = local + timedelta(days=4, hours=2)
    elif flag == "clock_skew":
        offset = ClockOffset(-1260.0, True)  # the phone's clock ran 21 minutes fast
    if received > now:
        return None, None
    captured = local - timedelta(seconds=offset.seconds)
    entry_id = _demo_entry_id(user.username, local.isoformat(), type_)
    data = {"type": type_, "lat": lat, "lon": lon, "accuracy_m": accuracy, "photo_id": None}
    payload = {"id": entry_id, "kind": "checkin", "captured_at": captured.isoformat(),
               "data": data}
    entry = Entry(id=entry_id, kind="checkin", captured_at=captured,
                  corrected_at=corrected(captured, offset), data=dict(data), payload=payload,
                  payload_hash=payload_hash(payload))
    ctx = SyncContext(user=user, device_id=f"{DEMO_DEVICE_PREFIX}{user.username}",
                      received_at=received.astimezone(UTC), offset=offset)
    (row,) = HANDLERS["checkin"].judge(ctx, [entry], calendar)
    receipt = {"id": entry_id, "user_id": user.id, "device_id": ctx.device_id,
               "kind": "checkin", "payload_hash": entry.payload_hash, "payload": payload,
               "captured_at": captured, "received_at": ctx.received_at}
    return receipt, row


def _demo_photo(user: User, row: dict) -> Photo:
    """A stand-in selfie: a plain drawn figure, so the review queue has a photo to show."""
    image = Image.new("RGB", (240, 320), (214, 232, 226))
    draw = ImageDraw.Draw(image)
    draw.ellipse((80, 60, 160, 150), fill=(120, 96, 80))
    draw.rounded_rectangle((50, 160, 190, 320), radius=40, fill=(11, 93, 75))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    data = out.getvalue()
    return Photo(id=_demo_entry_id("photo", row["entry_id"]), user_id=user.id,
                 content_type="image/jpeg", data=data,
                 source_sha256=hashlib.sha256(data).hexdigest(), width=240, height=320,
                 received_at=row["received_at"])


def _demo_conflict(receipt: dict, row: dict) -> SyncConflict:
    """The same entry uploaded again from the phone with other coordinates."""
    again = {**receipt["payload"], "data": {**receipt["payload"]["data"],
                                            "lat": round(row["lat"] - 0.011, 6) + 0.000003}}
    return SyncConflict(entry_id=receipt["id"], user_id=receipt["user_id"],
                        device_id=receipt["device_id"], payload_hash=payload_hash(again),
                        payload=again, received_at=receipt["received_at"] + timedelta(hours=3))


def _demo_leaves(participants: list[User], recent: list[date],
                 now: datetime) -> tuple[list[dict], list[dict]]:
    """Receipts and LeaveRequest rows of the demo leave requests already sent by `now`."""
    reviewer = db.session.scalar(db.select(User).filter_by(username="bkpsdm"))
    receipts, leaves = [], []
    for n, first, last, type_, state in LEAVES:
        if last >= len(recent):
            continue
        user = participants[n - 1]
        date_from, date_to = recent[first], recent[last]
        asked = datetime.combine(date_from - timedelta(days=1), time(19, 5), WIB)
        if asked > now:
            continue
        entry_id = _demo_entry_id(user.username, "leave", date_from.isoformat())
        payload = {"id": entry_id, "kind": "leave", "captured_at": asked.isoformat(),
                   "data": {"type": type_, "date_from": date_from.isoformat(),
                            "date_to": date_to.isoformat(), "reason": LEAVE_REASONS[type_],
                            "photo_id": None}}
        receipts.append({"id": entry_id, "user_id": user.id,
                         "device_id": f"{DEMO_DEVICE_PREFIX}{user.username}", "kind": "leave",
                         "payload_hash": payload_hash(payload), "payload": payload,
                         "captured_at": asked, "received_at": asked})
        decided = state != "pending"
        leaves.append({"entry_id": entry_id, "user_id": user.id, "type": type_,
                       "date_from": date_from, "date_to": date_to,
                       "reason": LEAVE_REASONS[type_], "state": state,
                       "decided_by_id": reviewer.id if decided else None,
                       "decided_at": asked + timedelta(hours=14) if decided else None,
                       "created_at": asked})
    return receipts, leaves
