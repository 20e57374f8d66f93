"""Daily statuses and the monthly recap counts (TL1-TL4, PSW1-PSW4, TK, leave, holiday)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from webapp.services.daily_status import (
    BELUM,
    HADIR,
    LIBUR,
    MASKS,
    MENDATANG,
    TK,
    Stamp,
    band,
    day_edges,
    folded_counts,
    group_stamps,
    mask_counts,
    official_day,
    recap_counts,
)
from webapp.services.work_calendar import (
    Calendar,
    Holiday,
    Hours,
    Period,
    WorkDay,
    month_days,
    work_day,
)

WIB = "Asia/Jakarta"
DAY = date(2026, 3, 4)  # a Wednesday
TODAY = date(2026, 3, 31)
HOURS = Hours(time(7, 30), time(16, 0))
WORK = WorkDay(DAY, HOURS)


def at(hh: int, mm: int, ss: int = 0, day: date = DAY, tz: str = WIB) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), ZoneInfo(tz))


def status(*stamps, work=WORK, today=TODAY, leave=None, tz=WIB):
    return official_day(work, today, list(stamps), leave, tz)


@pytest.mark.parametrize(("minutes", "expected"), [
    (0, None), (1, "TL1"), (30, "TL1"), (31, "TL2"), (60, "TL2"), (61, "TL3"), (90, "TL3"),
    (91, "TL4"), (400, "TL4")])
def test_late_band_edges(minutes, expected):
    assert band(minutes, ("TL1", "TL2", "TL3", "TL4")) == expected


@pytest.mark.parametrize(("arrival", "minutes", "tl"), [
    ((7, 30, 59), 0, None), ((7, 31, 0), 1, "TL1"), ((8, 0, 59), 30, "TL1"),
    ((8, 1, 0), 31, "TL2"), ((8, 30, 0), 60, "TL2"), ((8, 31, 0), 61, "TL3"),
    ((9, 0, 0), 90, "TL3"), ((9, 1, 0), 91, "TL4")])
def test_a_check_in_is_late_by_whole_minutes_after_the_in_time(arrival, minutes, tl):
    day = status(Stamp(1, "in", at(*arrival)), Stamp(1, "out", at(16, 5)))
    assert (day.code, day.late_minutes, day.late_band) == (HADIR, minutes, tl)


@pytest.mark.parametrize(("departure", "psw"), [
    ((16, 0, 0), None), ((15, 59, 30), None), ((15, 59, 0), "PSW1"), ((15, 30, 0), "PSW1"),
    ((15, 29, 0), "PSW2"), ((15, 0, 0), "PSW2"), ((14, 59, 0), "PSW3"), ((14, 30, 0), "PSW3"),
    ((14, 29, 0), "PSW4")])
def test_an_early_check_out_falls_in_the_same_bands_before_the_out_time(departure, psw):
    assert status(Stamp(1, "in", at(7, 0)), Stamp(1, "out", at(*departure))).early_band == psw


def test_a_check_in_before_the_in_time_is_on_time():
    day = status(Stamp(1, "in", at(6, 45)), Stamp(1, "out", at(16, 0)))
    assert day.late_minutes == 0 and day.late_band is None
    assert recap_counts([day])["tepat_waktu"] == 1


def test_the_first_in_and_the_last_out_count():
    day = status(Stamp(1, "in", at(7, 20)), Stamp(1, "in", at(8, 45)),
                 Stamp(1, "out", at(12, 0)), Stamp(1, "out", at(16, 10)))
    assert day.late_band is None and day.early_band is None


def test_a_past_day_without_a_check_out_is_counted_as_such_not_as_a_band():
    day = status(Stamp(1, "in", at(7, 25)))
    assert day.no_out and day.early_band is None
    counts = recap_counts([day])
    assert counts["tanpa_pulang"] == 1 and counts["PSW4"] == 0 and counts[HADIR] == 1


def test_today_without_a_check_out_yet_is_not_missing_one():
    assert not status(Stamp(1, "in", at(7, 25)), today=DAY).no_out


def test_a_check_out_without_a_check_in_is_counted_as_no_check_in():
    day = status(Stamp(1, "out", at(16, 5)))
    assert day.code == HADIR and day.no_in and day.late_band is None
    counts = recap_counts([day])
    assert counts["tanpa_masuk"] == 1 and counts["tepat_waktu"] == 0


def test_no_check_in_is_tk_in_the_past_pending_today_and_nothing_later():
    assert status().code == TK
    assert status(today=DAY).code == BELUM
    assert status(today=DAY - timedelta(days=1)).code == MENDATANG


def test_approved_leave_covers_a_day_without_check_ins_but_not_one_with_them():
    assert status(leave="sakit").code == "sakit"
    assert status(Stamp(1, "in", at(7, 20)), leave="sakit").code == HADIR


def test_a_holiday_is_libur_even_with_check_ins_and_counts_no_work_day():
    nyepi = Holiday(DAY, "libur_nasional", "Hari Suci Nyepi")
    day = status(Stamp(1, "in", at(9, 0)), work=WorkDay(DAY, None, nyepi))
    assert day.code == LIBUR and day.holiday == nyepi
    assert recap_counts([day])["hari_kerja"] == 0


def test_a_correction_marks_the_day_koreksi():
    day = status(Stamp(1, "in", at(7, 28), koreksi=True), Stamp(1, "out", at(16, 2)))
    assert day.koreksi and day.late_band is None and recap_counts([day])["koreksi"] == 1


@pytest.mark.parametrize(("tz", "utc_hour"), [
    ("Asia/Jakarta", 0), ("Asia/Makassar", 23), ("Asia/Jayapura", 22)])
def test_each_zone_compares_with_its_own_wall_clock(tz, utc_hour):
    """07:45 local is 15 minutes late in WIB, WITA and WIT alike; in WITA and WIT that is
    the previous UTC day, which must still be the local day."""
    arrival = at(7, 45, tz=tz)
    assert arrival.astimezone(ZoneInfo("UTC")).hour == utc_hour
    [(key, stamps)] = group_stamps([Stamp(1, "in", arrival)], tz).items()
    assert key == (1, DAY)
    day = official_day(WORK, TODAY, stamps, None, tz)
    assert (day.late_minutes, day.time_in.strftime("%H:%M")) == (15, "07:45")


def test_a_check_in_late_at_night_in_wit_stays_on_its_wit_date():
    late_night = at(23, 30, tz="Asia/Jayapura")  # 14:30 UTC the same day
    assert list(group_stamps([Stamp(1, "out", late_night)], "Asia/Jayapura")) == [(1, DAY)]
    # Read in WIB, the same instant is 21:30 the same date; in UTC+14 it would be the next.
    assert list(group_stamps([Stamp(1, "out", late_night)], WIB)) == [(1, DAY)]


def test_a_month_with_ramadan_starting_mid_month_uses_each_days_own_hours():
    """Ramadan from 18 February: arriving at 07:50 is TL1 before it and on time during it
    (in time 08:00); leaving at 15:00 is on time during it, and before it PSW2 against 16:00
    (Mon-Thu) or PSW3 against Friday's 16:30."""
    ramadan = Period("Ramadan", date(2026, 2, 18), date(2026, 3, 19),
                     {d: Hours(time(8, 0), time(15, 0)) for d in range(5)})
    calendar = Calendar(periods=[ramadan])
    days = []
    for d in month_days(2026, 2):
        work = work_day(calendar, 1, time(7, 30), d)
        stamps = [Stamp(1, "in", at(7, 50, day=d)), Stamp(1, "out", at(15, 0, day=d))]
        days.append(official_day(work, TODAY, stamps if work.is_work_day else [], None, WIB))
    before = [d for d in days if d.code == HADIR and d.day < ramadan.date_from]
    during = [d for d in days if d.code == HADIR and d.day >= ramadan.date_from]
    assert len(before) == 12 and len(during) == 8
    assert {d.late_band for d in before} == {"TL1"}
    assert {d.day.day: d.early_band for d in before if d.early_band == "PSW3"} == {6: "PSW3",
                                                                                  13: "PSW3"}
    assert {d.late_band for d in during} == {None} and {d.early_band for d in during} == {None}
    counts = recap_counts(days)
    assert counts["hari_kerja"] == 20 and counts["TL1"] == 12 and counts["tepat_waktu"] == 8
    assert (counts["PSW2"], counts["PSW3"]) == (10, 2)


def test_recap_counts_every_column_of_a_mixed_month():
    days = [
        status(Stamp(1, "in", at(7, 10)), Stamp(1, "out", at(16, 0))),
        status(Stamp(1, "in", at(9, 40)), Stamp(1, "out", at(14, 0))),
        status(leave="izin"),
        status(leave="dinas_luar"),
        status(),
        status(work=WorkDay(DAY, None)),
    ]
    counts = recap_counts(days)
    assert counts == {**{k: 0 for k in counts}, "hari_kerja": 5, HADIR: 2, "tepat_waktu": 1,
                      "TL4": 1, "PSW4": 1, "izin": 1, "dinas_luar": 1, TK: 1}


def _band_by_edges(at: datetime, edges: tuple, names: tuple, late: bool) -> str | None:
    """The band read off the day's edges, as the SQL count reads it."""
    reached = [(at >= e) if late else (at <= e) for e in edges]
    return names[sum(reached) - 1] if any(reached) else None


@pytest.mark.parametrize("tz", [WIB, "Asia/Jayapura"])
def test_day_edges_put_every_instant_in_the_band_its_minutes_give(tz):
    edges = day_edges(WORK, tz)
    start, end = at(7, 30, tz=tz), at(16, 0, tz=tz)
    for seconds in range(-120, 100 * 60, 7):
        for fraction in (timedelta(0), timedelta(microseconds=1), timedelta(microseconds=-1)):
            moment = timedelta(seconds=seconds) + fraction
            day = status(Stamp(1, "in", start + moment), Stamp(1, "out", end - moment), tz=tz)
            assert _band_by_edges(start + moment, edges.late_from, ("TL1", "TL2", "TL3", "TL4"),
                                  True) == day.late_band, moment
            assert _band_by_edges(end - moment, edges.early_to,
                                  ("PSW1", "PSW2", "PSW3", "PSW4"), False) == day.early_band
    assert edges.starts == at(0, 0, tz=tz)


def test_folded_counts_make_the_rest_of_the_past_work_days_tk():
    folded = dict.fromkeys(("hadir", "tepat_waktu", "TL1", "TL2", "TL3", "TL4", "PSW1",
                            "PSW2", "PSW3", "PSW4", "tanpa_masuk", "tanpa_pulang",
                            "koreksi"), 0)
    folded |= {"hadir": 9, "past_hadir": 8, "TL2": 3, "koreksi": 1}
    counts = folded_counts(22, 15, folded, [("sakit", True), ("sakit", True), ("izin", False)])
    assert (counts["hari_kerja"], counts["hadir"], counts["TL2"], counts["koreksi"]) == (
        22, 9, 3, 1)
    assert (counts["sakit"], counts["izin"], counts["TK"]) == (2, 1, 15 - 8 - 2)
    assert folded_counts(22, 15, None, [])["TK"] == 15


def test_mask_counts_put_each_day_in_the_band_of_its_first_in_and_last_out():
    # Day bits: 1 on time and out on time; 2 TL2 and PSW1; 4 TL4 with no out (past);
    # 8 only an out, PSW4 (today, not past).
    masks = {"present": 0b1111, "in0": 0b0001, "in1": 0b0001, "in2": 0b0011, "in3": 0b0011,
             "in_all": 0b0111, "out0": 0b0001, "out1": 0b0011, "out2": 0b0011,
             "out3": 0b0011, "out_all": 0b1011}
    counts = mask_counts([masks[name] for name in MASKS], past=0b0111, koreksi=0b0010)
    assert counts == {"hadir": 4, "past_hadir": 3, "tepat_waktu": 1, "TL1": 0, "TL2": 1,
                      "TL3": 0, "TL4": 1, "PSW1": 1, "PSW2": 0, "PSW3": 0, "PSW4": 1,
                      "tanpa_masuk": 1, "tanpa_pulang": 1, "koreksi": 1}
