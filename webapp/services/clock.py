"""Judging a phone's clock. Pure functions: the sync service feeds them times it received.

A batch's `sent_at` is the phone's clock at send time; the server's clock at receipt minus
that is the phone's offset (plus network transit). Offsets within CLOCK_TOLERANCE are transit
or ordinary drift and are not applied to times judged in minutes (lateness, flags); larger ones
are applied to `captured_at` and flagged. Rotating session codes step every 30 s, finer than
the tolerance, so they are judged on the exact offset (`exact`).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

CLOCK_TOLERANCE = timedelta(minutes=2)
FUTURE_TOLERANCE = timedelta(minutes=5)
LATE_SYNC_AFTER = timedelta(days=3)


@dataclass(frozen=True)
class ClockOffset:
    seconds: float  # applied to device times; 0 when within tolerance
    skewed: bool
    exact_seconds: float | None = None  # as measured; None means the same as `seconds`


def clock_offset(sent_at: datetime, received_at: datetime) -> ClockOffset:
    raw = received_at - sent_at
    if abs(raw) <= CLOCK_TOLERANCE:
        return ClockOffset(0.0, False, raw.total_seconds())
    return ClockOffset(raw.total_seconds(), True)


def corrected(captured_at: datetime, offset: ClockOffset) -> datetime:
    return captured_at + timedelta(seconds=offset.seconds)


def exact(captured_at: datetime, offset: ClockOffset) -> datetime:
    """The device time on the server's clock, however small the offset."""
    seconds = offset.seconds if offset.exact_seconds is None else offset.exact_seconds
    return captured_at + timedelta(seconds=seconds)


def time_flags(corrected_at: datetime, received_at: datetime, offset: ClockOffset) -> list[str]:
    """Flags for a device time after correction: stored and shown to reviewers, never refused."""
    flags = []
    if offset.skewed:
        flags.append("clock_skew")
    if corrected_at > received_at + FUTURE_TOLERANCE:
        flags.append("future_time")
    elif received_at - corrected_at > LATE_SYNC_AFTER:
        flags.append("late_sync")
    return flags
