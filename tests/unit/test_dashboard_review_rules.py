"""Rules of a review decision, and what changed between two uploads of one entry."""

import pytest

from webapp.services.checkin_review import check_decision, payload_changes
from webapp.services.refused import Refused


def test_approving_needs_no_reason_and_reasons_are_trimmed():
    assert check_decision("needs_review", "approved", None) == ""
    assert check_decision("needs_review", "approved", "  rapat di kecamatan  ") == \
        "rapat di kecamatan"


def test_rejecting_needs_a_reason():
    for reason in (None, "", "  ", "ok"):
        with pytest.raises(Refused) as refused:
            check_decision("needs_review", "rejected", reason)
        assert refused.value.status == 422 and "reason" in refused.value.fields
    assert check_decision("needs_review", "rejected", "Lokasi 1,3 km dari kantor") == \
        "Lokasi 1,3 km dari kantor"


def test_unknown_decision_and_overlong_reason_are_refused():
    with pytest.raises(Refused) as unknown:
        check_decision("needs_review", "maybe", "x")
    assert unknown.value.status == 422 and "decision" in unknown.value.fields
    with pytest.raises(Refused) as long:
        check_decision("needs_review", "approved", "x" * 501)
    assert long.value.status == 422


def test_an_unflagged_checkin_is_not_for_review_but_a_decision_can_be_corrected():
    with pytest.raises(Refused) as refused:
        check_decision("ok", "approved", "")
    assert refused.value.status == 409
    assert check_decision("approved", "rejected", "Foto bukan yang bersangkutan") != ""
    assert check_decision("rejected", "approved", "") == ""


def test_payload_changes_lists_the_fields_that_differ():
    stored = {"id": "e1", "kind": "checkin", "captured_at": "2026-07-07T07:20:00+07:00",
              "data": {"type": "in", "lat": -1.48, "lon": 101.24, "accuracy_m": 12}}
    again = {**stored, "data": {**stored["data"], "lat": -1.49, "photo_id": "p1"}}
    assert payload_changes(stored, again) == [("lat", -1.48, -1.49), ("photo_id", None, "p1")]
    assert payload_changes(stored, stored) == []
    assert payload_changes({}, {"data": "not a dict"}) == []
