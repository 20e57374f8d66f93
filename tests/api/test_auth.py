"""Login, logout, /me and CSRF through the JSON API, as the PWA uses them."""

from unittest.mock import ANY

import pytest

from webapp.extensions import db
from webapp.models import User


def test_csrf_endpoint_returns_a_token(api):
    response = api.get("/api/v1/auth/csrf")
    assert response.status_code == 200
    assert len(response.get_json()["csrf_token"]) > 20


def test_login_returns_user_roles_unit_and_fresh_token(seeded, api):
    response = api.login("peserta01")
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["username"] == "peserta01"
    assert body["user"]["roles"] == ["participant"]
    assert body["user"]["unit"]["code"] == "KEC-SANGIR"
    assert body["user"]["unit"]["timezone"] == "Asia/Jakarta"
    assert body["csrf_token"]
    assert "password" not in body["user"] and "password_hash" not in body["user"]


def test_session_cookie_is_httponly_and_samesite_lax(seeded, api):
    response = api.login("peserta01")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


def test_me_after_login_and_401_after_logout(seeded, api):
    api.login("pelatih1")
    me = api.get("/api/v1/me")
    assert me.status_code == 200
    assert me.get_json()["roles"] == ["coach", "participant"]
    assert api.post("/api/v1/auth/logout").status_code == 204
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    # The whole error shape of the API (docs/SYNC.md), "fields" included even when empty.
    assert response.get_json() == {"error": {"code": "unauthorized", "message": ANY,
                                             "fields": {}}}


def test_wrong_password_is_401_with_json_error(seeded, api):
    response = api.login("peserta01", "salah-sandi-123")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_credentials"
    assert api.get("/api/v1/me").status_code == 401


def test_unknown_user_gets_the_same_answer_as_wrong_password(seeded, api):
    response = api.login("tidak-ada", "hadir-demo")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "bad_credentials"


def test_inactive_user_cannot_log_in(seeded, api):
    with seeded.app_context():
        db.session.scalar(db.select(User).filter_by(username="peserta02")).active = False
        db.session.commit()
    assert api.login("peserta02").status_code == 401


def test_deactivated_user_loses_an_existing_session(seeded, api):
    api.login("peserta02")
    with seeded.app_context():
        db.session.scalar(db.select(User).filter_by(username="peserta02")).active = False
        db.session.commit()
    assert api.get("/api/v1/me").status_code == 401


def test_login_without_csrf_token_is_refused(seeded, client):
    response = client.post("/api/v1/auth/login",
                           json={"username": "peserta01", "password": "hadir-demo"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_logout_without_csrf_token_is_refused(seeded, api):
    api.login("peserta01")
    assert api.client.post("/api/v1/auth/logout").status_code == 400
    assert api.get("/api/v1/me").status_code == 200


def test_malformed_json_is_400(seeded, api):
    api.refresh_csrf()
    response = api.post("/api/v1/auth/login", data="{not json",
                        headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("body", [{}, {"username": "peserta01"}, {"username": 5, "password": []},
                                  ["peserta01", "hadir-demo"]])
def test_invalid_login_body_is_422_with_fields(seeded, api, body):
    api.refresh_csrf()
    response = api.post("/api/v1/auth/login", json=body)
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"]


def test_successful_logins_do_not_count_towards_the_limit(seeded, api):
    for _ in range(8):
        assert api.login("peserta05").status_code == 200


def test_unknown_api_route_is_json_404(api):
    response = api.get("/api/v1/tidak-ada")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_wrong_method_is_json_405(api):
    response = api.get("/api/v1/auth/login")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
