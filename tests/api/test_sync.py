"""POST /api/v1/sync: every entry stored exactly once, with one result per entry, in order."""

import threading
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import requests

from tests.api.sync_helpers import WIB, checkin_entry, send, sync_body
from webapp.extensions import db
from webapp.models import (
    CheckIn,
    Holiday,
    SpecialPeriod,
    SyncConflict,
    SyncEntry,
    User,
    WorkHours,
)


def _count(app, model, **filters) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**filters))


@pytest.fixture
def peserta(seeded, login_as):
    return login_as("peserta01")


def test_new_checkin_is_created_with_its_record(seeded, peserta):
    entry = checkin_entry()
    [result] = send(peserta, [entry])
    assert result["status"] == "created" and result["id"] == entry["id"]
    record = result["record"]
    assert record["type"] == "in" and record["flags"] == [] and record["review_state"] == "ok"
    assert record["distance_m"] < 5 and record["local_time"].endswith("WIB")
    assert _count(seeded, CheckIn) == 1


def test_resending_the_same_entry_is_a_duplicate_and_stores_nothing_new(seeded, peserta):
    entry = checkin_entry()
    send(peserta, [entry])
    [again] = send(peserta, [entry])
    assert again["status"] == "duplicate"
    assert again["record"]["id"] == entry["id"]
    assert _count(seeded, CheckIn) == 1 and _count(seeded, SyncEntry) == 1


def test_same_id_with_other_content_is_a_conflict_and_both_versions_are_kept(seeded, peserta):
    entry = checkin_entry()
    send(peserta, [entry])
    changed = {**entry, "data": {**entry["data"], "type": "out"}}
    [result] = send(peserta, [changed])
    assert result["status"] == "conflict"
    with seeded.app_context():
        assert db.session.scalar(db.select(CheckIn.type)) == "in"
        conflict = db.session.scalar(db.select(SyncConflict))
        assert conflict.entry_id == entry["id"] and conflict.payload["data"]["type"] == "out"
    # Re-sending the same conflicting version does not pile up copies.
    assert send(peserta, [changed])[0]["status"] == "conflict"
    assert _count(seeded, SyncConflict) == 1


def test_invalid_entry_is_rejected_with_field_errors_and_not_stored(seeded, peserta):
    entry = checkin_entry(type_="sideways", lat=200.0)
    [result] = send(peserta, [entry])
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"type", "lat"}
    assert _count(seeded, SyncEntry) == 0
    # Fixed under the same id, it is accepted: a rejected entry leaves no receipt behind.
    fixed = {**entry, "data": {**entry["data"], "type": "in", "lat": -1.48}}
    assert send(peserta, [fixed])[0]["status"] == "created"


@pytest.mark.parametrize("bad_entry, field", [
    ({"kind": "checkin", "captured_at": "2026-07-07T07:28:41+07:00", "data": {"type": "in"}},
     "id"),
    ({"id": "not-a-uuid", "kind": "checkin", "captured_at": "2026-07-07T07:28:41+07:00",
      "data": {"type": "in"}}, "id"),
    ({"id": str(uuid.uuid4()), "kind": "selfie", "captured_at": "2026-07-07T07:28:41+07:00",
      "data": {}}, "kind"),
    ({"id": str(uuid.uuid4()), "kind": "checkin", "captured_at": "2026-07-07T07:28:41",
      "data": {"type": "in"}}, "captured_at"),
    ({"id": str(uuid.uuid4()), "kind": "checkin", "captured_at": "kemarin",
      "data": {"type": "in"}}, "captured_at"),
    ({"id": str(uuid.uuid4()), "kind": "checkin", "captured_at": "2026-07-07T07:28:41+07:00",
      "data": {"type": "in", "lat": -1.48}}, "lat"),
    ({"id": str(uuid.uuid4()), "kind": "checkin", "captured_at": "2026-07-07T07:28:41+07:00",
      "data": {"type": "in", "extra": 1}}, "extra"),
    ("just a string", "_entry"),
])
def test_each_malformed_entry_is_rejected_with_the_field_named(seeded, peserta, bad_entry, field):
    [result] = send(peserta, [bad_entry])
    assert result["status"] == "rejected"
    assert field in result["errors"]


def test_one_bad_entry_never_fails_the_batch(seeded, peserta):
    stored = checkin_entry()
    send(peserta, [stored])
    batch = [checkin_entry(), checkin_entry(type_="x"), stored, checkin_entry(type_="out")]
    results = send(peserta, batch)
    assert [r["status"] for r in results] == ["created", "rejected", "duplicate", "created"]
    assert [r["id"] for r in results] == [e["id"] for e in batch]
    assert _count(seeded, CheckIn) == 3


def test_same_id_twice_in_one_batch_is_stored_once(seeded, peserta):
    entry = checkin_entry()
    changed = {**entry, "data": {**entry["data"], "type": "out"}}
    results = send(peserta, [entry, entry, changed])
    assert [r["status"] for r in results] == ["created", "duplicate", "conflict"]
    assert _count(seeded, CheckIn) == 1


def test_two_hundred_entries_are_accepted_and_the_201st_refused(seeded, peserta):
    entries = [checkin_entry() for _ in range(200)]
    assert all(r["status"] == "created" for r in send(peserta, entries))
    response = peserta.post("/api/v1/sync", json=sync_body([checkin_entry()
                                                             for _ in range(201)]))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_many_entries"
    assert _count(seeded, CheckIn) == 200


def test_malformed_json_is_400(seeded, peserta):
    response = peserta.post("/api/v1/sync", data="{[",
                            headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("body", [{}, {"device_id": "d", "sent_at": "2026-07-07T00:00:00",
                                       "entries": []},
                                  {"device_id": "d", "sent_at": "2026-07-07T00:00:00+07:00",
                                   "entries": "no"}, []])
def test_malformed_batch_envelope_is_422(seeded, peserta, body):
    response = peserta.post("/api/v1/sync", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]


def test_sync_without_csrf_token_is_refused(seeded, peserta):
    response = peserta.client.post("/api/v1/sync", json=sync_body([checkin_entry()]))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert _count(seeded, SyncEntry) == 0


def test_sync_when_logged_out_is_401(seeded, api):
    api.refresh_csrf()
    response = api.post("/api/v1/sync", json=sync_body([checkin_entry()]))
    assert response.status_code == 401


def test_another_users_entry_id_can_neither_overwrite_nor_read_theirs(seeded, peserta, login_as):
    entry = checkin_entry()
    send(peserta, [entry])
    intruder = login_as("peserta02")
    for attempt in (entry, {**entry, "data": {**entry["data"], "type": "out"}}):
        [result] = send(intruder, [attempt])
        assert result["status"] == "rejected" and "id" in result["errors"]
        assert "record" not in result
    with seeded.app_context():
        owner = db.session.scalar(db.select(User.username).join(
            SyncEntry, SyncEntry.user_id == User.id).where(SyncEntry.id == entry["id"]))
        assert owner == "peserta01"
        assert db.session.scalar(db.select(CheckIn.type)) == "in"
    assert _count(seeded, SyncConflict) == 0


def test_clock_offset_is_applied_and_flagged(seeded, peserta):
    now = datetime.now(UTC)
    phone_clock_error = timedelta(hours=-3)  # the phone runs three hours behind
    captured = (now - timedelta(minutes=10) + phone_clock_error).astimezone(WIB)
    [result] = send(peserta, [checkin_entry(captured)], sent_at=(now + phone_clock_error)
                    .astimezone(WIB))
    record = result["record"]
    assert "clock_skew" in record["flags"] and record["review_state"] == "needs_review"
    corrected = datetime.fromisoformat(record["corrected_at"])
    assert abs((corrected - (now - timedelta(minutes=10))).total_seconds()) < 30


def test_small_clock_difference_is_not_applied(seeded, peserta):
    now = datetime.now(UTC)
    captured = (now - timedelta(minutes=5)).astimezone(WIB)
    [result] = send(peserta, [checkin_entry(captured)], sent_at=(now - timedelta(seconds=40))
                    .astimezone(WIB))
    assert result["record"]["flags"] == []
    assert datetime.fromisoformat(result["record"]["corrected_at"]) == captured


def test_future_capture_is_stored_but_flagged(seeded, peserta):
    future = (datetime.now(UTC) + timedelta(hours=2)).astimezone(WIB)
    [result] = send(peserta, [checkin_entry(future)])
    assert result["status"] == "created" and "future_time" in result["record"]["flags"]


def test_capture_days_before_receipt_is_stored_but_flagged_late_sync(seeded, peserta):
    old = (datetime.now(UTC) - timedelta(days=4)).astimezone(WIB)
    [result] = send(peserta, [checkin_entry(old)])
    assert result["status"] == "created" and result["record"]["flags"] == ["late_sync"]
    assert result["record"]["local_date"] == old.date().isoformat()


def test_checkin_far_from_the_unit_is_flagged_outside_geofence(seeded, peserta):
    [result] = send(peserta, [checkin_entry(lat=-1.30, lon=101.0)])
    assert "outside_geofence" in result["record"]["flags"]
    assert result["record"]["distance_m"] > 20_000


def test_checkin_without_location_is_stored_and_flagged(seeded, peserta):
    [result] = send(peserta, [checkin_entry(lat=None, lon=None, accuracy_m=None)])
    assert result["status"] == "created"
    assert result["record"]["flags"] == ["low_accuracy"]
    assert result["record"]["distance_m"] is None


def test_lateness_is_judged_in_the_units_time_zone(seeded, peserta):
    on_time = datetime(2026, 7, 7, 7, 29, tzinfo=WIB)
    late = datetime(2026, 7, 8, 7, 41, tzinfo=WIB)
    results = send(peserta, [checkin_entry(on_time), checkin_entry(late),
                             checkin_entry(late + timedelta(hours=9), type_="out")])
    assert [r["record"]["late_minutes"] for r in results] == [0, 11, 0]
    assert results[1]["record"]["local_time"] == "07:41 WIB"


def test_lateness_reads_the_working_calendar_like_the_recap(app, seeded, peserta):
    """A special period's later start and a holiday are not late, as the daily and monthly
    views count them; the unit's plain work start would call both late."""
    with app.app_context():
        unit_id = db.session.scalars(db.select(User.unit_id).where(
            User.username == "peserta01")).one()
        period = SpecialPeriod(name="Ramadan", date_from=date(2026, 7, 6),
                               date_to=date(2026, 7, 10), unit_id=unit_id)
        db.session.add(period)
        db.session.flush()
        db.session.add_all([WorkHours(unit_id=None, period_id=period.id, weekday=d,
                                      start_time=time(8, 0), end_time=time(15, 0))
                            for d in range(5)])
        db.session.add(Holiday(day=date(2026, 7, 13), kind="libur_daerah", name="Hari jadi",
                               unit_id=unit_id))
        db.session.commit()
    results = send(peserta, [checkin_entry(datetime(2026, 7, 7, 7, 55, tzinfo=WIB)),
                             checkin_entry(datetime(2026, 7, 8, 8, 12, tzinfo=WIB)),
                             checkin_entry(datetime(2026, 7, 13, 9, 0, tzinfo=WIB))])
    assert [r["record"]["late_minutes"] for r in results] == [0, 12, 0]


def test_concurrent_uploads_of_the_same_entries_store_one_row_each(seeded, live_server):
    """Several phones' worth of retries racing through a real HTTP server."""
    entries = [checkin_entry() for _ in range(20)]
    sessions = []
    for _ in range(4):
        http = requests.Session()
        token = http.get(f"{live_server}/api/v1/auth/csrf").json()["csrf_token"]
        login = http.post(f"{live_server}/api/v1/auth/login", headers={"X-CSRFToken": token},
                          json={"username": "peserta01", "password": "hadir-demo"})
        assert login.status_code == 200
        sessions.append((http, login.json()["csrf_token"]))
    statuses, barrier = [], threading.Barrier(len(sessions))

    def upload(http, token):
        barrier.wait()
        reply = http.post(f"{live_server}/api/v1/sync", headers={"X-CSRFToken": token},
                          json=sync_body(entries), timeout=30)
        assert reply.status_code == 200, reply.text
        statuses.append([r["status"] for r in reply.json()["results"]])

    threads = [threading.Thread(target=upload, args=s) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(statuses) == 4
    for i in range(len(entries)):
        column = sorted(run[i] for run in statuses)
        assert column == ["created", "duplicate", "duplicate", "duplicate"]
    assert _count(seeded, CheckIn) == 20 and _count(seeded, SyncEntry) == 20


def test_an_upper_case_id_is_answered_as_sent_and_deduplicated(seeded, peserta):
    entry = checkin_entry(entry_id=str(uuid.uuid4()).upper())
    [first] = send(peserta, [entry])
    [again] = send(peserta, [{**entry, "id": entry["id"].lower()}])
    assert (first["id"], first["status"]) == (entry["id"], "created")
    assert (again["id"], again["status"]) == (entry["id"].lower(), "duplicate")
    assert _count(seeded, CheckIn) == 1


def test_null_and_scalar_entries_are_rejected_one_by_one(seeded, peserta):
    good = checkin_entry()
    results = send(peserta, [None, good, 1, "x"])
    assert [r["status"] for r in results] == ["rejected", "created", "rejected", "rejected"]
    assert results[1]["id"] == good["id"] and _count(seeded, CheckIn) == 1


def test_times_at_the_ends_of_the_calendar_are_rejected_not_a_server_error(seeded, peserta):
    far = checkin_entry()
    far["captured_at"] = "9999-12-31T23:59:59+14:00"
    ancient = {**checkin_entry(), "captured_at": "0001-01-01T00:00:00-12:00"}
    results = send(peserta, [far, ancient, checkin_entry()])
    assert [r["status"] for r in results] == ["rejected", "rejected", "created"]
    assert "captured_at" in results[0]["errors"]
    body = sync_body([checkin_entry()])
    body["sent_at"] = "0001-01-01T00:00:00+14:00"
    response = peserta.post("/api/v1/sync", json=body)
    assert response.status_code == 422 and "sent_at" in response.get_json()["error"]["fields"]
