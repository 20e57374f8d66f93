"""NUL characters (U+0000) are refused cleanly on both backends; PostgreSQL cannot store them.

Found by the fuzzing test: `GET /api/v1/checkins?user=%00` was a 500 on PostgreSQL.
"""

from datetime import UTC, datetime

from tests.api.sync_helpers import WIB, checkin_entry, send, sync_body


def test_nul_in_an_api_query_parameter_is_422_naming_it(seeded, login_as):
    response = login_as("bkpsdm").get("/api/v1/checkins", query_string={"user": "peserta\x0001"})
    assert response.status_code == 422
    assert "user" in response.get_json()["error"]["fields"]


def test_nul_in_a_login_username_is_422(seeded, api):
    api.refresh_csrf()
    response = api.post("/api/v1/auth/login", json={"username": "peserta01\x00",
                                                    "password": "hadir-demo"})
    assert response.status_code == 422
    assert "username" in response.get_json()["error"]["fields"]


def test_nul_in_one_sync_entry_rejects_only_that_entry(seeded, login_as):
    good, bad = checkin_entry(), checkin_entry()
    bad["kind"] = "check\x00in"
    results = send(login_as("peserta01"), [good, bad])
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "kind" in results[1]["errors"]


def test_nul_in_the_sync_device_id_is_422(seeded, login_as):
    response = login_as("peserta01").post("/api/v1/sync", json=sync_body(
        [checkin_entry()], device_id="hp\x00"))
    assert response.status_code == 422
    assert "device_id" in response.get_json()["error"]["fields"]


def test_nul_in_a_page_form_or_query_is_400(seeded, client):
    page = client.get("/login")
    assert page.status_code == 200
    assert client.post("/login", data={"username": "peserta01\x00",
                                       "password": "x"}).status_code == 400
    assert client.get("/login", query_string={"next": "/\x00"}).status_code == 400


def test_nul_in_a_path_is_404(seeded, login_as):
    assert login_as("peserta01").get("/api/v1/photos/%00").status_code == 404
    assert login_as("peserta01").get("/review%00").status_code == 404


# Ids are 32-bit in the database: a bigger number in a body or a path is bad input, not a
# database error (SQLite cannot bind past 64 bits; PostgreSQL refuses past 32).

def test_an_integer_out_of_range_in_one_sync_entry_rejects_only_that_entry(seeded, login_as):
    from tests.api.clinic_helpers import entry

    good = checkin_entry()
    bad = entry("self_attend", datetime.now(UTC).astimezone(WIB), session_id=2**63, code="123456")
    results = send(login_as("peserta01"), [good, bad])
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "session_id" in results[1]["errors"]


def test_an_integer_out_of_range_in_a_path_is_404(seeded, login_as):
    reviewer = login_as("bkpsdm")
    for huge in (2**31, 2**63, 10**30):
        response = reviewer.post(f"/api/v1/leave/{huge}/decision", json={"decision": "approved"})
        assert response.status_code == 404, huge
        assert reviewer.get(f"/review/programs/{huge}").status_code == 404, huge
