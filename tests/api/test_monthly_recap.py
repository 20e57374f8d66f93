"""The monthly recap read from the database: calendar, zones, the demo month."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tests.api.recap_helpers import official_month
from tests.api.sync_helpers import checkin_entry, send
from webapp.extensions import db
from webapp.models import Holiday, Unit, User
from webapp.services.daily_status import EARLY_BANDS, LATE_BANDS, LIBUR
from webapp.services.monthly_recap import load_monthly
from webapp.services.work_calendar import month_days

WITA = ZoneInfo("Asia/Makassar")


def _past_weekdays(count: int) -> list[date]:
    """The last `count` Monday-to-Thursday dates before today (WITA), newest first: no demo
    holiday falls on them unless the test adds one."""
    day, days = datetime.now(WITA).date(), []
    holidays = set(db.session.scalars(db.select(Holiday.day)))
    while len(days) < count:
        day -= timedelta(days=1)
        if day.weekday() < 4 and day not in holidays:
            days.append(day)
    return days


def test_recap_counts_bands_in_the_units_own_zone_and_skips_holidays(seeded, login_as):
    with seeded.app_context():
        unit = db.session.scalar(db.select(Unit).filter_by(code="KEC-SANGIR"))
        unit.timezone = "Asia/Makassar"
        holiday_day, work_day = _past_weekdays(2)
        db.session.add(Holiday(day=holiday_day, kind="libur_daerah", name="Hari jadi nagari",
                               unit_id=unit.id))
        db.session.commit()
    api = login_as("peserta01")
    entries = [checkin_entry(datetime.combine(work_day, time(7, 45), WITA)),
               checkin_entry(datetime.combine(work_day, time(15, 0), WITA), type_="out"),
               checkin_entry(datetime.combine(holiday_day, time(9, 45), WITA))]
    assert [r["status"] for r in send(api, entries)] == ["created"] * 3
    with seeded.app_context():
        for day, expected in ((work_day, "hadir"), (holiday_day, LIBUR)):
            [status] = [d for d in official_month("KEC-SANGIR", "peserta01", day).days
                        if d.day == day]
            assert status.code == expected
            if expected == "hadir":
                # 07:45 WITA against 07:30 WITA; 15:00 against 16:00 (Mon-Thu).
                assert (status.late_band, status.early_band) == ("TL1", "PSW2")
                assert status.time_in.strftime("%H:%M") == "07:45"
        recap = load_monthly("KEC-SANGIR", holiday_day.year, holiday_day.month,
                             datetime.now(UTC))
        assert holiday_day not in {d.day for d in recap.days if d.is_work_day}


def test_the_demo_month_fills_every_band_and_missing_day_column(seeded_history):
    with seeded_history.app_context():
        today = datetime.now(WITA).date()
        last_month = today.replace(day=1) - timedelta(days=1)
        codes = set(db.session.scalars(db.select(Unit.code).join(User, User.unit_id == Unit.id)
                                       .where(User.username <= "peserta12",
                                              User.username.like("peserta%"))))
        totals = {}
        for code in codes:
            recap = load_monthly(code, last_month.year, last_month.month, datetime.now(UTC))
            for column, count in recap.totals.items():
                totals[column] = totals.get(column, 0) + count
        empty = [c for c in (*LATE_BANDS, *EARLY_BANDS, "tanpa_pulang", "TK", "tepat_waktu")
                 if totals[c] == 0]
        assert empty == []
        work_days = [d for d in month_days(last_month.year, last_month.month) if d.weekday() < 5]
        assert totals["hari_kerja"] <= len(work_days) * 24
