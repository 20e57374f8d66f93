"""Demo district modelled on Solok Selatan (WIB): units, officials, a running programme.

`seed_demo()` is idempotent: it adds only what is missing, keyed by unit code and username.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from werkzeug.security import generate_password_hash

from webapp.extensions import db
from webapp.models import (
    ClinicSession,
    Program,
    ProgramParticipant,
    SessionAttendance,
    Unit,
    User,
)
from webapp.services.session_codes import new_secret

DEMO_PASSWORD = "hadir-demo"
WIB = ZoneInfo("Asia/Jakarta")
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


def _program_start(today: date) -> date:
    """Two weeks before this week's Monday, so about half the programme has been held."""
    return today - timedelta(days=today.weekday() + 14)


def seed_demo(now: datetime | None = None) -> dict[str, int]:
    now = now or datetime.now(UTC)
    units = {}
    for code, name, kind, lat, lon in UNITS:
        unit = db.session.scalar(db.select(Unit).filter_by(code=code))
        if unit is None:
            unit = Unit(code=code, name=name, kind=kind, timezone="Asia/Jakarta", latitude=lat,
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
    db.session.flush()

    if db.session.scalar(db.select(Program).filter_by(name=PROGRAM_NAME)) is None:
        _seed_program(units["DISKOMINFO"], coaches, participants, now)
    db.session.commit()
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
