"""Failed logins slow down one username from one address, never lock an official out
(webapp/services/login_backoff.py, webapp/security.py)."""

import re
import time

import pytest

from tests.conftest import ApiClient

WAIT_1_MINUTE = "Terlalu banyak percobaan. Coba lagi dalam 1 menit."
OTHER_PHONE = {"REMOTE_ADDR": "10.20.30.40"}


@pytest.fixture
def app_config(request):
    if request.node.name.startswith("test_waits_double"):
        return {"LOGIN_BACKOFF_FIRST_SECONDS": 1}
    if request.node.name.startswith("test_one_address_trying_many_names"):
        return {"LOGIN_ADDRESS_LIMIT": "10 per 15 minutes"}
    return {}


def _fail(api_client: ApiClient, username: str, times: int) -> list[int]:
    return [api_client.login(username, "salah-sandi-123").status_code for _ in range(times)]


def test_after_five_failures_even_the_right_password_waits_a_minute(seeded, api):
    assert _fail(api, "peserta03", 5) == [401] * 5
    response = api.login("peserta03")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "60"
    assert response.get_json()["error"] == {"code": "rate_limited", "message": WAIT_1_MINUTE,
                                            "fields": {}}


def test_the_right_password_from_another_phone_still_works(seeded, app, api):
    assert _fail(api, "peserta03", 6) == [401] * 5 + [429]
    other_phone = ApiClient(app.test_client())
    other_phone.client.environ_base.update(OTHER_PHONE)
    assert other_phone.login("peserta03").status_code == 200


def test_another_official_behind_the_same_address_is_not_slowed_down(seeded, api):
    _fail(api, "peserta03", 5)
    assert api.login("peserta04").status_code == 200


def test_waits_double_with_each_further_failure_and_a_login_forgets_them(seeded, api):
    assert _fail(api, "peserta03", 5) == [401] * 5
    first = api.login("peserta03")
    assert first.status_code == 429 and first.headers["Retry-After"] == "1"
    time.sleep(1.1)
    assert _fail(api, "peserta03", 1) == [401]
    second = api.login("peserta03")
    assert second.status_code == 429 and second.headers["Retry-After"] == "2"
    time.sleep(2.1)
    assert api.login("peserta03").status_code == 200
    assert _fail(api, "peserta03", 2) == [401, 401]  # counted from zero again
    assert api.login("peserta03").status_code == 200


def test_an_office_behind_one_carrier_address_can_mistype_without_locking_anyone_out(seeded,
                                                                                    api):
    """Forty typos from one CGNAT address, two for each of twenty officials: each of them,
    and everyone else there, still logs in."""
    for number in range(1, 21):
        assert _fail(api, f"peserta{number:02d}", 2) == [401, 401]
    assert api.login("peserta01").status_code == 200
    assert api.login("peserta21").status_code == 200


def test_one_address_trying_many_names_is_limited(seeded, api):
    for number in range(10):
        assert _fail(api, f"tamu{number}", 1) == [401]
    refused = api.login("peserta01")
    assert refused.status_code == 429
    assert refused.get_json()["error"]["message"].startswith("Terlalu banyak percobaan.")
    assert int(refused.headers["Retry-After"]) > 0


def _csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_the_login_page_shows_its_form_again_with_how_long_to_wait(seeded, client):
    token = _csrf_from(client.get("/login").get_data(as_text=True))
    attempt = {"username": "peserta03", "password": "salah-sandi-123", "csrf_token": token}
    assert [client.post("/login", data=attempt).status_code for _ in range(5)] == [401] * 5
    response = client.post("/login", data={**attempt, "password": "hadir-demo"})
    assert response.status_code == 429 and response.headers["Retry-After"] == "60"
    html = response.get_data(as_text=True)
    assert WAIT_1_MINUTE in html
    assert 'name="username"' in html and 'name="password"' in html and 'value="peserta03"' in html


def test_wrong_current_passwords_count_as_failed_logins(seeded, login_as):
    phone = login_as("peserta01")

    def change():
        return phone.post("/api/v1/auth/password", json={"current_password": "tebakan-salah-1",
                                                         "new_password": "Bukit-Barisan-2026"})

    assert [change().status_code for _ in range(5)] == [422] * 5
    refused = change()
    assert refused.status_code == 429 and refused.get_json()["error"]["message"] == WAIT_1_MINUTE
    assert phone.login("peserta01").status_code == 429
