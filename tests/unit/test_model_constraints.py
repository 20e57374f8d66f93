"""The database itself refuses records that would corrupt the domain (both backends)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError, StatementError

from webapp.extensions import db
from webapp.models import (
    AuditEvent,
    CheckIn,
    ClinicSession,
    Program,
    ProgramParticipant,
    SessionAttendance,
    SyncEntry,
    Unit,
    User,
)
from webapp.models.audit import AuditIsAppendOnly

NOW = datetime(2026, 7, 7, 1, 0, tzinfo=UTC)


@pytest.fixture
def ctx(app):
    with app.app_context():
        unit = Unit(code="U1", name="Dinas Uji", kind="dinas", latitude=-1.5, longitude=101.2)
        user = User(username="u1", full_name="Uji", password_hash="x")
        user.set_roles(["participant"])
        db.session.add_all([unit, user])
        db.session.commit()
        yield {"unit": unit, "user": user}
        db.session.rollback()


def _refused(*objects):
    db.session.add_all(objects)
    with pytest.raises((IntegrityError, StatementError)):
        db.session.commit()
    db.session.rollback()


def _program(unit, **kw):
    fields = {"name": "P", "unit": unit, "start_date": date(2026, 7, 1),
              "end_date": date(2026, 7, 31), "target_sessions": 10}
    fields.update(kw)
    return Program(**fields)


def _session(program, **kw):
    fields = {"program": program, "starts_at": NOW, "ends_at": NOW + timedelta(hours=2),
              "secret": "JBSWY3DPEHPK3PXP"}
    fields.update(kw)
    return ClinicSession(**fields)


def _entry(user, entry_id="7f1c6a52-0000-4000-8000-000000000001"):
    return SyncEntry(id=entry_id, user_id=user.id, device_id="d1", kind="checkin",
                     payload_hash="h", payload={}, captured_at=NOW)


def test_usernames_are_unique(ctx):
    _refused(User(username="u1", full_name="Lain", password_hash="x"))


def test_nip_must_be_eighteen_characters(ctx):
    _refused(User(username="u2", full_name="X", password_hash="x", nip="123"))


def test_nips_are_unique(ctx):
    nip = "197001011996011001"
    db.session.add(User(username="u2", full_name="X", password_hash="x", nip=nip))
    db.session.commit()
    _refused(User(username="u3", full_name="Y", password_hash="x", nip=nip))


def test_unknown_role_is_refused_before_the_database(ctx):
    with pytest.raises(ValueError):
        ctx["user"].set_roles(["superuser"])


def test_unit_timezone_must_be_an_indonesian_zone(ctx):
    _refused(Unit(code="U2", name="X", kind="dinas", timezone="Europe/Paris"))


def test_program_end_cannot_precede_start(ctx):
    _refused(_program(ctx["unit"], end_date=date(2026, 6, 1)))


def test_program_zone_thresholds_must_be_ordered(ctx):
    _refused(_program(ctx["unit"], zone_green_pct=40.0, zone_yellow_pct=60.0))


def test_participant_is_enrolled_once_per_program(ctx):
    program = _program(ctx["unit"])
    db.session.add(program)
    db.session.commit()
    db.session.add(ProgramParticipant(program=program, user=ctx["user"]))
    db.session.commit()
    _refused(ProgramParticipant(program=program, user=ctx["user"]))


def test_session_must_end_after_it_starts(ctx):
    _refused(_session(_program(ctx["unit"]), ends_at=NOW - timedelta(minutes=1)))


def test_one_attendance_row_per_session_and_participant(ctx):
    session = _session(_program(ctx["unit"]))
    db.session.add(session)
    db.session.commit()
    row = {"session": session, "user": ctx["user"], "status": "hadir", "source": "coach",
           "marked_at": NOW}
    db.session.add(SessionAttendance(**row))
    db.session.commit()
    _refused(SessionAttendance(**row))


def test_attendance_status_must_be_known(ctx):
    session = _session(_program(ctx["unit"]))
    _refused(SessionAttendance(session=session, user=ctx["user"], status="bolos",
                               source="coach", marked_at=NOW))


def test_sync_entry_id_is_stored_once(ctx):
    db.session.add(_entry(ctx["user"]))
    db.session.commit()
    _refused(_entry(ctx["user"]))


def test_checkin_needs_an_existing_sync_entry(ctx):
    _refused(CheckIn(entry_id="no-such-entry", user_id=ctx["user"].id, type="in",
                     captured_at=NOW, corrected_at=NOW, received_at=NOW,
                     local_date=date(2026, 7, 7)))


def test_checkin_type_and_coordinates_are_checked(ctx):
    entry = _entry(ctx["user"])
    db.session.add(entry)
    db.session.commit()
    base = {"entry_id": entry.id, "user_id": ctx["user"].id, "captured_at": NOW,
            "corrected_at": NOW, "received_at": NOW, "local_date": date(2026, 7, 7)}
    _refused(CheckIn(type="sideways", **base))
    _refused(CheckIn(type="in", lat=123.0, lon=0.0, **base))


def test_naive_datetimes_are_refused(ctx):
    _refused(_session(_program(ctx["unit"]), starts_at=datetime(2026, 7, 7, 9),
                      ends_at=datetime(2026, 7, 7, 11)))


def test_datetimes_come_back_aware_utc(ctx):
    session = _session(_program(ctx["unit"]))
    db.session.add(session)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(ClinicSession, session.id).starts_at == NOW
    assert db.session.get(ClinicSession, session.id).starts_at.tzinfo is not None


def test_audit_events_cannot_be_changed_or_deleted(ctx):
    event = AuditEvent(actor_id=ctx["user"].id, action="x", entity_type="t", entity_id="1")
    db.session.add(event)
    db.session.commit()
    event.action = "y"
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AuditIsAppendOnly):
        db.session.commit()
