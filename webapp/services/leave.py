"""Deciding leave requests (izin, sakit, dinas luar) and what an approval does to attendance.

Rule: approving a leave applies it to every session of every programme the participant is
enrolled in whose start falls on a local date in [date_from, date_to] - local in the time zone
of the unit that runs the programme - except cancelled sessions. Each such attendance becomes
the leave's type with source `leave` (it then leaves the completion percentage's denominator:
excused sessions do not count against the participant), unless the participant is already
hadir or terlambat there, or a coach marked them after the approval; see
`webapp.services.attendance_rules` for the full merge rules. Sessions created after the
approval are not touched. A decision is final: only a pending request can be decided. A
coach decides only leave whose sessions all belong to programmes they run; leave that reaches
another coach's programme is BKPSDM's to decide. The official's direct supervisor (atasan)
decides their leave as BKPSDM does, whatever programmes it reaches: leave from work is the
atasan's to grant.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import joinedload

from webapp.extensions import db
from webapp.models import (
    ClinicSession,
    LeaveRequest,
    Photo,
    Program,
    ProgramParticipant,
    Unit,
    User,
)
from webapp.services import attendance
from webapp.services.access import can_decide, coached_participant_ids, coached_program_ids
from webapp.services.attendance_rules import Leave, with_leave
from webapp.services.decisions import is_direct_supervisor, settle_once
from webapp.services.localtime import local_date
from webapp.services.refused import Refused
from webapp.vocabulary import APPROVED, PENDING

# How far from the day it was written a request may reach: further back is a typo or too late
# to check, further ahead a plan nobody can decide on yet.
PAST_DAYS, FUTURE_DAYS = 30, 180
TOO_EARLY = f"Tanggal mulai paling awal {PAST_DAYS} hari sebelum hari pengajuan."
TOO_LATE = f"Tanggal selesai paling lambat {FUTURE_DAYS} hari setelah hari pengajuan."
BEYOND_COACH = ("Izin ini juga mencakup sesi program pelatih lain; keputusannya ada pada "
                "BKPSDM.")


def date_problems(date_from: date, date_to: date, written_on: date) -> dict[str, list[str]]:
    """Fields of a request written on the local day `written_on` whose dates are out of range."""
    problems = {}
    if date_from < written_on - timedelta(days=PAST_DAYS):
        problems["date_from"] = [TOO_EARLY]
    if date_to > written_on + timedelta(days=FUTURE_DAYS):
        problems["date_to"] = [TOO_LATE]
    return problems


def evidence_received(leaves: list[LeaveRequest]) -> set[str]:
    """Photo ids that arrived from the leave's own requester. A photo id naming someone
    else's photo, or one not uploaded yet, shows no evidence."""
    wanted = [(leave.photo_id, leave.user_id) for leave in leaves if leave.photo_id]
    if not wanted:
        return set()
    photos = db.session.execute(db.select(Photo.id, Photo.user_id).where(
        Photo.id.in_([photo_id for photo_id, _ in wanted])))
    owned = {(str(photo_id), user_id) for photo_id, user_id in photos}
    return {photo_id for photo_id, user_id in wanted if (photo_id, user_id) in owned}


def enrolled_program_names(user_ids: set[int]) -> dict[int, list[str]]:
    """The programmes each of these participants is enrolled in, by name (one statement)."""
    names: dict[int, list[str]] = {}
    if user_ids:
        rows = db.session.execute(
            db.select(ProgramParticipant.user_id, Program.name)
            .join(Program, ProgramParticipant.program_id == Program.id)
            .where(ProgramParticipant.user_id.in_(user_ids))
            .order_by(ProgramParticipant.id))
        for user_id, name in rows:
            names.setdefault(user_id, []).append(name)
    return names


def _decidable(user: User):
    statement = db.select(LeaveRequest).options(joinedload(LeaveRequest.user))
    if not user.has_role("reviewer"):
        statement = statement.where(LeaveRequest.user_id.in_(coached_participant_ids(user)))
    return statement


def pending_count(user: User) -> int:
    """Pending requests `user` can decide (not those a coach sees but BKPSDM decides)."""
    pending = list(db.session.scalars(_decidable(user).where(LeaveRequest.state == PENDING)))
    return len(pending) - len(beyond_coach(user, pending))


def visible_leaves(user: User, limit: int = 100) -> list[LeaveRequest]:
    """Pending requests first (oldest first), then recent decisions, that `user` may decide."""
    statement = _decidable(user)
    pending = statement.where(LeaveRequest.state == PENDING).order_by(LeaveRequest.created_at)
    decided = statement.where(LeaveRequest.state != PENDING).order_by(
        LeaveRequest.decided_at.desc()).limit(limit)
    return list(db.session.scalars(pending)) + list(db.session.scalars(decided))


def own_leaves(user: User, limit: int = 50) -> list[LeaveRequest]:
    """The participant's own requests, newest first."""
    return list(db.session.scalars(db.select(LeaveRequest).where(LeaveRequest.user_id == user.id)
                                   .order_by(LeaveRequest.created_at.desc()).limit(limit)))


def leave_snapshot(leave: LeaveRequest) -> dict:
    return {"user_id": leave.user_id, "type": leave.type,
            "date_from": leave.date_from.isoformat(), "date_to": leave.date_to.isoformat(),
            "state": leave.state, "decided_by_id": leave.decided_by_id,
            "decided_at": leave.decided_at.isoformat() if leave.decided_at else None,
            "decision_note": leave.decision_note}


NOT_YOURS = "Permohonan izin tidak ditemukan, atau bukan wewenang Anda."
ALREADY_DECIDED = "Permohonan ini sudah diputuskan."


def check_decider(actor: User, leave: LeaveRequest | None) -> None:
    """Refuse a decider who may not decide `leave`: 404 outside their scope (as if it did
    not exist), 403 for a coach whose decision would reach another coach's programme."""
    if leave is None or not can_decide(actor, leave):
        raise Refused(404, NOT_YOURS)
    if actor.has_role("reviewer") or is_direct_supervisor(actor, leave.user):
        return
    if others_programs_covered(coached_program_ids(actor), covered_sessions(leave)):
        raise Refused(403, BEYOND_COACH)


def settle(actor: User, leave: LeaveRequest, decision: str, note: str,
           now: datetime) -> int | None:
    """Decide a leave `actor` may decide, applying an approval to its sessions; returns the
    attendances changed, or None when it was decided already."""
    if not settle_once(actor, leave, decision, note, now, leave_snapshot, "leave.decide",
                       "leave_request"):
        return None
    return apply_approved(actor, leave, covered_sessions(leave)) if decision == APPROVED else 0


def decide(actor: User, leave_id: int, decision: str, note: str,
           now: datetime) -> tuple[LeaveRequest, int]:
    """Approve or reject a pending leave; returns (the leave, attendances changed)."""
    leave = db.session.get(LeaveRequest, leave_id)
    check_decider(actor, leave)
    changed = settle(actor, leave, decision, note, now)
    if changed is None:
        raise Refused(409, ALREADY_DECIDED)
    db.session.flush()
    return leave, changed


def others_programs_covered(own_programs: set[int], sessions: list[ClinicSession]) -> bool:
    """Whether a leave's sessions include ones of programmes other than a coach's own. A
    decision applies to every programme of the participant, so a coach's must not reach
    another's."""
    return bool({s.program_id for s in sessions} - own_programs)


def covered_sessions(leave: LeaveRequest) -> list[ClinicSession]:
    """Non-cancelled sessions of the participant's programmes on the leave's local dates."""
    return covered_sessions_of([leave])[leave.id]


def covered_sessions_of(leaves: list[LeaveRequest]) -> dict[int, list[ClinicSession]]:
    """covered_sessions for each of `leaves` by leave id, in one statement."""
    if not leaves:
        return {}
    # A day either side in UTC catches every zone; the local date then decides exactly.
    low = datetime.combine(min(lv.date_from for lv in leaves) - timedelta(days=1), time(0),
                           tzinfo=UTC)
    high = datetime.combine(max(lv.date_to for lv in leaves) + timedelta(days=2), time(0),
                            tzinfo=UTC)
    candidates = db.session.execute(
        db.select(ProgramParticipant.user_id, ClinicSession, Unit.timezone)
        .join(ProgramParticipant, ProgramParticipant.program_id == ClinicSession.program_id)
        .join(Program, Program.id == ClinicSession.program_id)
        .join(Unit, Unit.id == Program.unit_id)
        .where(ProgramParticipant.user_id.in_({lv.user_id for lv in leaves}),
               ClinicSession.status != "cancelled",
               ClinicSession.starts_at >= low, ClinicSession.starts_at < high)
        .order_by(ClinicSession.starts_at, ClinicSession.id)).all()
    return {lv.id: [session for user_id, session, tz_name in candidates
                    if user_id == lv.user_id
                    and lv.date_from <= local_date(session.starts_at, tz_name) <= lv.date_to]
            for lv in leaves}


def beyond_coach(user: User, leaves: list[LeaveRequest]) -> set[int]:
    """Ids of the pending `leaves` that `user`, a coach, may see but not decide: their
    sessions reach programmes of other coaches (see decide). Empty for a reviewer."""
    if user.has_role("reviewer"):
        return set()
    own_programs = coached_program_ids(user)
    pending = [lv for lv in leaves if lv.state == PENDING]
    return {leave_id for leave_id, sessions in covered_sessions_of(pending).items()
            if others_programs_covered(own_programs, sessions)}


def apply_approved(actor: User, leave: LeaveRequest, sessions: list[ClinicSession]) -> int:
    """Apply an approved leave to its covered sessions; returns the attendances changed."""
    fact = Leave(leave.type, leave.decided_at, actor.id)
    changed = 0
    for session in sessions:
        before = attendance.snapshot(attendance.find(session.id, leave.user_id))
        row, _ = attendance.apply(session, leave.user_id, lambda facts: with_leave(facts, fact),
                                  actor.id, "attendance.leave", {"leave_id": leave.id},
                                  leave_id=leave.id)
        after = attendance.snapshot(row)
        changed += (before or {}).get("status") != after["status"]
    return changed
