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

# Attendance statuses (SessionAttendance.status).
HADIR = "hadir"
TERLAMBAT = "terlambat"
IZIN = "izin"
SAKIT = "sakit"
DINAS_LUAR = "dinas_luar"
ALPA = "alpa"

ATTENDED = frozenset({HADIR, TERLAMBAT})
EXCUSED = frozenset({IZIN, SAKIT, DINAS_LUAR})
MISSED = frozenset({ALPA})
STATUSES = (HADIR, TERLAMBAT, IZIN, SAKIT, DINAS_LUAR, ALPA)

ATTENDANCE_LABELS = {
    HADIR: "Hadir",
    TERLAMBAT: "Terlambat",
    IZIN: "Izin",
    SAKIT: "Sakit",
    DINAS_LUAR: "Dinas luar",
    ALPA: "Alpa",
}

# Session states (ClinicSession.status).
HELD = "held"
CANCELLED = "cancelled"
PLANNED = "planned"
SESSION_STATES = (PLANNED, HELD, CANCELLED)

# Zones.
HIJAU = "hijau"
KUNING = "kuning"
MERAH = "merah"
BELUM = "belum"

ZONE_LABELS = {
    HIJAU: "Hijau",
    KUNING: "Kuning",
    MERAH: "Merah",
    BELUM: "Belum ada sesi",
}

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
    if status is not None and status not in ATTENDANCE_LABELS:
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


def consecutive_missed(attendances: Sequence[str | None]) -> tuple[int, int]:
    """(longest, trailing) run of missed sessions over held sessions in time order.

    None and "alpa" are missed; excused statuses are skipped (they neither
    break nor extend a run); attended statuses reset the run.
    """
    longest = current = 0
    for status in attendances:
        _check_status(status)
        if status in EXCUSED:
            continue
        if status in ATTENDED:
            current = 0
        else:
            current += 1
            longest = max(longest, current)
    return longest, current


def completion(
    outcomes: Iterable[SessionOutcome], target: int, thresholds: Thresholds
) -> Completion:
    """Completion of one participant in one programme (see module docstring)."""
    if target < 0:
        raise ValueError("target must be >= 0")
    # Sort so streaks follow time, whatever order the caller's query used.
    ordered = sorted(outcomes, key=lambda o: o.starts_at)

    held_statuses: list[str | None] = []
    remaining = 0
    for outcome in ordered:
        _check_status(outcome.attendance)
        if outcome.state == HELD:
            held_statuses.append(outcome.attendance)
        elif outcome.state == PLANNED:
            remaining += 1
        elif outcome.state != CANCELLED:
            raise ValueError(f"unknown session state: {outcome.state!r}")

    attended = sum(1 for s in held_statuses if s in ATTENDED)
    excused = sum(1 for s in held_statuses if s in EXCUSED)
    held = len(held_statuses)
    missed = held - attended - excused
    counted = held - excused
    percent = percent_of(attended, counted)
    needed = max(0, target - attended)
    if needed == 0:
        reachability = TERCAPAI
    elif needed <= remaining:
        reachability = MASIH_BISA
    else:
        reachability = TIDAK_MUNGKIN
    longest, current = consecutive_missed(held_statuses)

    return Completion(
        held=held,
        attended=attended,
        excused=excused,
        missed=missed,
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
