"""Every export route, fed user text that starts like a formula: no XLSX has a formula cell,
and no CSV field starts like one."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.api.project_helpers import add_project, leadership_programme
from tests.unit.test_dashboard_exports import HYPERLINK, MINUS, PLUS, XLSX_NS, sheet_cells
from webapp.extensions import db
from webapp.models import Program, User
from webapp.services.exports import FORMULA_STARTS


@pytest.fixture
def hostile(seeded):
    """peserta01 named like a formula, with such a jabatan, unit and programme name, and a
    change project of theirs titled like one in a leadership training named like one."""
    with seeded.app_context():
        user = db.session.scalar(db.select(User).filter_by(username="peserta01"))
        user.full_name, user.jabatan, user.unit.name = HYPERLINK, PLUS, MINUS
        program = db.session.scalar(db.select(Program).order_by(Program.id))
        program.name = "@" + program.name
        training = leadership_programme(name="=PKA")
        add_project(user, training, date(2026, 1, 5), {"2026-01": 3}, title="+SUM(A1:A9)")
        db.session.commit()
        return {"program": program.id, "unit": user.unit.code, "training": training.id}


def export_urls(ids: dict, kind: str) -> list[str]:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    urls = [f"/review/programs/{ids['program']}/export.{kind}",
            f"/review/daily/export.{kind}?unit={ids['unit']}&date={today}",
            f"/review/monthly/export.{kind}?unit={ids['unit']}"]
    if kind == "xlsx":  # change projects export a workbook only
        urls.append(f"/review/projects/export.xlsx?program={ids['training']}")
    return urls


def test_no_exported_workbook_has_a_formula(hostile, login_as):
    reviewer = login_as("bkpsdm")
    for url in export_urls(hostile, "xlsx"):
        response = reviewer.get(url)
        assert response.status_code == 200, url
        cells = sheet_cells(response.data)
        assert [c for c in cells if c.find("x:f", XLSX_NS) is not None] == [], url
        texts = {c.findtext("x:is/x:t", namespaces=XLSX_NS) for c in cells}
        assert HYPERLINK in texts, url


def test_no_exported_csv_field_starts_like_a_formula(hostile, login_as):
    reviewer = login_as("bkpsdm")
    for url in export_urls(hostile, "csv"):
        response = reviewer.get(url)
        assert response.status_code == 200, url
        fields = [f for row in csv.reader(io.StringIO(response.data.decode("utf-8-sig")))
                  for f in row]
        assert "'" + HYPERLINK in fields, url
        assert [f for f in fields if f.startswith(FORMULA_STARTS)
                and not f[1:].isdigit()] == [], url  # a tab before digits keeps a NIP text
