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
  beats the leave;
- a mark with `base` (the status the coach saw) never replaces a coach's or leave's status set
  after it: the mark is kept as a conflict for the coach to settle
  (`webapp.services.edit_conflicts`) and the sync answers `conflict`.

A mark made before the session opens (its start less the code grace) is refused: nobody can
have attended yet. Every applied mark is audited with who, when, before and after; a mark
kept as a conflict is audited as `attendance.mark_conflict`.
"""

from webapp.schemas.clinic_sync import MarkDataSchema
from webapp.services import attendance, audit, edit_conflicts
from webapp.services.attendance_rules import SELF_CODE, CoachMark, with_coach_mark
from webapp.services.localtime import local_datetime, zone_label
from webapp.services.sync_kinds import Conflicted, Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import (
    acted_at,
    attendance_record,
    coach_session,
    coached,
    enrolled,
    load_sessions,
    opens_at,
    stored_attendance_records,
)

NOT_ENROLLED = "Peserta ini tidak terdaftar di program sesi ini."
NOT_STARTED = ("Sesi belum dimulai: kehadiran baru dapat dicatat mulai {at}. Tandai lagi "
               "saat sesi berlangsung.")


def _not_started(session, config) -> str:
    tz_name = attendance.session_timezone(session)
    at = local_datetime(opens_at(session, config), tz_name)
    return NOT_STARTED.format(at=f"{at:%d-%m-%Y %H:%M} {zone_label(tz_name)}")


def _overrides(row, base: dict | None, status: str) -> bool:
    """Whether this mark would replace a status decided after what its coach saw. A code the
    participant entered is no decision: the coach's mark still wins over it (with review)."""
    return (base is not None and row is not None and row.source != SELF_CODE
            and edit_conflicts.overridden(row.status, base["status"], status))


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
            elif acted_at(ctx, entry) < opens_at(session, ctx.config):
                verdicts.append(Rejected({"session_id": [_not_started(session, ctx.config)]}))
            else:
                verdicts.append(session)
        return verdicts

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, session in planned:
            data, user_id = entry.data, entry.data["user_id"]
            mark = CoachMark(data["status"], entry.corrected_at, ctx.user.id, data["note"])
            context = {"entry_id": entry.id, "base": data["base"],
                       "mark": {"status": mark.status, "at": mark.at.isoformat(),
                                "note": mark.note}}
            row = attendance.find(session.id, user_id)
            conflicted = _overrides(row, data["base"], mark.status)
            if conflicted:
                edit_conflicts.keep(entry.id, session.id, user_id, edit_conflicts.STATUS,
                                    mark.status, row.status, ctx.user.id, ctx.received_at)
                audit.record(ctx.user.id, "attendance.mark_conflict", "session_attendance",
                             row.id, attendance.snapshot(row), context)
                applied = False
            else:
                row, applied = attendance.apply(
                    session, user_id, lambda facts, mark=mark: with_coach_mark(facts, mark),
                    ctx.user.id, "attendance.mark", context)
                if applied and data["base"] is not None:
                    edit_conflicts.resolve(session.id, user_id, edit_conflicts.STATUS, entry.id,
                                           ctx.received_at)
            attendance.mark_held(session, ctx.user.id, f"mark {entry.id}", acted_at(ctx, entry),
                                 opens_at(session, ctx.config))
            record = attendance_record(self.kind, entry.id, session.id, user_id, row, applied,
                                       conflicts=edit_conflicts.open_conflicts(session.id,
                                                                               user_id))
            records.append(Conflicted(record) if conflicted else record)
        return records

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        return stored_attendance_records(self.kind, entry_ids,
                                         lambda receipt: receipt.payload["data"]["user_id"])


register(MarkHandler())
