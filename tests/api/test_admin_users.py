"""/admin/users: an admin creates, edits, deactivates and resets users without the command
line; every change is audited, bad input is a form error, and only admins get in."""

import re

import pytest

from tests.conftest import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import AuditEvent, LoginSession, Unit, User

INITIAL = "awal-rahasia-2026"
GOOD_NIP = "198507142010012003"


def _user(app, username: str) -> User:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(username=username))
        db.session.expunge(user)
        return user


def _ids(app, *codes_and_users) -> list[int]:
    with app.app_context():
        return [db.session.scalar(db.select(Unit.id).filter_by(code=c)) if c.isupper()
                else db.session.scalar(db.select(User.id).filter_by(username=c))
                for c in codes_and_users]


def _post(api, url: str, **data):
    return api.client.post(url, data={"csrf_token": api.csrf, **data})


def _fields(app, **overrides) -> dict:
    unit_id, supervisor_id = _ids(app, "PUPR", "atasan2")
    return {"full_name": "Rudi Hartono, S.T.", "nip": GOOD_NIP, "jabatan": "Kepala Seksi Jalan",
            "eselon": "IV.a", "roles": ["participant"], "unit_id": str(unit_id),
            "supervisor_id": str(supervisor_id), **overrides}


def _actions(app, user_id: int) -> list[tuple[str, int | None]]:
    with app.app_context():
        return [(e.action, e.actor_id) for e in db.session.scalars(
            db.select(AuditEvent).filter_by(entity_type="user", entity_id=str(user_id))
            .order_by(AuditEvent.id))]


def test_an_admin_creates_a_user_who_must_change_the_initial_password(seeded, login_as):
    admin = login_as("admin")
    response = _post(admin, "/admin/users/new", username="rudi.hartono",
                     initial_password=INITIAL, **_fields(seeded))
    assert response.status_code == 302
    rudi = _user(seeded, "rudi.hartono")
    assert rudi.must_change_password and rudi.nip == GOOD_NIP and rudi.eselon == "IV.a"
    assert rudi.supervisor_id == _ids(seeded, "atasan2")[0]
    assert _actions(seeded, rudi.id) == [("user.create", _user(seeded, "admin").id)]
    first = login_as("rudi.hartono", INITIAL)
    assert first.get("/").headers["Location"].endswith("/password")


@pytest.mark.parametrize(("nip", "message"), [
    ("12345", "NIP harus 18 digit angka"),
    ("198513402010012003", "tanggal lahir"),
    ("198507142010132003", "bulan pengangkatan"),
    ("198507142010013003", "digit ke-15"),
])
def test_a_bad_nip_is_a_form_error_and_nothing_is_stored(seeded, login_as, nip, message):
    admin = login_as("admin")
    response = _post(admin, "/admin/users/new", username="rudi.hartono",
                     initial_password=INITIAL, **_fields(seeded, nip=nip))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.scalar(db.select(User).filter_by(username="rudi.hartono")) is None


def test_a_nip_or_username_already_taken_is_refused(seeded, login_as):
    admin = login_as("admin")
    taken_nip = _user(seeded, "peserta01").nip
    response = _post(admin, "/admin/users/new", username="peserta01", initial_password=INITIAL,
                     **_fields(seeded, nip=taken_nip))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"NIP {taken_nip} sudah terdaftar" in html and "peserta01 sudah dipakai" in html


def test_editing_changes_name_nip_roles_unit_and_supervisor_and_is_audited(seeded, login_as):
    admin = login_as("admin")
    user = _user(seeded, "peserta08")
    fields = _fields(seeded, roles=["participant", "supervisor"], supervisor_id="")
    assert _post(admin, f"/admin/users/{user.id}", **fields).status_code == 302
    changed = _user(seeded, "peserta08")
    assert changed.full_name == "Rudi Hartono, S.T." and changed.nip == GOOD_NIP
    with seeded.app_context():
        assert db.session.get(User, user.id).roles == ["participant", "supervisor"]
    assert changed.supervisor_id is None and changed.unit_id == _ids(seeded, "PUPR")[0]
    with seeded.app_context():
        event = db.session.scalar(db.select(AuditEvent).filter_by(action="user.update"))
        assert event.before["nip"] == user.nip and event.after["nip"] == GOOD_NIP


def test_a_user_cannot_be_their_own_supervisor_nor_report_to_a_non_supervisor(seeded,
                                                                             login_as):
    admin = login_as("admin")
    atasan2, peserta02 = _ids(seeded, "atasan2", "peserta02")
    own = _post(admin, f"/admin/users/{atasan2}",
                **_fields(seeded, nip="", roles=["supervisor"], supervisor_id=str(atasan2)))
    assert own.status_code == 422 and "atasan dirinya sendiri" in own.get_data(as_text=True)
    # Not in the list of supervisors: the form refuses the choice itself.
    other = _post(admin, f"/admin/users/{atasan2}",
                  **_fields(seeded, nip="", roles=["supervisor"],
                            supervisor_id=str(peserta02)))
    assert other.status_code == 422 and "tidak sah" in other.get_data(as_text=True)


def test_an_admin_cannot_lock_themselves_out(seeded, login_as):
    admin = login_as("admin")
    admin_id = _user(seeded, "admin").id
    demoted = _post(admin, f"/admin/users/{admin_id}",
                    **_fields(seeded, nip="", roles=["participant"]))
    assert demoted.status_code == 422
    assert "peran admin Anda sendiri" in demoted.get_data(as_text=True)
    _post(admin, f"/admin/users/{admin_id}/active", active="0")
    assert _user(seeded, "admin").active


def test_a_deactivated_user_cannot_log_in_and_their_sessions_end(seeded, login_as):
    phone = login_as("peserta03")
    assert phone.get("/api/v1/me").status_code == 200
    admin = login_as("admin")
    user_id = _user(seeded, "peserta03").id
    page = _post(admin, f"/admin/users/{user_id}/active", active="0")
    assert page.status_code == 302
    assert phone.get("/api/v1/me").status_code == 401
    with seeded.app_context():
        assert db.session.scalar(db.select(LoginSession).filter_by(
            user_id=user_id, revoked_at=None)) is None
    again = type(phone)(seeded.test_client())
    assert again.login("peserta03").status_code == 401
    _post(admin, f"/admin/users/{user_id}/active", active="1")
    assert again.login("peserta03").status_code == 200
    assert [a for a, _ in _actions(seeded, user_id)] == ["user.deactivate", "user.activate"]


def test_a_password_reset_ends_every_session_and_forces_a_change(seeded, login_as):
    phone, laptop = login_as("peserta04"), login_as("peserta04")
    admin = login_as("admin")
    user_id = _user(seeded, "peserta04").id
    weak = _post(admin, f"/admin/users/{user_id}/password", initial_password="pendek")
    assert weak.status_code == 422 and "minimal 10 karakter" in weak.get_data(as_text=True)
    done = _post(admin, f"/admin/users/{user_id}/password", initial_password=INITIAL)
    assert done.status_code == 302
    assert phone.get("/api/v1/me").status_code == 401
    assert laptop.get("/api/v1/me").status_code == 401
    assert type(phone)(seeded.test_client()).login("peserta04").status_code == 401
    fresh = login_as("peserta04", INITIAL)
    assert fresh.get("/api/v1/bootstrap").get_json()["error"]["code"] == \
        "password_change_required"
    assert ("user.password_reset", _user(seeded, "admin").id) in _actions(seeded, user_id)


def test_the_list_finds_users_by_name_nip_unit_and_role(seeded, login_as):
    admin = login_as("admin")

    def listed(**query) -> set[str]:
        html = admin.get("/admin/users", query_string=query).get_data(as_text=True)
        return set(re.findall(r'data-user="([^"]+)"', html))

    assert listed(q="afrizal syams") == {"peserta01"}
    assert listed(q=_user(seeded, "peserta02").nip[:12]) >= {"peserta02"}
    assert listed(role="supervisor") == {"atasan1", "atasan2", "atasan3", "atasan4"}
    pupr = listed(unit=str(_ids(seeded, "PUPR")[0]))
    assert {"peserta08", "peserta15", "peserta23", "atasan2"} == pupr
    assert listed(q="tidak-ada-orang-ini") == set()


def test_forms_without_their_csrf_token_change_nothing(seeded, login_as):
    admin = login_as("admin")
    user_id = _user(seeded, "peserta05").id
    for url, data in [(f"/admin/users/{user_id}/active", {"active": "0"}),
                      (f"/admin/users/{user_id}/password", {"initial_password": INITIAL}),
                      (f"/admin/users/{user_id}", _fields(seeded))]:
        assert admin.client.post(url, data=data).status_code == 400
    user = _user(seeded, "peserta05")
    assert user.active and not user.must_change_password and user.full_name != "Rudi Hartono, S.T."
    assert login_as("peserta05", DEMO_PASSWORD)


@pytest.mark.parametrize("username", ["peserta01", "pelatih1", "bkpsdm", "atasan1"])
def test_only_admins_open_the_user_pages(seeded, login_as, username):
    api = login_as(username)
    user_id = _user(seeded, "peserta02").id
    assert api.get("/admin/users").status_code == 403
    assert _post(api, f"/admin/users/{user_id}/password",
                 initial_password=INITIAL).status_code == 403
    assert not _user(seeded, "peserta02").must_change_password


def test_odd_input_never_errors(seeded, login_as):
    admin = login_as("admin")
    for query in ({"page": "-5"}, {"page": "x"}, {"unit": "abc"}, {"role": "raja"},
                  {"q": "%_'\""}):
        assert admin.get("/admin/users", query_string=query).status_code == 200
    bad = _post(admin, "/admin/users/new", username="Bukan Nama!", initial_password=INITIAL,
                **_fields(seeded, unit_id="999999", eselon="V.z", roles=["raja"]))
    assert bad.status_code == 422
    assert admin.get("/admin/users/2147483647").status_code == 404
