"""Per-user limits on sync and photo uploads (UPLOAD_RATE_LIMIT), answered with JSON 429."""

import uuid

import pytest

from tests.api.sync_helpers import checkin_entry, sync_body


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

