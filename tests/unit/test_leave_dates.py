"""How far from the day it is written a leave request may reach (webapp.services.leave)."""

from datetime import date, timedelta

from webapp.services.leave import FUTURE_DAYS, PAST_DAYS, TOO_EARLY, TOO_LATE, date_problems

WRITTEN = date(2026, 11, 27)


def _days(n: int) -> date:
    return WRITTEN + timedelta(days=n)


def test_leave_within_the_window_has_no_problems():
    assert date_problems(_days(-PAST_DAYS), _days(FUTURE_DAYS), WRITTEN) == {}


def test_leave_starting_too_long_ago_is_a_problem_of_its_start():
    assert date_problems(_days(-PAST_DAYS - 1), WRITTEN, WRITTEN) == {"date_from": [TOO_EARLY]}


def test_leave_ending_too_far_ahead_is_a_problem_of_its_end():
    assert date_problems(WRITTEN, _days(FUTURE_DAYS + 1), WRITTEN) == {"date_to": [TOO_LATE]}


def test_typo_years_are_problems():
    assert set(date_problems(date(2019, 1, 1), date(2031, 1, 1), WRITTEN)) == {"date_from",
                                                                                 "date_to"}
