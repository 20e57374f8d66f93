"""`session_log` entries: a coach records a session's topic, notes and each participant's skills.

Only coaches of the programme; skills must come from the programme's checklist and belong to
enrolled participants whose attendance is already recorded (the coach's page queues their marks
first, and a batch stores the kinds in the order they first appear). A log makes a planned
session `held` once the session has opened (a topic written ahead of time does not).

A log with `base` carries only the fields the coach touched, each with the value the coach saw:
every field is applied on its own, unless the stored value changed after that base, in which
case the stored value stays and the log's is kept as a conflict
(`webapp.services.edit_conflicts`; audited as `session.log_conflict`, answered `conflict`).
A log without `base` (older phones) is applied as a whole: between phones the latest log by
corrected time wins (topic, notes and the skills it lists); an older log arriving later is
audited as `session.log_superseded` and changes nothing. Either way, skills of participants a
log does not list are left as they were.
"""

from webapp.extensions import db
from webapp.models import ClinicSession, SessionAttendance, SyncEntry
from webapp.schemas.clinic_sync import SessionLogDataSchema, SessionLogRecordSchema
from webapp.services import audit, edit_conflicts
from webapp.services.attendance import mark_held
from webapp.services.sync_kinds import Conflicted, Entry, Rejected, SyncContext, register
from webapp.services.sync_kinds.clinic import (
    acted_at,
    coach_session,
    coached,
    enrolled,
    load_sessions,
    opens_at,
)

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
        named = {uid for entry in entries for uid in entry.data.get("skills", {})}
        pairs = enrolled({s.program_id for s in sessions.values()}, named)
        marked = self._marked(sessions, named)
        verdicts = []
        for entry in entries:
            session = coach_session(ctx, sessions, mine, entry.data["session_id"])
            if isinstance(session, Rejected):
                verdicts.append(session)
                continue
            skills = entry.data.get("skills", {})
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
            kept = False
            if entry.data["base"] is not None:
                applied, kept = self._apply_edit(ctx, entry, session)
            # At an equal (whole-second) time the later arrival wins, as for coach marks.
            elif session.logged_at is None or entry.corrected_at >= session.logged_at:
                applied = True
                self._apply(ctx, entry, session)
            else:
                applied = False
                audit.record(ctx.user.id, "session.log_superseded", "clinic_session",
                             session.id, _log_snapshot(session),
                             {"entry_id": entry.id, **self._incoming(entry)})
            mark_held(session, ctx.user.id, f"session_log {entry.id}", acted_at(ctx, entry),
                      opens_at(session, ctx.config))
            record = self._record(entry.id, session, applied, entry.data.get("skills", {}))
            records.append(Conflicted(record) if kept else record)
        db.session.flush()
        return records

    @staticmethod
    def _incoming(entry: Entry) -> dict:
        return {"topic": entry.data["topic"], "notes": entry.data["notes"],
                "logged_at": entry.corrected_at.isoformat(),
                "skills": {str(uid): names for uid, names in entry.data["skills"].items()}}

    @staticmethod
    def _rows(session, user_ids) -> dict[int, SessionAttendance]:
        if not user_ids:
            return {}
        return {row.user_id: row for row in db.session.scalars(db.select(SessionAttendance).where(
            SessionAttendance.session_id == session.id,
            SessionAttendance.user_id.in_(list(user_ids))))}

    @staticmethod
    def _checklist(session, names) -> list[str]:
        # Checklist order, duplicates dropped, so the same ticks always store the same list.
        return [name for name in session.program.skills if name in set(names)]

    def _apply(self, ctx: SyncContext, entry: Entry, session) -> None:
        data = entry.data
        before = {**_log_snapshot(session), "skills": {}}
        session.topic, session.notes = data["topic"], data["notes"]
        session.logged_at = entry.corrected_at
        rows = self._rows(session, data["skills"])
        for uid, names in data["skills"].items():
            row = rows[uid]
            before["skills"][str(uid)] = list(row.skills or [])
            row.skills = self._checklist(session, names)
        after = {**_log_snapshot(session),
                 "skills": {str(uid): list(rows[uid].skills) for uid in data["skills"]},
                 "entry_id": entry.id}
        audit.record(ctx.user.id, "session.log", "clinic_session", session.id, before, after)

    def _apply_edit(self, ctx: SyncContext, entry: Entry, session) -> tuple[bool, bool]:
        """Apply each field the log carries unless it changed after its base. Returns (anything
        applied, anything kept as a conflict)."""
        data, base = entry.data, entry.data["base"]
        changes = []  # (participant or None, field, stored, wanted, seen, setter)
        for name in (edit_conflicts.TOPIC, edit_conflicts.NOTES):
            if name in data:
                changes.append((None, name, getattr(session, name), data[name], base[name],
                                lambda value, name=name: setattr(session, name, value)))
        rows = self._rows(session, data.get("skills", {}))
        for uid, names in data.get("skills", {}).items():
            row = rows[uid]
            changes.append((uid, edit_conflicts.SKILLS, list(row.skills or []),
                            self._checklist(session, names),
                            self._checklist(session, base["skills"][uid]),
                            lambda value, row=row: setattr(row, "skills", value)))
        before, after, kept = {}, {}, {}
        for uid, name, stored, wanted, seen, set_value in changes:
            key = name if uid is None else f"{name}:{uid}"
            if edit_conflicts.overridden(stored, seen, wanted):
                edit_conflicts.keep(entry.id, session.id, uid, name, wanted, stored,
                                    ctx.user.id, ctx.received_at)
                kept[key] = {"stored": stored, "wanted": wanted, "base": seen}
                continue
            before[key], after[key] = stored, wanted
            set_value(wanted)
            edit_conflicts.resolve(session.id, uid, name, entry.id, ctx.received_at)
        if after:
            before["logged_at"] = _log_snapshot(session)["logged_at"]
            session.logged_at = entry.corrected_at
            audit.record(ctx.user.id, "session.log", "clinic_session", session.id, before,
                         {**after, "logged_at": entry.corrected_at.isoformat(),
                          "entry_id": entry.id})
        if kept:
            audit.record(ctx.user.id, "session.log_conflict", "clinic_session", session.id,
                         None, {"entry_id": entry.id, "kept": kept})
        return bool(after), bool(kept)

    def _record(self, entry_id: str, session, applied: bool | None, listed) -> dict:
        rows = self._rows(session, listed)
        record = {"kind": "session_log", "id": entry_id, "session_id": session.id,
                  "status": session.status, "topic": session.topic, "notes": session.notes,
                  "logged_at": session.logged_at,
                  "skills": {str(uid): list(row.skills or []) for uid, row in rows.items()},
                  "conflicts": edit_conflicts.open_conflicts(session.id)}
        if applied is not None:
            record["applied"] = applied
        return _record_schema.dump(record)

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]:
        receipts = list(db.session.scalars(db.select(SyncEntry).where(
            SyncEntry.id.in_(entry_ids))))
        sessions = {s.id: s for s in db.session.scalars(db.select(ClinicSession).where(
            ClinicSession.id.in_({r.payload["data"]["session_id"] for r in receipts})))}
        return {r.id: self._record(r.id, sessions[r.payload["data"]["session_id"]], None,
                                   [int(uid) for uid in r.payload["data"].get("skills") or {}])
                for r in receipts if r.payload["data"]["session_id"] in sessions}


register(SessionLogHandler())
