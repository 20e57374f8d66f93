"""Faults between the phone and the database: lost replies, a server killed mid-batch, a wrong
phone clock, an expired session. (A database error inside a batch: test_sync_faults.py.)"""

import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.api.sync_helpers import WIB, checkin_entry, send, sync_body
from tests.api.test_photos import jpeg_bytes
from tests.conftest import DEMO_PASSWORD, ApiClient, free_port
from webapp.extensions import db
from webapp.models import CheckIn, SyncEntry
from webapp.services.sync import ID_TAKEN

REPO = Path(__file__).parents[2]


def _stored(app, entries: list[dict]) -> tuple[int, int]:
    """(receipts, check-ins) stored for these outbox entries."""
    ids = [e["id"] for e in entries]
    with app.app_context():
        receipts = db.session.scalar(db.select(db.func.count()).select_from(SyncEntry)
                                     .where(SyncEntry.id.in_(ids)))
        checkins = db.session.scalar(db.select(db.func.count()).select_from(CheckIn)
                                     .where(CheckIn.entry_id.in_(ids)))
    return receipts, checkins


def _login(http: requests.Session, base: str, username: str = "peserta01") -> str:
    token = http.get(f"{base}/api/v1/auth/csrf", timeout=10).json()["csrf_token"]
    reply = http.post(f"{base}/api/v1/auth/login", headers={"X-CSRFToken": token},
                      json={"username": username, "password": DEMO_PASSWORD}, timeout=10)
    assert reply.status_code == 200, reply.text
    return reply.json()["csrf_token"]


class LossyProxy:
    """A TCP hop in front of the server. While `drop` is set it still delivers each request and
    waits for the whole reply (so the server has committed), then cuts the phone's connection
    instead of passing the reply on: a reply lost on a flaky mobile network."""

    def __init__(self, upstream: str):
        self.upstream = ("127.0.0.1", int(upstream.rsplit(":", 1)[1]))
        self.drop = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    @staticmethod
    def _read_request(client: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            data += client.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            body += client.recv(65536)
        return head + b"\r\n\r\n" + body

    def _relay(self, client: socket.socket):
        with client:
            request = self._read_request(client)
            with socket.create_connection(self.upstream) as server:
                server.sendall(request)
                reply = b""
                while chunk := server.recv(65536):
                    reply += chunk
            if self.drop:
                # Reset rather than close: the phone sees the connection die, not an empty reply.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            client.sendall(reply)

    def close(self):
        self.listener.close()


@pytest.fixture
def lossy(live_server):
    proxy = LossyProxy(live_server)
    yield proxy
    proxy.close()


def test_a_sync_reply_lost_after_commit_is_answered_duplicate_on_retry(seeded, lossy):
    http = requests.Session()
    token = _login(http, lossy.url)
    entries = [checkin_entry() for _ in range(3)]
    lossy.drop = True
    with pytest.raises(requests.ConnectionError):
        http.post(f"{lossy.url}/api/v1/sync", headers={"X-CSRFToken": token},
                  json=sync_body(entries), timeout=10)
    assert _stored(seeded, entries) == (3, 3)  # stored, though the phone never heard

    lossy.drop = False
    retry = http.post(f"{lossy.url}/api/v1/sync", headers={"X-CSRFToken": token},
                      json=sync_body(entries), timeout=10)
    results = retry.json()["results"]
    assert [r["status"] for r in results] == ["duplicate"] * 3
    assert all(r["record"]["id"] == e["id"] for r, e in zip(results, entries, strict=True))
    assert _stored(seeded, entries) == (3, 3)


def test_a_photo_reply_lost_after_commit_is_answered_200_on_retry(seeded, lossy):
    http = requests.Session()
    token = _login(http, lossy.url)
    url = f"{lossy.url}/api/v1/photos/7f1c6a52-0000-4000-8000-0000000000aa"
    headers = {"X-CSRFToken": token, "Content-Type": "image/jpeg"}
    lossy.drop = True
    with pytest.raises(requests.ConnectionError):
        http.put(url, headers=headers, data=jpeg_bytes(), timeout=10)
    lossy.drop = False
    assert http.put(url, headers=headers, data=jpeg_bytes(), timeout=10).status_code == 200


class Gunicorn:
    """The app under gunicorn (two workers, as deployed) on the test database; killable."""

    def __init__(self, database_url: str, log: Path):
        self.database_url, self.log = database_url, log
        self.stalled_flag = log.with_name("stalled")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self, stall_on: str | None = None):
        env = {**os.environ, "DATABASE_URL": self.database_url, "SECRET_KEY": "test-secret",
               "RATELIMIT_STORAGE_URI": "memory://"}
        env.pop("HADIR_STALL_BEFORE_COMMIT", None)
        if stall_on:
            env["HADIR_STALL_BEFORE_COMMIT"] = stall_on
            env["HADIR_STALLED_FLAG"] = str(self.stalled_flag)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "120", "tests.api.fault_server:app"],
            cwd=REPO, env=env, stdout=self.log.open("a"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/api/v1/auth/csrf", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError(f"gunicorn did not start:\n{self.log.read_text()}")

    def wait_until_stalled(self, timeout_s: float = 60) -> None:
        """Until a transaction carrying the stall marker hangs at its COMMIT."""
        deadline = time.monotonic() + timeout_s
        while not self.stalled_flag.exists():
            if time.monotonic() > deadline:
                raise AssertionError(f"no transaction stalled:\n{self.log.read_text()}")
            time.sleep(0.05)

    def kill(self):
        """SIGKILL the master and its workers at once: a power cut, no graceful shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


@pytest.fixture
def gunicorn(seeded, database_url, tmp_path):
    server = Gunicorn(database_url, tmp_path / "gunicorn.log")
    yield server
    if server.process and server.process.poll() is None:
        server.kill()


def test_server_killed_mid_batch_then_restarted_stores_all_500_entries_once(seeded, gunicorn,
                                                                            backend):
    outbox = [checkin_entry(datetime.now(UTC).astimezone(WIB) - timedelta(minutes=i))
              for i in range(500)]
    batches = [outbox[i:i + 200] for i in range(0, 500, 200)]
    gunicorn.start(stall_on=batches[1][50]["id"])  # the second batch hangs before its COMMIT
    http = requests.Session()
    token = _login(http, gunicorn.url)

    def post(batch):
        return http.post(f"{gunicorn.url}/api/v1/sync", headers={"X-CSRFToken": token},
                         json=sync_body(batch), timeout=60)

    first = post(batches[0])
    assert [r["status"] for r in first.json()["results"]] == ["created"] * 200
    lost = []
    sender = threading.Thread(target=lambda: lost.append(_raises(post, batches[1])))
    sender.start()
    gunicorn.wait_until_stalled()  # past the inserts: the transaction waits at its COMMIT
    gunicorn.kill()
    sender.join(timeout=30)
    assert lost == [True]  # the phone got no answer for the second batch
    receipts, checkins = _stored(seeded, outbox)
    # Never a receipt without its check-in: a retry answered `duplicate` would then lose it.
    assert receipts == checkins
    # PostgreSQL rolls the killed transaction back. pysqlite commits when the sync's outermost
    # SAVEPOINT is released, before the request's COMMIT, so on SQLite the batch may be kept.
    assert receipts in ({200} if backend == "postgresql" else {200, 400})

    gunicorn.start()  # same SECRET_KEY: the phone's session cookie is still good
    statuses = []
    for batch in batches:  # the phone resends everything it ever queued
        statuses += [r["status"] for r in post(batch).json()["results"]]
    assert set(statuses[:200]) == {"duplicate"} and set(statuses[400:]) == {"created"}
    assert set(statuses[200:400]) <= {"created", "duplicate"}
    assert _stored(seeded, outbox) == (500, 500)  # entry ids are unique keys: each once


def _raises(call, *args) -> bool:
    try:
        call(*args)
    except requests.ConnectionError:
        return True
    return False


@pytest.mark.parametrize("phone_error", [timedelta(days=1), timedelta(days=-1)],
                         ids=["a day ahead", "a day behind"])
def test_phone_clock_a_day_wrong_is_flagged_not_rejected(seeded, login_as, phone_error):
    now = datetime.now(UTC)
    truth = now - timedelta(minutes=10)
    [result] = send(login_as("peserta01"), [checkin_entry((truth + phone_error).astimezone(WIB))],
                    sent_at=(now + phone_error).astimezone(WIB))
    assert result["status"] == "created"
    record = result["record"]
    assert "clock_skew" in record["flags"] and record["review_state"] == "needs_review"
    assert "future_time" not in record["flags"] and "late_sync" not in record["flags"]
    corrected = datetime.fromisoformat(record["corrected_at"])
    assert abs((corrected - truth).total_seconds()) < 60
    assert record["local_date"] == truth.astimezone(WIB).date().isoformat()  # not the phone's day


def test_phone_clock_a_day_wrong_with_entries_queued_for_days(seeded, login_as):
    """Offline four days with a clock a day fast: the entries keep their true day, flagged."""
    now, fast = datetime.now(UTC), timedelta(days=1)
    truth = now - timedelta(days=4)
    [result] = send(login_as("peserta01"), [checkin_entry((truth + fast).astimezone(WIB))],
                    sent_at=(now + fast).astimezone(WIB))
    assert result["status"] == "created"
    assert set(result["record"]["flags"]) >= {"clock_skew", "late_sync"}
    assert result["record"]["local_date"] == truth.astimezone(WIB).date().isoformat()


@pytest.fixture
def app_config(request):
    # Short sessions only for the expiry test; everything else keeps the defaults.
    if request.node.name.startswith("test_outbox_sent_after_the_session_expired"):
        return {"PERMANENT_SESSION_LIFETIME": 1}
    return {}


def test_outbox_sent_after_the_session_expired_waits_for_login_as_the_same_user(seeded,
                                                                                login_as):
    phone = login_as("peserta01")
    outbox = [checkin_entry() for _ in range(3)]
    time.sleep(2.1)  # offline longer than the session lasts
    phone.refresh_csrf()
    expired = phone.post("/api/v1/sync", json=sync_body(outbox))
    assert expired.status_code == 401
    assert expired.get_json()["error"]["code"] == "unauthorized"
    assert _stored(seeded, outbox) == (0, 0)  # nothing stored; the phone keeps its outbox

    assert phone.login("peserta01").status_code == 200
    assert [r["status"] for r in send(phone, outbox)] == ["created"] * 3


def test_a_batch_naming_another_user_is_refused_whole_and_nothing_stored(seeded, login_as):
    """The phone names whose outbox it sends (its page can be older than the session)."""
    peserta01 = login_as("peserta01")
    mine = peserta01.get("/api/v1/me").get_json()["id"]
    other = login_as("peserta02")
    entry = checkin_entry()
    response = other.post("/api/v1/sync", json={**sync_body([entry]), "user_id": mine})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "wrong_user"
    [result] = send(peserta01, [entry])
    assert result["status"] == "created"


def test_outbox_of_one_user_is_refused_for_another(seeded, login_as):
    """The client must not send A's outbox under B; if it does, nothing of A's is taken over."""
    send(login_as("peserta01"), outbox := [checkin_entry()])
    other = ApiClient(seeded.test_client())
    assert other.login("peserta02").status_code == 200
    [result] = send(other, outbox)
    assert result["status"] == "rejected" and "record" not in result
    # The phone shows this to the user: the record belongs to someone else, make a new one.
    assert result["errors"] == {"id": [ID_TAKEN]}
    assert "pengguna lain" in ID_TAKEN
