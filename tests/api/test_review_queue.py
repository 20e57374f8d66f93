"""The review queue: flagged check-ins and sync conflicts, decided by form or JSON, audited."""

import pytest

from tests.api.sync_helpers import checkin_entry, send
from webapp.extensions import db
from webapp.models import AuditEvent, CheckIn, SyncConflict, User


@pytest.fixture
def reviewer(seeded_history, login_as):
    return login_as("bkpsdm")


def flagged(app, flag: str | None = None) -> list[CheckIn]:
    with app.app_context():
        rows = db.session.scalars(db.select(CheckIn).where(
            CheckIn.review_state == "needs_review").order_by(CheckIn.id)).all()
        db.session.expunge_all()
    return [c for c in rows if flag is None or flag in c.flags]


def audits(app, entity_type: str, entity_id) -> list[AuditEvent]:
    with app.app_context():
        rows = db.session.scalars(db.select(AuditEvent).filter_by(
            entity_type=entity_type, entity_id=str(entity_id))).all()
        db.session.expunge_all()
    return rows


def reviewer_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(User.id).filter_by(username="bkpsdm"))


def test_the_queue_shows_each_flagged_checkin_with_place_distance_and_photo(seeded_history,
                                                                           reviewer):
    html = reviewer.get("/review/checkins").get_data(as_text=True)
    items = flagged(seeded_history)
    assert {f for c in items for f in c.flags} >= {"outside_geofence", "low_accuracy",
                                                   "late_sync"}
    assert html.count('data-testid="queue-item"') == len(items)
    far = flagged(seeded_history, "outside_geofence")[0]
    card = html.split(f'id="absen-{far.id}"')[1].split("</section>")[0]
    assert "Di luar radius kantor" in card
    assert f"https://www.openstreetmap.org/?mlat={far.lat}&amp;mlon={far.lon}" in card
    assert f"geo:{far.lat},{far.lon}" in card
    assert f"{far.distance_m:,.0f}".replace(",", ".") + " m (radius 150 m)" in card
    assert f"/api/v1/photos/{far.photo_id}" in card
    photo = reviewer.get(f"/api/v1/photos/{far.photo_id}")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    conflicts = html.split('data-testid="conflicts"')[1].split("</section>")[0]
    assert conflicts.count('data-testid="conflict-item"') == 1 and ">lat<" in conflicts


def test_the_queue_filters_by_flag(seeded_history, reviewer):
    html = reviewer.get("/review/checkins?flag=low_accuracy").get_data(as_text=True)
    assert html.count('data-testid="queue-item"') == \
        len(flagged(seeded_history, "low_accuracy")) == 1
    assert reviewer.get("/review/checkins?flag=bogus").status_code == 200


def test_approving_by_form_updates_the_checkin_and_writes_an_audit_event(seeded_history,
                                                                         reviewer):
    target = flagged(seeded_history, "low_accuracy")[0]
    response = reviewer.post(f"/review/checkins/{target.id}/decision",
                             data={"csrf_token": reviewer.csrf, "decision": "approved",
                                   "reason": "Di dalam gedung, GPS lemah"})
    assert response.status_code == 302
    with seeded_history.app_context():
        checkin = db.session.get(CheckIn, target.id)
        assert (checkin.review_state, checkin.review_note) == \
            ("approved", "Di dalam gedung, GPS lemah")
        assert checkin.reviewed_by_id == reviewer_id(seeded_history)
        assert checkin.reviewed_at is not None
    (event,) = audits(seeded_history, "checkin", target.id)
    assert event.action == "checkin.review" and event.actor_id == reviewer_id(seeded_history)
    assert event.before["review_state"] == "needs_review" and event.before["reviewed_by_id"] is None
    assert event.after["review_state"] == "approved"
    assert event.after["review_note"] == "Di dalam gedung, GPS lemah"
    assert event.after["flags"] == ["low_accuracy"]
    html = reviewer.get("/review/checkins").get_data(as_text=True)
    assert f'id="absen-{target.id}"' not in html and "disetujui" in html


def test_rejecting_by_form_without_a_reason_changes_nothing(seeded_history, reviewer):
    target = flagged(seeded_history)[0]
    response = reviewer.post(f"/review/checkins/{target.id}/decision",
                             data={"csrf_token": reviewer.csrf, "decision": "rejected",
                                   "reason": " "}, follow_redirects=True)
    assert "Tulis alasan penolakan." in response.get_data(as_text=True)
    assert flagged(seeded_history)[0].review_state == "needs_review"
    assert audits(seeded_history, "checkin", target.id) == []


def test_a_form_post_without_csrf_token_is_refused(seeded_history, reviewer):
    target = flagged(seeded_history)[0]
    response = reviewer.client.post(f"/review/checkins/{target.id}/decision",
                                    data={"decision": "approved"})
    assert response.status_code == 400
    assert flagged(seeded_history)[0].review_state == "needs_review"


def test_rejecting_by_api_is_audited_and_the_day_no_longer_counts(seeded_history, reviewer):
    far = flagged(seeded_history, "outside_geofence")[0]
    response = reviewer.post(f"/api/v1/checkins/{far.id}/review",
                             json={"decision": "rejected", "reason": "1,3 km dari kantor camat"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["review_state"], body["review_note"], body["id"]) == \
        ("rejected", "1,3 km dari kantor camat", far.entry_id)
    assert body["reviewed_by_id"] == reviewer_id(seeded_history)
    (event,) = audits(seeded_history, "checkin", far.id)
    assert (event.before["review_state"], event.after["review_state"]) == \
        ("needs_review", "rejected")
    with seeded_history.app_context():
        user = db.session.get(User, far.user_id)
        unit_code = user.unit.code
    daily = reviewer.get(f"/review/daily?unit={unit_code}&date={far.local_date}")
    row = daily.get_data(as_text=True).split(user.full_name)[1].split("</tr>")[0]
    assert "Tidak absen" in row


def test_a_decision_can_be_corrected_and_each_one_is_audited(seeded_history, reviewer):
    target = flagged(seeded_history)[0]
    url = f"/api/v1/checkins/{target.id}/review"
    assert reviewer.post(url, json={"decision": "approved"}).status_code == 200
    corrected = reviewer.post(url, json={"decision": "rejected", "reason": "Foto bukan dia"})
    assert corrected.status_code == 200
    events = audits(seeded_history, "checkin", target.id)
    assert [(e.before["review_state"], e.after["review_state"]) for e in events] == \
        [("needs_review", "approved"), ("approved", "rejected")]


@pytest.mark.parametrize(("body", "field"), [
    ({"decision": "rejected"}, "reason"),
    ({"decision": "rejected", "reason": "  "}, "reason"),
    ({"decision": "maybe"}, "decision"),
    ({"reason": "x"}, "decision"),
    ({"decision": "approved", "reason": "x" * 501}, "reason"),
    ({"decision": "approved", "extra": 1}, "extra"),
])
def test_bad_decisions_are_422_with_the_field_and_change_nothing(seeded_history, reviewer, body,
                                                                field):
    target = flagged(seeded_history)[0]
    response = reviewer.post(f"/api/v1/checkins/{target.id}/review", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert audits(seeded_history, "checkin", target.id) == []


def test_an_unflagged_checkin_is_409_and_an_unknown_one_404(seeded_history, reviewer):
    with seeded_history.app_context():
        ok_id = db.session.scalar(db.select(CheckIn.id).filter_by(review_state="ok").limit(1))
    response = reviewer.post(f"/api/v1/checkins/{ok_id}/review", json={"decision": "approved"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "conflict"
    assert reviewer.post("/api/v1/checkins/99999999/review",
                         json={"decision": "approved"}).status_code == 404


def test_a_checkin_flagged_by_sync_reaches_the_queue(seeded, login_as):
    send(login_as("peserta01"), [checkin_entry(lat=-1.2750123, lon=100.9900456)])
    reviewer = login_as("bkpsdm")
    html = reviewer.get("/review/checkins").get_data(as_text=True)
    assert html.count('data-testid="queue-item"') == 1 and "Di luar radius kantor" in html


def test_resolving_a_conflict_is_audited_and_happens_once(seeded_history, reviewer):
    with seeded_history.app_context():
        conflict_id = db.session.scalar(db.select(SyncConflict.id))
    url = f"/review/conflicts/{conflict_id}/resolve"
    data = {"csrf_token": reviewer.csrf, "reason": "Kiriman ulang dari HP yang sama; abaikan"}
    assert reviewer.post(url, data=data).status_code == 302
    with seeded_history.app_context():
        assert db.session.get(SyncConflict, conflict_id).resolved
    (event,) = audits(seeded_history, "sync_conflict", conflict_id)
    assert event.before == {"resolved": False} and event.after["resolved"] is True
    again = reviewer.post(url, data=data, follow_redirects=True)
    assert "sudah diselesaikan" in again.get_data(as_text=True)
    assert len(audits(seeded_history, "sync_conflict", conflict_id)) == 1
