"""Fixtures shared by every layer. `--db=sqlite|postgresql` picks the backend for the whole run."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from webapp import create_app
from webapp.demo import seed_demo
from webapp.extensions import db

DEMO_PASSWORD = "hadir-demo"


def pytest_addoption(parser):
    parser.addoption("--db", choices=["sqlite", "postgresql"],
                     default=os.environ.get("HADIR_TEST_DB", "sqlite"),
                     help="database backend every test runs against")


def pytest_report_header(config):
    return f"hadir database backend: {config.getoption('--db')}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*cmd: str) -> list[str]:
    # PostgreSQL refuses to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL cluster on a free loopback port, removed at the end."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        pytest.fail("PostgreSQL server binaries missing: run `make system-deps`")
    pg_bin = Path(bins[-1])
    root = Path(tempfile.mkdtemp(prefix="hadir-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    subprocess.run(_as_postgres(str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres",
                                "-A", "trust", "--no-sync", "-E", "UTF8"),
                   check=True, capture_output=True)
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data), "-l",
                                str(root / "log"), "-o", options, "-w", "start"),
                   check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate",
                                    "stop"), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server_url: str, name: str) -> str:
    with psycopg.connect(server_url.replace("+psycopg", "") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


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
