from datetime import UTC, date, datetime, time

import pytest

from webapp.services.schedule import WeeklyPattern, generate, local_slot, session_days

MON_WED_FRI = WeeklyPattern(frozenset({0, 2, 4}), time(9, 0), time(11, 0))


def test_four_weeks_of_mon_wed_fri_give_twelve_sessions_at_local_nine_in_utc():
    slots = generate(MON_WED_FRI, date(2026, 7, 6), date(2026, 7, 31), "Asia/Jakarta")
    assert len(slots) == 12
    first_start, first_end = slots[0]
    assert first_start == datetime(2026, 7, 6, 2, 0, tzinfo=UTC)  # 09:00 WIB
    assert first_end == datetime(2026, 7, 6, 4, 0, tzinfo=UTC)
    assert [s.date() for s, _ in slots[:3]] == [date(2026, 7, 6), date(2026, 7, 8),
                                                 date(2026, 7, 10)]
    assert all(s.tzinfo is UTC and e.tzinfo is UTC for s, e in slots)


def test_holidays_are_skipped_and_other_days_kept():
    holidays = [date(2026, 7, 8), date(2026, 7, 9)]  # a Wednesday and a Thursday
    days = session_days(MON_WED_FRI, date(2026, 7, 6), date(2026, 7, 12), holidays)
    assert days == [date(2026, 7, 6), date(2026, 7, 10)]


def test_both_ends_of_the_range_are_included():
    days = session_days(MON_WED_FRI, date(2026, 7, 6), date(2026, 7, 10))
    assert days == [date(2026, 7, 6), date(2026, 7, 8), date(2026, 7, 10)]


def test_a_range_without_a_pattern_day_gives_nothing():
    assert generate(MON_WED_FRI, date(2026, 7, 7), date(2026, 7, 7), "Asia/Jakarta") == []


@pytest.mark.parametrize(("tz_name", "utc_hour"), [
    ("Asia/Jakarta", 2), ("Asia/Makassar", 1), ("Asia/Jayapura", 0)])
def test_local_time_follows_the_units_zone(tz_name, utc_hour):
    starts, _ = local_slot(date(2026, 7, 6), time(9, 0), time(11, 0), tz_name)
    assert starts == datetime(2026, 7, 6, utc_hour, 0, tzinfo=UTC)


def test_early_morning_wit_session_falls_on_the_previous_utc_day():
    starts, ends = local_slot(date(2026, 7, 6), time(7, 30), time(8, 30), "Asia/Jayapura")
    assert starts == datetime(2026, 7, 5, 22, 30, tzinfo=UTC)
    assert ends == datetime(2026, 7, 5, 23, 30, tzinfo=UTC)


def test_zones_with_daylight_saving_use_each_days_own_offset():
    winter, _ = local_slot(date(2026, 1, 5), time(9, 0), time(10, 0), "Europe/Berlin")
    summer, _ = local_slot(date(2026, 7, 6), time(9, 0), time(10, 0), "Europe/Berlin")
    assert (winter.hour, summer.hour) == (8, 7)


def test_tzinfo_on_the_pattern_times_is_ignored():
    aware = time(9, 0, tzinfo=UTC)
    assert local_slot(date(2026, 7, 6), aware, time(11, 0), "Asia/Jakarta")[0].hour == 2


@pytest.mark.parametrize("weekdays", [frozenset(), frozenset({7}), frozenset({-1, 2})])
def test_pattern_refuses_unknown_weekdays(weekdays):
    with pytest.raises(ValueError):
        WeeklyPattern(weekdays, time(9), time(11))


@pytest.mark.parametrize("end", [time(9, 0), time(8, 0)])
def test_pattern_refuses_a_session_that_does_not_end_after_it_starts(end):
    with pytest.raises(ValueError):
        WeeklyPattern(frozenset({0}), time(9, 0), end)
    with pytest.raises(ValueError):
        local_slot(date(2026, 7, 6), time(9, 0), end, "Asia/Jakarta")


def test_range_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        session_days(MON_WED_FRI, date(2026, 7, 10), date(2026, 7, 6))
