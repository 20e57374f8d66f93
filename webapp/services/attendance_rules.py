"""Merge rules for one participant's attendance at one session. Pure functions.

Three things can decide an attendance, and they reach the server in any order, hours or days
after the fact, from different phones. So the record keeps the facts, each merged on its own,
and derives the status from them; the same facts give the same status whatever the order of
arrival (but for equal times, below). Times are device times after the batch's clock offset
("corrected"); a leave's time is when it was approved (server time).

Facts, and how a newer one of the same kind merges:

- coach mark (`hadir | terlambat | izin | sakit | dinas_luar | alpa`, time, coach): the latest
  mark wins between phones; a mark older than the stored one is not applied (it is audited as
  superseded). Times have whole seconds, so at an equal time the mark that arrives later wins:
  one phone sends its taps in the order they were made ("Semua hadir", then the exception);
- self-attend (a valid rotating code, checked elsewhere; hadir, or terlambat when entered more
  than SESSION_LATE_AFTER_MINUTES after the start): the earliest valid code counts, so a
  participant is never counted twice;
- approved leave (izin / sakit / dinas_luar covering the session's local date): the most
  recently approved one.

The status, in order of precedence:

1. Coach mark and leave: the later decision wins, except that a coach's hadir/terlambat always
   beats a leave (attending beats the excuse).
2. A coach mark beats a self-attend: the coach's explicit status wins.
3. A self-attend beats a leave, unless a coach marked the participant absent or excused.
4. Otherwise whichever fact exists.

Review flag: when the status is the coach's `alpa` but the participant entered a valid code for
the session, the status stays `alpa` and the record is flagged `needs_review` with the reason,
for the coach or a reviewer to settle; whichever of the two arrived first. The flag clears
itself when the coach changes the status away from alpa (or a later leave replaces it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from webapp.services.completion import ATTENDED, EXCUSED
from webapp.services.localtime import format_local
from webapp.vocabulary import ALPA, ATTENDANCE, HADIR, TERLAMBAT

SELF_CODE = "self_code"
COACH = "coach"
LEAVE = "leave"


@dataclass(frozen=True)
class CoachMark:
    status: str
    at: datetime
    by_id: int
    note: str = ""

    def __post_init__(self) -> None:
        if self.status not in ATTENDANCE:
            raise ValueError(f"unknown attendance status: {self.status!r}")


@dataclass(frozen=True)
class SelfAttend:
    status: str  # hadir | terlambat
    at: datetime
    by_id: int  # the participant

    def __post_init__(self) -> None:
        if self.status not in ATTENDED:
            raise ValueError(f"a self-attend is hadir or terlambat, not {self.status!r}")


@dataclass(frozen=True)
class Leave:
    type: str  # izin | sakit | dinas_luar
    at: datetime  # when it was approved
    by_id: int  # who approved it

    def __post_init__(self) -> None:
        if self.type not in EXCUSED:
            raise ValueError(f"unknown leave type: {self.type!r}")


@dataclass(frozen=True)
class Facts:
    coach: CoachMark | None = None
    self_attend: SelfAttend | None = None
    leave: Leave | None = None


@dataclass(frozen=True)
class Effective:
    status: str
    source: str  # self_code | coach | leave
    marked_at: datetime
    marked_by_id: int
    needs_review: bool = False
    review_reason: str = ""


def in_window(at: datetime, starts_at: datetime, ends_at: datetime, grace: timedelta) -> bool:
    """A code counts only from `grace` before the start to `grace` after the end."""
    return starts_at - grace <= at <= ends_at + grace


def self_attend_status(at: datetime, starts_at: datetime, late_after: timedelta) -> str:
    """hadir, or terlambat once strictly more than `late_after` past the start."""
    return TERLAMBAT if at > starts_at + late_after else HADIR


def with_coach_mark(facts: Facts, mark: CoachMark) -> tuple[Facts, bool]:
    """(merged facts, whether the mark was applied); an older mark is superseded."""
    if facts.coach is not None and mark.at < facts.coach.at:
        return facts, False
    return replace(facts, coach=mark), True


def with_self_attend(facts: Facts, attend: SelfAttend) -> tuple[Facts, bool]:
    """(merged facts, whether this code is the earliest so far)."""
    if facts.self_attend is not None and attend.at >= facts.self_attend.at:
        return facts, False
    return replace(facts, self_attend=attend), True


def with_leave(facts: Facts, leave: Leave) -> tuple[Facts, bool]:
    """(merged facts, whether this is the most recently approved leave so far)."""
    if facts.leave is not None and leave.at <= facts.leave.at:
        return facts, False
    return replace(facts, leave=leave), True


def resolve(facts: Facts, tz_name: str) -> Effective | None:
    """The status the facts give (see the module docstring); None when there are none."""
    coach, attend, leave = facts.coach, facts.self_attend, facts.leave
    if leave is not None and (coach is None or coach.at <= leave.at):
        if coach is not None and coach.status in ATTENDED:
            return _from_coach(coach, attend, tz_name)
        if coach is None and attend is not None:
            return Effective(attend.status, SELF_CODE, attend.at, attend.by_id)
        return Effective(leave.type, LEAVE, leave.at, leave.by_id)
    if coach is not None:
        return _from_coach(coach, attend, tz_name)
    if attend is not None:
        return Effective(attend.status, SELF_CODE, attend.at, attend.by_id)
    return None


def _from_coach(coach: CoachMark, attend: SelfAttend | None, tz_name: str) -> Effective:
    if coach.status == ALPA and attend is not None:
        reason = (f"Peserta memasukkan kode sesi yang sah pukul {format_local(attend.at, tz_name)}"
                  ", tetapi pelatih menandai alpa.")
        return Effective(ALPA, COACH, coach.at, coach.by_id, True, reason)
    return Effective(coach.status, COACH, coach.at, coach.by_id)
