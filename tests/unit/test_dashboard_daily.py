"""Daily attendance on the unit's own calendar: on time, late, leave, absent, and day edges."""

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

WIT = "Asia/Jayapura"
PAPUA = UnitInfo(1, "KEC-X", "Distrik X", WIT, time(7, 30))
TUESDAY = date(2026, 7, 7)
ANI, BUDI, CITRA, DEDI = (Official(i, f"u{i}", n, None, "Kabid")
                          for i, n in enumerate(("Ani", "Budi", "Citra", "Dedi"), start=1))


def at_wit(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - timedelta(hours=9)


def checkin(user: Official, when: datetime, type_="in", late=0, state="ok") -> DayCheckin:
    return DayCheckin(user.user_id, type_, when, late, state)


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
                checkin(BUDI, at_wit(TUESDAY, 7, 52), late=22, state="needs_review")]
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
    late = checkin(ANI, at_wit(TUESDAY, 8, 0), late=30)
    again = checkin(ANI, at_wit(TUESDAY, 9, 0), late=90)
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
    assert day_status(TUESDAY, TUESDAY, [], None, WIT).code == "belum_absen"
    assert day_status(TUESDAY, TUESDAY - timedelta(days=1), [], None, WIT).code == "mendatang"
    saturday = date(2026, 7, 11)
    assert day_status(saturday, date(2026, 7, 20), [], None, WIT).code == "libur"


def test_the_week_matrix_runs_monday_to_friday_of_the_chosen_day():
    assert week_of(date(2026, 7, 9)) == [date(2026, 7, d) for d in range(6, 11)]
    assert week_of(date(2026, 7, 12)) == [date(2026, 7, d) for d in range(6, 11)]  # a Sunday
    checkins = [checkin(ANI, at_wit(date(2026, 7, 6), 7, 0)),
                checkin(ANI, at_wit(date(2026, 7, 8), 7, 45), late=15)]
    leaves = [Leave(ANI.user_id, "dinas_luar", date(2026, 7, 9), date(2026, 7, 9))]
    view = build_daily(PAPUA, date(2026, 7, 8), date(2026, 7, 9), [ANI], checkins, leaves)
    assert [s.code for s in view.rows[0].week] == \
        ["tepat_waktu", "tidak_absen", "terlambat", "dinas_luar", "mendatang"]
