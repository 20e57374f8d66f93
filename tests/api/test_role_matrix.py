"""Who may call what: every route in the URL map against every role, from one table.

ACCESS is written by hand on purpose: a new route fails `test_every_route_is_in_the_table`
until someone decides who may use it. Each role is a user holding only that role, so the
table says exactly what one role grants.
"""

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, UUIDConverter
from werkzeug.security import generate_password_hash

from tests.api.clinic_helpers import leave
from tests.api.sync_helpers import WIB, checkin_entry, send
from tests.conftest import ApiClient
from webapp.extensions import db
from webapp.models import LeaveRequest, SyncConflict, SyncEntry, Unit, User
from webapp.services.checkin_review import load_queue
from webapp.services.sync import ID_TAKEN

ANYONE = {"anonymous", "participant", "coach", "reviewer", "supervisor", "admin"}
LOGGED_IN = {"participant", "coach", "reviewer", "supervisor", "admin"}
ROLES = sorted(LOGGED_IN)
PASSWORD = "matrix-role-password"
CHEAP_PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt:256:8:1")

ACCESS = {
    "GET /static/<path:filename>": ANYONE,
    "GET /api/openapi.json": ANYONE,
    "GET /api": ANYONE,
    "GET /api/v1/auth/csrf": ANYONE,
    "POST /api/v1/auth/login": ANYONE,
    "POST /api/v1/auth/logout": ANYONE,
    "POST /api/v1/auth/logout-all": LOGGED_IN,
    "POST /api/v1/auth/password": LOGGED_IN,
    "GET /api/v1/me": LOGGED_IN,
    "GET /api/v1/bootstrap": LOGGED_IN,
    "POST /api/v1/sync": LOGGED_IN,
    "PUT /api/v1/photos/<uuid:photo_id>": LOGGED_IN,
    "GET /api/v1/photos/<uuid:photo_id>": LOGGED_IN,  # own photos; reviewers all (see below)
    "GET /api/v1/checkins": LOGGED_IN,  # own; reviewer filters checked below
    "GET /login": ANYONE,
    "POST /login": ANYONE,
    "POST /logout": ANYONE,
    "POST /logout-all": ANYONE,  # anonymous: nothing to end, back to the login page
    "GET /password": LOGGED_IN,
    "POST /password": LOGGED_IN,
    "GET /": LOGGED_IN,
    # The service worker and the offline fallback it precaches carry nothing about any user.
    "GET /sw.js": ANYONE,
    "GET /favicon.ico": ANYONE,
    "GET /offline": ANYONE,
    # BKPSDM review: reviewers only; participants see their own numbers on /programs.
    "GET /review": {"reviewer"},
    "GET /review/programs/<int:program_id>": {"reviewer"},
    "GET /review/programs/<int:program_id>/print": {"reviewer"},
    "GET /review/programs/<int:program_id>/export.xlsx": {"reviewer"},
    "GET /review/programs/<int:program_id>/export.csv": {"reviewer"},
    "GET /review/programs/<int:program_id>/sustained": {"reviewer"},
    "GET /review/daily": {"reviewer"},
    "GET /review/daily/export.xlsx": {"reviewer"},
    "GET /review/daily/export.csv": {"reviewer"},
    # The monthly recap: reviewers every unit, supervisors the units they head (else 404).
    "GET /review/monthly": {"reviewer", "supervisor"},
    "GET /review/monthly/export.xlsx": {"reviewer", "supervisor"},
    "GET /review/monthly/export.csv": {"reviewer", "supervisor"},
    "GET /review/monthly/print": {"reviewer", "supervisor"},
    "GET /review/monthly/official/<username>": {"reviewer", "supervisor"},
    "GET /review/checkins": {"reviewer"},
    "POST /review/checkins/<int:checkin_id>/decision": {"reviewer"},
    "POST /review/conflicts/<int:conflict_id>/resolve": {"reviewer"},
    "POST /api/v1/checkins/<int:checkin_id>/review": {"reviewer"},
    "GET /review/signals": {"reviewer"},
    "GET /review/projects": {"reviewer"},
    "GET /review/projects/<uuid:project_id>": {"reviewer"},
    "GET /review/projects/export.xlsx": {"reviewer"},
    "GET /review/projects/print": {"reviewer"},
    # Coaching clinics: coaches (and admins) manage programmes; a programme that is not theirs
    # is 404, like a missing one. Coaches, supervisors (their direct staff's) and reviewers
    # decide leave.
    "GET /api/v1/programs": {"coach", "admin"},
    "POST /api/v1/programs": {"coach", "admin"},
    "GET /api/v1/programs/<int:program_id>": {"coach", "admin"},
    "POST /api/v1/programs/<int:program_id>/participants": {"coach", "admin"},
    "DELETE /api/v1/programs/<int:program_id>/participants/<int:user_id>": {"coach", "admin"},
    "POST /api/v1/programs/<int:program_id>/schedule": {"coach", "admin"},
    "GET /api/v1/sessions/<int:session_id>/attendance": {"coach", "admin"},
    "PATCH /api/v1/sessions/<int:session_id>": {"coach", "admin"},
    "POST /api/v1/sessions/<int:session_id>/cancel": {"coach", "admin"},
    "POST /api/v1/sessions/<int:session_id>/move": {"coach", "admin"},
    "POST /api/v1/leave/<int:leave_id>/decision": {"coach", "supervisor", "reviewer"},
    "GET /coaching": {"coach", "admin"},
    "GET /coaching/programs/new": {"coach", "admin"},
    "POST /coaching/programs/new": {"coach", "admin"},
    "GET /coaching/programs/<int:program_id>": {"coach", "admin"},
    "POST /coaching/programs/<int:program_id>/participants": {"coach", "admin"},
    "POST /coaching/programs/<int:program_id>/participants/<int:user_id>/remove":
        {"coach", "admin"},
    "POST /coaching/programs/<int:program_id>/schedule": {"coach", "admin"},
    "GET /coaching/sessions/<int:session_id>": {"coach", "admin"},
    "GET /coaching/sessions/<int:session_id>/edit": {"coach", "admin"},
    "POST /coaching/sessions/<int:session_id>/edit": {"coach", "admin"},
    "POST /coaching/sessions/<int:session_id>/move": {"coach", "admin"},
    "POST /coaching/sessions/<int:session_id>/cancel": {"coach", "admin"},
    "GET /coaching/leave": {"coach", "reviewer"},
    "POST /coaching/leave/<int:leave_id>/decision": {"coach", "reviewer"},
    "GET /programs": LOGGED_IN,  # own programmes; others' are 404
    "GET /programs/<int:program_id>": LOGGED_IN,
    "GET /sessions/<int:session_id>": LOGGED_IN,
    "GET /leave": {"participant"},  # own leave requests only
    "GET /projects": {"participant"},  # own change projects only
    # Corrections: everyone lists their own (supervisors also their direct staff's, reviewers
    # all); the official's direct supervisor or a reviewer decides, others get 404.
    "GET /api/v1/corrections": LOGGED_IN,
    "GET /team": {"supervisor"},
    "GET /corrections": {"participant"},  # own corrections only
    "POST /api/v1/corrections/<int:correction_id>/decision": {"supervisor", "reviewer"},
    # Change projects: everyone lists their own (supervisors also the ones they mentor,
    # reviewers all, with filters); who may act on one is judged per sync entry.
    "GET /api/v1/projects": LOGGED_IN,
    # Admin pages: users, units and settings are the admin's; the holidays (the working
    # calendar) are BKPSDM's too.
    "GET /admin/users": {"admin"},
    "GET /admin/users/new": {"admin"},
    "POST /admin/users/new": {"admin"},
    "GET /admin/users/<int:user_id>": {"admin"},
    "POST /admin/users/<int:user_id>": {"admin"},
    "POST /admin/users/<int:user_id>/active": {"admin"},
    "POST /admin/users/<int:user_id>/password": {"admin"},
    "GET /admin/users/import": {"admin"},
    "POST /admin/users/import": {"admin"},
    "POST /admin/users/import/confirm": {"admin"},
    "GET /admin/units": {"admin"},
    "GET /admin/units/new": {"admin"},
    "POST /admin/units/new": {"admin"},
    "GET /admin/units/<int:unit_id>": {"admin"},
    "POST /admin/units/<int:unit_id>": {"admin"},
    "POST /admin/units/<int:unit_id>/week": {"admin"},
    "POST /admin/units/<int:unit_id>/periods": {"admin"},
    "POST /admin/units/<int:unit_id>/periods/<int:period_id>/delete": {"admin"},
    "GET /admin/units/district": {"admin"},
    "POST /admin/units/district/week": {"admin"},
    "POST /admin/units/district/periods": {"admin"},
    "POST /admin/units/district/periods/<int:period_id>/delete": {"admin"},
    "GET /admin/holidays": {"admin", "reviewer"},
    "POST /admin/holidays": {"admin", "reviewer"},
    "GET /admin/holidays/<int:holiday_id>": {"admin", "reviewer"},
    "POST /admin/holidays/<int:holiday_id>": {"admin", "reviewer"},
    "POST /admin/holidays/<int:holiday_id>/delete": {"admin", "reviewer"},
    "POST /admin/holidays/import": {"admin", "reviewer"},
    "GET /admin/settings": {"admin"},
    "POST /admin/settings": {"admin"},
    # A mentor's pages: supervisors; a project they do not mentor is 404, like a missing one.
    "GET /mentoring": {"supervisor"},
    "GET /mentoring/projects/<uuid:project_id>": {"supervisor"},
}

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
SAMPLE_ARGS = {UUIDConverter: lambda: str(uuid.uuid4()), IntegerConverter: lambda: 1,
               PathConverter: lambda: "css/app.css", UnicodeConverter: lambda: "peserta01"}


def _routes(app) -> dict[str, object]:
    return {f"{method} {rule.rule}": rule for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods & METHODS)}


def _url(rule) -> str:
    def sample(converter):
        kind = next(kind for kind in SAMPLE_ARGS if isinstance(converter, kind))
        return SAMPLE_ARGS[kind]()

    values = {name: sample(converter) for name, converter in rule._converters.items()}
    return rule.build(values)[1]


@pytest.fixture
def role_users(app):
    """One user per role, holding that role only."""
    with app.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="DISKOMINFO"))
        for role in ROLES:
            user = User(username=f"hanya-{role}", full_name=f"Hanya {role}", unit=unit)
            user.password_hash = CHEAP_PASSWORD_HASH  # as the demo's (tests/conftest.py)
            user.set_roles([role])
            db.session.add(user)
        db.session.commit()


class Caller:
    def __init__(self, app, role: str):
        self.api, self.role = ApiClient(app.test_client()), role
        self.login()

    def login(self):
        if self.role == "anonymous":
            self.api.refresh_csrf()
        else:
            assert self.api.login(f"hanya-{self.role}", PASSWORD).status_code == 200

    def call(self, method: str, rule):
        url = _url(rule)
        if method == "GET":
            response = self.api.get(url)
        elif url.startswith("/api/"):
            response = self.api.client.open(url, method=method, json={},
                                            headers={"X-CSRFToken": self.api.csrf})
        else:
            response = self.api.client.open(url, method=method,
                                            data={"csrf_token": self.api.csrf})
        if "logout" in rule.endpoint:
            self.login()
        return response


def _verdict(key: str, role: str, response) -> str | None:
    """None when the answer fits the table, else what is wrong."""
    status, api = response.status_code, key.split(" ", 1)[1].startswith("/api/")
    # The login redirect carries the page to return to; /logout's plain redirect does not.
    to_login = status == 302 and response.headers.get("Location", "").startswith("/login?next=")
    if status >= 500:
        return f"server error {status}"
    if role in ACCESS[key]:
        if status in (401, 403) or to_login:
            return f"allowed but got {status}"
        return None
    anonymous_denial = status == 401 if api else to_login
    expected = anonymous_denial if role == "anonymous" else status == 403
    return None if expected else f"denied but got {status}"


def test_every_route_is_in_the_table(app):
    routes = set(_routes(app))
    assert sorted(routes - set(ACCESS)) == [], "add these routes to ACCESS"
    assert sorted(set(ACCESS) - routes) == [], "these ACCESS entries name no route"


def test_every_role_gets_exactly_what_the_table_allows(seeded, role_users):
    routes = _routes(seeded)
    wrong = []
    for role in ["anonymous", *ROLES]:
        caller = Caller(seeded, role)
        for key, rule in routes.items():
            if key not in ACCESS:
                continue  # reported by test_every_route_is_in_the_table
            problem = _verdict(key, role, caller.call(key.split(" ")[0], rule))
            if problem:
                wrong.append(f"{key} as {role}: {problem}")
    assert wrong == []


def _menu_links(html: str) -> set[str]:
    """Same-site page links in the top bar and the sub-navigation menus."""
    blocks = [m.group(0) for m in re.finditer(r"<(header|nav)\b.*?</\1>", html, re.S)]
    return {href for block in blocks for href in re.findall(r'<a [^>]*href="(/[^"]*)"', block)}


@pytest.mark.parametrize("role", ROLES)
def test_no_menu_link_leads_a_role_to_a_page_it_may_not_open(seeded, role_users, role):
    caller = Caller(seeded, role)
    seen, todo, refused = set(), {"/"}, []
    for _ in range(3):  # the home page, the pages its menus link to, and their menus' links
        found = set()
        for url in todo - seen:
            seen.add(url)
            response = caller.api.get(url)
            if response.status_code in (401, 403):
                refused.append(f"{url}: {response.status_code}")
            elif response.mimetype == "text/html":
                found |= _menu_links(response.get_data(as_text=True))
        todo = found
    assert refused == []


def test_pages_send_anonymous_visitors_to_login_with_the_page_to_return_to(client):
    for key in ACCESS:
        method, path = key.split(" ", 1)
        if method == "GET" and "anonymous" not in ACCESS[key] and not path.startswith("/api"):
            path = re.sub(r"<uuid:[^>]+>", str(uuid.uuid4()), path)
            response = client.get(re.sub(r"<[^>]+>", "1", path))
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/login?next=")


# Cross-user checks: ids are guessable (UUIDs get shared, integers count up), so ownership is
# checked on every read and write, never inferred from knowing an id.

def _photo(api_client) -> str:
    from tests.api.test_photos import jpeg_bytes

    photo_id = str(uuid.uuid4())
    response = api_client.put(f"/api/v1/photos/{photo_id}", data=jpeg_bytes(),
                              headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 201
    return photo_id


def test_only_the_owner_and_reviewers_can_fetch_a_photo(seeded, role_users, login_as):
    photo_id = _photo(login_as("peserta01"))
    expected = {"participant": 404, "coach": 404, "reviewer": 200, "supervisor": 404,
                "admin": 404}
    for role, status in expected.items():
        caller = Caller(seeded, role)
        assert caller.api.get(f"/api/v1/photos/{photo_id}").status_code == status, role


def test_nobody_can_overwrite_another_users_photo(seeded, role_users, login_as):
    from tests.api.test_photos import jpeg_bytes

    photo_id = _photo(login_as("peserta01"))
    for role in ROLES:
        caller = Caller(seeded, role)
        response = caller.api.put(f"/api/v1/photos/{photo_id}", data=jpeg_bytes(size=(64, 64)),
                                  headers={"Content-Type": "image/jpeg"})
        assert response.status_code == 409, role
    assert login_as("peserta01").get(f"/api/v1/photos/{photo_id}").status_code == 200


def test_nobody_sees_another_users_checkins_without_reviewer_filters(seeded, role_users,
                                                                    login_as):
    [created] = send(login_as("peserta01"), [checkin_entry()])
    for role in ROLES:
        caller = Caller(seeded, role)
        own = caller.api.get("/api/v1/checkins", query_string={"date_from": "2000-01-01"})
        assert created["id"] not in own.get_data(as_text=True), role
        boot = caller.api.get("/api/v1/bootstrap")
        assert created["id"] not in boot.get_data(as_text=True), role
        filtered = caller.api.get("/api/v1/checkins", query_string={"user": "peserta01"})
        assert filtered.status_code == (200 if role == "reviewer" else 403), role


def _leave_entry(reason: str = "Anak sakit di rumah") -> dict:
    now = datetime.now(UTC).astimezone(WIB)
    return leave(now, "izin", now.date(), now.date(), reason=reason)


def _correction_entry() -> dict:
    from tests.api.test_corrections import correction

    return correction(datetime.now(UTC).astimezone(WIB).date() - timedelta(days=1))


def _project_entry() -> dict:
    from tests.api.test_projects_sync import entry

    return entry("project", project_id=str(uuid.uuid4()), title="Inovasi peserta01",
                 unit_id=db.session.scalar(db.select(Unit.id).filter_by(code="KEC-SANGIR")))


def _changed(entry: dict) -> dict:
    """The same entry id with other content: what a guesser would send to overwrite it."""
    later = datetime.fromisoformat(entry["captured_at"]) + timedelta(minutes=5)
    return {**entry, "captured_at": later.isoformat()}


@pytest.mark.parametrize("make_entry", [checkin_entry, _leave_entry, _correction_entry,
                                        _project_entry],
                         ids=["checkin", "leave", "correction", "project"])
def test_nobody_can_take_over_another_users_sync_receipt(seeded, role_users, login_as,
                                                         make_entry):
    with seeded.app_context():
        entry = make_entry()
    owner = login_as("peserta01")
    [created] = send(owner, [entry])
    for role in ROLES:
        api = Caller(seeded, role).api
        for attempt in (entry, _changed(entry)):
            [result] = send(api, [attempt])
            assert result["status"] == "rejected" and "record" not in result, role
            assert result["errors"] == {"id": [ID_TAKEN]}, role
    with seeded.app_context():
        owner_id = db.session.scalar(db.select(User.id).filter_by(username="peserta01"))
        assert db.session.get(SyncEntry, entry["id"]).user_id == owner_id
        # Nothing of theirs was kept as a conflict to review under the owner's entry.
        assert db.session.scalars(db.select(SyncConflict).filter_by(
            entry_id=entry["id"])).all() == []
    [again] = send(owner, [entry])
    assert again["status"] == "duplicate" and again["record"]["id"] == created["record"]["id"]


def test_a_checkin_naming_another_users_photo_never_shows_that_photo(seeded, login_as):
    photo_id = _photo(login_as("peserta01"))
    far_away = checkin_entry(lat=-0.95, lon=100.35, photo_id=photo_id)  # flagged: queued
    [result] = send(login_as("peserta02"), [far_away])
    assert result["status"] == "created" and result["record"]["photo_received"] is False
    with seeded.app_context():
        queued = [item for item in load_queue()[0] if item.username == "peserta02"]
    assert [item.photo_id for item in queued] == [None]
    assert login_as("peserta02").get(f"/api/v1/photos/{photo_id}").status_code == 404


def test_leave_is_seen_and_decided_only_by_reviewers_the_participants_coaches_and_atasan(
        seeded, role_users, login_as):
    """`hanya-coach` coaches no programme, so peserta01's leave is not theirs: unlisted, and
    404 by API and by form, like a leave that does not exist."""
    reason = "Alasan pribadi peserta01 yang tidak untuk semua orang"
    [created] = send(login_as("peserta01"), [_leave_entry(reason)])
    leave_id = created["record"]["leave_id"]
    # (the page and its form, the API): a supervisor decides by API their staff's only.
    expected = {"participant": (403, 403), "coach": (200, 404), "supervisor": (403, 404),
                "admin": (403, 403)}
    for role, (page_status, api_status) in expected.items():
        api = Caller(seeded, role).api
        page = api.get("/coaching/leave")
        assert page.status_code == page_status, role
        assert reason not in page.get_data(as_text=True), role
        decision = api.post(f"/api/v1/leave/{leave_id}/decision",
                            json={"decision": "rejected", "note": ""})
        assert decision.status_code == api_status, role
        form = api.client.post(f"/coaching/leave/{leave_id}/decision",
                               data={"csrf_token": api.csrf, "decision": "rejected"})
        assert form.status_code == (404 if role == "coach" else page_status), role
    with seeded.app_context():
        assert db.session.get(LeaveRequest, leave_id).state == "pending"
    own_page = login_as("peserta02").get("/leave")
    assert own_page.status_code == 200 and reason not in own_page.get_data(as_text=True)
    assert reason in login_as("peserta01").get("/leave").get_data(as_text=True)
    reviewer = Caller(seeded, "reviewer").api
    assert reason in reviewer.get("/coaching/leave").get_data(as_text=True)


def test_only_owner_mentor_and_reviewer_see_a_project(seeded, role_users, login_as):
    with seeded.app_context():
        entry = _project_entry()
    [created] = send(login_as("peserta01"), [entry])
    project_id = created["record"]["project"]["id"]
    for role in ROLES:
        caller = Caller(seeded, role)
        listed = caller.api.get("/api/v1/projects")
        assert listed.status_code == 200, role
        assert (project_id in listed.get_data(as_text=True)) == (role == "reviewer"), role
        boot = caller.api.get("/api/v1/bootstrap")
        assert project_id not in boot.get_data(as_text=True), role
    for username in ("peserta01", "atasan1"):  # the owner, and their supervisor as mentor
        api = login_as(username)
        assert [p["id"] for p in api.get("/api/v1/projects").get_json()["items"]] == [project_id]
        assert [p["id"] for p in api.get("/api/v1/bootstrap").get_json()["projects"]] == [
            project_id]
    assert login_as("atasan2").get("/api/v1/projects").get_json()["items"] == []
    reviewer = Caller(seeded, "reviewer").api
    for query, found in (({"unit": "KEC-SANGIR"}, True), ({"unit": "PUPR"}, False),
                         ({"state": "rencana"}, True), ({"state": "hidup"}, False)):
        items = reviewer.get("/api/v1/projects", query_string=query).get_json()["items"]
        assert [p["id"] for p in items] == ([project_id] if found else []), query
    bad = reviewer.get("/api/v1/projects", query_string={"state": "hampir"})
    assert bad.status_code == 422 and "state" in bad.get_json()["error"]["fields"]


@pytest.mark.parametrize("kind", ["correction_decision", "leave_decision"])
def test_decisions_from_the_outbox_are_taken_only_from_a_reviewer_of_anothers_request(
        seeded, role_users, login_as, kind):
    """A role alone grants deciding nothing by sync but to a reviewer: `hanya-supervisor`
    supervises nobody, `hanya-coach` coaches no programme."""
    from tests.api.test_decisions_sync import decision

    with seeded.app_context():
        request = _correction_entry() if kind == "correction_decision" else _leave_entry()
    [created] = send(login_as("peserta01"), [request])
    request_id = created["record"]["correction_id" if kind == "correction_decision"
                                   else "leave_id"]
    for role in ROLES:
        [result] = send(Caller(seeded, role).api, [decision(kind, request_id)])
        assert result["status"] == ("created" if role == "reviewer" else "rejected"), role
