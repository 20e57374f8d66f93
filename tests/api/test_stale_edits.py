"""Edits made on a stale view (issue 13.1): a mark or session-log field carries the value the
coach saw (`base`); a value changed after it is never silently replaced: both are kept and the
sync answers `conflict`, until the coach picks one. And nothing happens to a session that has
not opened yet."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.api.clinic_helpers import (
    SKILLS,
    attendance,
    audit_events,
    make_clinic,
    mark,
    self_attend,
    session_log,
    session_row,
)
from tests.api.sync_helpers import WIB, send
from webapp.extensions import db
from webapp.models import EditConflict


@pytest.fixture
def clinic(seeded):
    return make_clinic(seeded)


@pytest.fixture
def coach(seeded, login_as):
    return login_as("pelatih1")


def seen(entry: dict, **base) -> dict:
    """The entry, carrying what its coach saw."""
    return {**entry, "data": {**entry["data"], "base": base}}


def edit(clinic, at, base: dict, **fields) -> dict:
    """A session log carrying only `fields` (skills by username), with their base."""
    entry = session_log(clinic, at)
    names = {"skills": lambda value: {str(clinic.users[u]): s for u, s in value.items()}}
    data = {"session_id": clinic.session_id,
            **{k: names.get(k, lambda v: v)(v) for k, v in fields.items()},
            "base": {k: names.get(k, lambda v: v)(v) for k, v in base.items()}}
    return {**entry, "data": data}


def open_conflicts(app, clinic) -> list[EditConflict]:
    with app.app_context():
        rows = list(db.session.scalars(db.select(EditConflict).filter_by(
            session_id=clinic.session_id, resolved_at=None).order_by(EditConflict.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


# --- marks ----------------------------------------------------------------------------------


def test_a_mark_made_on_a_stale_view_does_not_replace_a_newer_status(seeded, clinic, coach):
    # The coach marked alpa (synced); a stale page still showing "Belum" then taps hadir.
    send(coach, [seen(mark(clinic, "peserta01", "alpa", clinic.at(5)), status=None)])
    [stale] = send(coach, [seen(mark(clinic, "peserta01", "hadir", clinic.at(10)), status=None)],
                   device_id="phone-2")
    assert stale["status"] == "conflict", stale
    assert stale["record"]["status"] == "alpa" and stale["record"]["applied"] is False
    [kept] = stale["record"]["conflicts"]
    assert (kept["field"], kept["value"], kept["stored"]) == ("status", "hadir", "alpa")
    assert kept["sent_by"] and kept["user_id"] == clinic.users["peserta01"]
    assert attendance(seeded, clinic, "peserta01").status == "alpa"
    [event] = audit_events(seeded, "attendance.mark_conflict")
    assert event.before["status"] == "alpa" and event.after["mark"]["status"] == "hadir"


def test_picking_a_side_is_a_fresh_edit_that_settles_the_conflict(seeded, clinic, coach):
    send(coach, [seen(mark(clinic, "peserta01", "izin", clinic.at(5)), status=None)])
    send(coach, [seen(mark(clinic, "peserta01", "hadir", clinic.at(10)), status=None)])
    assert len(open_conflicts(seeded, clinic)) == 1
    [picked] = send(coach, [seen(mark(clinic, "peserta01", "hadir", clinic.at(11)),
                                 status="izin")])
    assert picked["status"] == "created" and picked["record"]["conflicts"] == []
    assert attendance(seeded, clinic, "peserta01").status == "hadir"
    assert open_conflicts(seeded, clinic) == []


def test_a_mark_whose_base_is_the_stored_status_applies(seeded, clinic, coach):
    send(coach, [seen(mark(clinic, "peserta01", "hadir", clinic.at(5)), status=None)])
    [result] = send(coach, [seen(mark(clinic, "peserta01", "alpa", clinic.at(6)),
                                 status="hadir")], device_id="phone-2")
    assert result["status"] == "created" and result["record"]["status"] == "alpa"


def test_quick_taps_of_one_phone_in_one_batch_each_see_the_one_before(seeded, clinic, coach):
    results = send(coach, [seen(mark(clinic, "peserta01", "hadir", clinic.at(5)), status=None),
                           seen(mark(clinic, "peserta01", "alpa", clinic.at(5)),
                                status="hadir")])
    assert [r["status"] for r in results] == ["created", "created"]
    assert attendance(seeded, clinic, "peserta01").status == "alpa"


def test_a_code_the_participant_entered_is_no_decision_a_based_mark_must_respect(
        seeded, clinic, coach, login_as):
    # The coach's explicit alpa still wins over the code, flagged for review, as before.
    send(login_as("peserta01"), [self_attend(clinic, clinic.at(1))])
    [result] = send(coach, [seen(mark(clinic, "peserta01", "alpa", clinic.at(5)), status=None)])
    assert result["status"] == "created"
    row = attendance(seeded, clinic, "peserta01")
    assert (row.status, row.needs_review) == ("alpa", True)


def test_a_mark_without_base_keeps_the_latest_mark_rule(seeded, clinic, coach):
    send(coach, [mark(clinic, "peserta01", "alpa", clinic.at(5))])
    [result] = send(coach, [mark(clinic, "peserta01", "hadir", clinic.at(10))])
    assert result["status"] == "created"
    assert attendance(seeded, clinic, "peserta01").status == "hadir"


# --- session logs ---------------------------------------------------------------------------


def test_a_log_changes_only_the_fields_it_carries(seeded, clinic, coach):
    send(coach, [mark(clinic, "peserta01", "hadir", clinic.at(5)),
                 mark(clinic, "peserta02", "hadir", clinic.at(5)),
                 session_log(clinic, clinic.at(20), "TTE", "Awal",
                             {"peserta01": [SKILLS[0]], "peserta02": [SKILLS[1]]})])
    [result] = send(coach, [edit(clinic, clinic.at(30), {"notes": "Awal",
                                                        "skills": {"peserta02": [SKILLS[1]]}},
                                 notes="Lanjut", skills={"peserta02": [SKILLS[2]]})])
    assert result["status"] == "created", result
    session = session_row(seeded, clinic.session_id)
    assert (session.topic, session.notes) == ("TTE", "Lanjut")
    assert attendance(seeded, clinic, "peserta01").skills == [SKILLS[0]]
    assert attendance(seeded, clinic, "peserta02").skills == [SKILLS[2]]
    assert result["record"]["skills"] == {str(clinic.users["peserta02"]): [SKILLS[2]]}


def test_a_stale_log_keeps_the_newer_topic_and_skills_and_answers_conflict(
        seeded, clinic, coach):
    send(coach, [mark(clinic, "peserta01", "hadir", clinic.at(5)),
                 session_log(clinic, clinic.at(20), "TTE", skills={"peserta01": [SKILLS[0]]})])
    # A page cached before that log shows an empty topic and no ticks; it sends them with the
    # notes the coach typed and a skill ticked for peserta01.
    [result] = send(coach, [edit(clinic, clinic.at(30),
                                 {"topic": "", "notes": "", "skills": {"peserta01": []}},
                                 topic="", notes="Catatan", skills={"peserta01": [SKILLS[1]]})],
                    device_id="stale-phone")
    assert result["status"] == "conflict", result
    session = session_row(seeded, clinic.session_id)
    assert (session.topic, session.notes) == ("TTE", "Catatan")
    assert attendance(seeded, clinic, "peserta01").skills == [SKILLS[0]]
    kept = {(c["field"], c["user_id"]): (c["value"], c["stored"])
            for c in result["record"]["conflicts"]}
    assert kept == {("topic", None): ("", "TTE"),
                    ("skills", clinic.users["peserta01"]): ([SKILLS[1]], [SKILLS[0]])}
    [event] = audit_events(seeded, "session.log_conflict")
    assert list(event.after["kept"]) == ["topic", f"skills:{clinic.users['peserta01']}"]


def test_a_stale_topic_is_kept_as_a_conflict_until_the_coach_picks_one(seeded, clinic, coach):
    send(coach, [session_log(clinic, clinic.at(20), "TTE")])
    [stale] = send(coach, [edit(clinic, clinic.at(30), {"topic": ""}, topic="SRIKANDI")])
    assert stale["status"] == "conflict"
    assert session_row(seeded, clinic.session_id).topic == "TTE"
    [kept] = open_conflicts(seeded, clinic)
    assert (kept.field, kept.value, kept.stored, kept.subject_id) == (
        "topic", "SRIKANDI", "TTE", None)
    [picked] = send(coach, [edit(clinic, clinic.at(40), {"topic": "TTE"}, topic="SRIKANDI")])
    assert picked["status"] == "created" and picked["record"]["conflicts"] == []
    assert session_row(seeded, clinic.session_id).topic == "SRIKANDI"
    assert open_conflicts(seeded, clinic) == []


def test_a_log_base_must_cover_every_field_it_changes(seeded, clinic, coach):
    [result] = send(coach, [edit(clinic, clinic.at(30), {"notes": ""}, topic="TTE")])
    assert result["status"] == "rejected" and "topic" in result["errors"]["base"][0]


# --- sessions that have not opened ----------------------------------------------------------


def future_clinic(app):
    return make_clinic(app, starts_at=datetime.now(UTC).replace(microsecond=0)
                       + timedelta(hours=2))


def test_a_mark_on_a_session_that_has_not_opened_is_refused_and_it_stays_planned(
        seeded, coach):
    clinic = future_clinic(seeded)
    [result] = send(coach, [mark(clinic, "peserta01", "hadir", datetime.now(UTC).astimezone(WIB))])
    assert result["status"] == "rejected"
    [reason] = result["errors"]["session_id"]
    assert reason.startswith("Sesi belum dimulai") and "WIB" in reason
    assert attendance(seeded, clinic, "peserta01") is None
    assert session_row(seeded, clinic.session_id).status == "planned"


def test_a_mark_dated_in_the_sessions_future_by_its_phone_is_refused_too(seeded, coach):
    # The phone's clock says the session is on, but it arrives before the session opens.
    clinic = future_clinic(seeded)
    [result] = send(coach, [mark(clinic, "peserta01", "hadir", clinic.at(10))],
                    sent_at=clinic.at(10))
    assert result["status"] == "rejected"


def test_a_topic_written_ahead_is_kept_but_does_not_make_the_session_held(seeded, coach):
    clinic = future_clinic(seeded)
    [result] = send(coach, [session_log(clinic, datetime.now(UTC).astimezone(WIB), "TTE")])
    assert result["status"] == "created"
    session = session_row(seeded, clinic.session_id)
    assert (session.topic, session.status) == ("TTE", "planned")
