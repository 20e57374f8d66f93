"""Fixtures shared by every layer. `--db=sqlite|postgresql` picks the backend for the whole run."""

import os
import sqlite3
import threading
import time
from datetime import date, datetime

import pytest
from sqlalchemy import insert, select, text, update
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from bench.postgres import PostgresMissing, create_database, free_port, start_cluster, stop_cluster
from webapp import create_app
from webapp.audit_guard import install_audit_guard
from webapp.demo import WIB, demo_accounts, seed_demo
from webapp.extensions import db
from webapp.models import User

DEMO_PASSWORD = "hadir-demo"


def pytest_addoption(parser):
    parser.addoption("--db", choices=["sqlite", "postgresql"],
                     default=os.environ.get("HADIR_TEST_DB", "sqlite"),
                     help="database backend every test runs against")


def pytest_report_header(config):
    return f"hadir database backend: {config.getoption('--db')}"


# Fixtures through which a test reaches the backend `--db` picked; a test that uses none of them
# runs the same code whichever backend was picked.
BACKEND_FIXTURES = {"backend", "postgres_server"}


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite and again on PostgreSQL. The second run leaves out
    what it would only repeat: tests that reach no database (no backend fixture), and tests
    marked `one_backend`, which do use one but check what the engine cannot change (headers,
    static files, the pages' front end under a browser). Those run on SQLite only. Deselected,
    not skipped, so the output is not a wall of skips; `pytest --db=postgresql` says how many."""
    if config.getoption("--db") == "sqlite":
        return
    kept, repeated = [], []
    for item in items:
        reaches_backend = BACKEND_FIXTURES & set(getattr(item, "fixturenames", ()))
        once = item.get_closest_marker("one_backend") or not reaches_backend
        (repeated if once else kept).append(item)
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = kept


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


def _sqlite_copy(source: str, target: str) -> None:
    """Copy one SQLite database into another through SQLite's backup API, which is safe with the
    target open elsewhere (WAL mode, the app's pooled connections)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(scope="session")
def sqlite_schema(backend, tmp_path_factory) -> str | None:
    """An SQLite file with the empty schema and the audit guard, built once and copied into each
    test's database: `create_all` costs a quarter of a second a test, the copy milliseconds."""
    if backend != "sqlite":
        return None
    path = str(tmp_path_factory.mktemp("schema") / "schema.sqlite3")
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        install_audit_guard(db.engine)
        db.engine.dispose()
    return path


@pytest.fixture
def app(backend, database_url, app_config, sqlite_schema):
    app = make_app(database_url, **app_config)
    with app.app_context():
        if backend == "sqlite":
            _sqlite_copy(sqlite_schema, db.engine.url.database)
        else:
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# The demo password under a cheap scrypt (n=256 instead of 32768): logging in runs the same code,
# but a strong hash costs a tenth of a second or more per login and the suite logs in thousands
# of times. Real accounts (set_password) keep the default.
CHEAP_DEMO_HASH = generate_password_hash(DEMO_PASSWORD, method="scrypt:256:8:1")


def _cheap_demo_passwords() -> None:
    usernames = [username for username, _ in demo_accounts()]
    db.session.execute(update(User).where(User.username.in_(usernames))
                       .values(password_hash=CHEAP_DEMO_HASH))
    db.session.commit()


class DemoSnapshots:
    """The seeded demo, kept after seeding it into one test's empty database and restored into
    the next ones' instead of seeding again (seconds with history, against a tenth).

    A snapshot is reused for SNAPSHOT_SECONDS only: the demo depends on the time it is seeded
    (sessions held by now, check-ins received by now), so a test sees the demo as seeded at
    most that long ago, as a test running that long would, and never across the demo's day
    (WIB midnight, 17:00 UTC), since the demo's "today" moves then. A database that is not empty (a
    fixture wrote first) is seeded as before, by `seed_demo` adding what is missing."""

    SNAPSHOT_SECONDS = 60

    def __init__(self, backend: str, directory):
        self.backend, self.directory = backend, directory
        self.snapshots: dict[bool, tuple[float, date, object]] = {}

    def seed(self, app, history: bool) -> None:
        with app.app_context():
            empty = self._empty()
            taken_at, day, snapshot = self.snapshots.get(
                history, (-self.SNAPSHOT_SECONDS, None, None))
            now, today = time.monotonic(), datetime.now(WIB).date()
            if empty and now - taken_at < self.SNAPSHOT_SECONDS and day == today:
                db.session.close()
                self._restore(snapshot)
                return
            seed_demo(history=history)
            _cheap_demo_passwords()
            if empty:
                self.snapshots[history] = (now, today, self._take(history))

    @staticmethod
    def _empty() -> bool:
        return all(db.session.execute(select(1).select_from(table).limit(1)).first() is None
                   for table in db.metadata.sorted_tables)

    def _take(self, history: bool):
        db.session.commit()
        if self.backend == "sqlite":
            path = str(self.directory / f"demo-{'history' if history else 'plain'}.sqlite3")
            _sqlite_copy(db.engine.url.database, path)
            return path
        rows = {table: db.session.execute(select(table)).mappings().all()
                for table in db.metadata.sorted_tables}
        sequences = db.session.execute(text(
            "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
            "WHERE last_value IS NOT NULL")).all()
        return rows, sequences

    def _restore(self, snapshot) -> None:
        if self.backend == "sqlite":
            _sqlite_copy(snapshot, db.engine.url.database)
            return
        rows, sequences = snapshot
        # As pg_restore --disable-triggers does: the foreign keys (unit.head_id and user.unit_id
        # point at each other) and the audit guard are triggers; the rows are consistent.
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
        for table, table_rows in rows.items():
            if table_rows:
                db.session.execute(insert(table), [dict(row) for row in table_rows])
        if sequences:
            db.session.execute(text("SELECT " + ", ".join(
                f"setval(:name{n}, :value{n})" for n in range(len(sequences)))),
                {f"{key}{n}": value for n, pair in enumerate(sequences)
                 for key, value in zip(("name", "value"), pair, strict=True)})
        db.session.commit()


@pytest.fixture(scope="session")
def demo_snapshots(backend, tmp_path_factory) -> DemoSnapshots:
    return DemoSnapshots(backend, tmp_path_factory.mktemp("demo"))


@pytest.fixture
def seeded(app, demo_snapshots):
    """The demo district and its running programme, without past check-ins."""
    demo_snapshots.seed(app, history=False)
    return app


@pytest.fixture
def seeded_history(app, demo_snapshots):
    """What `flask seed-demo` loads: also past check-ins, leave, a finished programme."""
    demo_snapshots.seed(app, history=True)
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
