"""Changing one's own password (API and /password page), and the change forced after an import
or an administrator's reset (webapp/services/accounts.py, webapp/security.py)."""

import re

import pytest

from tests.api.sync_helpers import checkin_entry, sync_body
from tests.api.test_photos import jpeg_bytes
from tests.conftest import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, User

NEW = "Bukit-Barisan-2026"


def _change(api_client, current=DEMO_PASSWORD, new=NEW):
    return api_client.post("/api/v1/auth/password",
                           json={"current_password": current, "new_password": new})


def _csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _must_change(app, username: str) -> None:
    with app.app_context():
        db.session.scalar(db.select(User).filter_by(username=username)).must_change_password = True
        db.session.commit()


def test_changing_the_password_ends_every_other_session_and_keeps_this_one(seeded, login_as):
    phone, laptop, colleague = login_as("peserta01"), login_as("peserta01"), login_as("peserta02")
    assert _change(laptop).status_code == 204
    assert laptop.get("/api/v1/me").status_code == 200
    assert phone.get("/api/v1/me").status_code == 401
    assert colleague.get("/api/v1/me").status_code == 200
    assert phone.login("peserta01").status_code == 401
    assert phone.login("peserta01", NEW).status_code == 200
    with seeded.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.password_change"))
        assert event.after == {"was_initial": False, "other_sessions_ended": 1}
        assert "Bukit" not in str(event.before) + str(event.after)


def test_a_wrong_current_password_is_422_and_changes_nothing(seeded, login_as):
    phone, laptop = login_as("peserta01"), login_as("peserta01")
    response = _change(laptop, current="bukan-sandi-lama")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"current_password": ["kata sandi lama salah"]}
    assert phone.get("/api/v1/me").status_code == 200
    assert phone.login("peserta01").status_code == 200


@pytest.mark.parametrize(("new", "problem"), [
    ("pendek", "kata sandi minimal 10 karakter"),
    ("password123", "kata sandi ini terlalu umum"),
    ("peserta01-baru", "kata sandi tidak boleh memuat nama pengguna"),
    (DEMO_PASSWORD + "-", None),
])
def test_the_new_password_follows_the_policy(seeded, login_as, new, problem):
    response = _change(login_as("peserta01"), new=new)
    if problem is None:
        assert response.status_code == 204
    else:
        assert response.status_code == 422
        assert problem in response.get_json()["error"]["fields"]["new_password"]


def test_the_password_page_changes_it_without_javascript(seeded, login_as):
    phone, laptop = login_as("peserta01"), login_as("peserta01")
    token = _csrf_from(laptop.get("/password").get_data(as_text=True))
    response = laptop.client.post("/password", data={
        "csrf_token": token, "current_password": DEMO_PASSWORD, "new_password": NEW,
        "confirm": NEW})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "1 perangkat lain sudah dikeluarkan" in laptop.get("/").get_data(as_text=True)
    assert phone.get("/api/v1/me").status_code == 401


def test_the_password_page_shows_each_problem_at_its_field(seeded, login_as):
    laptop = login_as("peserta01")
    token = _csrf_from(laptop.get("/password").get_data(as_text=True))
    mismatch = laptop.client.post("/password", data={
        "csrf_token": token, "current_password": DEMO_PASSWORD, "new_password": NEW,
        "confirm": NEW + "x"})
    assert mismatch.status_code == 400
    assert "Kedua kata sandi baru tidak sama." in mismatch.get_data(as_text=True)
    wrong = laptop.client.post("/password", data={
        "csrf_token": token, "current_password": "bukan-sandi-lama", "new_password": NEW,
        "confirm": NEW})
    assert wrong.status_code == 422
    assert "kata sandi lama salah" in wrong.get_data(as_text=True)
    assert login_as("peserta01").get("/api/v1/me").status_code == 200  # nothing changed


def test_the_password_page_lists_this_users_devices_and_offers_logout_everywhere(seeded,
                                                                               login_as):
    login_as("peserta01")
    html = login_as("peserta01").get("/password").get_data(as_text=True)
    assert html.count("<li>") == 2 and html.count("perangkat ini") == 1
    assert 'action="/logout-all"' in html and "Keluar dari semua perangkat" in html


def test_a_forced_change_sends_pages_to_the_form_and_the_api_answers_403(seeded, login_as):
    _must_change(seeded, "peserta01")
    phone = login_as("peserta01")
    for page in ("/", "/programs", "/leave"):
        response = phone.get(page)
        assert response.status_code == 302 and response.headers["Location"] == "/password", page
    assert "kata sandi awal" in phone.get("/password").get_data(as_text=True)
    refused = phone.get("/api/v1/bootstrap")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["code"] == "password_change_required"
    me = phone.get("/api/v1/me")
    assert me.status_code == 200 and me.get_json()["must_change_password"] is True

    assert _change(phone, new=DEMO_PASSWORD).status_code == 422  # the handed-out one again
    assert _change(phone).status_code == 204
    assert phone.get("/").status_code == 200
    assert phone.get("/api/v1/bootstrap").status_code == 200
    assert phone.get("/api/v1/me").get_json()["must_change_password"] is False


def test_a_forced_change_does_not_hold_the_phones_outbox(seeded, login_as):
    """What the phone captured before the reset still arrives (sync and photos answer), so no
    check-in waits on a form; everything else waits for the new password."""
    _must_change(seeded, "peserta01")
    phone = login_as("peserta01")
    photo = phone.put("/api/v1/photos/0b4d8f6e-8c1a-4f59-9d7e-3f0a2b1c4d5e", data=jpeg_bytes(),
                      headers={"Content-Type": "image/jpeg"})
    assert photo.status_code == 201
    synced = phone.post("/api/v1/sync", json=sync_body([checkin_entry()]))
    assert synced.status_code == 200
    assert synced.get_json()["results"][0]["status"] == "created"
