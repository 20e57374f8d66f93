"""NUL characters (U+0000) are refused cleanly on both backends; PostgreSQL cannot store them.

Found by the fuzzing test: `GET /api/v1/checkins?user=%00` was a 500 on PostgreSQL.
"""

import json
from datetime import UTC, datetime

import pytest

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


# Lone UTF-16 surrogates, deep nesting and endless numbers: Python decodes the first two kinds
# happily but nothing can encode a lone surrogate (the database, the sync hash), and it raised
# RecursionError or ValueError on the others; all three were 500s, and a poisoned sync batch
# failed whole, again and again.

def _post_raw(api_client, url: str, text: str):
    return api_client.post(url, data=text, content_type="application/json")


def test_a_lone_surrogate_in_one_sync_entry_rejects_only_that_entry(seeded, login_as):
    from tests.api.clinic_helpers import leave

    now = datetime.now(UTC).astimezone(WIB)
    good, bad = checkin_entry(), leave(now, "izin", now.date(), now.date(), reason="sakit \ud800")
    results = send(login_as("peserta01"), [good, bad])
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "reason" in results[1]["errors"]


def test_a_lone_surrogate_in_a_login_username_is_422(seeded, api):
    api.refresh_csrf()
    response = api.post("/api/v1/auth/login", json={"username": "peserta01\udfff",
                                                    "password": "hadir-demo"})
    assert response.status_code == 422
    assert "username" in response.get_json()["error"]["fields"]


def test_a_lone_surrogate_in_the_sync_device_id_is_422(seeded, login_as):
    response = login_as("peserta01").post("/api/v1/sync", json=sync_body(
        [checkin_entry()], device_id="hp-\ud83d"))
    assert response.status_code == 422
    assert "device_id" in response.get_json()["error"]["fields"]


def test_a_surrogate_pair_is_an_ordinary_character(seeded, login_as):
    from tests.api.clinic_helpers import leave

    now = datetime.now(UTC).astimezone(WIB)
    [result] = send(login_as("peserta01"), [leave(now, "izin", now.date(), now.date(),
                                                  reason="sakit \ud83e\udd12")])
    assert result["status"] == "created"


def test_a_number_of_5000_digits_in_one_sync_entry_rejects_only_that_entry(seeded, login_as):
    good, bad = checkin_entry(), checkin_entry()
    bad["data"]["lat"] = "LAT"
    text = json.dumps(sync_body([good, bad])).replace('"LAT"', "9" * 5000)
    response = _post_raw(login_as("peserta01"), "/api/v1/sync", text)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["status"] for r in results] == ["created", "rejected"]
    assert "lat" in results[1]["errors"]


@pytest.mark.parametrize("field", ["target_sessions", "zone_green_pct"])
def test_a_number_of_5000_digits_in_a_body_is_422_naming_the_field(seeded, login_as, field):
    body = {"name": "Klinik", "start_date": "2026-01-05", "end_date": "2026-03-27",
            "target_sessions": 12, field: "HUGE"}
    text = json.dumps(body).replace('"HUGE"', "1" * 5000)
    response = _post_raw(login_as("pelatih1"), "/api/v1/programs", text)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == [field]


@pytest.mark.parametrize("depth", [33, 5000])
def test_json_nested_deeper_than_32_levels_is_400(seeded, login_as, depth):
    user = login_as("peserta01")
    nested = "[" * (depth - 1) + "]" * (depth - 1)
    response = _post_raw(user, "/api/v1/sync",
                         '{"device_id": "a", "sent_at": "2026-01-01T00:00:00Z", "entries": '
                         + nested + "}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_batch_nested_32_levels_deep_is_read(seeded, login_as):
    nested = "[" * 30 + "]" * 30
    response = _post_raw(login_as("peserta01"), "/api/v1/sync",
                         '{"device_id": "a", "sent_at": "2026-01-01T00:00:00Z", "entries": ['
                         + nested + "]}")
    assert response.status_code == 200
    assert response.get_json()["results"][0]["status"] == "rejected"


def test_a_body_that_is_not_json_is_400(seeded, login_as):
    for text in ('{"device_id": ', "\xff"):
        response = login_as("peserta01").post("/api/v1/sync", data=text.encode("latin-1"),
                                              content_type="application/json")
        assert response.status_code == 400
        assert response.get_json()["error"]["message"] == "Badan permintaan bukan JSON yang sah."
