"""BKPSDM's change-project pages: the overview per programme and OPD, one project's record,
the XLSX export and the print, on the demo and on projects made for the test."""

import io
import re
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from tests.api.admin_helpers import without_district_settings
from tests.api.project_helpers import (
    add_claim_and_review,
    add_project,
    leadership_programme,
    month_start,
)
from tests.api.test_photos import jpeg_bytes
from webapp.extensions import db
from webapp.models import Program, Project, ProjectReport, User
from webapp.services import projects
from webapp.services.photos import clean_photo, store_photo
from webapp.vocabulary import SHORT_MONTHS

WIB = ZoneInfo("Asia/Jakarta")


def demo_programme(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Program.id).filter_by(kind="leadership_training"))


def numbers(html: str, attribute: str) -> dict[str, int]:
    """{value: the number in its <dd>} of `<div data-attribute="value">…<dd>n</dd>`."""
    return {key: int(n) for key, n in re.findall(
        rf'<div {attribute}="([^"]+)"><dt>[^<]*</dt><dd>(\d+)</dd>', html)}


def test_the_demo_shows_its_projects_by_state_reason_and_classification(seeded_history,
                                                                        login_as):
    program_id = demo_programme(seeded_history)
    html = login_as("bkpsdm").get(f"/review/projects?program={program_id}").get_data(
        as_text=True)
    assert numbers(html, "data-state") == {"rencana": 0, "hidup": 4, "melemah": 3,
                                           "mati_suri": 5, "berhenti": 4}
    reasons = numbers(html, "data-reason")
    assert reasons["anggaran"] == 3 and reasons["mutasi"] == 1
    assert sum(numbers(html, "data-class").values()) == 16
    with seeded_history.app_context():
        reviewer = db.session.scalar(db.select(User).filter_by(username="bkpsdm"))
        items = projects.visible(reviewer, datetime.now(UTC), program=program_id)
    overdue = sum(m["overdue"] for item in items for m in item["milestones"])
    assert f'Tahapan terlambat <span class="count">{overdue}</span>' in html
    assert html.count("<li data-project=") == overdue
    assert html.count('data-state="mati_suri" data-project=') == 5


@pytest.fixture
def constructed(seeded):
    """A programme (green ≥ 60 %, yellow ≥ 30 %) whose numbers are known: in PUPR
    peserta08's project used for six months (hidup) and peserta15's launched two months
    ago and never used (mati_suri); in DINKES peserta10's launched seven months ago, used
    only in its first month, with a milestone ten days overdue."""
    with seeded.app_context():
        today = datetime.now(WIB).date()
        users = {u.username: u for u in db.session.scalars(db.select(User).where(
            User.username.in_(["peserta08", "peserta15", "peserta10"])))}
        program = leadership_programme()
        used = {f"{month_start(today, k):%Y-%m}": 40 for k in range(1, 7)}
        lively = add_project(users["peserta08"], program, month_start(today, 6), used,
                             title="Antrean Daring")
        add_project(users["peserta15"], program, month_start(today, 2), title="Arsip Digital")
        fading = add_project(users["peserta10"], program, month_start(today, 7),
                             {f"{month_start(today, 7):%Y-%m}": 12}, title="Posyandu Keliling",
                             due_dates=(today - timedelta(days=10),))
        db.session.commit()
        return {"program": program.id, "lively": lively.id, "fading": fading.id,
                "unit": users["peserta08"].unit.code, "other": users["peserta10"].unit.code,
                "today": today}


def test_survival_zones_and_overdue_of_a_constructed_programme(constructed, login_as):
    html = login_as("bkpsdm").get(f"/review/projects?program={constructed['program']}") \
        .get_data(as_text=True)
    assert numbers(html, "data-state") == {"rencana": 0, "hidup": 1, "melemah": 0,
                                           "mati_suri": 2, "berhenti": 0}
    survival = dict(re.findall(r'<tr data-month="(\d+)">.*?<td[^>]*>(.*?)</td>', html, re.S))
    # Month 3: the six-month and seven-month projects; the two-month one is censored.
    assert ">50 %</strong>" in survival["3"] and "(1 dari 2)" in survival["3"]
    # Month 6 is complete only for the seven-month project, unused by then.
    assert "(0 dari 1)" in survival["6"]
    assert "belum ada yang genap 12 bulan" in survival["12"]
    zones = dict(re.findall(r'<tr data-zone="(\w+)" data-unit="([^"]+)">', html))
    assert {unit: zone for zone, unit in zones.items()} == {
        constructed["unit"]: "kuning", constructed["other"]: "merah"}  # 1 of 2: 50 %; 0 of 1
    overdue = re.findall(r'<li data-project="([^"]+)">.*?<strong>(\d+) hari</strong>', html, re.S)
    assert overdue == [(constructed["fading"], "10")]


def test_filters_narrow_to_an_opd_and_refuse_another_kind_of_programme(constructed, login_as):
    reviewer = login_as("bkpsdm")
    html = reviewer.get(f"/review/projects?program={constructed['program']}"
                        f"&unit={constructed['other']}").get_data(as_text=True)
    assert "Posyandu Keliling" in html and "Antrean Daring" not in html
    assert numbers(html, "data-state")["mati_suri"] == 1
    clinic = reviewer.get("/review/projects?program=1")  # the demo's coaching clinic
    assert clinic.status_code == 404
    assert reviewer.get("/review/projects?program=abc").status_code == 200  # dropped, as others


def test_a_month_reported_again_counts_its_last_report(seeded, constructed, login_as):
    """The lively project's last month corrected to 0 later: it fades on the page, and the
    record keeps the first count."""
    last = f"{month_start(constructed['today'], 1):%Y-%m}"
    with seeded.app_context():
        owner = db.session.scalar(db.select(User).filter_by(username="peserta08"))
        db.session.add(ProjectReport(project_id=constructed["lively"], period=last, usage=0,
                                     by_id=owner.id, created_at=datetime.now(UTC)))
        db.session.commit()
    reviewer = login_as("bkpsdm")
    html = reviewer.get(f"/review/projects?program={constructed['program']}").get_data(
        as_text=True)
    assert numbers(html, "data-state")["melemah"] == 1
    record = reviewer.get(f"/review/projects/{constructed['lively']}").get_data(as_text=True)
    row = re.search(rf'<tr data-period="{last}".*?</tr>', record, re.S).group(0)
    assert ">0 <" in row.replace("</td>", " <") and "semula 40" in row
    workbook = openpyxl.load_workbook(io.BytesIO(reviewer.get(
        f"/review/projects/export.xlsx?program={constructed['program']}").data))
    usage = workbook["Pemakaian bulanan"]
    header = [c.value for c in usage[1]]
    lively = next(r for r in usage.iter_rows(min_row=2, values_only=True)
                  if r[0] == "Antrean Daring")
    month = month_start(constructed["today"], 1)
    assert lively[header.index(f"{SHORT_MONTHS[month.month - 1]} {month.year}")] == 0


def test_the_export_has_a_sheet_per_view_with_real_dates_and_numbers(constructed, login_as):
    response = login_as("bkpsdm").get(
        f"/review/projects/export.xlsx?program={constructed['program']}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith(
        'attachment; filename="proyek-perubahan-pka-uji-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Proyek", "Status", "Tahapan", "Terlambat", "Klasifikasi",
                                   "Ketahanan", "Alasan berhenti", "Zona OPD",
                                   "Pemakaian bulanan", "Info"]
    rows = {r[1]: r for r in workbook["Proyek"].iter_rows(min_row=2, values_only=True)}
    lively = rows["Antrean Daring"]
    assert lively[6] == datetime.combine(month_start(constructed["today"], 6), datetime.min.time())
    assert lively[7] == "Hidup" and lively[9:12] == (0, 0, 0)
    late = list(workbook["Terlambat"].iter_rows(min_row=2, values_only=True))
    assert len(late) == 1 and late[0][2] == "Posyandu Keliling"
    assert late[0][6] == datetime.combine(constructed["today"] - timedelta(days=10),
                                          datetime.min.time())
    assert late[0][7] == 10 and isinstance(late[0][7], int)
    survival = {r[1]: r for r in workbook["Ketahanan"].iter_rows(min_row=2, values_only=True)}
    assert survival[3][2:] == (2, 1, 0.5)
    assert survival[12][2:] == (0, 0, None)
    zones = {r[1]: r for r in workbook["Zona OPD"].iter_rows(min_row=2, values_only=True)}
    assert zones[constructed["unit"]][4:] == (2, 1, 0.5, "Kuning")
    states = dict(workbook["Status"].iter_rows(min_row=2, values_only=True))
    assert states == {"Rencana": 0, "Hidup": 1, "Melemah": 0, "Mati suri": 2, "Berhenti": 0}


def test_only_reviewers_open_the_project_pages(seeded_history, role_users_login):
    with seeded_history.app_context():
        project_id = db.session.scalar(db.select(Project.id).limit(1))
    urls = ["/review/projects", f"/review/projects/{project_id}", "/review/projects/print",
            "/review/projects/export.xlsx"]
    for (name, client), status in role_users_login.items():
        for url in urls:
            assert client.get(url).status_code == status, (name, url)


@pytest.fixture
def role_users_login(seeded_history, login_as):
    """A logged-in client per demo role: participant, coach, supervisor (403) and reviewer."""
    return {(name, login_as(name)): status for name, status in (
        ("peserta01", 403), ("pelatih1", 403), ("atasan1", 403), ("bkpsdm", 200))}


def test_an_unknown_project_is_404(seeded_history, login_as):
    assert login_as("bkpsdm").get(f"/review/projects/{uuid.uuid4()}").status_code == 404


def test_a_projects_record_shows_plan_milestones_evidence_verdicts_usage_and_stop(
        seeded, login_as):
    with seeded.app_context():
        owner = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        mentor = db.session.scalar(db.select(User).filter_by(username="atasan1"))
        today = datetime.now(WIB).date()
        photo_id = str(uuid.uuid4())
        store_photo(owner.id, photo_id, clean_photo(jpeg_bytes(), "image/jpeg"))
        project = add_project(owner, leadership_programme(), month_start(today, 3),
                              {f"{month_start(today, 3):%Y-%m}": 25}, title="Kartu Tani",
                              stop=("anggaran", datetime.now(UTC)),
                              mentor=mentor, due_dates=(today, today + timedelta(days=90)))
        add_claim_and_review(project, project.milestones[0], owner, mentor, "dikembalikan",
                             photo_id=photo_id)
        db.session.commit()
        project_id, names = project.id, (owner.full_name, mentor.full_name)
    reviewer = login_as("bkpsdm")
    html = reviewer.get(f"/review/projects/{project_id}").get_data(as_text=True)
    assert "Kartu Tani" in html and all(name in html for name in names)
    assert f'src="/api/v1/photos/{photo_id}"' in html
    assert reviewer.get(f"/api/v1/photos/{photo_id}").status_code == 200
    assert "Klaim selesai" in html and "Uji coba berjalan di kantor camat." in html
    assert "Mentor: Dikembalikan" in html and "Anggaran perluasan belum ada di DPA." in html
    assert "Berhenti: Anggaran" in html and 'data-testid="project-state">Berhenti<' in html
    periods = re.findall(r'<tr data-period="(\d{4}-\d\d)"', html)
    assert periods[-1] == f"{month_start(today, 3):%Y-%m}" and len(periods) == 4
    months = dict(re.findall(r'<tr data-period="([\d-]+)".*?<td[^>]*>(.*?)</td>', html, re.S))
    assert "bulan berjalan" in months[periods[0]]  # this month is not due yet
    assert "belum dilaporkan" in months[periods[1]]  # last month is


@pytest.fixture
def app_config():
    return {"DISTRICT_NAME": "Kabupaten Contoh", "DISTRICT_SEAT": "Kota Uji"}


def test_the_print_is_a_report_for_the_bupati_with_the_districts_letterhead(seeded, constructed,
                                                                          login_as):
    without_district_settings(seeded)  # the config is the fallback of unset settings
    html = login_as("bkpsdm").get(f"/review/projects/print?program={constructed['program']}") \
        .get_data(as_text=True)
    assert "PEMERINTAH KABUPATEN CONTOH" in html
    assert "LAPORAN KEBERLANJUTAN INOVASI" in html and "Yth. Bupati Contoh" in html
    assert "Kota Uji, " in html and "Kepala BKPSDM" in html and "Solok" not in html
    assert Counter(re.findall(r"<td>(Hidup|Mati suri)", html)) == {"Hidup": 1, "Mati suri": 2}
    assert "50 % (1/2)" in html


def test_the_index_lists_leadership_training_apart_linking_to_its_projects(seeded_history,
                                                                          login_as):
    program_id = demo_programme(seeded_history)
    html = login_as("bkpsdm").get("/review").get_data(as_text=True)
    clinics = re.search(r'data-testid="program-list">.*?</ul>', html, re.S).group(0)
    trainings = re.search(r'data-testid="training-list">.*?</ul>', html, re.S).group(0)
    assert "PKA Angkatan I" not in clinics and "Coaching Clinic" in clinics
    assert f'href="/review/projects?program={program_id}"' in trainings
    assert f'href="/review/projects/print?program={program_id}"' in trainings


def test_the_overdue_list_shows_the_twenty_longest_unless_asked_for_all(seeded, login_as):
    with seeded.app_context():
        today = datetime.now(WIB).date()
        program = leadership_programme()
        for n, user in enumerate(db.session.scalars(db.select(User).where(
                User.username.like("peserta%")))):
            add_project(user, program, month_start(today, 2),
                        due_dates=(today - timedelta(days=n + 1),))
        db.session.commit()
        program_id = program.id
    reviewer = login_as("bkpsdm")
    html = reviewer.get(f"/review/projects?program={program_id}").get_data(as_text=True)
    days = [int(d) for d in re.findall(r"<strong>(\d+) hari</strong>", html)]
    assert days == list(range(24, 4, -1))  # the 20 longest, longest first
    assert "Tampilkan semua 24 tahapan terlambat" in html
    every = reviewer.get(f"/review/projects?program={program_id}&overdue=all").get_data(
        as_text=True)
    assert len(re.findall(r"<strong>(\d+) hari</strong>", every)) == 24
