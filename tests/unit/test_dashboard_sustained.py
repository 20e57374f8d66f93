"""Sustained use: check-in days per week for the 8 weeks after a programme ends."""

from datetime import date, timedelta

from webapp.services.completion import Thresholds
from webapp.services.dashboard import Participant, ProgramInfo
from webapp.services.sustained_use import sustained_use, weeks_after

END = date(2026, 7, 31)  # a Friday
PROGRAM = ProgramInfo(1, "Coaching Clinic", "Diskominfo", "Asia/Jakarta", date(2026, 7, 6), END,
                      10, Thresholds())
ANI, BUDI, CITRA = (Participant(i, f"u{i}", n, None, "", None, "X", "Unit X")
                    for i, n in enumerate(("Ani", "Budi", "Citra"), start=1))


def week_days(week: int, count: int) -> list[date]:
    """`count` working days in week `week` (1-based) after END."""
    monday = END + timedelta(days=3 + 7 * (week - 1))
    return [monday + timedelta(days=i) for i in range(count)]


def test_weeks_start_the_day_after_the_end_and_are_seven_days_long():
    weeks = weeks_after(END, today=END + timedelta(days=10))
    assert len(weeks) == 8
    assert (weeks[0].start, weeks[0].end) == (date(2026, 8, 1), date(2026, 8, 7))
    assert weeks[7].end == END + timedelta(days=56)
    assert [w.started for w in weeks[:3]] == [True, True, False]
    assert [w.complete for w in weeks[:2]] == [True, False]


def test_counts_distinct_checkin_days_per_week_and_summarises_complete_weeks():
    today = END + timedelta(days=60)
    days = ([(1, d) for w in range(1, 9) for d in week_days(w, 3)]
            + [(1, week_days(1, 1)[0])]  # the same day twice counts once
            + [(2, d) for w in (1, 2, 3) for d in week_days(w, 5)]
            + [(3, END), (3, END + timedelta(days=57))])  # outside the window
    usage = sustained_use(PROGRAM, [CITRA, BUDI, ANI], days, today)
    rows = {r.participant.full_name: r for r in usage.rows}
    assert [r.participant.full_name for r in usage.rows] == ["Ani", "Budi", "Citra"]
    assert rows["Ani"].counts == [3] * 8 and rows["Ani"].every_week
    assert rows["Budi"].counts == [5, 5, 5, 0, 0, 0, 0, 0] and not rows["Budi"].every_week
    assert rows["Budi"].weeks_active == 3
    assert rows["Citra"].counts == [0] * 8
    assert (usage.ended, usage.complete_weeks, usage.every_week, usage.last_week,
            usage.never) == (True, 8, 1, 1, 1)
    assert usage.active_per_week == [2, 2, 2, 1, 1, 1, 1, 1]


def test_weeks_not_started_have_no_count_and_the_running_week_is_left_out_of_the_summary():
    today = week_days(3, 2)[-1]  # Tuesday of week 3
    days = [(1, d) for w in (1, 2) for d in week_days(w, 2)] + [(1, week_days(3, 1)[0])]
    usage = sustained_use(PROGRAM, [ANI, BUDI], days, today)
    ani = usage.rows[0]
    assert ani.counts == [2, 2, 1, None, None, None, None, None]
    assert usage.complete_weeks == 2 and ani.every_week and usage.every_week == 1
    assert usage.last_week == 1 and usage.never == 1
    assert usage.active_per_week[:4] == [1, 1, 1, None]


def test_a_programme_that_has_not_ended_has_nothing_to_show_yet():
    usage = sustained_use(PROGRAM, [ANI], [(1, END - timedelta(days=2))], END - timedelta(days=1))
    assert not usage.ended and usage.complete_weeks == 0
    assert usage.rows[0].counts == [None] * 8 and not usage.rows[0].every_week
    assert usage.every_week == 0 and usage.last_week == 0
