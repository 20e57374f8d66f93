"""`self_attend` entries: a participant proves presence with the session's rotating code.

The code is checked against the session's secret at the entry's exact time (captured_at after
the batch's measured clock offset, however small: `webapp.services.clock.exact`, as codes step
every 30 s), one step either side. The window and lateness are judged in minutes, on the
corrected time like a check-in's: the code counts only inside the session's window, from
SESSION_CODE_GRACE_MINUTES (default 15) before the start to as long after the end, and after
SESSION_LATE_AFTER_MINUTES (default 15) past the start the participant is `terlambat`. A code
is bound to its step and its session, so it proves nothing at another time or session. The
participant must be enrolled in the programme. A valid code can only come from the coach's
screen, so it also proves the session took place: the session becomes `held`, as after a
coach's mark. How a self-attend merges with coach marks and leave:
`webapp.services.attendance_rules`.
"""

from datetime import datetime, timedelta

from webapp.models import ClinicSession
from webapp.schemas.clinic_sync import SelfAttendDataSchema
from webapp.services import attendance
from webapp.services.attendance_rules import (
    SelfAttend,
    in_window,
    self_attend_status,
    with_self_attend,
)
from webapp.services.clock import exact
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.session_codes import STEP_S, verify_code
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import (
    CANCELLED,
    NO_SESSION,
    attendance_record,
    enrolled,
    grace,
    late_after,
    load_sessions,
    stored_attendance_records,
)

# How far back an expired code is still recognised, only to say "expired" rather than "wrong".
RECOGNISE_STALE_STEPS = 20
NOT_ENROLLED = "Anda tidak terdaftar di program sesi ini."
WRONG_CODE = "Kode salah untuk sesi ini. Periksa lagi kode di layar pelatih."


def _clock(at: datetime, tz_name: str, with_date: bool = False) -> str:
    local = local_datetime(at, tz_name)
    return f"{local:%d-%m-%Y %H:%M}" if with_date else f"{local:%H:%M}"


def _outside_window(session: ClinicSession, at: datetime, margin: timedelta) -> str:
    tz_name = attendance.session_timezone(session)
    return (f"Kode sesi ini hanya diterima pada {_clock(session.starts_at - margin, tz_name, True)}"
            f"–{_clock(session.ends_at + margin, tz_name)} {zone_label(tz_name)}; kode Anda "
            f"dimasukkan {_clock(at, tz_name, True)} {zone_label(tz_name)}.")


def _code_error(session: ClinicSession, code: str, at: datetime) -> str | None:
    """None when the code is right for `at` (one step either side), else why not."""
    if verify_code(session.secret, code, at, window=1) is not None:
        return None
    step = verify_code(session.secret, code, at, window=RECOGNISE_STALE_STEPS)
    if step is None:
        return WRONG_CODE
    tz_name = attendance.session_timezone(session)
    shown = datetime.fromtimestamp(step * STEP_S, at.tzinfo)
    return (f"Kode sudah kedaluwarsa: kode itu tampil pukul {_clock(shown, tz_name)} "
            f"{zone_label(tz_name)}, tetapi dimasukkan pukul {_clock(at, tz_name)} "
            f"{zone_label(tz_name)}. Kode berganti setiap 30 detik; masukkan kode yang sedang "
            "tampil.")


class SelfAttendHandler:
    kind = "self_attend"
    schema = SelfAttendDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        sessions = load_sessions(entries)
        mine = enrolled({s.program_id for s in sessions.values()}, {ctx.user.id})
        margin, late = grace(ctx.config), late_after(ctx.config)
        verdicts = []
        for entry in entries:
            session = sessions.get(entry.data["session_id"])
            at = entry.corrected_at
            if session is None:
                verdicts.append(Rejected({"session_id": [NO_SESSION]}))
            elif (session.program_id, ctx.user.id) not in mine:
                verdicts.append(Rejected({"session_id": [NOT_ENROLLED]}))
            elif session.status == "cancelled":
                verdicts.append(Rejected({"session_id": [CANCELLED]}))
            elif not in_window(at, session.starts_at, session.ends_at, margin):
                verdicts.append(Rejected({"code": [_outside_window(session, at, margin)]}))
            elif error := _code_error(session, entry.data["code"],
                                      exact(entry.captured_at, ctx.offset)):
                verdicts.append(Rejected({"code": [error]}))
            else:
                verdicts.append((session, self_attend_status(at, session.starts_at, late)))
        return verdicts

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, tuple]]) -> list[dict]:
        records = []
        for entry, (session, status) in planned:
            fact = SelfAttend(status, entry.corrected_at, ctx.user.id)
            row, applied = attendance.apply(
                session, ctx.user.id, lambda facts, fact=fact: with_self_attend(facts, fact),
                ctx.user.id, "attendance.self_attend", {"entry_id": entry.id})
            attendance.mark_held(session, ctx.user.id, f"self_attend {entry.id}")
            records.append(attendance_record(self.kind, entry.id, session.id, ctx.user.id, row,
                                             applied))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return stored_attendance_records(self.kind, entry_ids)


register(SelfAttendHandler())
