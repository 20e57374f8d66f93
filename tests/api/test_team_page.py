"""/team: a supervisor's staff and the corrections and leave they decide, nothing beyond."""

from datetime import UTC, datetime

from tests.api.clinic_helpers import leave
from tests.api.sync_helpers import WIB, send
from tests.api.test_corrections import _past_workday, correction


def _filed(seeded, login_as, username="peserta01") -> int:
    with seeded.app_context():
        day = _past_workday()
    [result] = send(login_as(username), [correction(day)])
    return result["record"]["correction_id"]


def _leave_id(login_as, username="peserta01") -> int:
    now = datetime.now(UTC).astimezone(WIB)
    [result] = send(login_as(username), [leave(now, "sakit", now.date(), now.date(),
                                               reason="Demam tinggi, ada surat dokter")])
    return result["record"]["leave_id"]


def test_the_team_page_shows_the_units_headed_and_direct_staffs_corrections(seeded, login_as):
    correction_id = _filed(seeded, login_as)
    html = login_as("atasan1").get("/team").get_data(as_text=True)
    assert 'data-unit="KEC-SANGIR"' in html and 'data-unit="PUPR"' not in html
    assert f'data-decide="correction_decision" data-request-id="{correction_id}"' in html
    other = login_as("atasan2").get("/team").get_data(as_text=True)
    assert 'data-unit="PUPR"' in other and f'data-request-id="{correction_id}"' not in other


def test_the_team_page_lists_direct_staffs_pending_leave_to_decide(seeded, login_as):
    leave_id = _leave_id(login_as)
    html = login_as("atasan1").get("/team").get_data(as_text=True)
    assert f'data-decide="leave_decision" data-request-id="{leave_id}"' in html
    assert "Demam tinggi, ada surat dokter" in html
    other = login_as("atasan2").get("/team").get_data(as_text=True)
    assert "Demam tinggi, ada surat dokter" not in other


def test_the_supervisor_sees_the_evidence_photo_of_their_staffs_correction_only(
        seeded, login_as):
    import uuid

    from tests.api.test_photos import jpeg_bytes

    official, photo_id = login_as("peserta01"), str(uuid.uuid4())
    assert official.put(f"/api/v1/photos/{photo_id}", data=jpeg_bytes(),
                        headers={"Content-Type": "image/jpeg"}).status_code == 201
    with seeded.app_context():
        day = _past_workday()
    entry = correction(day)
    entry["data"]["photo_id"] = photo_id
    [result] = send(official, [entry])
    assert result["record"]["photo_id"] == photo_id
    html = login_as("atasan1").get("/team").get_data(as_text=True)
    assert f"/api/v1/photos/{photo_id}" in html
    assert login_as("atasan1").get(f"/api/v1/photos/{photo_id}").status_code == 200
    for outsider in ("atasan2", "peserta02", "pelatih1"):
        assert login_as(outsider).get(f"/api/v1/photos/{photo_id}").status_code == 404, outsider
