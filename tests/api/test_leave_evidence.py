"""The evidence photo on /coaching/leave: shown only when the requester uploaded it themselves."""

import uuid
from datetime import UTC, datetime

from tests.api.clinic_helpers import leave
from tests.api.sync_helpers import WIB, send
from tests.api.test_photos import jpeg_bytes
from webapp.extensions import db
from webapp.models import User


def _put_photo(client, photo_id) -> None:
    response = client.put(f"/api/v1/photos/{photo_id}", data=jpeg_bytes(),
                          headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 201


def _request_leave(client, photo_id) -> None:
    now = datetime.now(UTC).astimezone(WIB)
    [result] = send(client, [leave(now, "sakit", now.date(), now.date(), photo_id=photo_id)])
    assert result["status"] == "created", result


def _leave_item(page: str, full_name: str) -> str:
    return page.split(f"<strong>{full_name}</strong>")[1].split("</li>")[0]


def test_own_uploaded_evidence_is_linked_for_reviewers(seeded, login_as):
    peserta, photo_id = login_as("peserta01"), uuid.uuid4()
    _put_photo(peserta, photo_id)
    _request_leave(peserta, str(photo_id))
    page = login_as("bkpsdm").get("/coaching/leave").get_data(as_text=True)
    assert f"/api/v1/photos/{photo_id}" in page


def test_a_leave_naming_another_users_photo_shows_no_evidence(seeded, login_as):
    other_photo = uuid.uuid4()
    _put_photo(login_as("peserta02"), other_photo)
    _request_leave(login_as("peserta01"), str(other_photo))
    page = login_as("bkpsdm").get("/coaching/leave").get_data(as_text=True)
    assert str(other_photo) not in page
    with seeded.app_context():
        name = db.session.scalar(db.select(User.full_name).filter_by(username="peserta01"))
    assert "Bukti foto belum diterima" in _leave_item(page, name)
