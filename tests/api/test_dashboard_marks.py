"""The dashboard's SQL aggregation (attendance folded into per-participant bitmasks) gives
what the plain-row reference gives, on the real database engine."""

import random
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from tests.unit.dashboard_helpers import build_dashboard, marks_from_rows
from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, SessionAttendance, User
from webapp.services.dashboard import (
    load_dashboard,
    load_marks,
    load_participants,
    load_program,
    load_sessions,
)
from webapp.vocabulary import ATTENDANCE

START = datetime(2026, 1, 5, 2, 0, tzinfo=UTC)


def build_long_programme(app, held: int) -> int:
    """`held` held sessions (two pairs starting at the same minute), cancelled and planned ones
    carrying stray marks, random statuses with gaps, and a non-participant with marks."""
    draw = random.Random(held)
    now = datetime.now(UTC)
    with app.app_context():
        users = list(db.session.scalars(db.select(User.id).order_by(User.id)))
        participants, outsider = users[:6], users[6]
        program = Program(name="Klinik panjang", unit_id=1, start_date=START.date(),
                          end_date=(START + timedelta(days=held + 10)).date(),
                          target_sessions=held // 2, skills=[])
        db.session.add(program)
        db.session.flush()
        db.session.execute(insert(ProgramParticipant), [
            {"program_id": program.id, "user_id": u, "enrolled_at": now} for u in participants])
        states = ["held"] * held + ["cancelled", "planned", "planned"]
        draw.shuffle(states)
        # Inserted out of time order, and sessions 3/4 and 10/11 start together: the masks
        # must follow (starts_at, id), not insertion order.
        days = [0, 1, 2, 3, 3, *range(5, 11), 10, *range(12, len(states))]
        session_ids = [db.session.scalar(insert(ClinicSession).returning(ClinicSession.id), {
            "program_id": program.id, "starts_at": START + timedelta(days=day),
            "ends_at": START + timedelta(days=day, hours=2), "status": state,
            "secret": "JBSWY3DPEHPK3PXP"}) for day, state in reversed(list(zip(
                days, states, strict=True)))]
        rows = [{"session_id": s, "user_id": u, "status": draw.choice(ATTENDANCE.values),
                 "source": "coach", "marked_at": now, "updated_at": now, "note": "",
                 "skills": [], "needs_review": False, "review_reason": ""}
                for s in session_ids for u in [*participants, outsider] if draw.random() < 0.8]
        db.session.execute(insert(SessionAttendance), rows)
        db.session.commit()
        return program.id


def raw_attendance(program_id: int) -> list[tuple[int, int, str]]:
    return db.session.execute(
        db.select(SessionAttendance.session_id, SessionAttendance.user_id,
                  SessionAttendance.status)
        .join(ClinicSession, SessionAttendance.session_id == ClinicSession.id)
        .where(ClinicSession.program_id == program_id)).all()


def test_sql_marks_equal_the_plain_row_reference_for_short_and_multi_column_programmes(seeded):
    for held in (20, 62, 63, 130):
        program_id = build_long_programme(seeded, held)
        with seeded.app_context():
            sessions = load_sessions(program_id)
            assert sum(s.status == "held" for s in sessions) == held
            expected = marks_from_rows(sessions, raw_attendance(program_id))
            assert load_marks(program_id, held) == expected
            assert max(a | e for a, e in expected.values()).bit_length() > held - 3


def test_the_loaded_dashboard_equals_the_one_built_from_plain_rows(seeded):
    program_id = build_long_programme(seeded, 70)
    with seeded.app_context():
        loaded = load_dashboard(program_id)
        reference = build_dashboard(load_program(program_id), load_participants(program_id),
                                    load_sessions(program_id), raw_attendance(program_id))
    assert loaded == reference
    assert len(loaded.rows) == 6 and {r.completion.held for r in loaded.rows} == {70}
    assert sum(w.sessions for w in loaded.weekly) == 70


def test_a_session_held_after_the_count_is_left_out_of_the_masks(seeded):
    program_id = build_long_programme(seeded, 20)
    with seeded.app_context():
        marks = load_marks(program_id, 19)
    assert max(a | e for a, e in marks.values()).bit_length() <= 19
