"""Programme management API for coaches: create, enrol, schedule, edit, cancel, move."""

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.api.clinic_helpers import audit_events, make_clinic, session_row
from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, Unit, User

PROGRAM = {"name": "Klinik Digital Angkatan II", "start_date": "2026-08-03",
           "end_date": "2026-08-28", "target_sessions": 10, "zone_green_pct": 85,
           "zone_yellow_pct": 60, "skills": ["TTE", " SRIKANDI ", "Rapat virtual"]}
PATTERN = {"weekdays": [0, 2, 4], "start_time": "09:00", "end_time": "11:00",
           "holidays": ["2026-08-17"], "place": "Aula Diskominfo"}


@pytest.fixture
def coach(seeded, login_as):
    return login_as("pelatih1")


@pytest.fixture
def program(coach):
    response = coach.post("/api/v1/programs", json=PROGRAM)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def _ids(app, *usernames) -> list[int]:
    with app.app_context():
        return [db.session.scalar(db.select(User.id).filter_by(username=u)) for u in usernames]


def _unit_id(app, code: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Unit.id).filter_by(code=code))


def test_coach_creates_a_programme_in_their_unit_and_it_is_audited(seeded, program):
    assert program["unit"]["code"] == "DISKOMINFO"
    assert program["skills"] == ["TTE", "SRIKANDI", "Rapat virtual"]
    assert (program["target_sessions"], program["zone_green_pct"]) == (10, 85.0)
    assert program["participants"] == [] and program["sessions"] == []
    [event] = audit_events(seeded, "program.create")
    assert event.entity_id == str(program["id"]) and event.after["name"] == PROGRAM["name"]
    assert event.before is None and event.actor_id == _ids(seeded, "pelatih1")[0]


@pytest.mark.parametrize("username", ["peserta01", "bkpsdm"])
def test_only_coaches_and_admins_create_programmes(seeded, login_as, username):
    response = login_as(username).post("/api/v1/programs", json=PROGRAM)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_admin_may_create_a_programme(seeded, login_as):
    assert login_as("admin").post("/api/v1/programs", json=PROGRAM).status_code == 201


@pytest.mark.parametrize(("change", "field"), [
    ({"end_date": "2026-08-01"}, "end_date"),
    ({"end_date": "2027-12-01"}, "end_date"),
    ({"zone_yellow_pct": 90}, "zone_yellow_pct"),
    ({"target_sessions": 0}, "target_sessions"),
    ({"zone_green_pct": 101}, "zone_green_pct"),
    ({"skills": ["TTE", "TTE"]}, "skills"),
    ({"start_date": "1999-12-31"}, "start_date"),
    ({"name": ""}, "name"),
    ({"unit_id": 999999}, "unit_id"),
])
def test_invalid_programmes_are_refused_with_the_field(seeded, coach, change, field):
    response = coach.post("/api/v1/programs", json={**PROGRAM, **change})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_enrol_picked_users_and_a_whole_unit_without_duplicates(seeded, coach, program):
    url = f"/api/v1/programs/{program['id']}/participants"
    picked = _ids(seeded, "peserta01", "peserta02")
    first = coach.post(url, json={"user_ids": picked})
    assert first.status_code == 200 and first.get_json()["participant_count"] == 2
    # KEC-SANGIR holds peserta01 only; PUPR holds three participants.
    again = coach.post(url, json={"user_ids": picked, "unit_id": _unit_id(seeded, "KEC-SANGIR")})
    assert again.get_json()["added"] == [] and again.get_json()["participant_count"] == 2
    pupr = coach.post(url, json={"unit_id": _unit_id(seeded, "PUPR")}).get_json()
    assert len(pupr["added"]) == 3 and pupr["participant_count"] == 5
    events = audit_events(seeded, "program.enrol")
    assert len(events) == 2 and len(events[-1].after["participants"]) == 5


def test_enrolling_by_unit_skips_coaches_and_reviewers(seeded, coach, program):
    url = f"/api/v1/programs/{program['id']}/participants"
    added = coach.post(url, json={"unit_id": _unit_id(seeded, "DISKOMINFO")}).get_json()["added"]
    # Diskominfo: two eselon III participants plus the three coaches (who also hold the
    # participant role in the demo), never the admin.
    names = {p["username"] for p in added}
    assert "admin" not in names and {"peserta13", "peserta20"} <= names


@pytest.mark.parametrize("username", ["admin", "bkpsdm", "nobody"])
def test_enrolling_non_participants_is_refused(seeded, coach, program, username):
    user_ids = _ids(seeded, username) if username != "nobody" else [987654]
    response = coach.post(f"/api/v1/programs/{program['id']}/participants",
                          json={"user_ids": user_ids})
    assert response.status_code == 422 and "user_ids" in response.get_json()["error"]["fields"]


def test_enrolling_nobody_is_refused(seeded, coach, program):
    response = coach.post(f"/api/v1/programs/{program['id']}/participants", json={})
    assert response.status_code == 422


def test_unenrol_removes_the_participant_and_is_audited(seeded, coach, program):
    [user_id] = _ids(seeded, "peserta01")
    coach.post(f"/api/v1/programs/{program['id']}/participants", json={"user_ids": [user_id]})
    url = f"/api/v1/programs/{program['id']}/participants/{user_id}"
    assert coach.delete(url).status_code == 204
    assert coach.delete(url).status_code == 404
    with seeded.app_context():
        assert db.session.scalar(db.select(ProgramParticipant).filter_by(
            program_id=program["id"])) is None
    assert audit_events(seeded, "program.unenrol")[0].before == {"user_id": user_id}


def test_schedule_from_a_weekly_pattern_skips_holidays_in_local_time(seeded, coach, program):
    response = coach.post(f"/api/v1/programs/{program['id']}/schedule", json=PATTERN)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()["created"]
    # 3-28 Aug 2026: 12 Mon/Wed/Fri, minus Independence Day (Mon 17 Aug).
    assert len(created) == 11 and response.get_json()["skipped"] == 0
    assert created[0]["starts_at"].startswith("2026-08-03T02:00:00")  # 09:00 WIB in UTC
    assert created[0]["local_time"] == "09:00–11:00 WIB"
    assert "2026-08-17" not in {s["local_date"] for s in created}
    assert {s["status"] for s in created} == {"planned"}
    assert {s["place"] for s in created} == {"Aula Diskominfo"}
    with seeded.app_context():
        sessions = list(db.session.scalars(db.select(ClinicSession).filter_by(
            program_id=program["id"])))
        assert {s.coach_id for s in sessions} == set(_ids(seeded, "pelatih1"))
        assert len({s.secret for s in sessions}) == 11  # every session has its own secret
    [event] = audit_events(seeded, "program.schedule")
    assert len(event.after["sessions"]) == 11 and event.after["holidays"] == ["2026-08-17"]


def test_generating_the_same_pattern_twice_creates_nothing_new(seeded, coach, program):
    url = f"/api/v1/programs/{program['id']}/schedule"
    coach.post(url, json=PATTERN)
    again = coach.post(url, json=PATTERN).get_json()
    assert again["created"] == [] and again["skipped"] == 11


def test_schedule_follows_the_programme_units_time_zone(seeded, coach):
    with seeded.app_context():
        db.session.add(Unit(code="KOMINFO-PAPUA", name="Diskominfo Papua", kind="dinas",
                            timezone="Asia/Jayapura"))
        db.session.commit()
    created = coach.post("/api/v1/programs", json={
        **PROGRAM, "unit_id": _unit_id(seeded, "KOMINFO-PAPUA")}).get_json()
    sessions = coach.post(f"/api/v1/programs/{created['id']}/schedule",
                          json=PATTERN).get_json()["created"]
    assert sessions[0]["starts_at"].startswith("2026-08-03T00:00:00")  # 09:00 WIT
    assert sessions[0]["local_time"] == "09:00–11:00 WIT"


@pytest.mark.parametrize(("change", "field"), [
    ({"date_from": "2026-07-01"}, "date_from"),
    ({"date_to": "2026-09-30"}, "date_to"),
    ({"weekdays": [7]}, "weekdays"),
    ({"weekdays": []}, "weekdays"),
    ({"end_time": "08:00"}, "end_time"),
    ({"coach_id": 987654}, "coach_id"),
])
def test_invalid_schedules_are_refused(seeded, coach, program, change, field):
    response = coach.post(f"/api/v1/programs/{program['id']}/schedule",
                          json={**PATTERN, **change})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_a_coach_who_does_not_run_the_programme_cannot_see_or_touch_it(seeded, login_as,
                                                                        program):
    other = login_as("pelatih2")
    base = f"/api/v1/programs/{program['id']}"
    assert other.get(base).status_code == 404  # not theirs to see, like a missing record
    assert other.post(f"{base}/schedule", json=PATTERN).status_code == 404
    assert other.post(f"{base}/participants", json={"user_ids": [1]}).status_code == 404
    assert program["id"] not in {p["id"] for p in other.get("/api/v1/programs").get_json()["items"]}


def test_admin_sees_and_manages_every_programme(seeded, login_as, program):
    admin = login_as("admin")
    assert program["id"] in {p["id"] for p in admin.get("/api/v1/programs").get_json()["items"]}
    assert admin.post(f"/api/v1/programs/{program['id']}/schedule",
                      json=PATTERN).status_code == 201


def test_a_session_coach_from_the_schedule_runs_the_programme_too(seeded, login_as, coach,
                                                                   program):
    [pelatih2] = _ids(seeded, "pelatih2")
    coach.post(f"/api/v1/programs/{program['id']}/schedule",
               json={**PATTERN, "coach_id": pelatih2})
    assert login_as("pelatih2").get(f"/api/v1/programs/{program['id']}").status_code == 200


def test_unknown_programme_and_session_are_404(seeded, coach):
    assert coach.get("/api/v1/programs/987654").status_code == 404
    assert coach.patch("/api/v1/sessions/987654", json={"place": "x"}).status_code == 404


def test_edit_a_session_records_before_and_after(seeded, coach):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC) + timedelta(days=2))
    response = coach.patch(f"/api/v1/sessions/{clinic.session_id}",
                           json={"place": "Ruang Rapat Bupati", "topic": "TTE"})
    assert response.status_code == 200
    assert (response.get_json()["place"], response.get_json()["topic"]) == (
        "Ruang Rapat Bupati", "TTE")
    [event] = audit_events(seeded, "session.update")
    assert event.before["place"] == "Aula" and event.after["place"] == "Ruang Rapat Bupati"
    assert event.entity_id == str(clinic.session_id)


def test_cancel_a_session_with_a_reason_once(seeded, coach):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC) + timedelta(days=2))
    url = f"/api/v1/sessions/{clinic.session_id}/cancel"
    assert coach.post(url, json={"reason": "x"}).status_code == 422
    response = coach.post(url, json={"reason": "Rapat paripurna DPRD"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    assert response.get_json()["status_reason"] == "Rapat paripurna DPRD"
    again = coach.post(url, json={"reason": "Rapat paripurna DPRD"})
    assert again.status_code == 409
    [event] = audit_events(seeded, "session.cancel")
    assert event.before["status"] == "planned" and event.after["status"] == "cancelled"
    assert coach.patch(f"/api/v1/sessions/{clinic.session_id}",
                       json={"place": "x"}).status_code == 409


def test_a_held_session_cannot_be_cancelled_or_moved(seeded, coach):
    clinic = make_clinic(seeded, status="held")
    url = f"/api/v1/sessions/{clinic.session_id}"
    assert coach.post(f"{url}/cancel", json={"reason": "Salah input"}).status_code == 409
    move = {"date": date.today().isoformat(), "start_time": "13:00", "end_time": "15:00",
            "reason": "Ruangan dipakai"}
    assert coach.post(f"{url}/move", json=move).status_code == 409


def test_move_a_session_to_another_local_day_and_time(seeded, coach):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC) + timedelta(days=2))
    day = (clinic.starts_at + timedelta(days=1)).astimezone(UTC).date()
    response = coach.post(f"/api/v1/sessions/{clinic.session_id}/move", json={
        "date": day.isoformat(), "start_time": "13:30", "end_time": "15:00",
        "reason": "Ruangan dipakai pelantikan"})
    assert response.status_code == 200, response.get_json()
    moved = session_row(seeded, clinic.session_id)
    assert moved.starts_at == datetime.combine(day, datetime.min.time(), UTC) + timedelta(
        hours=6, minutes=30)  # 13:30 WIB
    assert moved.ends_at - moved.starts_at == timedelta(minutes=90)
    assert moved.status == "planned" and moved.status_reason == "Ruangan dipakai pelantikan"
    [event] = audit_events(seeded, "session.move")
    assert event.before["starts_at"] != event.after["starts_at"]


def test_a_session_cannot_move_outside_its_programme(seeded, coach):
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC) + timedelta(days=2))
    response = coach.post(f"/api/v1/sessions/{clinic.session_id}/move", json={
        "date": "2030-01-01", "start_time": "09:00", "end_time": "10:00", "reason": "Pindah"})
    assert response.status_code == 422 and "date" in response.get_json()["error"]["fields"]


def test_programme_list_shows_the_coachs_programmes_with_counts(seeded, coach, program):
    items = coach.get("/api/v1/programs").get_json()["items"]
    with seeded.app_context():
        demo = db.session.scalar(db.select(Program).filter_by(created_by_id=_ids(
            seeded, "pelatih1")[0]).order_by(Program.id))
    by_id = {p["id"]: p for p in items}
    assert by_id[demo.id]["participant_count"] == 24 and by_id[demo.id]["session_count"] == 12
    assert by_id[program["id"]]["session_count"] == 0
