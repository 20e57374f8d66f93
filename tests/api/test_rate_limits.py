"""Per-user limits on sync and photo uploads (UPLOAD_RATE_LIMIT), answered with JSON 429."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
from limits.storage import MemoryStorage, RedisStorage

from tests.api.sync_helpers import checkin_entry, sync_body
from tests.conftest import ApiClient, free_port, make_app
from webapp import create_app
from webapp.extensions import limiter


@pytest.fixture
def app_config():
    return {"UPLOAD_RATE_LIMIT": "3 per minute"}


def _sync(api_client):
    return api_client.post("/api/v1/sync", json=sync_body([checkin_entry()]))


def test_sync_over_the_limit_is_json_429_with_retry_after(seeded, login_as):
    peserta = login_as("peserta01")
    assert [_sync(peserta).status_code for _ in range(3)] == [200, 200, 200]
    refused = _sync(peserta)
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0


def test_the_limit_is_per_user_not_per_address(seeded, login_as):
    first, second = login_as("peserta01"), login_as("peserta02")
    for _ in range(3):
        _sync(first)
    assert _sync(first).status_code == 429
    assert _sync(second).status_code == 200


def test_photo_uploads_have_their_own_limit(seeded, login_as):
    peserta = login_as("peserta01")
    for _ in range(3):
        _sync(peserta)

    def put():
        return peserta.put(f"/api/v1/photos/{uuid.uuid4()}", data=b"not a photo",
                           headers={"Content-Type": "image/jpeg"})

    assert [put().status_code for _ in range(3)] == [422, 422, 422]
    refused = put()
    assert refused.status_code == 429 and refused.get_json()["error"]["code"] == "rate_limited"



def _limiter_storage(monkeypatch, database_url, uri: str | None):
    """The store the limiter counts in for an app configured from the environment alone."""
    if uri is None:
        monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    else:
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", uri)
    create_app({"SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": database_url})
    return limiter.storage


@pytest.fixture
def redis_url():
    """A throwaway redis-server on a free loopback port (Debian's package, `make system-deps`)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server missing: run `make system-deps`")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


def test_app_servers_sharing_a_redis_url_share_one_count(seeded, database_url, redis_url):
    """Two app processes behind a load balancer (README: More than one app server): each starts
    with a store of its own, so only counts kept in Redis can carry from one to the other."""
    settings = {"RATELIMIT_STORAGE_URI": redis_url, "UPLOAD_RATE_LIMIT": "3 per minute"}
    first = ApiClient(make_app(database_url, **settings).test_client())
    assert first.login("peserta01").status_code == 200
    assert isinstance(limiter.storage, RedisStorage)
    assert [_sync(first).status_code for _ in range(3)] == [200, 200, 200]
    second = ApiClient(make_app(database_url, **settings).test_client())
    assert second.login("peserta01").status_code == 200
    assert _sync(second).status_code == 429


def test_limits_are_counted_in_memory_by_default(monkeypatch, database_url):
    # Last, so the shared limiter is left counting in memory as every other test expects.
    assert isinstance(_limiter_storage(monkeypatch, database_url, None), MemoryStorage)
