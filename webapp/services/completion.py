"""Coaching-clinic completion maths (BKPSDM rules).

Rules, per participant of a programme:

- Each session is "held", "cancelled" or "planned". The session's state is
  authoritative: cancelled sessions count for nothing; every planned session
  counts as "remaining" (still attendable) until it is marked held or
  cancelled, and any attendance record on a non-held session is ignored.
- On a held session: hadir / terlambat = attended; izin / sakit / dinas_luar
  = excused; alpa, or no record at all, = missed.
- Percentage = attended / (held - excused) * 100, rounded to 2 decimals:
  an excused session leaves the denominator and does not count against the
  participant. With nothing counted yet the percentage is None (zone "belum").
- The zone is judged on the rounded percentage, so the number shown and its
  colour always agree.
- The target is a COUNT OF ATTENDED SESSIONS (e.g. 10 of 12). Approved leave
  does not lower it; excused sessions only leave the percentage's
  denominator. Reachability: attended >= target -> "tercapai"; otherwise
  the target is still reachable ("masih_bisa") when the sessions needed fit
  in the remaining ones, else "tidak_mungkin".
- Missed streaks run over held sessions in time order; excused sessions
  neither break nor extend a streak; an attended session breaks it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from webapp.vocabulary import (
    ALPA,
    ATTENDANCE,
    BELUM,
    CANCELLED,
    HADIR,
    HELD,
    HIJAU,
    KUNING,
    LEAVE_TYPES,
    MERAH,
    PLANNED,
    TERLAMBAT,
)

# How each attendance status counts (the vocabulary is webapp.vocabulary.ATTENDANCE).
ATTENDED = frozenset({HADIR, TERLAMBAT})
EXCUSED = frozenset(LEAVE_TYPES)
MISSED = frozenset({ALPA})

# Reachability of the target.
TERCAPAI = "tercapai"
MASIH_BISA = "masih_bisa"
TIDAK_MUNGKIN = "tidak_mungkin"

REACHABILITY_LABELS = {
    TERCAPAI: "sudah memenuhi target",
    MASIH_BISA: "masih bisa",
    TIDAK_MUNGKIN: "tidak mungkin lagi",
}


@dataclass(frozen=True)
class Thresholds:
    """Zone thresholds in percent: hijau >= green, kuning >= yellow, else merah."""

    green: float = 80.0
    yellow: float = 50.0

    def __post_init__(self) -> None:
        # Inverted thresholds would make a zone unreachable; fail at the source.
        if not 0.0 <= self.yellow <= self.green <= 100.0:
            raise ValueError("thresholds must satisfy 0 <= yellow <= green <= 100")


@dataclass(frozen=True)
class SessionOutcome:
    """One programme session as seen by one participant."""

    starts_at: datetime
    state: str  # "held" | "cancelled" | "planned"
    attendance: str | None  # None when the participant has no record


@dataclass(frozen=True)
class Completion:
    held: int
    attended: int
    excused: int
    missed: int
    remaining: int
    counted: int  # held - excused: the percentage's denominator
    percent: float | None
    zone: str
    target: int
    reachability: str
    needed: int  # sessions still to attend to reach the target; 0 once reached
    max_streak_missed: int
    current_streak_missed: int


def _check_status(status: str | None) -> None:
    if status is not None and status not in ATTENDANCE:
        raise ValueError(f"unknown attendance status: {status!r}")


def percent_of(attended: int, counted: int) -> float | None:
    """attended / counted as a percentage, 2 decimals; None when nothing counts."""
    if counted <= 0:
        return None
    return round(attended / counted * 100, 2)


def zone(percent: float | None, thresholds: Thresholds) -> str:
    """Colour zone of a percentage; "belum" when nothing has been held yet."""
    if percent is None:
        return BELUM
    if percent >= thresholds.green:
        return HIJAU
    if percent >= thresholds.yellow:
        return KUNING
    return MERAH


# One character per held session, in time order: the form the streak and count rules read.
ATTENDED_CODE, EXCUSED_CODE, MISSED_CODE = "1", "2", "0"


def held_codes(attendances: Sequence[str | None]) -> str:
    """Codes of held sessions' attendance in time order (None, no record, is missed)."""
    codes = []
    for status in attendances:
        _check_status(status)
        codes.append(ATTENDED_CODE if status in ATTENDED
                     else EXCUSED_CODE if status in EXCUSED else MISSED_CODE)
    return "".join(codes)


def codes_from_masks(attended: int, excused: int, held: int) -> str:
    """The same codes from bitmasks over the held sessions (bit i: the i-th held session in
    time order), the form the dashboard's SQL aggregates attendance into.

    Reading a mask's binary digits as hexadecimal puts each bit in a digit of its own, so
    attended + 2 * excused has one code per digit; the masks never share a bit, so nothing
    carries. This keeps 10,000 participants' decoding in C rather than a loop per session.
    """
    if attended & excused or (attended | excused) >> held:
        raise ValueError("masks overlap or name more sessions than were held")
    if held == 0:
        return ""
    spread = int(format(attended, "b"), 16) + 2 * int(format(excused, "b"), 16)
    return format(spread, f"0{held}x")[::-1]


def streaks(codes: str) -> tuple[int, int]:
    """(longest, trailing) run of missed sessions in held-session codes; excused sessions
    neither break nor extend a run, attended ones end it."""
    runs = codes.replace(EXCUSED_CODE, "").split(ATTENDED_CODE)
    return max(map(len, runs)), len(runs[-1])


def completion(
    outcomes: Iterable[SessionOutcome], target: int, thresholds: Thresholds
) -> Completion:
    """Completion of one participant in one programme (see module docstring)."""
    # Sort so streaks follow time, whatever order the caller's query used.
    ordered = sorted(outcomes, key=lambda o: o.starts_at)

    held_statuses: list[str | None] = []
    remaining = 0
    for outcome in ordered:
        if outcome.state == HELD:
            held_statuses.append(outcome.attendance)
        elif outcome.state == PLANNED:
            _check_status(outcome.attendance)
            remaining += 1
        elif outcome.state == CANCELLED:
            _check_status(outcome.attendance)
        else:
            raise ValueError(f"unknown session state: {outcome.state!r}")
    return completion_of_codes(held_codes(held_statuses), remaining, target, thresholds)


def completion_of_codes(codes: str, remaining: int, target: int,
                        thresholds: Thresholds) -> Completion:
    """Completion from held-session codes (see held_codes) and the sessions still planned."""
    return _completion(len(codes), codes.count(ATTENDED_CODE), codes.count(EXCUSED_CODE),
                       *streaks(codes), remaining, target, thresholds)


# Participants share far fewer tallies than attendance patterns (about 300 among 10,000 in
# the dashboard benchmark), and a Completion is immutable, so one object serves them all.
@lru_cache(maxsize=4096)
def _completion(held: int, attended: int, excused: int, longest: int, current: int,
                remaining: int, target: int, thresholds: Thresholds) -> Completion:
    if target < 0:
        raise ValueError("target must be >= 0")
    counted = held - excused
    percent = percent_of(attended, counted)
    needed = max(0, target - attended)
    if needed == 0:
        reachability = TERCAPAI
    elif needed <= remaining:
        reachability = MASIH_BISA
    else:
        reachability = TIDAK_MUNGKIN

    return Completion(
        held=held,
        attended=attended,
        excused=excused,
        missed=held - attended - excused,
        remaining=remaining,
        counted=counted,
        percent=percent,
        zone=zone(percent, thresholds),
        target=target,
        reachability=reachability,
        needed=needed,
        max_streak_missed=longest,
        current_streak_missed=current,
    )


def aggregate_zone(
    completions: Iterable[Completion], thresholds: Thresholds
) -> tuple[float | None, str]:
    """An OPD's (percent, zone): total attended / total counted of its participants.

    Pooled rather than a mean of percentages, so a participant with one
    counted session weighs less than one with twelve.
    """
    attended = counted = 0
    for c in completions:
        attended += c.attended
        counted += c.counted
    percent = percent_of(attended, counted)
    return percent, zone(percent, thresholds)
