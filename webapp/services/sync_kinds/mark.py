"""`mark` entries: a coach sets one participant's status at a session from the roster.

Only coaches of the session's programme may mark, only enrolled participants, never on a
cancelled session; a mark makes a planned session `held` (completion counts held sessions).
Merge rules (full text in `webapp.services.attendance_rules`):

- the coach's explicit status wins over the participant's self-attend, whatever arrives first;
- but if the coach's status is `alpa` and the participant entered a valid code within the
  session window, the status stays `alpa` and the attendance is flagged `needs_review` with
  the reason;
- between two coaches' phones the latest mark by corrected time (captured_at after the clock
  offset) wins; an older mark that arrives later is audited as `attendance.mark_superseded`
  and changes nothing (its record says `applied: false`); at an equal time (times have whole
  seconds) the later arrival wins, so one phone's quick taps keep their order;
- against an approved leave, the later decision wins, except that hadir/terlambat always
  beats the leave.

Every applied mark is audited with who, when, before and after.
"""

from webapp.schemas.clinic_sync import MarkDataSchema
from webapp.services import attendance
from webapp.services.attendance_rules import CoachMark, with_coach_mark
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import (
    attendance_record,
    coach_session,
    coached,
    enrolled,
    load_sessions,
    stored_attendance_records,
)

NOT_ENROLLED = "Peserta ini tidak terdaftar di program sesi ini."


class MarkHandler:
    kind = "mark"
    schema = MarkDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        sessions = load_sessions(entries)
        mine = coached(ctx, sessions)
        pairs = enrolled({s.program_id for s in sessions.values()},
                         {entry.data["user_id"] for entry in entries})
        verdicts = []
        for entry in entries:
            session = coach_session(ctx, sessions, mine, entry.data["session_id"])
            if isinstance(session, Rejected):
                verdicts.append(session)
            elif (session.program_id, entry.data["user_id"]) not in pairs:
                verdicts.append(Rejected({"user_id": [NOT_ENROLLED]}))
            else:
                verdicts.append(session)
        return verdicts

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, session in planned:
            data = entry.data
            mark = CoachMark(data["status"], entry.corrected_at, ctx.user.id, data["note"])
            row, applied = attendance.apply(
                session, data["user_id"], lambda facts, mark=mark: with_coach_mark(facts, mark),
                ctx.user.id, "attendance.mark",
                {"entry_id": entry.id, "mark": {"status": mark.status,
                                                "at": mark.at.isoformat(), "note": mark.note}})
            attendance.mark_held(session, ctx.user.id, f"mark {entry.id}")
            records.append(attendance_record(self.kind, entry.id, session.id, data["user_id"],
                                             row, applied))
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return stored_attendance_records(self.kind, entry_ids,
                                         lambda receipt: receipt.payload["data"]["user_id"])


register(MarkHandler())
