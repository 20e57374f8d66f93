"""The working calendar: holidays, weekly schedules, special periods."""

from datetime import date, time

import pytest

from webapp.services.work_calendar import (
    Calendar,
    Holiday,
    Hours,
    Period,
    default_week,
    month_days,
    work_day,
)

START = time(7, 30)
UNIT, OTHER = 1, 2
MONDAY = date(2026, 3, 2)
FRIDAY = date(2026, 3, 6)
SATURDAY = date(2026, 3, 7)


def test_without_a_schedule_monday_to_friday_are_work_days_with_a_longer_friday():
    calendar = Calendar()
    assert work_day(calendar, UNIT, START, MONDAY).hours == Hours(START, time(16, 0))
    assert work_day(calendar, UNIT, START, FRIDAY).hours == Hours(START, time(16, 30))
    assert not work_day(calendar, UNIT, START, SATURDAY).is_work_day


def test_the_default_week_starts_at_the_units_own_work_start():
    assert work_day(Calendar(), UNIT, time(8, 0), MONDAY).hours.start == time(8, 0)


def test_a_district_holiday_is_no_work_day_for_any_unit():
    nyepi = Holiday(date(2026, 3, 19), "libur_nasional", "Hari Suci Nyepi")
    calendar = Calendar(holidays=[nyepi])
    for unit in (UNIT, OTHER):
        day = work_day(calendar, unit, START, nyepi.day)
        assert not day.is_work_day and day.holiday == nyepi


def test_a_regional_holiday_of_one_unit_leaves_the_others_working():
    local = Holiday(date(2026, 3, 10), "libur_daerah", "Hari jadi nagari", unit_id=UNIT)
    calendar = Calendar(holidays=[local])
    assert not work_day(calendar, UNIT, START, local.day).is_work_day
    assert work_day(calendar, OTHER, START, local.day).is_work_day


def test_a_units_own_week_replaces_the_districts():
    district = default_week(START)
    kecamatan = {**district, 5: Hours(time(7, 30), time(12, 0))}  # Mon-Sat office
    calendar = Calendar(district_week=district, unit_weeks={UNIT: kecamatan})
    assert work_day(calendar, UNIT, START, SATURDAY).hours == Hours(time(7, 30), time(12, 0))
    assert not work_day(calendar, OTHER, START, SATURDAY).is_work_day


def test_ramadan_changes_the_hours_of_the_days_it_names_and_only_within_its_dates():
    ramadan = Period("Ramadan 1447 H", date(2026, 2, 18), date(2026, 3, 19),
                     {d: Hours(time(8, 0), time(15, 0)) for d in range(4)}
                     | {4: Hours(time(8, 0), time(15, 30))})
    calendar = Calendar(periods=[ramadan])
    inside = work_day(calendar, UNIT, START, MONDAY)
    assert inside.hours == Hours(time(8, 0), time(15, 0)) and inside.period == ramadan.name
    assert work_day(calendar, UNIT, START, FRIDAY).hours.end == time(15, 30)
    after = work_day(calendar, UNIT, START, date(2026, 3, 23))
    assert after.hours == Hours(START, time(16, 0)) and after.period is None
    # A period gives hours; it does not make a Saturday a work day.
    assert not work_day(calendar, UNIT, START, SATURDAY).is_work_day


def test_a_units_own_period_wins_over_the_district_wide_one():
    district = Period("Ramadan", MONDAY, FRIDAY, {0: Hours(time(8, 0), time(15, 0))})
    own = Period("Ramadan (puskesmas)", MONDAY, FRIDAY, {0: Hours(time(7, 0), time(14, 0))},
                 unit_id=UNIT)
    calendar = Calendar(periods=[district, own])
    assert work_day(calendar, UNIT, START, MONDAY).hours.start == time(7, 0)
    assert work_day(calendar, OTHER, START, MONDAY).hours.start == time(8, 0)


def test_a_holiday_wins_over_a_special_period():
    idul_fitri = Holiday(date(2026, 3, 20), "cuti_bersama", "Cuti bersama Idul Fitri")
    ramadan = Period("Ramadan", date(2026, 2, 18), date(2026, 3, 20),
                     {4: Hours(time(8, 0), time(15, 30))})
    calendar = Calendar(holidays=[idul_fitri], periods=[ramadan])
    assert not work_day(calendar, UNIT, START, idul_fitri.day).is_work_day


def test_bad_values_are_refused():
    with pytest.raises(ValueError):
        Hours(time(16, 0), time(7, 30))
    with pytest.raises(ValueError):
        Holiday(MONDAY, "libur_bupati", "?")
    with pytest.raises(ValueError):
        Period("x", FRIDAY, MONDAY, {})


def test_month_days_cover_the_whole_month_including_december_and_leap_february():
    assert len(month_days(2026, 12)) == 31 and month_days(2026, 12)[-1] == date(2026, 12, 31)
    assert len(month_days(2028, 2)) == 29
