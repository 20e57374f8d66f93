"""`session_log` entries: a coach records a session's topic, notes and each participant's skills.

Only coaches of the programme; skills must come from the programme's checklist and belong to
enrolled participants whose attendance is already recorded (the coach's page queues their marks
first, and a batch stores the kinds in the order they first appear). A log makes a planned
session `held`. Between phones the latest log by corrected time wins as a whole (topic, notes
and the skills it lists); an older log arriving later is audited as `session.log_superseded`
and changes nothing. Skills of participants a log does not list are left as they were.
"""

from webapp.extensions import db
from webapp.models import ClinicSession, SessionAttendance, SyncEntry
from webapp.schemas.clinic_sync import SessionLogDataSchema, SessionLogRecordSchema
from webapp.services import audit
from webapp.services.attendance import mark_held
from webapp.services.sync_kinds import Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import coach_session, coached, enrolled, load_sessions

NOT_ENROLLED = "Peserta {ids} tidak terdaftar di program ini."
NOT_MARKED = "Tandai dulu kehadiran peserta {ids} sebelum mencatat keterampilannya."
UNKNOWN_SKILL = "Keterampilan tidak ada di daftar program: {names}."
_record_schema = SessionLogRecordSchema()


def _log_snapshot(session) -> dict:
    return {"topic": session.topic, "notes": session.notes, "status": session.status,
            "logged_at": session.logged_at.isoformat() if session.logged_at else None}


def _ids(ids) -> str:
    return ", ".join(str(i) for i in sorted(ids))


class SessionLogHandler:
    kind = "session_log"
    schema = SessionLogDataSchema()

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list:
        sessions = load_sessions(entries)
        mine = coached(ctx, sessions)
        named = {uid for entry in entries for uid in entry.data["skills"]}
        pairs = enrolled({s.program_id for s in sessions.values()}, named)
        marked = self._marked(sessions, named)
        verdicts = []
        for entry in entries:
            session = coach_session(ctx, sessions, mine, entry.data["session_id"])
            if isinstance(session, Rejected):
                verdicts.append(session)
                continue
            skills = entry.data["skills"]
            outsiders = {uid for uid in skills if (session.program_id, uid) not in pairs}
            unmarked = {uid for uid in skills if (session.id, uid) not in marked} - outsiders
            unknown = {name for names in skills.values() for name in names} - set(
                session.program.skills)
            errors = []
            if outsiders:
                errors.append(NOT_ENROLLED.format(ids=_ids(outsiders)))
            if unmarked:
                errors.append(NOT_MARKED.format(ids=_ids(unmarked)))
            if unknown:
                errors.append(UNKNOWN_SKILL.format(names=", ".join(sorted(unknown))))
            verdicts.append(Rejected({"skills": errors}) if errors else session)
        return verdicts

    @staticmethod
    def _marked(sessions, user_ids) -> set[tuple[int, int]]:
        if not sessions or not user_ids:
            return set()
        return {tuple(row) for row in db.session.execute(
            db.select(SessionAttendance.session_id, SessionAttendance.user_id).where(
                SessionAttendance.session_id.in_(list(sessions)),
                SessionAttendance.user_id.in_(list(user_ids))))}

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, object]]) -> list[dict]:
        records = []
        for entry, session in planned:
            # At an equal (whole-second) time the later arrival wins, as for coach marks.
            applied = session.logged_at is None or entry.corrected_at >= session.logged_at
            if applied:
                self._apply(ctx, entry, session)
            else:
                audit.record(ctx.user.id, "session.log_superseded", "clinic_session",
                             session.id, _log_snapshot(session),
                             {"entry_id": entry.id, **self._incoming(entry)})
            mark_held(session, ctx.user.id, f"session_log {entry.id}")
            records.append(self._record(entry.id, session, applied))
        db.session.flush()
        return records

    @staticmethod
    def _incoming(entry: Entry) -> dict:
        return {"topic": entry.data["topic"], "notes": entry.data["notes"],
                "logged_at": entry.corrected_at.isoformat(),
                "skills": {str(uid): names for uid, names in entry.data["skills"].items()}}

    def _apply(self, ctx: SyncContext, entry: Entry, session) -> None:
        data = entry.data
        before = {**_log_snapshot(session), "skills": {}}
        session.topic, session.notes = data["topic"], data["notes"]
        session.logged_at = entry.corrected_at
        rows = {row.user_id: row for row in db.session.scalars(db.select(SessionAttendance).where(
            SessionAttendance.session_id == session.id,
            SessionAttendance.user_id.in_(list(data["skills"]))))} if data["skills"] else {}
        for uid, names in data["skills"].items():
            row = rows[uid]
            before["skills"][str(uid)] = list(row.skills or [])
            # Checklist order, duplicates dropped, so the same ticks always store the same list.
            row.skills = [name for name in session.program.skills if name in set(names)]
        after = {**_log_snapshot(session),
                 "skills": {str(uid): list(rows[uid].skills) for uid in data["skills"]},
                 "entry_id": entry.id}
        audit.record(ctx.user.id, "session.log", "clinic_session", session.id, before, after)

    @staticmethod
    def _record(entry_id: str, session, applied: bool | None = None) -> dict:
        record = {"kind": "session_log", "id": entry_id, "session_id": session.id,
                  "status": session.status, "topic": session.topic, "notes": session.notes,
                  "logged_at": session.logged_at}
        if applied is not None:
            record["applied"] = applied
        return _record_schema.dump(record)

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        receipts = list(db.session.scalars(db.select(SyncEntry).where(
            SyncEntry.id.in_(entry_ids))))
        sessions = {s.id: s for s in db.session.scalars(db.select(ClinicSession).where(
            ClinicSession.id.in_({r.payload["data"]["session_id"] for r in receipts})))}
        return {r.id: self._record(r.id, sessions[r.payload["data"]["session_id"]])
                for r in receipts if r.payload["data"]["session_id"] in sessions}


register(SessionLogHandler())
