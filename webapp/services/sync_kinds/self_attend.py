"""`self_attend` entries: a participant proves presence with the session's rotating code.

The code is checked against the session's secret at the entry's exact time (captured_at after
the batch's measured clock offset, however small: `webapp.services.clock.exact`, as codes step
every 30 s), one step either side; any other code is simply wrong, with no hint that it was
right at another time. A code cannot have been entered after the batch arrived, so an entry
dated later than that is refused unjudged. Only SESSION_CODE_ATTEMPTS wrong codes per
participant per session are judged (`webapp.services.code_attempts`); then their codes for it
are refused and the coach marks them.

A right code counts inside the session's window, judged in minutes on the corrected time like a
check-in's: from SESSION_CODE_GRACE_MINUTES (default 15) before the start to as long after the
end; after SESSION_LATE_AFTER_MINUTES (default 15) past the start the participant is
`terlambat`. A right code dated outside the window, or arriving more than
SESSION_CODE_LATE_SYNC_HOURS after the session's end (when its time rests on the phone's word
alone), is stored but not counted: it is kept as `late_sync` for the coach, who accepts it by
marking the participant. The participant must be enrolled in the programme. A counted code can
only come from the coach's screen, so it also proves the session took place: the session
becomes `held`, as after a coach's mark, once it has started. How a self-attend merges with
coach marks and leave: `webapp.services.attendance_rules`.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from webapp.models import ClinicSession
from webapp.schemas.clinic_sync import SelfAttendDataSchema
from webapp.services import attendance, code_attempts
from webapp.services.attendance_rules import (
    SelfAttend,
    in_window,
    self_attend_status,
    with_self_attend,
)
from webapp.services.clock import FUTURE_TOLERANCE, exact
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.session_codes import verify_code
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import (
    CANCELLED,
    NO_SESSION,
    attendance_record,
    enrolled,
    grace,
    late_after,
    late_sync_after,
    load_sessions,
    stored_attendance_records,
)

NOT_ENROLLED = "Anda tidak terdaftar di program sesi ini."
WRONG_CODE = ("Kode salah untuk sesi ini, atau sudah berganti. Masukkan kode yang sedang tampil "
              "di layar pelatih.")
FROM_THE_FUTURE = ("Waktu kode ini belum tiba menurut jam server. Periksa jam HP Anda, lalu "
                   "masukkan kode yang sedang tampil di layar pelatih.")


def too_many(most: int) -> str:
    return (f"Terlalu banyak percobaan kode untuk sesi ini ({most} kode salah); kode Anda tidak "
            "diterima lagi. Minta pelatih menandai kehadiran Anda.")


@dataclass(frozen=True)
class Plan:
    session: ClinicSession
    status: str  # what the code gives: hadir | terlambat
    late_reason: str = ""  # set: kept as `late_sync` for the coach, not counted


def _clock(at: datetime, tz_name: str, with_date: bool = False) -> str:
    local = local_datetime(at, tz_name)
    return f"{local:%d-%m-%Y %H:%M}" if with_date else f"{local:%H:%M}"


def _late_reason(session: ClinicSession, at: datetime, received_at: datetime,
                 margin: timedelta, after: timedelta) -> str:
    """Why a right code is not counted, for the coach; empty when it counts."""
    tz_name = attendance.session_timezone(session)
    zone = zone_label(tz_name)
    if not in_window(at, session.starts_at, session.ends_at, margin):
        return (f"Kode benar, tetapi dimasukkan {_clock(at, tz_name, True)} {zone}, di luar "
                f"waktu sesi ({_clock(session.starts_at - margin, tz_name)}–"
                f"{_clock(session.ends_at + margin, tz_name)}).")
    if received_at > session.ends_at + after:
        return (f"Kode benar untuk pukul {_clock(at, tz_name)}, tetapi baru terkirim "
                f"{_clock(received_at, tz_name, True)} {zone}, lebih dari "
                f"{after // timedelta(hours=1)} jam setelah sesi berakhir.")
    return ""


class SelfAttendHandler:
    kind = "self_attend"
    schema = SelfAttendDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        """Counts wrong codes as it goes (`code_attempts`): that stays, whatever the verdicts."""
        sessions = load_sessions(entries)
        mine = enrolled({s.program_id for s in sessions.values()}, {ctx.user.id})
        judged_wrong = code_attempts.known_wrong(
            ctx.user.id, [(entry.id, entry.payload_hash) for entry in entries])
        most = code_attempts.limit(ctx.config)
        locked: set[int] = set()
        verdicts = []
        for entry in entries:
            session = sessions.get(entry.data["session_id"])
            at = exact(entry.captured_at, ctx.offset)
            if session is None:
                verdicts.append(Rejected({"session_id": [NO_SESSION]}))
            elif (session.program_id, ctx.user.id) not in mine:
                verdicts.append(Rejected({"session_id": [NOT_ENROLLED]}))
            elif session.status == "cancelled":
                verdicts.append(Rejected({"session_id": [CANCELLED]}))
            elif at > ctx.received_at + FUTURE_TOLERANCE:
                verdicts.append(Rejected({"captured_at": [FROM_THE_FUTURE]}))
            elif (entry.id, entry.payload_hash) in judged_wrong:
                verdicts.append(Rejected({"code": [WRONG_CODE]}))
            elif session.id in locked or not code_attempts.reserve(session.id, ctx.user.id,
                                                                   most):
                locked.add(session.id)
                verdicts.append(Rejected({"code": [too_many(most)]}))
            elif verify_code(session.secret, entry.data["code"], at, window=1) is None:
                if not code_attempts.keep(session.id, ctx.user.id, entry.id, entry.payload_hash,
                                          code_attempts.WRONG, at, ctx.received_at):
                    code_attempts.give_back(session.id, ctx.user.id)  # counted by its twin
                verdicts.append(Rejected({"code": [WRONG_CODE]}))
            else:
                code_attempts.give_back(session.id, ctx.user.id)
                verdicts.append(self._plan(ctx, session, entry))
        return verdicts

    def _plan(self, ctx: SyncContext, session: ClinicSession, entry: Entry) -> Plan:
        at = entry.corrected_at
        return Plan(session, self_attend_status(at, session.starts_at, late_after(ctx.config)),
                    _late_reason(session, at, ctx.received_at, grace(ctx.config),
                                 late_sync_after(ctx.config)))

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, Plan]]) -> list[dict]:
        records = []
        for entry, plan in planned:
            session = plan.session
            if plan.late_reason:
                code_attempts.keep(session.id, ctx.user.id, entry.id, entry.payload_hash,
                                   code_attempts.LATE_SYNC, entry.corrected_at, ctx.received_at,
                                   plan.status, plan.late_reason)
                records.append(attendance_record(
                    self.kind, entry.id, session.id, ctx.user.id,
                    attendance.find(session.id, ctx.user.id), False,
                    flags=[code_attempts.LATE_SYNC]))
                continue
            fact = SelfAttend(plan.status, entry.corrected_at, ctx.user.id)
            row, applied = attendance.apply(
                session, ctx.user.id, lambda facts, fact=fact: with_self_attend(facts, fact),
                ctx.user.id, "attendance.self_attend", {"entry_id": entry.id})
            # A code before the start never makes the session held.
            attendance.mark_held(session, ctx.user.id, f"self_attend {entry.id}",
                                 ctx.received_at, session.starts_at)
            records.append(attendance_record(self.kind, entry.id, session.id, ctx.user.id, row,
                                             applied))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        records = stored_attendance_records(self.kind, entry_ids)
        for entry_id in code_attempts.late_entries(entry_ids):
            records[entry_id]["flags"] = [code_attempts.LATE_SYNC]
        return records


register(SelfAttendHandler())
