"""Daily attendance pages and exports, on each unit's own calendar."""

import csv
import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from tests.api.sync_helpers import checkin_entry, send
from webapp.extensions import db
from webapp.models import CheckIn, Unit, User

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


@pytest.fixture
def reviewer(seeded_history, login_as):
    return login_as("bkpsdm").client


def last_week(weekday: int) -> date:
    """A working day of last week on the WIB calendar (the demo's leave sits there)."""
    today = datetime.now(UTC).astimezone(WIB).date()
    return today - timedelta(days=today.weekday() + 7 - weekday)


def row_of(html: str, name: str) -> str:
    return html.split(f'<span class="name">{name}</span>')[1].split("</tr>")[0]


def test_a_unit_day_shows_on_time_late_absent_and_approved_leave(seeded_history, reviewer):
    # Demo: peserta04 (Rini Marlina, Pauh Duo) has approved izin Wednesday-Thursday last week;
    # peserta09 (Desi Ratnasari, Disdik) asked for Friday but it is still pending.
    html = reviewer.get(f"/review/daily?unit=KEC-PAUHDUO&date={last_week(2)}") \
        .get_data(as_text=True)
    assert 'class="status status-izin">Izin<' in row_of(html, "Rini Marlina, S.STP.")
    disdik = reviewer.get(f"/review/daily?unit=DISDIK&date={last_week(4)}").get_data(as_text=True)
    assert "Tidak absen" in row_of(disdik, "Desi Ratnasari, S.Pd., M.Pd.")
    with seeded_history.app_context():
        late = db.session.scalars(db.select(CheckIn).where(CheckIn.late_minutes > 0,
                                                           CheckIn.review_state == "ok")).first()
        user = db.session.get(User, late.user_id)
        name, code = user.full_name, user.unit.code
        earlier_in = db.session.scalar(db.select(db.func.count(CheckIn.id)).where(
            CheckIn.user_id == late.user_id, CheckIn.local_date == late.local_date,
            CheckIn.type == "in", CheckIn.corrected_at < late.corrected_at))
    assert earlier_in == 0
    html = reviewer.get(f"/review/daily?unit={code}&date={late.local_date}").get_data(as_text=True)
    row = row_of(html, name)
    assert f"Terlambat {late.late_minutes} mnt" in row
    assert late.corrected_at.astimezone(WIB).strftime("%H:%M") in row


def test_the_week_matrix_has_monday_to_friday_for_every_official(seeded_history, reviewer):
    html = reviewer.get(f"/review/daily?unit=KEC-PAUHDUO&date={last_week(2)}") \
        .get_data(as_text=True)
    matrix = html.split('data-testid="week-matrix"')[1].split("</table>")[0]
    for weekday in ("Sen", "Sel", "Rab", "Kam", "Jum"):
        assert f">{weekday} " in matrix
    rini = matrix.split("Rini Marlina")[1].split("</tr>")[0]
    assert rini.count("<td") == 5 and rini.count("status-izin") == 2


def test_without_a_unit_the_page_sums_up_every_unit(seeded_history, reviewer):
    html = reviewer.get(f"/review/daily?date={last_week(1)}").get_data(as_text=True)
    overview = html.split('data-testid="daily-overview"')[1]
    assert "Kecamatan Pauh Duo" in overview and "Dinas Kesehatan" in overview
    assert reviewer.get("/review/daily?unit=NOPE&date=kemarin").status_code == 200


def test_checkins_land_on_their_wit_date_whatever_the_utc_date(seeded, login_as):
    with seeded.app_context():
        papua = Unit(code="DIST-WAMENA", name="Distrik Wamena", kind="kecamatan",
                     timezone="Asia/Jayapura", latitude=-4.0968, longitude=138.9505,
                     work_start=time(7, 30))
        official = db.session.scalar(db.select(User).filter_by(username="peserta02"))
        official.unit = papua
        db.session.add(papua)
        db.session.commit()
    wit_day = datetime.now(UTC).astimezone(WIT).date() - timedelta(days=1)
    morning = datetime.combine(wit_day, time(7, 10), WIT)  # 22:10 UTC the day before
    evening = datetime.combine(wit_day, time(23, 30), WIT)  # 14:30 UTC
    assert morning.astimezone(UTC).date() == wit_day - timedelta(days=1)
    send(login_as("peserta02"), [
        checkin_entry(morning, lat=-4.0967311, lon=138.9506172),
        checkin_entry(evening, type_="out", lat=-4.0968844, lon=138.9504391)])
    reviewer = login_as("bkpsdm").client
    html = reviewer.get(f"/review/daily?unit=DIST-WAMENA&date={wit_day}").get_data(as_text=True)
    row = row_of(html, "Yulia Rahmawati, S.STP., M.Si.")
    assert "Tepat waktu" in row and "07:10" in row and "23:30" in row
    assert "Waktu setempat WIT · jam masuk 07:30, pulang 16:" in html
    for other in (wit_day - timedelta(days=1), wit_day + timedelta(days=1)):
        page = reviewer.get(f"/review/daily?unit=DIST-WAMENA&date={other}").get_data(as_text=True)
        row = row_of(page, "Yulia Rahmawati, S.STP., M.Si.")
        assert "07:10" not in row and "23:30" not in row


def test_daily_exports_match_the_page(seeded_history, reviewer):
    day = last_week(2)
    xlsx = reviewer.get(f"/review/daily/export.xlsx?unit=KEC-PAUHDUO&date={day}")
    assert xlsx.status_code == 200 and f"absensi-kec-pauhduo-{day}.xlsx" in \
        xlsx.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(xlsx.data))
    harian = [[c.value for c in row] for row in wb["Harian"].iter_rows(min_row=2)]
    assert [r[1] for r in harian] == ["Rini Marlina, S.STP."] and harian[0][4] == "Izin"
    assert wb["Harian"].freeze_panes == "A2"
    info = {r[0].value: r[1].value for r in wb["Info"].iter_rows(min_row=2)}
    assert info["Tanggal"].date() == day and info["Zona waktu"] == "WIB"
    body = reviewer.get(f"/review/daily/export.csv?unit=KEC-PAUHDUO&date={day}").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:5] == ["No", "Nama", "NIP", "Jabatan", "Status"] and rows[1][4] == "Izin"
    assert reviewer.get("/review/daily/export.xlsx").status_code == 404
    assert reviewer.get("/review/daily/export.csv?unit=NOPE").status_code == 404


def test_the_daily_view_and_team_read_the_working_calendar_like_the_recap(
        seeded_history, reviewer, login_as):
    """A regional holiday of one unit is "Libur" there (not "Tidak absen") on /review/daily
    and in load_daily (which /team shows), as the monthly recap counts it: no work day."""
    from webapp.models import Holiday

    day = last_week(1)
    with seeded_history.app_context():
        unit_id = db.session.scalar(db.select(Unit.id).filter_by(code="KEC-PAUHDUO"))
        db.session.add(Holiday(day=day, kind="libur_daerah", name="Hari jadi nagari",
                               unit_id=unit_id))
        db.session.commit()
    html = reviewer.get(f"/review/daily?unit=KEC-PAUHDUO&date={day}").get_data(as_text=True)
    assert 'class="status status-libur">Libur<' in row_of(html, "Rini Marlina, S.STP.")
    other = reviewer.get(f"/review/daily?unit=KEC-SANGIR&date={day}").get_data(as_text=True)
    assert "status-libur" not in other
    with seeded_history.app_context():
        from webapp.services.daily_attendance import load_daily

        view = load_daily("KEC-PAUHDUO", day, datetime.now(UTC))
    assert {row.status.holiday for row in view.rows} == {"Hari jadi nagari"}


def test_the_daily_workbook_info_states_the_hours_the_calendar_applied_that_day(seeded,
                                                                                login_as):
    """The Info sheet (and the page's line above the table) give the day's in and out times
    from the same calendar day the statuses were judged by: a unit's shorter Friday, a special
    period's hours, a holiday or a day off, not the unit's plain work start."""
    from webapp.models import Holiday, SpecialPeriod, WorkHours

    friday, ramadan_day, holiday, saturday = (date(2027, 3, 5), date(2027, 3, 1),
                                              date(2027, 3, 3), date(2027, 3, 6))
    with seeded.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-PAUHDUO"))
        assert unit.work_start == time(7, 30)
        period = SpecialPeriod(name="Ramadan 1448 H", date_from=date(2027, 2, 8),
                               date_to=date(2027, 3, 2), unit_id=unit.id)
        db.session.add(period)
        db.session.flush()
        db.session.add_all([
            *(WorkHours(unit_id=unit.id, weekday=d, start_time=time(7, 30),
                        end_time=time(16, 0)) for d in range(4)),
            WorkHours(unit_id=unit.id, weekday=4, start_time=time(7, 30), end_time=time(11, 30)),
            *(WorkHours(period_id=period.id, weekday=d, start_time=time(8, 0),
                        end_time=time(15, 0)) for d in range(5)),
            Holiday(day=holiday, kind="libur_daerah", name="Hari jadi nagari",
                    unit_id=unit.id)])
        db.session.commit()
    reviewer = login_as("bkpsdm").client

    def info(day: date) -> dict:
        xlsx = reviewer.get(f"/review/daily/export.xlsx?unit=KEC-PAUHDUO&date={day}")
        sheet = load_workbook(io.BytesIO(xlsx.data))["Info"]
        return {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}

    def page_line(day: date) -> str:
        html = reviewer.get(f"/review/daily?unit=KEC-PAUHDUO&date={day}").get_data(as_text=True)
        return html.split('data-testid="daily-unit"')[1].split("</p>")[0]

    shorter = info(friday)
    assert shorter["Hari"] == "Hari kerja"
    assert (shorter["Jam masuk kerja"], shorter["Jam pulang kerja"]) == (time(7, 30),
                                                                         time(11, 30))
    assert "jam masuk 07:30, pulang 11:30 ·" in page_line(friday)
    fasting = info(ramadan_day)
    assert fasting["Hari"] == "Hari kerja, jam Ramadan 1448 H"
    assert (fasting["Jam masuk kerja"], fasting["Jam pulang kerja"]) == (time(8, 0), time(15, 0))
    assert "jam masuk 08:00, pulang 15:00 (Ramadan 1448 H)" in page_line(ramadan_day)
    off = info(holiday)
    assert off["Hari"] == "Libur daerah: Hari jadi nagari" and "Jam masuk kerja" not in off
    assert "Libur daerah: Hari jadi nagari" in page_line(holiday)
    weekend = info(saturday)
    assert weekend["Hari"] == "Bukan hari kerja" and "Jam masuk kerja" not in weekend
    assert "Bukan hari kerja ·" in page_line(saturday)
