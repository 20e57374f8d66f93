"""/team: a supervisor's staff and the corrections they decide, nothing beyond."""

from tests.api.sync_helpers import send
from tests.api.test_corrections import _past_workday, correction
from webapp.extensions import db
from webapp.models import Correction


def _filed(seeded, login_as, username="peserta01") -> int:
    with seeded.app_context():
        day = _past_workday()
    [result] = send(login_as(username), [correction(day)])
    return result["record"]["correction_id"]


def test_the_team_page_shows_the_units_headed_and_direct_staffs_corrections(seeded, login_as):
    correction_id = _filed(seeded, login_as)
    html = login_as("atasan1").get("/team").get_data(as_text=True)
    assert 'data-unit="KEC-SANGIR"' in html and 'data-unit="PUPR"' not in html
    assert f'data-correction="{correction_id}"' in html
    other = login_as("atasan2").get("/team").get_data(as_text=True)
    assert 'data-unit="PUPR"' in other and f'data-correction="{correction_id}"' not in other


def test_a_supervisor_decides_a_direct_staffs_correction_by_form(seeded, login_as):
    correction_id = _filed(seeded, login_as)
    url = f"/team/corrections/{correction_id}/decision"
    outsider = login_as("atasan2")
    assert outsider.client.post(url, data={"csrf_token": outsider.csrf,
                                           "decision": "approved"}).status_code == 404
    api = login_as("atasan1")
    no_reason = api.client.post(url, data={"csrf_token": api.csrf, "decision": "rejected"})
    assert no_reason.status_code == 302
    with seeded.app_context():
        assert db.session.get(Correction, correction_id).state == "pending"
    done = api.client.post(url, data={"csrf_token": api.csrf, "decision": "approved"})
    assert done.status_code == 302 and done.headers["Location"].endswith("/team")
    with seeded.app_context():
        assert db.session.get(Correction, correction_id).state == "approved"
    again = api.client.post(url, data={"csrf_token": api.csrf, "decision": "rejected",
                                       "reason": "Salah pilih"})
    assert again.status_code == 302
    with seeded.app_context():
        assert db.session.get(Correction, correction_id).state == "approved"
