"""Daily attendance on the unit's own calendar: on time, late, leave, absent, day edges, and
the working calendar (holidays, per-weekday times, special periods) the recap reads too."""

from datetime import UTC, date, datetime, time, timedelta

from webapp.services.daily_attendance import (
    DayCheckin,
    Leave,
    Official,
    UnitInfo,
    build_daily,
    day_status,
    group_by_local_day,
    week_of,
)
from webapp.services.work_calendar import Calendar, Holiday, Hours, Period, WorkDay, work_day

WIT = "Asia/Jayapura"
PAPUA = UnitInfo(1, "KEC-X", "Distrik X", WIT, time(7, 30))
TUESDAY = date(2026, 7, 7)
ANI, BUDI, CITRA, DEDI = (Official(i, f"u{i}", n, None, "Kabid")
                          for i, n in enumerate(("Ani", "Budi", "Citra", "Dedi"), start=1))


def plain(day: date) -> WorkDay:
    """`day` on a calendar with no holidays: Mon-Fri from 07:30."""
    return work_day(Calendar(), PAPUA.id, PAPUA.work_start, day)


def at_wit(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


def checkin(user: Official, when: datetime, type_="in", state="ok") -> DayCheckin:
    return DayCheckin(user.user_id, type_, when, state)


def test_a_23_30_wit_checkin_belongs_to_that_wit_date_not_the_utc_one():
    evening = at_wit(TUESDAY, 23, 30)  # 14:30 UTC on the 7th
    after_midnight = at_wit(TUESDAY + timedelta(days=1), 0, 30)  # 15:30 UTC, still the 7th
    days = group_by_local_day([checkin(ANI, evening), checkin(BUDI, after_midnight)], WIT)
    assert set(days) == {(1, TUESDAY), (2, TUESDAY + timedelta(days=1))}


def test_the_daily_view_puts_a_late_evening_wit_checkin_on_its_wit_day():
    # 07:10 WIT on Wednesday is 22:10 UTC on Tuesday: it must count for Wednesday.
    wednesday = TUESDAY + timedelta(days=1)
    early = checkin(ANI, at_wit(wednesday, 7, 10))
    assert early.at.date() == TUESDAY
    view = build_daily(PAPUA, wednesday, wednesday, [ANI], [early], [])
    assert view.rows[0].status.code == "tepat_waktu"
    assert view.rows[0].status.time_in.strftime("%H:%M") == "07:10"
    assert build_daily(PAPUA, TUESDAY, wednesday, [ANI], [early], []).rows[0].status.code == \
        "tidak_absen"


def test_each_kind_of_day():
    checkins = [checkin(ANI, at_wit(TUESDAY, 7, 20)),
                checkin(ANI, at_wit(TUESDAY, 16, 5), "out"),
                checkin(BUDI, at_wit(TUESDAY, 7, 52), state="needs_review")]
    leaves = [Leave(CITRA.user_id, "sakit", TUESDAY - timedelta(days=1), TUESDAY)]
    view = build_daily(PAPUA, TUESDAY, TUESDAY + timedelta(days=3), [DEDI, CITRA, BUDI, ANI],
                       checkins, leaves)
    status = {row.official.full_name: row.status for row in view.rows}
    assert [row.official.full_name for row in view.rows] == ["Ani", "Budi", "Citra", "Dedi"]
    assert status["Ani"].code == "tepat_waktu" and status["Ani"].time_out.hour == 16
    assert (status["Budi"].code, status["Budi"].late_minutes, status["Budi"].needs_review) == \
        ("terlambat", 22, True)
    assert status["Budi"].label == "Terlambat 22 mnt"
    assert status["Citra"].code == "sakit"
    assert status["Dedi"].code == "tidak_absen"
    assert view.counts == {"tepat_waktu": 1, "terlambat": 1, "izin": 0, "sakit": 1,
                           "dinas_luar": 0, "tidak_absen": 1, "belum_absen": 0}


def test_the_first_in_decides_and_rejected_checkins_count_for_nothing():
    rejected_early = checkin(ANI, at_wit(TUESDAY, 7, 0), state="rejected")
    late = checkin(ANI, at_wit(TUESDAY, 8, 0))
    again = checkin(ANI, at_wit(TUESDAY, 9, 0))
    view = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI], [again, late, rejected_early], [])
    assert (view.rows[0].status.code, view.rows[0].status.late_minutes) == ("terlambat", 30)
    only_rejected = build_daily(PAPUA, TUESDAY, TUESDAY + timedelta(days=1), [ANI],
                                [rejected_early], [])
    assert only_rejected.rows[0].status.code == "tidak_absen"


def test_a_checkin_wins_over_leave_and_only_approved_leave_is_passed_in():
    leave = Leave(ANI.user_id, "izin", TUESDAY, TUESDAY)
    came_anyway = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI],
                              [checkin(ANI, at_wit(TUESDAY, 7, 0))], [leave])
    assert came_anyway.rows[0].status.code == "tepat_waktu"


def test_today_without_a_checkin_is_not_yet_and_later_days_have_no_status():
    assert day_status(plain(TUESDAY), TUESDAY, [], None, WIT).code == "belum_absen"
    assert day_status(plain(TUESDAY), TUESDAY - timedelta(days=1), [], None, WIT).code == \
        "mendatang"
    saturday = date(2026, 7, 11)
    assert day_status(plain(saturday), date(2026, 7, 20), [], None, WIT).code == "libur"


def test_the_week_matrix_runs_monday_to_friday_of_the_chosen_day():
    assert week_of(date(2026, 7, 9)) == [date(2026, 7, d) for d in range(6, 11)]
    assert week_of(date(2026, 7, 12)) == [date(2026, 7, d) for d in range(6, 11)]  # a Sunday
    checkins = [checkin(ANI, at_wit(date(2026, 7, 6), 7, 0)),
                checkin(ANI, at_wit(date(2026, 7, 8), 7, 45))]
    leaves = [Leave(ANI.user_id, "dinas_luar", date(2026, 7, 9), date(2026, 7, 9))]
    view = build_daily(PAPUA, date(2026, 7, 8), date(2026, 7, 9), [ANI], checkins, leaves)
    assert [s.code for s in view.rows[0].week] == \
        ["tepat_waktu", "tidak_absen", "terlambat", "dinas_luar", "mendatang"]


def test_a_holiday_is_libur_with_its_name_even_with_a_checkin():
    calendar = Calendar(holidays=[Holiday(TUESDAY, "libur_daerah", "Hari jadi kabupaten",
                                          PAPUA.id)])
    view = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI], [checkin(ANI, at_wit(TUESDAY, 9, 0))],
                       [], calendar)
    status = view.rows[0].status
    assert (status.code, status.holiday, status.label) == ("libur", "Hari jadi kabupaten",
                                                          "Libur")
    assert view.counts["terlambat"] == 0


def test_a_holiday_of_another_unit_is_a_work_day_here():
    calendar = Calendar(holidays=[Holiday(TUESDAY, "libur_daerah", "Hari jadi", PAPUA.id + 1)])
    view = build_daily(PAPUA, TUESDAY, TUESDAY + timedelta(days=1), [ANI], [], [], calendar)
    assert view.rows[0].status.code == "tidak_absen"


def test_lateness_follows_the_weekdays_own_in_time_not_the_units_work_start():
    # The unit's week: 08:00 in on Tuesdays; 07:50 is on time, 08:31 is 31 minutes late.
    week = {d: Hours(time(7, 30), time(16, 0)) for d in range(5)} | {
        1: Hours(time(8, 0), time(16, 0))}
    calendar = Calendar(unit_weeks={PAPUA.id: week})
    early = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI],
                        [checkin(ANI, at_wit(TUESDAY, 7, 50))], [], calendar)
    assert early.rows[0].status.code == "tepat_waktu"
    late = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI],
                       [checkin(ANI, at_wit(TUESDAY, 8, 31))], [], calendar)
    assert (late.rows[0].status.code, late.rows[0].status.late_minutes) == ("terlambat", 31)


def test_a_mon_to_sat_unit_works_on_saturday_and_a_period_changes_its_times():
    saturday = date(2026, 7, 11)
    week = {d: Hours(time(7, 30), time(16, 0)) for d in range(6)}
    ramadan = Period("Ramadan", TUESDAY, saturday, {d: Hours(time(8, 0), time(15, 0))
                                                    for d in range(6)})
    calendar = Calendar(unit_weeks={PAPUA.id: week}, periods=[ramadan])
    view = build_daily(PAPUA, saturday, saturday, [ANI],
                       [checkin(ANI, at_wit(saturday, 8, 10))], [], calendar)
    assert (view.rows[0].status.code, view.rows[0].status.late_minutes) == ("terlambat", 10)
    assert [s.code for s in view.rows[0].week][:1] == ["tidak_absen"]  # Monday, before it


def test_an_approved_correction_counts_as_the_days_check_in_marked_koreksi():
    corrected = DayCheckin(ANI.user_id, "in", at_wit(TUESDAY, 7, 40), "ok", koreksi=True)
    view = build_daily(PAPUA, TUESDAY, TUESDAY + timedelta(days=1), [ANI], [corrected], [])
    status = view.rows[0].status
    assert (status.code, status.late_minutes, status.koreksi) == ("terlambat", 10, True)


def test_a_check_out_without_a_check_in_is_absent_on_a_past_day_and_not_yet_today():
    out = checkin(ANI, at_wit(TUESDAY, 16, 5), "out")
    past = build_daily(PAPUA, TUESDAY, TUESDAY + timedelta(days=1), [ANI], [out], [])
    assert past.rows[0].status.code == "tidak_absen"
    assert past.rows[0].status.time_out.strftime("%H:%M") == "16:05"
    today = build_daily(PAPUA, TUESDAY, TUESDAY, [ANI], [out], [])
    assert today.rows[0].status.code == "belum_absen"
