"""Deciding corrections and leave from the outbox (`correction_decision`, `leave_decision`):
decided once, only by who may, stored once however often it is sent."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from tests.api.clinic_helpers import leave
from tests.api.sync_helpers import WIB, send
from tests.api.test_corrections import _past_workday, correction
from webapp.extensions import db
from webapp.models import AuditEvent, Correction, LeaveRequest, SyncEntry, User
from webapp.services import corrections
from webapp.services.corrections import NOT_YOURS


def decision(kind: str, request_id: int, verdict="approved", reason="", entry_id=None) -> dict:
    field = {"correction_decision": "correction_id", "leave_decision": "leave_id"}[kind]
    return {"id": entry_id or str(uuid.uuid4()), "kind": kind,
            "captured_at": datetime.now(UTC).astimezone(WIB).isoformat(),
            "data": {field: request_id, "decision": verdict, "reason": reason}}


@pytest.fixture
def filed(seeded, login_as) -> int:
    """A pending correction of peserta01, whose direct supervisor is atasan1."""
    with seeded.app_context():
        day = _past_workday()
    [result] = send(login_as("peserta01"), [correction(day)])
    return result["record"]["correction_id"]


def _state(app, correction_id: int) -> tuple[str, str | None]:
    with app.app_context():
        row = db.session.get(Correction, correction_id)
        decider = db.session.get(User, row.decided_by_id) if row.decided_by_id else None
        return row.state, decider.username if decider else None


def test_the_direct_supervisor_decides_a_correction_from_the_outbox_once(
        seeded, login_as, filed):
    entry = decision("correction_decision", filed)
    supervisor = login_as("atasan1")
    [first] = send(supervisor, [entry])
    [again] = send(supervisor, [entry])
    assert first["status"] == "created" and again["status"] == "duplicate"
    assert first["record"]["applied"] is True
    assert first["record"]["correction"]["state"] == "approved"
    assert again["record"] == first["record"]
    assert _state(seeded, filed) == ("approved", "atasan1")
    with seeded.app_context():
        actions = db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.entity_type == "correction").order_by(AuditEvent.id)).all()
        assert actions == ["correction.request", "correction.decide"]


def test_a_second_decision_is_a_conflict_answered_with_the_standing_one(
        seeded, login_as, filed):
    [first] = send(login_as("atasan1"), [decision("correction_decision", filed)])
    late = decision("correction_decision", filed, "rejected", "Tidak ada rapat hari itu.")
    [second] = send(login_as("bkpsdm"), [late])
    assert first["status"] == "created" and second["status"] == "conflict"
    assert second["record"]["applied"] is False and second["record"]["decision"] == "rejected"
    assert second["record"]["correction"]["state"] == "approved"
    assert _state(seeded, filed) == ("approved", "atasan1")
    with seeded.app_context():
        # The losing decision is kept in its receipt, never dropped.
        kept = db.session.get(SyncEntry, late["id"])
        assert kept.payload["data"]["decision"] == "rejected"
    rest = login_as("bkpsdm").post(f"/api/v1/corrections/{filed}/decision",
                                   json={"decision": "rejected", "reason": "Terlambat"})
    assert rest.status_code == 409


def test_two_decisions_of_one_correction_in_one_batch_apply_the_first(
        seeded, login_as, filed):
    results = send(login_as("atasan1"), [
        decision("correction_decision", filed, "rejected", "Salah jam"),
        decision("correction_decision", filed, "approved")])
    assert [r["status"] for r in results] == ["created", "conflict"]
    assert _state(seeded, filed) == ("rejected", "atasan1")


def test_a_decision_made_through_the_api_first_makes_the_phones_a_conflict(
        seeded, login_as, filed):
    assert login_as("bkpsdm").post(f"/api/v1/corrections/{filed}/decision",
                                   json={"decision": "approved"}).status_code == 200
    [result] = send(login_as("atasan1"), [decision("correction_decision", filed,
                                                   "rejected", "Tidak hadir")])
    assert result["status"] == "conflict"
    assert result["record"]["correction"]["state"] == "approved"


def test_foreign_missing_or_unexplained_decisions_are_rejected(seeded, login_as, filed):
    for username in ("atasan2", "peserta02", "pelatih1"):
        [result] = send(login_as(username), [decision("correction_decision", filed)])
        assert result["status"] == "rejected", username
        assert result["errors"] == {"correction_id": [NOT_YOURS]}, username
    supervisor = login_as("atasan1")
    missing, unexplained, unknown = send(supervisor, [
        decision("correction_decision", filed + 1000),
        decision("correction_decision", filed, "rejected", " "),
        decision("correction_decision", filed, "maybe")])
    assert missing["errors"] == {"correction_id": [NOT_YOURS]}
    assert "reason" in unexplained["errors"] and "decision" in unknown["errors"]
    assert _state(seeded, filed) == ("pending", None)


def test_a_decision_by_a_stale_view_of_a_decided_correction_changes_nothing(
        seeded, login_as, filed):
    """The decision is one conditional write: a decider holding the correction as pending
    while another decides it does not overwrite that decision."""
    with seeded.app_context():
        stale = db.session.get(Correction, filed)
        assert stale.state == "pending"
        assert login_as("bkpsdm").post(f"/api/v1/corrections/{filed}/decision",
                                       json={"decision": "approved"}).status_code == 200
        actor = db.session.scalar(db.select(User).filter_by(username="atasan1"))
        outcome = corrections.settle(actor, stale, "rejected", "Tidak hadir",
                                     datetime.now(UTC))
        db.session.commit()
        assert outcome is None and stale.state == "approved"
    assert _state(seeded, filed) == ("approved", "bkpsdm")


def _leave(seeded, login_as, username="peserta01") -> int:
    now = datetime.now(UTC).astimezone(WIB)
    tomorrow = now.date() + timedelta(days=1)
    [result] = send(login_as(username), [leave(now, "sakit", tomorrow, tomorrow,
                                               reason="Demam, ada surat dokter")])
    assert result["status"] == "created", result
    return result["record"]["leave_id"]


def test_the_direct_supervisor_decides_their_staffs_leave_by_sync_and_by_api(
        seeded, login_as):
    by_sync, by_api = _leave(seeded, login_as), _leave(seeded, login_as)
    supervisor = login_as("atasan1")
    [result] = send(supervisor, [decision("leave_decision", by_sync)])
    assert result["status"] == "created" and result["record"]["leave"]["state"] == "approved"
    response = supervisor.post(f"/api/v1/leave/{by_api}/decision",
                               json={"decision": "rejected", "note": "Ada rapat penting"})
    assert response.status_code == 200, response.get_json()
    [again] = send(login_as("bkpsdm"), [decision("leave_decision", by_sync, "rejected",
                                                 "Tidak ada surat")])
    assert again["status"] == "conflict"
    [foreign] = send(login_as("atasan2"), [decision("leave_decision", by_api)])
    assert foreign["status"] == "rejected" and "leave_id" in foreign["errors"]
    with seeded.app_context():
        states = {row.id: row.state for row in db.session.scalars(db.select(LeaveRequest))}
        assert states[by_sync] == "approved" and states[by_api] == "rejected"
