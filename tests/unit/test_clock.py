"""Judging a phone's clock from the batch's sent_at and the server's receipt time."""

from datetime import UTC, datetime, timedelta

from webapp.services.clock import (
    CLOCK_TOLERANCE,
    ClockOffset,
    clock_offset,
    corrected,
    exact,
    time_flags,
)

RECEIVED = datetime(2026, 7, 7, 0, 41, 9, tzinfo=UTC)
RIGHT = ClockOffset(0.0, False)


def test_transit_time_within_tolerance_is_not_applied():
    offset = clock_offset(RECEIVED - CLOCK_TOLERANCE, RECEIVED)
    assert (offset.seconds, offset.skewed) == (0.0, False)
    assert corrected(RECEIVED, offset) == RECEIVED


def test_the_exact_time_applies_even_a_small_offset():
    # Session codes step every 30 s: a phone 90 s slow must be judged 90 s later.
    offset = clock_offset(RECEIVED - timedelta(seconds=90), RECEIVED)
    assert exact(RECEIVED - timedelta(seconds=90), offset) == RECEIVED
    skewed = clock_offset(RECEIVED - timedelta(hours=1), RECEIVED)
    assert exact(RECEIVED, skewed) == corrected(RECEIVED, skewed)


def test_offset_beyond_tolerance_is_applied_and_marked_skewed():
    offset = clock_offset(RECEIVED - timedelta(hours=1), RECEIVED)
    assert offset == ClockOffset(3600.0, True)
    assert corrected(RECEIVED - timedelta(hours=1, minutes=5), offset) == \
        RECEIVED - timedelta(minutes=5)


def test_phone_ahead_of_the_server_gives_a_negative_offset():
    assert clock_offset(RECEIVED + timedelta(days=1), RECEIVED).seconds == -86400.0


def test_correct_recent_time_has_no_flags():
    assert time_flags(RECEIVED - timedelta(minutes=3), RECEIVED, RIGHT) == []


def test_skewed_clock_is_flagged():
    assert time_flags(RECEIVED, RECEIVED, ClockOffset(7200.0, True)) == ["clock_skew"]


def test_time_more_than_five_minutes_ahead_is_future():
    assert time_flags(RECEIVED + timedelta(minutes=6), RECEIVED, RIGHT) == ["future_time"]
    assert time_flags(RECEIVED + timedelta(minutes=4), RECEIVED, RIGHT) == []


def test_time_more_than_three_days_old_is_late_sync():
    assert time_flags(RECEIVED - timedelta(days=3, seconds=1), RECEIVED, RIGHT) == ["late_sync"]
    assert time_flags(RECEIVED - timedelta(days=3), RECEIVED, RIGHT) == []
