"""Every message a user can read is Bahasa Indonesia: schema and form validation messages,
the API's JSON errors and the HTML error pages. English leaks in through library defaults
(marshmallow, WTForms, Werkzeug, Flask-Limiter), so these tests trigger them all."""

import importlib
import inspect
import math
import pkgutil
import re
import uuid

import marshmallow as ma
import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import TooManyRequests

import webapp.pages
import webapp.schemas
from tests.api.clinic_helpers import make_clinic, session_log
from tests.api.sync_helpers import sync_body
from tests.api.test_database_busy import _pending, write_lock
from webapp.extensions import rest_api
from webapp.models import CheckIn
from webapp.pages.forms import IndonesianForm

# Run on SQLite only (tests/conftest.py): messages come from schemas, forms and error handlers,
# before or after any query; the busy page is SQLite's own.
pytestmark = pytest.mark.one_backend

# Words Indonesian messages never contain; quoted values ('in', "approved") are API tokens.
ENGLISH = re.compile(
    r"\b(the|is|are|not|must|may|be|field|fields|invalid|value|required|missing|"
    r"longer|shorter|than|length|maximum|minimum|least|most|between|one|of|input|type|"
    r"unknown|too|many|requests|number|integer|string|date|time|found|allowed|method|"
    r"please|token|expired|cannot|could|choice|choices|equal|null|special|"
    r"pattern|characters?|per|minute|hour|second)\b", re.IGNORECASE)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def english_in(message: str) -> list[str]:
    return ENGLISH.findall(QUOTED.sub("", message))


def messages_of(errors) -> list[str]:
    if isinstance(errors, str):
        return [errors]
    if isinstance(errors, dict):
        return [m for value in errors.values() for m in messages_of(value)]
    if isinstance(errors, list | tuple):
        return [m for value in errors for m in messages_of(value)]
    return []


def _modules(package):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        yield importlib.import_module(info.name)


def _classes(package, base):
    found = {cls for module in _modules(package) for _, cls in inspect.getmembers(module,
                                                                                   inspect.isclass)
             if issubclass(cls, base) and cls.__module__.startswith(package.__name__)}
    return sorted(found, key=lambda cls: cls.__qualname__)


SCHEMAS = _classes(webapp.schemas, ma.Schema)
FORMS = [cls for cls in _classes(webapp.pages, IndonesianForm) if cls is not IndonesianForm]

# Wrong in some way for every kind of field: type, null, length, range, choice, format.
BAD_VALUES = [None, {}, [], "x", "", "x" * 100_001, 10**30, -(10**30), 0, -1, 1.5, math.inf,
              True, "2999-01-01", "1900-01-01", "2026-13-45", "25:99", "not-a-uuid",
              ["x" * 200] * 1001, [None], [{}], {"x": [1]}, {"1": ["x" * 200] * 101},
              {str(n): [] for n in range(1001)}]


def _schema_messages(schema_class) -> list[str]:
    schema = schema_class()
    attempts = [{"__unknown__": 1}, "not an object", [1]]
    attempts += [{name: value} for name in schema.load_fields for value in BAD_VALUES]
    messages = []
    for data in attempts:
        try:
            schema.load(data)
        except ma.ValidationError as error:
            messages += messages_of(error.messages)
    return messages


@pytest.mark.parametrize("schema_class", SCHEMAS, ids=lambda cls: cls.__qualname__)
def test_every_schema_message_is_indonesian(schema_class):
    messages = _schema_messages(schema_class)
    english = {m: english_in(m) for m in set(messages) if english_in(m)}
    assert not english, english


def test_the_schema_walk_triggers_each_kind_of_message():
    """So that the walk above cannot pass by triggering nothing."""
    seen = {m for schema_class in SCHEMAS for m in _schema_messages(schema_class)}
    for expected in ["Wajib diisi.", "Tidak boleh kosong.", "Kolom tidak dikenal.",
                     "Data harus berupa objek JSON.", "Harus berupa teks.",
                     "Harus berupa bilangan bulat.", "Tanggal tidak sah.",
                     "Terlalu panjang (maksimal 5000).", "Harus minimal 1 dan maksimal 500.",
                     "Bukan UUID yang sah.", "Harus berupa daftar."]:
        assert expected in seen
    assert any(m.startswith("Harus salah satu dari:") for m in seen)


def test_the_english_detector_catches_the_library_defaults():
    for message in ["This field is required.", "Not a valid date.", "Unknown field.",
                    "Longer than maximum length 5000.", "Too Many Requests",
                    "Missing data for required field.", "Must be one of: a, b.",
                    "3 per 1 minute", "The CSRF token is missing."]:
        assert english_in(message), message
    assert not english_in("Jenis harus 'in' (masuk) atau 'out' (pulang).")


@pytest.mark.parametrize("form_class", FORMS, ids=lambda cls: cls.__qualname__)
def test_every_form_message_is_indonesian(app, form_class):
    messages = []
    with app.test_request_context(method="POST"):
        for value in ["", "x" * 100_001, "bukan-pilihan"]:
            form = form_class(formdata=MultiDict({name: value for name in form_class()._fields}),
                              meta={"csrf": False})
            form.validate()
            messages += messages_of(form.errors)
    assert messages
    english = {m: english_in(m) for m in messages if english_in(m)}
    assert not english, english


def _page(response) -> str:
    return re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))


def _visible_text(html: str) -> str:
    """The page's text without the script/style and attributes (URLs, class names)."""
    return re.sub(r"\s+", " ", html)


def test_an_empty_login_form_says_so_in_indonesian(seeded, client):
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    page = _page(client.post("/login", data={"username": "", "password": "",
                                             "csrf_token": token}))
    assert "Wajib diisi." in page and "This field is required." not in page


def test_a_form_without_its_csrf_token_gets_an_indonesian_page(seeded, client):
    response = client.post("/login", data={"username": "peserta01", "password": "x"})
    assert response.status_code == 400
    page = _page(response)
    assert "muat ulang halaman" in page and "CSRF token" not in page


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/tidak-ada", 404),
    ("post", "/", 405),
    ("get", "/coaching/programs/2147483647", 404),
])
def test_html_error_pages_are_indonesian(seeded, login_as, method, url, status):
    coach = login_as("pelatih1")
    response = getattr(coach.client, method)(url)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    page = _visible_text(_page(response))
    title = re.search(r"<title>(.*?)</title>", response.get_data(as_text=True)).group(1)
    assert not english_in(title) and not english_in(page), page
    assert "Kembali ke beranda" in page


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/api/v1/tidak-ada", 404),
    ("delete", "/api/v1/sync", 405),
    ("get", "/api/v1/checkins?date_from=2026-13-45&limit=0&flag=x&zz=1", 422),
])
def test_api_errors_are_indonesian(seeded, login_as, method, url, status):
    peserta = login_as("peserta01")
    response = getattr(peserta, method)(url)
    assert response.status_code == status
    error = response.get_json()["error"]
    messages = [error["message"], *messages_of(error["fields"])]
    assert all(not english_in(m) for m in messages), messages


def test_a_too_long_session_note_is_refused_in_indonesian(seeded, login_as):
    clinic = make_clinic(seeded)
    coach = login_as("pelatih1")
    entry = session_log(clinic, clinic.at(5), notes="x" * 5001)
    result = coach.post("/api/v1/sync", json=sync_body([entry])).get_json()["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["notes"] == ["Terlalu panjang (maksimal 5000)."]


@pytest.fixture
def app_config():
    return {"UPLOAD_RATE_LIMIT": "1 per minute"}


def test_the_generic_429_is_indonesian_as_json_and_as_a_page(seeded, login_as):
    peserta = login_as("peserta01")
    for _ in range(2):
        response = peserta.put(f"/api/v1/photos/{uuid.uuid4()}", data=b"x",
                               headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 429
    assert not english_in(response.get_json()["error"]["message"])
    assert response.get_json()["error"]["message"].startswith("Terlalu banyak permintaan")


def test_a_429_on_a_page_is_an_indonesian_page(app):
    with app.test_request_context("/"):
        response = rest_api.handle_http_exception(TooManyRequests(retry_after=30))
    page = _page(response)
    assert response.status_code == 429 and response.headers["Retry-After"] == "30"
    assert "Terlalu banyak permintaan" in page and not english_in(_visible_text(page))


def test_the_busy_database_page_is_indonesian(backend, seeded_history, login_as):
    if backend != "sqlite":
        pytest.skip("SQLite's database-wide write lock; PostgreSQL locks rows")
    reviewer = login_as("bkpsdm")
    checkin_id = _pending(seeded_history, CheckIn, review_state="needs_review")
    with write_lock(seeded_history):
        response = reviewer.client.post(f"/review/checkins/{checkin_id}/decision",
                                        data={"csrf_token": reviewer.csrf,
                                              "decision": "approved"})
    assert response.status_code == 503 and response.mimetype == "text/html"
    page = _visible_text(_page(response))
    assert "Server sedang sibuk" in page and not english_in(page), page
