"""Coaching pages (server-rendered forms) and the participant's programme pages."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from tests.api.clinic_helpers import (
    attendance,
    audit_events,
    leave,
    make_clinic,
    mark,
    session_row,
)
from tests.api.sync_helpers import WIB, send
from webapp.extensions import db
from webapp.models import ClinicSession, Program, ProgramParticipant, Unit


def _form(client, url, **fields):
    return client.post(url, data={"csrf_token": client.csrf, **fields})


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def coach(seeded, login_as):
    return login_as("pelatih1")


@pytest.mark.parametrize(("username", "url", "status"), [
    ("peserta01", "/coaching", 403), ("peserta01", "/coaching/leave", 403),
    ("bkpsdm", "/coaching", 403), ("bkpsdm", "/coaching/leave", 200),
    ("pelatih1", "/coaching", 200), ("admin", "/coaching", 200),
    ("peserta01", "/programs", 200), ("peserta01", "/leave", 200), ("bkpsdm", "/leave", 403),
])
def test_pages_are_for_their_roles(seeded, login_as, username, url, status):
    assert login_as(username).get(url).status_code == status


def test_coach_creates_a_programme_with_the_form(seeded, coach):
    response = _form(coach, "/coaching/programs/new", name="Klinik SRIKANDI",
                     start_date="2026-09-01", end_date="2026-09-30", target_sessions="8",
                     zone_green_pct="80", zone_yellow_pct="50,5",
                     skills="TTE\n\n  Rapat virtual  \n")
    assert response.status_code == 302
    with seeded.app_context():
        program = db.session.scalar(db.select(Program).filter_by(name="Klinik SRIKANDI"))
        assert program.skills == ["TTE", "Rapat virtual"] and program.zone_yellow_pct == 50.5
    assert response.headers["Location"].endswith(f"/coaching/programs/{program.id}")
    page = _html(coach.get(response.headers["Location"]))
    assert "Klinik SRIKANDI" in page and "Program dibuat" in page


def test_an_invalid_programme_form_shows_the_errors_and_keeps_the_input(seeded, coach):
    response = _form(coach, "/coaching/programs/new", name="Klinik", start_date="2026-09-30",
                     end_date="2026-09-01", target_sessions="nol", skills="")
    assert response.status_code == 400
    page = _html(response)
    assert "Tanggal selesai sebelum tanggal mulai." in page and 'value="Klinik"' in page
    assert "Harus berupa bilangan bulat." in page  # the target


def test_schedule_enrol_move_and_cancel_through_the_programme_page(seeded, coach):
    created = _form(coach, "/coaching/programs/new", name="Klinik Jadwal",
                    start_date="2026-09-07", end_date="2026-09-18", target_sessions="4",
                    zone_green_pct="80", zone_yellow_pct="50", skills="TTE")
    url = created.headers["Location"]
    program_id = int(url.rsplit("/", 1)[1])
    response = coach.client.post(f"{url}/schedule", data={
        "csrf_token": coach.csrf, "weekdays": ["1", "3"], "start_time": "13:00",
        "end_time": "15:00", "date_from": "", "date_to": "", "holidays": "2026-09-10",
        "place": "Aula", "coach_id": ""})
    assert response.status_code == 302
    with seeded.app_context():
        unit_id = db.session.scalar(db.select(Unit.id).filter_by(code="PUPR"))
        sessions = list(db.session.scalars(db.select(ClinicSession).filter_by(
            program_id=program_id).order_by(ClinicSession.starts_at)))
    assert len(sessions) == 3  # Tue 8, (Thu 10 skipped), Tue 15, Thu 17
    assert "3 sesi dibuat" in _html(coach.get(url))
    assert _form(coach, f"{url}/participants", unit_id=str(unit_id)).status_code == 302
    with seeded.app_context():
        assert db.session.scalar(db.select(db.func.count(ProgramParticipant.id)).filter_by(
            program_id=program_id)) == 3
    first, second = sessions[0].id, sessions[1].id
    moved = _form(coach, f"/coaching/sessions/{first}/move", date="2026-09-09",
                  start_time="08:00", end_time="10:00", reason="Ruang dipakai")
    assert moved.status_code == 302
    assert session_row(seeded, first).starts_at == datetime(2026, 9, 9, 1, 0, tzinfo=UTC)
    cancelled = _form(coach, f"/coaching/sessions/{second}/cancel", reason="Libur cuti bersama")
    assert cancelled.status_code == 302
    assert session_row(seeded, second).status == "cancelled"
    assert [e.entity_id for e in audit_events(seeded, "session.cancel")] == [str(second)]
    again = _form(coach, f"/coaching/sessions/{second}/cancel", reason="Libur cuti bersama")
    assert again.status_code == 409 and "sudah dibatalkan" in _html(again)


def test_a_schedule_form_with_no_day_is_refused_with_the_reason(seeded, coach):
    with seeded.app_context():
        program_id = db.session.scalar(db.select(Program.id).order_by(Program.id))
    response = _form(coach, f"/coaching/programs/{program_id}/schedule", start_time="09:00",
                     end_time="11:00")
    assert response.status_code == 400 and "Pilih 1–7 hari." in _html(response)


def test_another_coachs_programme_pages_are_404(seeded, login_as):
    clinic = make_clinic(seeded)
    other = login_as("pelatih3")
    assert other.get(f"/coaching/programs/{clinic.program_id}").status_code == 404
    assert other.get(f"/coaching/sessions/{clinic.session_id}").status_code == 404
    assert other.get(f"/api/v1/sessions/{clinic.session_id}/attendance").status_code == 404


def test_the_coach_session_page_carries_the_secret_and_the_roster(seeded, coach):
    clinic = make_clinic(seeded)
    page = _html(coach.get(f"/coaching/sessions/{clinic.session_id}"))
    assert clinic.secret in page and 'data-testid="session-code"' in page
    assert page.count('data-testid="roster-row"') == 3
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page


def test_the_participant_session_page_never_carries_the_secret(seeded, login_as):
    clinic = make_clinic(seeded)
    page = _html(login_as("peserta01").get(f"/sessions/{clinic.session_id}"))
    assert clinic.secret not in page
    assert 'name="code"' in page and 'data-testid="self-attend"' in page
    assert login_as("peserta10").get(f"/sessions/{clinic.session_id}").status_code == 404


def test_roster_refresh_gives_attendance_and_the_server_time(seeded, coach):
    clinic = make_clinic(seeded)
    send(coach, [mark(clinic, "peserta02", "sakit", clinic.at(5))])
    body = coach.get(f"/api/v1/sessions/{clinic.session_id}/attendance").get_json()
    assert [(a["user_id"], a["status"]) for a in body["attendance"]] == [
        (clinic.users["peserta02"], "sakit")]
    assert body["session"]["status"] == "held" and body["server_time"]


def test_participant_sees_progress_and_sessions_by_what_happened(seeded, login_as):
    peserta = login_as("peserta03")  # demo pattern HAHAHHAHHHHH over the held sessions
    with seeded.app_context():
        program = db.session.scalar(db.select(Program).order_by(Program.id))
        held = [s for s in program.sessions if s.status == "held"]
        planned = [s for s in program.sessions if s.status == "planned"]
    # The demo programme runs from two weeks before this week's Monday, three sessions a week
    # for four weeks: whatever the day, the first two weeks are held, the last is to come.
    assert len(held) >= 6 and len(planned) >= 3
    page = _html(peserta.get(f"/programs/{program.id}"))
    pattern = "HAHAHHAHHHHH"[:len(held)]
    assert re.search(rf'data-testid="attended-count">{pattern.count("H")}<', page)
    assert f"dari target {program.target_sessions} sesi" in page
    assert 'data-testid="sessions-missed"' in page  # the second session, "A"
    assert 'data-testid="sessions-upcoming"' in page
    index = _html(peserta.get("/programs"))
    assert program.name in index


def test_a_session_happening_now_offers_the_code_entry(seeded, login_as):
    clinic = make_clinic(seeded)
    page = _html(login_as("peserta01").get(f"/programs/{clinic.program_id}"))
    assert 'data-testid="sessions-now"' in page and f"/sessions/{clinic.session_id}" in page
    assert "masukkan kode" in _html(login_as("peserta01").get("/programs"))


def test_participants_do_not_see_programmes_they_are_not_in(seeded, login_as):
    clinic = make_clinic(seeded)
    assert login_as("peserta10").get(f"/programs/{clinic.program_id}").status_code == 404


def test_leave_is_decided_from_the_page(seeded, login_as):
    clinic = make_clinic(seeded)
    [result] = send(login_as("peserta02"), [leave(datetime.now(UTC).astimezone(WIB), "sakit",
                                                  clinic.day, clinic.day)])
    leave_id = result["record"]["leave_id"]
    coach = login_as("pelatih1")
    page = _html(coach.get("/coaching/leave"))
    assert f'data-leave-id="{leave_id}"' in page
    response = _form(coach, f"/coaching/leave/{leave_id}/decision", decision="approved",
                     note="Semoga lekas sembuh")
    assert response.status_code == 302
    assert "disetujui; 1 sesi menjadi sakit" in _html(coach.get("/coaching/leave"))
    assert attendance(seeded, clinic, "peserta02").status == "sakit"
    again = _form(coach, f"/coaching/leave/{leave_id}/decision", decision="rejected")
    assert again.status_code == 302
    assert "sudah diputuskan" in _html(coach.get("/coaching/leave"))


def _leave_item(page: str, leave_id: int) -> str:
    return re.search(rf'<li data-leave-id="{leave_id}">(.*?)</li>', page, re.S).group(1)


def test_a_coachs_leave_list_leaves_leave_reaching_another_coachs_programme_to_bkpsdm(
        seeded, login_as):
    own = make_clinic(seeded)
    make_clinic(seeded, coach="pelatih3", participants=("peserta01",), starts_at=own.starts_at)
    day, now = own.day, datetime.now(UTC).astimezone(WIB)
    [reaching] = send(login_as("peserta01"), [leave(now, "sakit", day, day)])
    [own_only] = send(login_as("peserta02"), [leave(now, "izin", day, day)])
    reaching_id, own_id = reaching["record"]["leave_id"], own_only["record"]["leave_id"]

    coach = login_as("pelatih1")
    assert "1 permohonan izin menunggu keputusan" in _html(coach.get("/coaching"))
    page = _html(coach.get("/coaching/leave"))
    assert "keputusannya ada pada BKPSDM" in _leave_item(page, reaching_id)
    assert "approve-leave" not in _leave_item(page, reaching_id)
    assert "approve-leave" in _leave_item(page, own_id)
    assert "BKPSDM" not in _leave_item(page, own_id)
    page = _html(login_as("bkpsdm").get("/coaching/leave"))
    assert all("approve-leave" in _leave_item(page, i) for i in (reaching_id, own_id))


def test_participant_leave_page_has_the_form_and_their_own_requests(seeded, login_as):
    peserta = login_as("peserta01")
    now = datetime.now(UTC).astimezone(WIB)
    send(peserta, [leave(now, "sakit", now.date(), now.date() + timedelta(days=1),
                         reason="Demam tinggi")])
    send(login_as("peserta02"), [leave(now, "izin", now.date(), now.date(),
                                       reason="Urusan orang lain")])
    html = _html(peserta.get("/leave"))
    assert "data-leave-form" in html and 'name="photo"' in html
    assert "Demam tinggi" in html and "Menunggu" in html
    assert "Urusan orang lain" not in html
    assert "/leave" in _html(peserta.get("/programs"))


def test_a_coach_mark_in_the_past_needs_no_window(seeded, login_as):
    """Coaches may mark a session after it ended (e.g. from notes the next day)."""
    clinic = make_clinic(seeded, starts_at=datetime.now(UTC) - timedelta(days=1))
    [result] = send(login_as("pelatih1"), [mark(clinic, "peserta01", "hadir",
                                                datetime.now(UTC).astimezone(WIB))])
    assert result["status"] == "created"
