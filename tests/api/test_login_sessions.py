"""Login sessions end on the server (webapp/services/login_sessions.py): a cookie replayed after
logout, "log out everywhere" or a password change is refused from any browser."""

from datetime import timedelta

from flask import request

from tests.api.sync_helpers import checkin_entry, sync_body
from tests.conftest import ApiClient
from webapp.extensions import db
from webapp.models import AuditEvent, LoginSession, User
from webapp.services.login_sessions import LAST_SEEN_STEP

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile Safari"


def _replay(app, cookie: str) -> ApiClient:
    """Another browser holding a copy of the cookie."""
    thief = ApiClient(app.test_client())
    thief.client.set_cookie("session", cookie)
    thief.refresh_csrf()
    return thief


def _cookie(api_client: ApiClient) -> str:
    return api_client.client.get_cookie("session").value


def _sync(api_client: ApiClient):
    return api_client.post("/api/v1/sync", json=sync_body([checkin_entry()]))


def test_a_cookie_replayed_after_logout_is_refused_on_me_and_sync(seeded, login_as):
    phone = login_as("peserta01")
    cookie = _cookie(phone)
    assert _replay(seeded, cookie).get("/api/v1/me").status_code == 200
    assert phone.post("/api/v1/auth/logout").status_code == 204
    thief = _replay(seeded, cookie)
    assert thief.get("/api/v1/me").status_code == 401
    refused = _sync(thief)
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "unauthorized"


def test_a_cookie_replayed_after_the_page_logout_is_refused(seeded, login_as):
    phone = login_as("peserta01")
    cookie = _cookie(phone)
    assert phone.client.post("/logout", data={"csrf_token": phone.csrf}).status_code == 302
    assert _replay(seeded, cookie).get("/").status_code == 302
    assert _replay(seeded, cookie).get("/api/v1/me").status_code == 401


def test_logout_ends_only_that_session(seeded, login_as):
    phone, laptop = login_as("peserta01"), login_as("peserta01")
    assert phone.post("/api/v1/auth/logout").status_code == 204
    assert laptop.get("/api/v1/me").status_code == 200
    assert _sync(laptop).status_code == 200


def test_logout_everywhere_ends_every_session_of_the_user_and_no_other(seeded, login_as):
    phone, laptop, colleague = login_as("peserta01"), login_as("peserta01"), login_as("peserta02")
    assert laptop.post("/api/v1/auth/logout-all").status_code == 204
    assert laptop.get("/api/v1/me").status_code == 401
    assert phone.get("/api/v1/me").status_code == 401
    assert _sync(phone).status_code == 401
    assert colleague.get("/api/v1/me").status_code == 200
    with seeded.app_context():
        user_id = db.session.scalar(db.select(User.id).filter_by(username="peserta01"))
        assert db.session.scalar(db.select(AuditEvent).filter_by(
            action="user.logout_all", actor_id=user_id)) is not None
    # Logging in again starts a new session.
    assert phone.login("peserta01").status_code == 200
    assert phone.get("/api/v1/me").status_code == 200


def test_the_page_form_logs_out_of_every_device(seeded, login_as):
    phone, laptop = login_as("peserta01"), login_as("peserta01")
    response = laptop.client.post("/logout-all", data={"csrf_token": laptop.csrf},
                                  follow_redirects=True)
    assert response.request.path == "/login"
    assert "Anda sudah keluar dari semua perangkat." in response.get_data(as_text=True)
    assert phone.get("/api/v1/me").status_code == 401


def test_logout_everywhere_needs_a_login(seeded, api):
    api.refresh_csrf()
    assert api.post("/api/v1/auth/logout-all").status_code == 401


def test_a_login_records_its_device_and_ending_it_keeps_the_row_until_the_next_login(
        seeded, app):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = PHONE
    phone = ApiClient(client)
    assert phone.login("peserta01").status_code == 200
    with app.app_context():
        [row] = db.session.scalars(db.select(LoginSession)).all()
        assert row.user.username == "peserta01" and row.user_agent == "Chrome di Android"
        assert row.revoked_at is None
    phone.post("/api/v1/auth/logout")
    with app.app_context():
        assert db.session.get(LoginSession, row.id).revoked_at is not None
    assert phone.login("peserta01").status_code == 200
    with app.app_context():
        # The ended row is forgotten at the next login: the table does not grow without end.
        assert db.session.get(LoginSession, row.id) is None
        assert db.session.scalar(db.select(db.func.count()).select_from(LoginSession)) == 1


def test_last_seen_is_written_at_most_once_per_step(seeded, login_as):
    phone = login_as("peserta01")

    def last_seen():
        with seeded.app_context():
            return db.session.scalars(db.select(LoginSession.last_seen_at)).one()

    first = last_seen()
    for _ in range(3):
        assert phone.get("/api/v1/me").status_code == 200
    assert last_seen() == first
    with seeded.app_context():
        row = db.session.scalars(db.select(LoginSession)).one()
        row.last_seen_at = first - LAST_SEEN_STEP
        db.session.commit()
    assert phone.get("/api/v1/me").status_code == 200
    assert last_seen() > first - timedelta(seconds=1)


def _sets_session_cookie(response) -> bool:
    return any(c.startswith("session=") for c in response.headers.getlist("Set-Cookie"))


def test_the_cookie_is_renewed_with_last_seen_not_by_every_reply(seeded, login_as):
    phone = login_as("peserta01")
    assert not _sets_session_cookie(phone.get("/api/v1/me"))
    with seeded.app_context():
        row = db.session.scalars(db.select(LoginSession)).one()
        row.last_seen_at -= LAST_SEEN_STEP
        db.session.commit()
    renewed = phone.get("/api/v1/me")
    assert _sets_session_cookie(renewed)
    assert "Expires=" in renewed.headers["Set-Cookie"]
    assert not _sets_session_cookie(phone.get("/api/v1/me"))


def test_a_deactivated_users_sessions_end_even_when_their_rows_remain(seeded, login_as):
    phone = login_as("peserta02")
    with seeded.app_context():
        db.session.scalar(db.select(User).filter_by(username="peserta02")).active = False
        db.session.commit()
    assert phone.get("/api/v1/me").status_code == 401


def test_a_reply_to_a_request_that_outlived_its_logout_does_not_put_its_cookie_back(
        seeded, login_as):
    """The service worker's first-visit caching of /api/v1/bootstrap can answer after the user
    logged out and the next one logged in on the same phone: its reply must not bring back the
    ended session's cookie, or the next request is anonymous again and bounces to /login. Even
    when the reply renews the cookie (last seen an hour ago)."""
    meanwhile = []

    @seeded.after_request
    def log_out_and_in_while_this_request_runs(response):
        # Through the same client, the one browser's cookie jar: the logout and the next login
        # answer before this reply does.
        if request.path == "/api/v1/bootstrap" and not meanwhile:
            meanwhile.append(phone.post("/api/v1/auth/logout").status_code)
            meanwhile.append(phone.login("peserta02").status_code)
        return response

    phone = login_as("peserta01")
    with seeded.app_context():
        row = db.session.scalars(db.select(LoginSession)).one()
        row.last_seen_at -= LAST_SEEN_STEP
        db.session.commit()
    assert phone.get("/api/v1/bootstrap").status_code == 200
    assert meanwhile == [204, 200]
    me = phone.get("/api/v1/me")
    assert me.status_code == 200
    assert me.get_json()["username"] == "peserta02"
