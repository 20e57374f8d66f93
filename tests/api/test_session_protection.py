"""The session-protection identifier (webapp.security.session_identifier): a short keyed digest
in the session cookie that still lets Flask-Login notice a session used by another client."""

import re

from flask.sessions import SecureCookieSessionInterface

from tests.conftest import ApiClient
from webapp.security import session_identifier

PHONE = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) Chrome/131 Mobile"}
OTHER = {"User-Agent": "curl/8.5"}


def _logged_in(app) -> ApiClient:
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = PHONE["User-Agent"]
    api = ApiClient(client)
    assert api.login("peserta01").status_code == 200
    return api


def _session(app, api: ApiClient) -> dict:
    cookie = api.client.get_cookie("session")
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)


def test_identifier_is_a_128_bit_hex_digest(seeded):
    assert re.fullmatch(r"[0-9a-f]{32}", _session(seeded, _logged_in(seeded))["_id"])


def test_identifier_is_keyed_with_the_apps_secret(app):
    # Unkeyed, the readable cookie would let its holder search for the address behind it.
    with app.test_request_context(headers=PHONE):
        first = session_identifier()
        app.secret_key = "another-secret"
        assert session_identifier() != first


def test_logged_in_session_cookie_stays_small(seeded):
    # About 275 characters with Flask-Login's own 128-character identifier; the login
    # session's id (16 characters, webapp/services/login_sessions.py) adds about 20.
    assert len(_logged_in(seeded).client.get_cookie("session").value) <= 225


def test_same_client_keeps_a_fresh_session(seeded):
    api = _logged_in(seeded)
    assert api.get("/api/v1/me").status_code == 200
    assert _session(seeded, api)["_fresh"] is True


# Sessions are permanent (webapp/api/auth.py), and Flask-Login then only marks a session used
# by another client as not fresh, under "basic" and "strong" protection alike.
def test_session_moved_to_another_user_agent_is_no_longer_fresh(seeded):
    api = _logged_in(seeded)
    assert api.get("/api/v1/me", headers=OTHER).status_code == 200
    assert _session(seeded, api)["_fresh"] is False


def test_session_moved_to_another_address_is_no_longer_fresh(seeded):
    api = _logged_in(seeded)
    assert api.get("/api/v1/me", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code == 200
    assert _session(seeded, api)["_fresh"] is False


def test_forwarded_for_header_cannot_pose_as_the_original_client(seeded):
    api = _logged_in(seeded)
    moved = {"REMOTE_ADDR": "10.9.8.7", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert api.get("/api/v1/me", environ_base=moved).status_code == 200
    assert _session(seeded, api)["_fresh"] is False
