"""Fixtures shared by every layer. `--db=sqlite|postgresql` picks the backend for the whole run."""

import os
import threading

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from bench.postgres import PostgresMissing, create_database, free_port, start_cluster, stop_cluster
from webapp import create_app
from webapp.audit_guard import install_audit_guard
from webapp.demo import seed_demo
from webapp.extensions import db

DEMO_PASSWORD = "hadir-demo"


def pytest_addoption(parser):
    parser.addoption("--db", choices=["sqlite", "postgresql"],
                     default=os.environ.get("HADIR_TEST_DB", "sqlite"),
                     help="database backend every test runs against")


def pytest_report_header(config):
    return f"hadir database backend: {config.getoption('--db')}"


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on a free loopback port, removed at the end."""
    try:
        cluster = start_cluster()
    except PostgresMissing as error:
        pytest.fail(str(error))
    try:
        yield cluster.url
    finally:
        stop_cluster(cluster)


@pytest.fixture(scope="session")
def backend(request) -> str:
    return request.config.getoption("--db")


@pytest.fixture(scope="session")
def shared_postgres_url(backend, request):
    """One PostgreSQL database for the run: schema made once, emptied before each test."""
    if backend != "postgresql":
        return None
    server = request.getfixturevalue("postgres_server")
    url = create_database(server, "hadir_test")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "schema"})
    with app.app_context():
        db.create_all()
        install_audit_guard(db.engine)
        db.engine.dispose()
    return url


@pytest.fixture
def empty_database_url(backend, tmp_path, request) -> str:
    """A database with no tables at all (for migration tests)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return create_database(request.getfixturevalue("postgres_server"), "hadir_empty")


@pytest.fixture
def database_url(backend, tmp_path, shared_postgres_url) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'hadir.sqlite3'}"
    return shared_postgres_url


def make_app(database_url: str, **overrides):
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url,
              "RATELIMIT_STORAGE_URI": "memory://"}
    config.update(overrides)
    return create_app(config)


@pytest.fixture
def app_config() -> dict:
    """Per-test config overrides; override this fixture in a test module to change settings."""
    return {}


@pytest.fixture
def app(backend, database_url, app_config):
    app = make_app(database_url, **app_config)
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
            install_audit_guard(db.engine)
        else:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def seeded(app):
    """The demo district and its running programme, without past check-ins."""
    with app.app_context():
        seed_demo(history=False)
    return app


@pytest.fixture
def seeded_history(app):
    """What `flask seed-demo` loads: also past check-ins, leave, a finished programme."""
    with app.app_context():
        seed_demo()
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class ApiClient:
    """Flask test client that logs in like the PWA does and sends the CSRF header."""

    def __init__(self, client):
        self.client = client
        self.csrf = None

    def refresh_csrf(self) -> str:
        self.csrf = self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        return self.csrf

    def login(self, username: str, password: str = DEMO_PASSWORD):
        self.refresh_csrf()
        response = self.post("/api/v1/auth/login", json={"username": username,
                                                         "password": password})
        if response.status_code == 200:
            self.csrf = response.get_json()["csrf_token"]
        return response

    def _headers(self, headers):
        return {"X-CSRFToken": self.csrf or "", **(headers or {})}

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def post(self, url, headers=None, **kw):
        return self.client.post(url, headers=self._headers(headers), **kw)

    def put(self, url, headers=None, **kw):
        return self.client.put(url, headers=self._headers(headers), **kw)

    def patch(self, url, headers=None, **kw):
        return self.client.patch(url, headers=self._headers(headers), **kw)

    def delete(self, url, headers=None, **kw):
        return self.client.delete(url, headers=self._headers(headers), **kw)


@pytest.fixture
def api(client) -> ApiClient:
    return ApiClient(client)


@pytest.fixture
def login_as(app):
    """login_as("peserta01") -> a logged-in ApiClient of its own (so several users can mix)."""

    def _login(username: str, password: str = DEMO_PASSWORD) -> ApiClient:
        api_client = ApiClient(app.test_client())
        response = api_client.login(username, password)
        assert response.status_code == 200, response.get_json()
        return api_client

    return _login


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free loopback port, in a thread."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)
