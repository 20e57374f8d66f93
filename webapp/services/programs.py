"""Programme management for coaches: create, enrol, schedule, edit, cancel and move sessions.

Input arrives validated by `webapp.schemas.programs`; what needs the database to judge (who
exists, who may act, what state a session is in) is checked here and refused with
`Refused`. Every change is audited in the same transaction.
"""

from datetime import date, time

from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, Unit, User, UserRole
from webapp.services import audit
from webapp.services.access import can_manage, coached_program_ids
from webapp.services.refused import Refused
from webapp.services.schedule import WeeklyPattern, generate, local_slot
from webapp.services.session_codes import new_secret

NOT_FOUND = "{} tidak ditemukan, atau Anda bukan pelatihnya."


def managed_programs(user: User) -> list[Program]:
    statement = db.select(Program).order_by(Program.start_date.desc(), Program.id.desc())
    if not user.has_role("admin"):
        statement = statement.where(Program.id.in_(coached_program_ids(user)))
    return list(db.session.scalars(statement))


def get_managed_program(user: User, program_id: int) -> Program:
    # Someone else's programme is "not found", as for any record that is not yours to see.
    program = db.session.get(Program, program_id)
    if program is None or not can_manage(user, program):
        raise Refused(404, NOT_FOUND.format("Program"))
    return program


def get_managed_session(user: User, session_id: int) -> ClinicSession:
    session = db.session.get(ClinicSession, session_id)
    if session is None or not can_manage(user, session.program):
        raise Refused(404, NOT_FOUND.format("Sesi"))
    return session


def program_snapshot(program: Program) -> dict:
    return {"name": program.name, "unit_id": program.unit_id,
            "start_date": program.start_date.isoformat(),
            "end_date": program.end_date.isoformat(), "target_sessions": program.target_sessions,
            "zone_green_pct": program.zone_green_pct, "zone_yellow_pct": program.zone_yellow_pct,
            "skills": list(program.skills)}


def session_snapshot(session: ClinicSession) -> dict:
    return {"starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat(),
            "place": session.place, "coach_id": session.coach_id, "topic": session.topic,
            "notes": session.notes, "status": session.status,
            "status_reason": session.status_reason}


def _coach(coach_id: int | None, field: str = "coach_id") -> int | None:
    if coach_id is None:
        return None
    user = db.session.get(User, coach_id)
    if user is None or not user.active or not user.has_role("coach"):
        raise Refused(422, "Data tidak valid.", {field: ["Pelatih tidak ditemukan."]})
    return user.id


def create_program(actor: User, data: dict) -> Program:
    unit_id = data.get("unit_id") or actor.unit_id
    if unit_id is None or db.session.get(Unit, unit_id) is None:
        raise Refused(422, "Data tidak valid.", {"unit_id": ["Unit tidak ditemukan."]})
    program = Program(name=data["name"], unit_id=unit_id, start_date=data["start_date"],
                      end_date=data["end_date"], target_sessions=data["target_sessions"],
                      zone_green_pct=data["zone_green_pct"],
                      zone_yellow_pct=data["zone_yellow_pct"], skills=data["skills"],
                      created_by_id=actor.id)
    db.session.add(program)
    db.session.flush()
    audit.record(actor.id, "program.create", "program", program.id, None,
                 program_snapshot(program))
    return program


def enrol(actor: User, program: Program, user_ids: list[int], unit_id: int | None) -> list[User]:
    """Enrol the listed users and/or every active participant of a unit; returns who was added.

    Users already enrolled are skipped, so enrolling twice is harmless.
    """
    wanted: dict[int, User] = {}
    if user_ids:
        found = {u.id: u for u in db.session.scalars(db.select(User).where(
            User.id.in_(user_ids), User.active.is_(True)))}
        missing = [i for i in user_ids if i not in found or not found[i].has_role("participant")]
        if missing:
            raise Refused(422, "Data tidak valid.", {"user_ids": [
                "Bukan peserta aktif: " + ", ".join(str(i) for i in sorted(set(missing)))]})
        wanted.update(found)
    if unit_id is not None:
        if db.session.get(Unit, unit_id) is None:
            raise Refused(422, "Data tidak valid.", {"unit_id": ["Unit tidak ditemukan."]})
        wanted.update({u.id: u for u in db.session.scalars(
            db.select(User).join(UserRole).where(User.unit_id == unit_id,
                                                 User.active.is_(True),
                                                 UserRole.role == "participant"))})
    enrolled = set(db.session.scalars(db.select(ProgramParticipant.user_id).where(
        ProgramParticipant.program_id == program.id)))
    added = sorted((u for uid, u in wanted.items() if uid not in enrolled),
                   key=lambda u: u.full_name)
    for user in added:
        db.session.add(ProgramParticipant(program_id=program.id, user_id=user.id))
    if added:
        audit.record(actor.id, "program.enrol", "program", program.id,
                     {"participants": sorted(enrolled)},
                     {"participants": sorted(enrolled | {u.id for u in added})})
    db.session.flush()
    return added


def unenrol(actor: User, program: Program, user_id: int) -> None:
    """Take a participant off the programme; their past attendance stays on record."""
    link = db.session.scalar(db.select(ProgramParticipant).filter_by(program_id=program.id,
                                                                     user_id=user_id))
    if link is None:
        raise Refused(404, "Peserta tidak terdaftar di program ini.")
    db.session.delete(link)
    audit.record(actor.id, "program.unenrol", "program", program.id, {"user_id": user_id}, None)
    db.session.flush()


def _within_program(program: Program, day: date, field: str) -> None:
    if not program.start_date <= day <= program.end_date:
        raise Refused(422, "Data tidak valid.", {field: [
            f"Harus di antara {program.start_date:%d-%m-%Y} dan {program.end_date:%d-%m-%Y}."]})


def generate_schedule(actor: User, program: Program, data: dict) -> tuple[
        list[ClinicSession], int]:
    """Create the sessions of a weekly pattern; returns (created, skipped as already there).

    A slot that already has a session (not cancelled) starting at the same time is skipped,
    so generating the same pattern twice creates nothing new.
    """
    date_from = data.get("date_from") or program.start_date
    date_to = data.get("date_to") or program.end_date
    _within_program(program, date_from, "date_from")
    _within_program(program, date_to, "date_to")
    if date_to < date_from:
        raise Refused(422, "Data tidak valid.", {"date_to": ["Sebelum tanggal mulai."]})
    coach_id = _coach(data.get("coach_id"))
    if coach_id is None and actor.has_role("coach"):
        coach_id = actor.id
    pattern = WeeklyPattern(frozenset(data["weekdays"]), data["start_time"], data["end_time"])
    slots = generate(pattern, date_from, date_to, program.unit.timezone, data["holidays"])
    taken = set(db.session.scalars(db.select(ClinicSession.starts_at).where(
        ClinicSession.program_id == program.id, ClinicSession.status != "cancelled")))
    created = []
    for starts_at, ends_at in slots:
        if starts_at in taken:
            continue
        session = ClinicSession(program_id=program.id, starts_at=starts_at, ends_at=ends_at,
                                place=data["place"], coach_id=coach_id, status="planned",
                                secret=new_secret())
        db.session.add(session)
        created.append(session)
    db.session.flush()
    if created:
        audit.record(actor.id, "program.schedule", "program", program.id, None, {
            "weekdays": sorted(data["weekdays"]), "start_time": data["start_time"].isoformat(),
            "end_time": data["end_time"].isoformat(), "date_from": date_from.isoformat(),
            "date_to": date_to.isoformat(),
            "holidays": sorted(d.isoformat() for d in data["holidays"]),
            "sessions": [s.id for s in created]})
    return created, len(slots) - len(created)


def update_session(actor: User, session: ClinicSession, changes: dict) -> ClinicSession:
    """Edit place, coach, topic or notes of a session that is not cancelled."""
    if session.status == "cancelled":
        raise Refused(409, "Sesi ini sudah dibatalkan.")
    if "coach_id" in changes:
        changes = {**changes, "coach_id": _coach(changes["coach_id"])}
    before = session_snapshot(session)
    for name, value in changes.items():
        setattr(session, name, value)
    after = session_snapshot(session)
    if after != before:
        audit.record(actor.id, "session.update", "clinic_session", session.id, before, after)
    db.session.flush()
    return session


def _only_planned(session: ClinicSession, verb: str) -> None:
    if session.status != "planned":
        state = "sudah terlaksana" if session.status == "held" else "sudah dibatalkan"
        raise Refused(409, f"Sesi yang {state} tidak dapat {verb}.")


def cancel_session(actor: User, session: ClinicSession, reason: str) -> ClinicSession:
    """Cancel a planned session: it then counts for nothing in the completion rules."""
    _only_planned(session, "dibatalkan")
    before = session_snapshot(session)
    session.status, session.status_reason = "cancelled", reason
    audit.record(actor.id, "session.cancel", "clinic_session", session.id, before,
                 session_snapshot(session))
    db.session.flush()
    return session


def move_session(actor: User, session: ClinicSession, day: date, start: time, end: time,
                 reason: str) -> ClinicSession:
    """Move a planned session to another local day and time within the programme."""
    _only_planned(session, "dipindahkan")
    _within_program(session.program, day, "date")
    before = session_snapshot(session)
    session.starts_at, session.ends_at = local_slot(day, start, end,
                                                    session.program.unit.timezone)
    session.status_reason = reason
    audit.record(actor.id, "session.move", "clinic_session", session.id, before,
                 session_snapshot(session))
    db.session.flush()
    return session
