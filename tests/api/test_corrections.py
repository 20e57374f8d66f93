"""Corrections (koreksi absen) through sync and the API: exactly once, one decision, scope."""

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.recap_helpers import official_month
from tests.api.sync_helpers import send
from webapp.extensions import db
from webapp.models import AuditEvent, Correction, Holiday, SyncEntry, User
from webapp.services.sync import ID_TAKEN

WIB = ZoneInfo("Asia/Jakarta")


def _past_workday() -> date:
    """The latest Monday-to-Thursday before today (WIB) that is no holiday."""
    day = datetime.now(WIB).date() - timedelta(days=1)
    holidays = set(db.session.scalars(db.select(Holiday.day)))
    while day.weekday() > 3 or day in holidays:
        day -= timedelta(days=1)
    return day


def correction(day: date, type_="in", at="07:20", reason="Lupa absen, rapat di kantor camat",
               entry_id=None) -> dict:
    return {"id": entry_id or str(uuid.uuid4()), "kind": "correction",
            "captured_at": datetime.now(UTC).astimezone(WIB).isoformat(),
            "data": {"date": day.isoformat(), "type": type_, "time": at, "reason": reason,
                     "photo_id": None}}


@pytest.fixture
def day(seeded):
    with seeded.app_context():
        return _past_workday()


def _file(login_as, day, **kw) -> dict:
    [result] = send(login_as("peserta01"), [correction(day, **kw)])
    assert result["status"] == "created", result
    return result["record"]


def test_a_correction_is_stored_once_however_often_it_is_sent(seeded, login_as, day):
    entry = correction(day)
    api = login_as("peserta01")
    [first] = send(api, [entry])
    [again] = send(api, [entry])
    assert first["status"] == "created" and again["status"] == "duplicate"
    assert again["record"] == first["record"]
    assert first["record"]["state"] == "pending" and first["record"]["time"] == "07:20"
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(Correction.id))) == 1
        [event] = db.session.scalars(db.select(AuditEvent).filter_by(
            action="correction.request")).all()
        assert event.after["date"] == day.isoformat()


def test_another_user_cannot_take_over_a_correction_id(seeded, login_as, day):
    entry = correction(day)
    send(login_as("peserta01"), [entry])
    [result] = send(login_as("peserta02"), [correction(day, entry_id=entry["id"])])
    assert result["status"] == "rejected" and result["errors"] == {"id": [ID_TAKEN]}
    with seeded.app_context():
        owner = db.session.get(SyncEntry, entry["id"]).user_id
        assert db.session.get(User, owner).username == "peserta01"


def test_bad_requests_are_rejected_with_their_reason(seeded, login_as, day):
    future = datetime.now(WIB).date() + timedelta(days=2)
    entries = [correction(future), correction(day, at="7.20"), correction(day, type_="masuk"),
               correction(day), correction(day)]
    results = send(login_as("peserta01"), entries)
    assert [r["status"] for r in results] == ["rejected"] * 3 + ["created", "rejected"]
    assert "time" in results[0]["errors"] and "time" in results[1]["errors"]
    assert "type" in results[2]["errors"]
    assert results[4]["errors"]["date"] == "Sudah ada koreksi untuk hari dan jenis absen ini."


def test_the_monthly_limit_is_a_setting(seeded, login_as, day):
    seeded.config["CORRECTIONS_PER_MONTH"] = 1
    results = send(login_as("peserta01"), [correction(day), correction(day, type_="out",
                                                                         at="16:05")])
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "Batas koreksi" in results[1]["errors"]["date"]


def test_only_the_direct_supervisor_or_a_reviewer_decides(seeded, login_as, day):
    record = _file(login_as, day)
    url = f"/api/v1/corrections/{record['correction_id']}/decision"
    approve = {"decision": "approved", "reason": ""}
    # atasan2 heads PUPR, not peserta01's; a participant holds no deciding role.
    assert login_as("atasan2").post(url, json=approve).status_code == 404
    assert login_as("peserta02").post(url, json=approve).status_code == 403
    assert login_as("peserta01").post(url, json=approve).status_code == 403
    response = login_as("atasan1").post(url, json=approve)
    assert response.status_code == 200 and response.get_json()["state"] == "approved"


def test_a_correction_is_decided_once_and_both_ways_audited(seeded, login_as, day):
    record = _file(login_as, day)
    url = f"/api/v1/corrections/{record['correction_id']}/decision"
    supervisor, reviewer = login_as("atasan1"), login_as("bkpsdm")
    no_reason = supervisor.post(url, json={"decision": "rejected", "reason": " "})
    assert no_reason.status_code == 422 and "reason" in no_reason.get_json()["error"]["fields"]
    rejected = supervisor.post(url, json={"decision": "rejected",
                                          "reason": "Tidak ada rapat hari itu."})
    assert rejected.status_code == 200
    again = reviewer.post(url, json={"decision": "approved", "reason": ""})
    assert again.status_code == 409
    with seeded.app_context():
        stored = db.session.get(Correction, record["correction_id"])
        assert stored.state == "rejected" and stored.decision_note == "Tidak ada rapat hari itu."
        actions = db.session.scalars(db.select(AuditEvent.action).where(
            AuditEvent.entity_type == "correction").order_by(AuditEvent.id)).all()
        assert actions == ["correction.request", "correction.decide"]
    mine = login_as("peserta01").get("/api/v1/corrections").get_json()["items"]
    assert [(c["state"], c["decision_note"]) for c in mine] == [
        ("rejected", "Tidak ada rapat hari itu.")]


def test_the_list_shows_own_direct_staffs_or_all(seeded, login_as, day):
    record = _file(login_as, day)

    def ids(username, **query):
        response = login_as(username).get("/api/v1/corrections", query_string=query)
        assert response.status_code == 200
        return [c["correction_id"] for c in response.get_json()["items"]]

    assert ids("peserta01") == [record["correction_id"]]
    assert ids("atasan1") == [record["correction_id"]]
    assert ids("atasan1", state="approved") == []
    assert ids("bkpsdm") == [record["correction_id"]]
    assert ids("peserta02") == [] and ids("atasan2") == [] and ids("pelatih1") == []


def test_an_approved_correction_counts_in_the_recap_as_a_check_in_marked_koreksi(
        seeded, login_as, day):
    record = _file(login_as, day, at="07:20")
    with seeded.app_context():
        [before] = [d for d in official_month("KEC-SANGIR", "peserta01", day).days
                    if d.day == day]
        assert before.code == "TK"
    url = f"/api/v1/corrections/{record['correction_id']}/decision"
    assert login_as("atasan1").post(url, json={"decision": "approved"}).status_code == 200
    with seeded.app_context():
        month = official_month("KEC-SANGIR", "peserta01", day)
        [after] = [d for d in month.days if d.day == day]
    assert after.code == "hadir" and after.koreksi and after.late_band is None
    assert after.time_in.time() == time(7, 20) and after.no_out
