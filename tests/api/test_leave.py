"""Leave requests: the `leave` sync kind, and deciding them (POST /api/v1/leave/<id>/decision)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.clinic_helpers import (
    attendance,
    audit_events,
    leave,
    make_clinic,
    mark,
    self_attend,
)
from tests.api.statements import statements_for
from tests.api.sync_helpers import WIB, send
from webapp.extensions import db
from webapp.models import LeaveRequest, Program, Unit, User


@pytest.fixture
def peserta(seeded, login_as):
    return login_as("peserta01")


def _now() -> datetime:
    return datetime.now(UTC).astimezone(WIB)


def _request(client, type_="sakit", date_from=None, date_to=None) -> dict:
    """A leave request for date_from..date_to (date_to defaults to date_from, both to today)."""
    date_from = date_from or _now().date()
    [result] = send(client, [leave(_now(), type_, date_from, date_to or date_from)])
    assert result["status"] == "created", result
    return result["record"]


def test_a_leave_entry_creates_a_pending_request(seeded, peserta):
    record = _request(peserta, "dinas_luar")
    assert (record["state"], record["type"], record["kind"]) == ("pending", "dinas_luar", "leave")
    with seeded.app_context():
        stored = db.session.get(LeaveRequest, record["leave_id"])
        assert stored.entry_id == record["id"] and stored.reason == "Urusan keluarga"
    [event] = audit_events(seeded, "leave.request")
    assert event.after["state"] == "pending"


def _soon(days: int) -> date:
    return _now().date() + timedelta(days=days)


def test_a_resent_leave_entry_is_a_duplicate(seeded, peserta):
    entry = leave(_now(), "izin", _soon(3), _soon(4))
    send(peserta, [entry])
    [again] = send(peserta, [entry])
    assert again["status"] == "duplicate" and again["record"]["state"] == "pending"
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(LeaveRequest.id)).where(
            LeaveRequest.entry_id == entry["id"])) == 1


@pytest.mark.parametrize(("change", "field"), [
    ({"type": "cuti"}, "type"),
    ({"date_to": _soon(1).isoformat()}, "date_to"),
    ({"date_to": _soon(3 + 90).isoformat()}, "date_to"),
    ({"reason": ""}, "reason"),
    ({"photo_id": "not-a-uuid"}, "photo_id"),
])
def test_invalid_leave_entries_are_rejected(seeded, peserta, change, field):
    entry = leave(_now(), "izin", _soon(3), _soon(4))
    [result] = send(peserta, [{**entry, "data": {**entry["data"], **change}}])
    assert result["status"] == "rejected" and field in result["errors"]


@pytest.mark.parametrize(("date_from", "date_to", "field", "message"), [
    (-31, -31, "date_from", "Tanggal mulai paling awal 30 hari sebelum hari pengajuan."),
    (181, 181, "date_to", "Tanggal selesai paling lambat 180 hari setelah hari pengajuan."),
])
def test_leave_far_from_the_day_it_is_written_is_rejected_with_the_reason(
        seeded, peserta, date_from, date_to, field, message):
    [result] = send(peserta, [leave(_now(), "izin", _soon(date_from), _soon(date_to))])
    assert result["status"] == "rejected" and result["errors"] == {field: [message]}


def test_leave_is_bounded_from_the_day_it_was_written_not_the_day_it_arrived(seeded, peserta):
    written = _now() - timedelta(days=20)
    [result] = send(peserta, [leave(written, "sakit", written.date() - timedelta(days=30),
                                    written.date() - timedelta(days=29))])
    assert result["status"] == "created", result


def _decide(client, leave_id, decision="approved", note=""):
    return client.post(f"/api/v1/leave/{leave_id}/decision",
                       json={"decision": decision, "note": note})


def test_approval_excuses_the_sessions_in_range_but_not_attended_ones(seeded, login_as,
                                                                      peserta):
    clinic = make_clinic(seeded)
    # Marks are refused before a session opens, so the other session is the earlier one.
    earlier = make_clinic(seeded, starts_at=clinic.starts_at - timedelta(hours=3))
    send(peserta, [self_attend(clinic, clinic.at(3))])
    send(login_as("pelatih1"), [mark(earlier, "peserta02", "alpa", earlier.at(5))])
    # Early in a WIB morning the earlier session falls on the day before: the leave covers both.
    record = _request(peserta, "sakit", earlier.day, clinic.day)
    response = _decide(login_as("bkpsdm"), record["leave_id"], note="Surat dokter ada")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["leave"]["state"] == "approved" and body["sessions_changed"] == 1
    assert attendance(seeded, clinic, "peserta01").status == "hadir"  # attending beats leave
    excused = attendance(seeded, earlier, "peserta01")
    assert (excused.status, excused.source) == ("sakit", "leave")
    assert excused.leave_id == record["leave_id"]
    assert attendance(seeded, earlier, "peserta02").status == "alpa"  # someone else's session
    [decided] = audit_events(seeded, "leave.decide")
    assert decided.before["state"] == "pending" and decided.after["state"] == "approved"
    assert decided.after["decision_note"] == "Surat dokter ada"
    assert {e.after["status"] for e in audit_events(seeded, "attendance.leave")} == {
        "hadir", "sakit"}


def test_approval_turns_a_coachs_alpa_into_the_leave_type(seeded, login_as, peserta):
    clinic = make_clinic(seeded)
    send(login_as("pelatih1"), [mark(clinic, "peserta01", "alpa", clinic.at(5))])
    record = _request(peserta, "izin", clinic.day)
    _decide(login_as("pelatih1"), record["leave_id"])
    assert attendance(seeded, clinic, "peserta01").status == "izin"
    # Another alpa the coach marked before the approval, synced only now, does not undo it.
    [late] = send(login_as("pelatih1"), [mark(clinic, "peserta01", "alpa", clinic.at(6))])
    assert late["record"]["status"] == "izin"


def test_a_code_synced_after_the_approval_still_makes_the_participant_hadir(seeded, login_as,
                                                                           peserta):
    clinic = make_clinic(seeded)
    record = _request(peserta, "sakit", clinic.day)
    _decide(login_as("bkpsdm"), record["leave_id"])
    assert attendance(seeded, clinic, "peserta01").status == "sakit"
    [result] = send(peserta, [self_attend(clinic, clinic.at(3))])
    assert (result["record"]["status"], result["record"]["source"]) == ("hadir", "self_code")


def test_a_coachs_presence_mark_beats_the_leave_whenever_it_was_made(seeded, login_as, peserta):
    clinic = make_clinic(seeded)
    coach = login_as("pelatih1")
    send(coach, [mark(clinic, "peserta01", "hadir", clinic.at(5)),
                 mark(clinic, "peserta02", "alpa", clinic.at(5))])
    first = _request(peserta, "izin", clinic.day)
    second = _request(login_as("peserta02"), "izin", clinic.day)
    reviewer = login_as("bkpsdm")
    _decide(reviewer, first["leave_id"])
    _decide(reviewer, second["leave_id"])
    assert attendance(seeded, clinic, "peserta01").status == "hadir"  # marked before approval
    assert attendance(seeded, clinic, "peserta02").status == "izin"
    # A terlambat the coach tapped before the approval but synced after it still wins.
    [late] = send(coach, [mark(clinic, "peserta02", "terlambat", clinic.at(6))])
    assert (late["record"]["status"], late["record"]["source"]) == ("terlambat", "coach")


def test_a_coachs_alpa_made_after_the_approval_overrides_the_leave(seeded, login_as, peserta):
    clinic = make_clinic(seeded)
    record = _request(peserta, "dinas_luar", clinic.day)
    _decide(login_as("pelatih1"), record["leave_id"])
    [result] = send(login_as("pelatih1"), [mark(clinic, "peserta01", "alpa", _now())])
    assert (result["record"]["status"], result["record"]["source"]) == ("alpa", "coach")


def test_approval_settles_an_alpa_flagged_for_review_as_the_leave_type(seeded, login_as,
                                                                       peserta):
    clinic = make_clinic(seeded)
    send(login_as("pelatih1"), [mark(clinic, "peserta01", "alpa", clinic.at(10))])
    send(peserta, [self_attend(clinic, clinic.at(4))])
    assert attendance(seeded, clinic, "peserta01").needs_review
    record = _request(peserta, "sakit", clinic.day)
    _decide(login_as("bkpsdm"), record["leave_id"])
    row = attendance(seeded, clinic, "peserta01")
    assert (row.status, row.source, row.needs_review) == ("sakit", "leave", False)


def test_cancelled_sessions_and_days_outside_the_range_are_untouched(seeded, login_as, peserta):
    cancelled = make_clinic(seeded, status="cancelled")
    tomorrow = make_clinic(seeded, starts_at=cancelled.starts_at + timedelta(days=1))
    record = _request(peserta, "sakit", cancelled.day)
    assert _decide(login_as("bkpsdm"), record["leave_id"]).get_json()["sessions_changed"] == 0
    assert attendance(seeded, cancelled, "peserta01") is None
    assert attendance(seeded, tomorrow, "peserta01") is None


def test_the_leave_dates_are_local_dates_of_the_programmes_unit(seeded, login_as, peserta):
    with seeded.app_context():
        db.session.add(Unit(code="KOMINFO-PAPUA", name="Diskominfo Papua", kind="dinas",
                            timezone="Asia/Jayapura"))
        db.session.commit()
    wit = ZoneInfo("Asia/Jayapura")
    day = _soon(7)
    # 00:30 WIT on the 10th is still the 9th in UTC (and in WIB); 23:30 WIT on the 9th is not
    # the 10th anywhere west of Papua either, but it is the 9th locally.
    first = make_clinic(seeded, unit_code="KOMINFO-PAPUA",
                        starts_at=datetime.combine(day, time(0, 30), wit).astimezone(UTC))
    before = make_clinic(seeded, unit_code="KOMINFO-PAPUA",
                         starts_at=datetime.combine(day - timedelta(days=1), time(22, 0),
                                                    wit).astimezone(UTC))
    record = _request(peserta, "dinas_luar", day, day)
    _decide(login_as("bkpsdm"), record["leave_id"])
    assert attendance(seeded, first, "peserta01").status == "dinas_luar"
    assert attendance(seeded, before, "peserta01") is None


def test_rejection_changes_no_attendance(seeded, login_as, peserta):
    clinic = make_clinic(seeded)
    record = _request(peserta, "sakit", clinic.day)
    response = _decide(login_as("bkpsdm"), record["leave_id"], "rejected", "Tanpa surat")
    assert response.get_json()["leave"]["state"] == "rejected"
    assert response.get_json()["sessions_changed"] == 0
    assert attendance(seeded, clinic, "peserta01") is None


def test_a_decision_is_final(seeded, login_as, peserta):
    record = _request(peserta)
    reviewer = login_as("bkpsdm")
    assert _decide(reviewer, record["leave_id"], "rejected").status_code == 200
    again = _decide(reviewer, record["leave_id"], "approved")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"


@pytest.mark.parametrize("username", ["peserta02", "admin"])
def test_participants_and_admins_do_not_decide_leave(seeded, login_as, peserta, username):
    record = _request(peserta)
    assert _decide(login_as(username), record["leave_id"]).status_code == 403


def test_a_coach_outside_the_participants_programmes_gets_404(seeded, login_as):
    with seeded.app_context():
        coach = db.session.scalar(db.select(User).filter_by(username="pelatih2"))
        # pelatih2 stops coaching the demo programmes, so their participants are not theirs.
        for program in db.session.scalars(db.select(Program)):
            for session in program.sessions:
                if session.coach_id == coach.id:
                    session.coach_id = None
            if program.created_by_id == coach.id:
                program.created_by_id = None
        db.session.commit()
    record = _request(login_as("peserta05"))
    response = _decide(login_as("pelatih2"), record["leave_id"])
    assert response.status_code == 404


def test_unknown_leave_is_404_and_bad_decisions_422(seeded, login_as, peserta):
    reviewer = login_as("bkpsdm")
    assert _decide(reviewer, 987654).status_code == 404
    record = _request(peserta)
    assert _decide(reviewer, record["leave_id"], "maybe").status_code == 422


def test_a_coach_cannot_decide_leave_that_reaches_another_coachs_programme(seeded, login_as,
                                                                          peserta):
    own = make_clinic(seeded)
    other = make_clinic(seeded, coach="pelatih3", starts_at=own.starts_at + timedelta(hours=1))
    record = _request(peserta, "sakit", own.day, other.day)
    for decision in ("approved", "rejected"):
        response = _decide(login_as("pelatih1"), record["leave_id"], decision)
        assert response.status_code == 403, response.get_json()
        assert "BKPSDM" in response.get_json()["error"]["message"]
    assert attendance(seeded, other, "peserta01") is None
    assert _decide(login_as("bkpsdm"), record["leave_id"]).status_code == 200
    assert attendance(seeded, own, "peserta01").status == "sakit"
    assert attendance(seeded, other, "peserta01").status == "sakit"


def test_the_leave_page_reads_the_requesters_programmes_in_one_statement(app, seeded, login_as):
    reviewer = login_as("bkpsdm").client
    _request(login_as("peserta01"))
    one_requester = statements_for(app, reviewer, "/coaching/leave")[0]
    for name in ("peserta02", "peserta03", "peserta04"):
        make_clinic(app, participants=(name,))
        _request(login_as(name))
    assert statements_for(app, reviewer, "/coaching/leave")[0] == one_requester
