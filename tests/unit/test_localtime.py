from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from webapp.services.localtime import (
    day_bounds_utc,
    format_local,
    lateness_minutes,
    local_date,
    local_datetime,
    to_utc,
    zone_label,
)

WORK_START = time(7, 30)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_zone_labels_cover_the_three_indonesian_zones():
    assert [zone_label(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")] == [
        "WIB", "WITA", "WIT"]


def test_to_utc_converts_an_offset_datetime():
    wib = timezone(timedelta(hours=7))
    assert to_utc(datetime(2026, 7, 7, 7, 28, 41, tzinfo=wib)) == utc(2026, 7, 7, 0, 28, 41)
    assert to_utc(datetime(2026, 7, 7, 7, 28, 41, tzinfo=wib)).tzinfo is UTC


def test_naive_datetimes_are_refused():
    naive = datetime(2026, 7, 7, 7, 30)
    with pytest.raises(ValueError):
        to_utc(naive)
    with pytest.raises(ValueError):
        local_date(naive, "Asia/Jakarta")
    with pytest.raises(ValueError):
        lateness_minutes(naive, "Asia/Jakarta", WORK_START)


def test_23_30_wit_is_still_the_same_local_day():
    at = utc(2026, 7, 7, 14, 30)
    assert local_datetime(at, "Asia/Jayapura").hour == 23
    assert local_date(at, "Asia/Jayapura") == date(2026, 7, 7)


def test_00_30_wit_is_the_next_local_day_while_utc_is_still_the_7th():
    at = utc(2026, 7, 7, 15, 30)
    assert local_date(at, "Asia/Jayapura") == date(2026, 7, 8)
    assert local_date(at, "Asia/Jakarta") == date(2026, 7, 7)


def test_format_local_uses_indonesian_zone_labels():
    at = utc(2026, 7, 7, 0, 21)
    assert format_local(at, "Asia/Jakarta") == "07:21 WIB"
    assert format_local(at, "Asia/Makassar") == "08:21 WITA"
    assert format_local(at, "Asia/Jayapura") == "09:21 WIT"


def test_format_local_falls_back_to_zone_name_outside_indonesia():
    assert format_local(utc(2026, 7, 7, 0, 21), "UTC") == "00:21 UTC"


@pytest.mark.parametrize(
    ("tz_name", "utc_hour_of_0730"),
    [("Asia/Jakarta", 0), ("Asia/Makassar", 23), ("Asia/Jayapura", 22)],
)
def test_lateness_is_relative_to_local_work_start_in_each_zone(tz_name, utc_hour_of_0730):
    # 07:30 local in WITA/WIT falls on the previous UTC day.
    day = 7 if utc_hour_of_0730 == 0 else 6
    start = utc(2026, 7, day, utc_hour_of_0730, 30)
    assert lateness_minutes(start, tz_name, WORK_START) == 0
    assert lateness_minutes(start - timedelta(minutes=20), tz_name, WORK_START) == 0
    assert lateness_minutes(start + timedelta(minutes=17), tz_name, WORK_START) == 17


def test_same_instant_is_late_in_wib_but_early_in_wita_and_wit_is_next_local_day():
    at = utc(2026, 7, 7, 0, 45)  # 07:45 WIB, 08:45 WITA, 09:45 WIT
    assert lateness_minutes(at, "Asia/Jakarta", WORK_START) == 15
    assert lateness_minutes(at, "Asia/Makassar", WORK_START) == 75
    assert lateness_minutes(at, "Asia/Jayapura", WORK_START) == 135


def test_lateness_truncates_to_whole_minutes():
    start = utc(2026, 7, 7, 0, 30)  # 07:30 WIB
    assert lateness_minutes(start + timedelta(seconds=59), "Asia/Jakarta", WORK_START) == 0
    assert lateness_minutes(start + timedelta(seconds=60), "Asia/Jakarta", WORK_START) == 1


def test_day_bounds_of_a_wit_date_in_utc():
    start, end = day_bounds_utc(date(2026, 7, 7), "Asia/Jayapura")
    assert start == utc(2026, 7, 6, 15, 0)
    assert end == utc(2026, 7, 7, 15, 0)
    # The 23:30 WIT check-in falls inside its local day's bounds.
    assert start <= utc(2026, 7, 7, 14, 30) < end
    assert not start <= utc(2026, 7, 7, 15, 30) < end


def test_day_bounds_are_utc_aware_and_one_day_apart():
    start, end = day_bounds_utc(date(2026, 7, 7), "Asia/Makassar")
    assert start.tzinfo is UTC and end.tzinfo is UTC
    assert start == utc(2026, 7, 6, 16, 0)
    assert end - start == timedelta(days=1)
