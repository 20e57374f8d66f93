"""GET /api/v1/bootstrap and /api/v1/checkins: what the phone keeps offline, and history."""

from datetime import date

from tests.api.sync_helpers import checkin_entry, send


def test_bootstrap_gives_a_participant_their_programme_without_secrets(seeded, login_as):
    body = login_as("peserta01").get("/api/v1/bootstrap").get_json()
    assert body["user"]["username"] == "peserta01"
    assert body["unit"]["code"] == "KEC-SANGIR" and body["unit"]["work_start"] == "07:30"
    assert [p["role"] for p in body["programs"]] == ["participant"]
    assert len(body["sessions"]) == 12
    assert all(s["secret"] is None for s in body["sessions"])
    assert body["roster"] == {}
    assert {a["user_id"] for a in body["attendance"]} == {body["user"]["id"]}


def test_bootstrap_gives_a_coach_secrets_and_the_roster(seeded, login_as):
    body = login_as("pelatih1").get("/api/v1/bootstrap").get_json()
    assert [p["role"] for p in body["programs"]] == ["coach"]
    assert all(len(s["secret"]) >= 16 for s in body["sessions"])
    [roster] = body["roster"].values()
    assert len(roster) == 24


def test_bootstrap_includes_recent_own_checkins(seeded, login_as):
    peserta = login_as("peserta01")
    entry = checkin_entry()
    send(peserta, [entry])
    body = peserta.get("/api/v1/bootstrap").get_json()
    assert [c["id"] for c in body["checkins"]] == [entry["id"]]


def test_checkins_lists_only_my_own(seeded, login_as):
    mine, theirs = login_as("peserta01"), login_as("peserta02")
    send(mine, [checkin_entry(), checkin_entry(type_="out")])
    send(theirs, [checkin_entry()])
    items = mine.get("/api/v1/checkins").get_json()["items"]
    assert len(items) == 2 and {i["user"]["username"] for i in items} == {"peserta01"}


def test_participant_cannot_use_reviewer_filters(seeded, login_as):
    response = login_as("peserta01").get("/api/v1/checkins?user=peserta02")
    assert response.status_code == 403


def test_reviewer_filters_by_unit_flag_and_date(seeded, login_as):
    send(login_as("peserta01"), [checkin_entry(lat=-1.30, lon=101.0), checkin_entry()])
    send(login_as("peserta02"), [checkin_entry(lat=-1.462, lon=101.055)])  # at Sungai Pagu
    reviewer = login_as("bkpsdm")
    flagged = reviewer.get("/api/v1/checkins?flag=outside_geofence").get_json()["items"]
    assert len(flagged) == 1 and flagged[0]["user"]["username"] == "peserta01"
    by_unit = reviewer.get("/api/v1/checkins?unit=KEC-SUNGAIPAGU").get_json()["items"]
    assert {i["user"]["username"] for i in by_unit} == {"peserta02"}
    today = flagged[0]["local_date"]
    assert len(reviewer.get(f"/api/v1/checkins?unit=KEC-SANGIR&date_from={today}")
               .get_json()["items"]) == 2
    assert reviewer.get(f"/api/v1/checkins?unit=KEC-SANGIR&date_to={date(2020, 1, 1)}") \
        .get_json()["items"] == []


def test_bad_query_parameters_are_422(seeded, login_as):
    response = login_as("peserta01").get("/api/v1/checkins?limit=0&date_from=kemarin")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"limit", "date_from"}
