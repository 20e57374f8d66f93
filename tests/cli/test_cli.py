"""Flask commands: seeding, user creation and CSV import."""

from datetime import date

from sqlalchemy import event

from webapp.demo import seed_demo
from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    CheckIn,
    ClinicSession,
    Holiday,
    LeaveRequest,
    Program,
    Project,
    ProjectReport,
    SessionAttendance,
    SyncConflict,
    Unit,
    User,
)

GOOD_CSV = """nip,nama,jabatan,eselon,unit,peran
198001012005011001,Ahmad Fauzi S.E.,Kepala Bidang Anggaran,III.b,BAPPEDA,peserta
198102022006022002,Siti Aminah S.Sos.,Sekretaris Camat,III.b,KEC-SANGIR,participant;coach
"""


def _counts(app) -> dict:
    with app.app_context():
        return {model.__name__: db.session.scalar(db.select(db.func.count()).select_from(model))
                for model in (Unit, User, Program, ClinicSession, SessionAttendance, CheckIn,
                              LeaveRequest, SyncConflict, Project, ProjectReport)}


def test_seed_demo_prints_every_demo_login(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "hadir-demo" in result.output
    for username in ["peserta01", "peserta24", "pelatih1", "pelatih3", "bkpsdm", "admin",
                     "atasan1", "atasan4"]:
        assert username in result.output


def test_seed_demo_twice_gives_the_same_data(app, runner, seeded_history):
    # seeded_history is what a first `seed-demo` loads (the same seed_demo, kept from an earlier
    # test); the command must add nothing to it.
    first = _counts(app)
    # The running programme and, for the review pages, a finished one with past check-ins;
    # the PKA leadership training with its 16 change projects.
    assert first["User"] == 33 and first["Program"] == 3 and first["ClinicSession"] == 24
    assert first["Project"] == 16
    assert first["CheckIn"] > 0 and first["LeaveRequest"] == 3 and first["SyncConflict"] == 1
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert _counts(app) == first


def test_demo_supervisors_head_units_and_directly_supervise_participants(seeded):
    with seeded.app_context():
        heads = {f"atasan{k}": db.session.scalar(db.select(User).filter_by(username=f"atasan{k}"))
                 for k in range(1, 5)}
        for head in heads.values():
            assert head.roles == ["supervisor"] and head.check_password("hadir-demo")
            headed = db.session.scalars(db.select(Unit.code).filter_by(head_id=head.id)).all()
            staff = db.session.scalars(db.select(User).filter_by(supervisor_id=head.id)).all()
            assert head.unit.code in headed and staff
            # Each supervises people of the units they head, not beyond.
            assert {s.unit.code for s in staff} <= set(headed)
        camat = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        assert camat.supervisor.username == "atasan1"


def test_demo_program_has_past_attendance_for_every_participant(seeded):
    with seeded.app_context():
        held = db.session.scalars(db.select(ClinicSession).filter_by(status="held")).all()
        assert len(held) >= 6
        rows = db.session.scalar(db.select(db.func.count(SessionAttendance.id)))
        assert rows == 24 * len(held)


def test_create_user_with_a_strong_password(app, runner, seeded):
    result = runner.invoke(args=["create-user", "kabid.baru", "--name", "Kabid Baru",
                                 "--role", "participant", "--unit", "PUPR",
                                 "--password", "Bukit-Barisan-2026"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="kabid.baru"))
        assert user.roles == ["participant"] and user.unit.code == "PUPR"
        assert user.check_password("Bukit-Barisan-2026")
        assert user.must_change_password  # typed by whoever ran the command: an initial one
        event = db.session.scalar(db.select(AuditEvent).filter_by(
            action="user.create", entity_id=str(user.id)))
        assert event.after == {"username": "kabid.baru", "roles": ["participant"],
                               "via": "create-user"}


def test_create_user_for_ones_own_account_need_not_force_a_change(app, runner):
    result = runner.invoke(args=["create-user", "admin.baru", "--name", "Admin Baru",
                                 "--role", "admin", "--no-must-change",
                                 "--password", "Bukit-Barisan-2026"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="admin.baru"))
        assert user.must_change_password is False


def test_create_user_refuses_a_common_password(app, runner):
    result = runner.invoke(args=["create-user", "lemah", "--name", "Lemah",
                                 "--role", "participant", "--password", "password123"])
    assert result.exit_code != 0
    assert "umum" in result.output


def test_import_users_adds_every_row_and_prints_initial_passwords(app, runner, tmp_path,
                                                                 seeded):
    csv_file = tmp_path / "users.csv"
    csv_file.write_text(GOOD_CSV)
    result = runner.invoke(args=["import-users", str(csv_file)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        siti = db.session.scalar(db.select(User).filter_by(username="198102022006022002"))
        assert siti.roles == ["coach", "participant"] and siti.unit.code == "KEC-SANGIR"
        assert siti.must_change_password  # the printed password is an initial one
    password = next(line.split(",")[1] for line in result.stdout.splitlines()
                    if line.startswith("198102022006022002,"))
    with app.app_context():
        assert db.session.scalar(
            db.select(User).filter_by(username="198102022006022002")).check_password(password)
        audited = db.session.scalars(db.select(AuditEvent.after).filter_by(action="user.create"))
        imported = {line.split(",")[0] for line in result.stdout.splitlines()[1:]}
        assert {event["username"] for event in audited} == imported and len(imported) >= 2


def test_import_users_with_one_bad_row_imports_nothing_and_names_the_line(app, runner,
                                                                          tmp_path, seeded):
    before = _counts(app)["User"]
    csv_file = tmp_path / "users.csv"
    csv_file.write_text(GOOD_CSV + "12345,Tanpa NIP Sah,Kabid,III.b,ANTAH,peserta\n")
    result = runner.invoke(args=["import-users", str(csv_file)])
    assert result.exit_code != 0
    assert "baris 4" in result.output
    assert "NIP harus 18 digit" in result.output and "ANTAH" in result.output
    assert "nothing was imported" in result.output
    assert _counts(app)["User"] == before


def test_import_users_refuses_a_nip_already_registered(app, runner, tmp_path, seeded):
    csv_file = tmp_path / "users.csv"
    csv_file.write_text(GOOD_CSV)
    assert runner.invoke(args=["import-users", str(csv_file)]).exit_code == 0
    again = runner.invoke(args=["import-users", str(csv_file)])
    assert again.exit_code != 0 and "sudah terdaftar" in again.output


def test_import_holidays_adds_each_once_and_refuses_a_bad_file(app, runner, tmp_path, seeded):
    good = tmp_path / "libur.csv"
    good.write_text("tanggal,jenis,nama,unit\n2030-08-17,libur_nasional,Hari Kemerdekaan,\n"
                    "2030-01-07,libur_daerah,Hari jadi nagari,KEC-SANGIR\n", encoding="utf-8")
    first = runner.invoke(args=["import-holidays", str(good)])
    assert first.exit_code == 0 and "Imported 2 holiday(s)" in first.output
    again = runner.invoke(args=["import-holidays", str(good)])
    assert "Imported 0 holiday(s); 2 already there." in again.output
    bad = tmp_path / "salah.csv"
    bad.write_text("tanggal,jenis,nama\n2030-12-25,libur_nasional,Natal\n2030-13-01,x,y\n",
                   encoding="utf-8")
    refused = runner.invoke(args=["import-holidays", str(bad)])
    assert refused.exit_code != 0 and "nothing was imported" in refused.output
    with app.app_context():
        days = set(db.session.scalars(db.select(Holiday.day).where(
            Holiday.day >= date(2030, 1, 1))))
        assert days == {date(2030, 8, 17), date(2030, 1, 7)}


def test_reset_password_prints_a_new_initial_password_and_ends_every_session(app, runner,
                                                                            login_as, seeded):
    phone, laptop = login_as("peserta01"), login_as("peserta01")
    result = runner.invoke(args=["reset-password", "peserta01"])
    assert result.exit_code == 0, result.output
    password = result.stdout.strip()
    assert len(password) >= 12 and "2 session(s) ended" in result.stderr
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.login("peserta01").status_code == 401  # the old password is gone
    assert phone.login("peserta01", password).status_code == 200
    assert phone.get("/").headers["Location"] == "/password"  # to be changed first
    with app.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(username="peserta01"))
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.password_reset"))
        assert event.entity_id == str(user_id)
        assert event.after == {"via": "reset-password", "sessions_ended": 2}


def test_reset_password_of_an_unknown_user_fails(runner):
    result = runner.invoke(args=["reset-password", "tidak-ada"])
    assert result.exit_code != 0 and "no user tidak-ada" in result.output


def test_seeding_the_demo_reads_the_work_calendar_once_not_per_check_in(app):
    # Its fifteen hundred check-ins are judged one by one; reading the calendar for each was
    # half the seeding time, paid by every test that seeds the demo afresh.
    reads = []

    def count(conn, cursor, statement, *args):
        if "FROM work_hours" in statement:
            reads.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            seed_demo(history=True)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        assert db.session.scalar(db.select(db.func.count()).select_from(CheckIn)) > 1000
    assert len(reads) <= 3
