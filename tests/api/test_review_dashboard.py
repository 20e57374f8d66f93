"""The programme dashboard, its filters, exports and print view, against the demo data."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.api.admin_helpers import without_district_settings
from tests.api.clinic_helpers import leave, make_clinic
from tests.api.sync_helpers import send
from webapp.extensions import db
from webapp.models import ClinicSession, Program, SessionAttendance, User
from webapp.services.dashboard import load_dashboard
from webapp.services.exports import PARTICIPANT_COLUMNS


@pytest.fixture
def reviewer(seeded, login_as):
    return login_as("bkpsdm").client


def demo_program_id(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Program.id).where(Program.name.like("%Eselon III")))


def service_dashboard(app, program_id):
    with app.app_context():
        return load_dashboard(program_id)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def participant_zones(html: str) -> list[str]:
    table = html.split('data-testid="participant-table"')[1].split("</table>")[0]
    return re.findall(r'<tr data-zone="(\w+)"', table)


def test_the_demo_programme_dashboard_shows_all_three_zones(seeded, reviewer):
    program_id = demo_program_id(seeded)
    html = html_of(reviewer, f"/review/programs/{program_id}")
    zones = participant_zones(html)
    assert len(zones) == 24 and {"hijau", "kuning", "merah"} <= set(zones)
    dashboard = service_dashboard(seeded, program_id)
    assert all(dashboard.zone_counts[z] > 0 for z in ("hijau", "kuning", "merah"))
    for zone in ("hijau", "kuning", "merah"):
        assert zones.count(zone) == dashboard.zone_counts[zone]
    assert f"Hijau {dashboard.zone_counts['hijau']}" in html  # the chart's label
    assert "<svg" in html and "<script>" not in html.split("<main")[1]


def test_each_row_shows_the_services_numbers_and_reachability(seeded, reviewer):
    program_id = demo_program_id(seeded)
    html = html_of(reviewer, f"/review/programs/{program_id}")
    for row in service_dashboard(seeded, program_id).rows:
        c = row.completion
        cell = html.split(f'<span class="name">{row.participant.full_name}</span>')[1]
        cell = cell.split("</tr>")[0]
        assert f'data-label="Hadir" class="num c-n">{c.attended}<' in cell
        assert f'data-label="Alpa" class="num c-n">{c.missed}<' in cell
        assert row.reachability_text in cell
    assert "masih bisa — perlu" in html and "tidak mungkin lagi" in html


def test_consecutive_absences_are_listed_before_the_participant_table(seeded, reviewer):
    program_id = demo_program_id(seeded)
    html = html_of(reviewer, f"/review/programs/{program_id}")
    dashboard = service_dashboard(seeded, program_id)
    assert dashboard.alerts, "the demo data has participants missing sessions in a row"
    alerts = html.split('data-testid="absence-alerts"')[1].split("</section>")[0]
    for row in dashboard.alerts:
        assert row.participant.full_name in alerts
        assert f"alpa {row.completion.current_streak_missed} sesi terakhir" in alerts
    assert html.index("absence-alerts") < html.index("participant-table")


def test_filters_and_sorting_work_from_the_query_string(seeded, reviewer):
    program_id = demo_program_id(seeded)
    url = f"/review/programs/{program_id}"
    assert set(participant_zones(html_of(reviewer, url + "?zone=merah"))) == {"merah"}
    pupr = html_of(reviewer, url + "?unit=PUPR")
    assert len(participant_zones(pupr)) == 3 and "(disaring dari 24)" in pupr
    eselon = html_of(reviewer, url + "?eselon=III.b&zone=hijau")
    assert set(participant_zones(eselon)) == {"hijau"}
    lowest_first = html_of(reviewer, url + "?sort=percent_asc")
    percents = re.findall(r'class="num c-pct">([\d,]+) %', lowest_first)
    values = [float(p.replace(",", ".")) for p in percents]
    assert values == sorted(values) and len(values) == 24
    assert 'value="percent_asc" selected' in lowest_first


def test_bad_query_parameters_fall_back_to_the_default_view(seeded, reviewer):
    program_id = demo_program_id(seeded)
    html = html_of(reviewer, f"/review/programs/{program_id}?zone=ungu&sort=%27--&page=-3&unit="
                             + "x" * 500)
    assert len(participant_zones(html)) == 24
    assert reviewer.get("/review/programs/999999").status_code == 404


def test_the_xlsx_numbers_equal_the_dashboards(seeded, reviewer):
    program_id = demo_program_id(seeded)
    response = reviewer.get(f"/review/programs/{program_id}/export.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.data))
    dashboard = service_dashboard(seeded, program_id)
    ws = wb["Rekap peserta"]
    header = [c.value for c in ws[1]]
    assert header == [c.title for c in PARTICIPANT_COLUMNS]
    sheet_rows = [dict(zip(header, (c.value for c in row), strict=True))
                  for row in ws.iter_rows(min_row=2)]
    assert len(sheet_rows) == len(dashboard.rows) == 24
    for got, row in zip(sheet_rows, dashboard.rows, strict=True):
        c = row.completion
        assert got["Nama"] == row.participant.full_name and got["NIP"] == row.participant.nip
        assert (got["Sesi diadakan"], got["Hadir"], got["Izin/sakit/dinas luar"], got["Alpa"],
                got["Dihitung"], got["Masih perlu"], got["Sesi tersisa"]) == \
            (c.held, c.attended, c.excused, c.missed, c.counted, c.needed, c.remaining)
        assert got["Kehadiran"] == pytest.approx(c.percent / 100)
        assert got["Status target"] == row.reachability_text
    units = {r[1].value: r for r in wb["Rekap OPD"].iter_rows(min_row=2)}
    for unit in dashboard.units:
        assert units[unit.code][4].value == unit.attended
        assert units[unit.code][6].value == pytest.approx(unit.percent / 100)
        assert units[unit.code][6].number_format == "0.00%"


def test_the_csv_matches_the_dashboard(seeded, reviewer):
    program_id = demo_program_id(seeded)
    response = reviewer.get(f"/review/programs/{program_id}/export.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    dashboard = service_dashboard(seeded, program_id)
    assert [r["Nama"] for r in rows] == [r.participant.full_name for r in dashboard.rows]
    assert [float(r["Kehadiran (%)"]) for r in rows] == \
        [r.completion.percent for r in dashboard.rows]


def test_the_print_view_has_the_letterhead_table_and_signature_block(seeded, reviewer):
    without_district_settings(seeded)  # the config is the fallback of unset settings
    seeded.config.update(DISTRICT_NAME="Kabupaten Contoh", DISTRICT_SEAT="Kota Contoh")
    program_id = demo_program_id(seeded)
    html = html_of(reviewer, f"/review/programs/{program_id}/print")
    assert "Solok" not in html and "Padang Aro" not in html  # the district is data
    for text in ("PEMERINTAH KABUPATEN CONTOH", "Kota Contoh, ",
                 "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA",
                 "Coaching Clinic Transformasi Digital Pejabat Eselon III",
                 "Mengetahui,", "Kepala BKPSDM", "NIP.", "Periode"):
        assert text in html, text
    table = html.split('data-testid="print-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 1 + 24
    assert "style=" not in html and "<script>" not in html  # the CSP allows neither inline
    css = reviewer.get("/static/css/review.css").get_data(as_text=True)
    assert "@page" in css and "size: A4" in css and "@media print" in css


def test_programme_list_links_every_programme(seeded_history, login_as):
    html = html_of(login_as("bkpsdm").client, "/review")
    with seeded_history.app_context():
        kinds = dict(db.session.execute(db.select(Program.id, Program.kind)).all())
    assert sorted(kinds.values()) == ["coaching_clinic", "coaching_clinic",
                                      "leadership_training"]
    for program_id, kind in kinds.items():  # the PKA leads to its change projects
        assert (f"/review/programs/{program_id}" if kind == "coaching_clinic"
                else f"/review/projects?program={program_id}") in html
    assert "Selesai" in html and "Berjalan" in html


def participant_row(html: str, full_name: str) -> str:
    return html.split(f'<span class="name">{full_name}</span>')[1].split("</tr>")[0]


def test_approved_leave_and_cancelled_sessions_drive_reachability_on_the_page(seeded, login_as):
    # Target 3. peserta01 attended a held session two days ago and is on approved sick leave
    # for today's held session; tomorrow's is cancelled; two more are planned.
    clinic = make_clinic(seeded, status="held")
    with seeded.app_context():
        peserta = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        name, now = peserta.full_name, datetime.now(UTC)

        def session(days: int, status: str) -> ClinicSession:
            starts = clinic.starts_at + timedelta(days=days)
            return ClinicSession(program_id=clinic.program_id, starts_at=starts,
                                 ends_at=starts + timedelta(hours=2), status=status,
                                 secret=clinic.secret)

        earlier = session(-2, "held")
        later = [session(1, "cancelled"), session(2, "planned"), session(3, "planned")]
        db.session.add_all([earlier, *later])
        db.session.flush()
        db.session.add(SessionAttendance(session_id=earlier.id, user_id=peserta.id,
                                         status="hadir", source="coach", marked_at=now))
        db.session.commit()
        last_planned = later[-1].id
    day = clinic.day
    [sent] = send(login_as("peserta01"), [leave(datetime.now(UTC), "sakit", day, day)])
    reviewer = login_as("bkpsdm")
    decided = reviewer.post(f"/api/v1/leave/{sent['record']['leave_id']}/decision",
                            json={"decision": "approved", "note": ""})
    assert decided.status_code == 200 and decided.get_json()["sessions_changed"] == 1

    url = f"/review/programs/{clinic.program_id}"
    c = next(r.completion for r in service_dashboard(seeded, clinic.program_id).rows
             if r.participant.full_name == name)
    assert (c.held, c.attended, c.excused, c.counted, c.percent) == (2, 1, 1, 1, 100.0)
    assert (c.remaining, c.needed, c.reachability) == (2, 2, "masih_bisa")
    row = participant_row(html_of(reviewer.client, url), name)
    assert "masih bisa — perlu 2 dari 2 sesi tersisa" in row
    assert 'data-label="Izin" class="num c-n">1<' in row

    with seeded.app_context():
        db.session.get(ClinicSession, last_planned).status = "cancelled"
        db.session.commit()
    assert "tidak mungkin lagi" in participant_row(html_of(reviewer.client, url), name)
