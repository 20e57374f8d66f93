"""Rules of change projects (proyek perubahan), as plain functions.

Months are the unit's local calendar months: a moment belongs to the month its unit's wall
clock shows, so a report made at 00:30 WIB on 1 December counts in December even though it is
still November in UTC.

Life of an innovation at a moment (`life_state`):
- `rencana`   not launched yet (no launch date, or a launch date still ahead);
- `berhenti`  a stop was recorded (by the owner or the mentor) at or before the moment;
- otherwise judged on the last two *complete* months on or after the launch month:
  `hidup` when usage > 0 was reported for both, `melemah` for one, `mati_suri` for neither.
  A project launched last month has one complete month: > 0 is `hidup`, else `mati_suri`.
  A project launched this month has none yet and is `hidup` (just launched, nothing missed).
A month without a report counts as no usage; a month reported twice counts its last report.

Survival at month m (`survival`): month 0 is the launch month. A project counts for month m
only once month m is complete (launched 4 months ago: months 0-3 are complete, so it counts
for month 3, not for 4 or 6: censored). Of those, the share alive in month m: usage > 0
reported for that month and not stopped in an earlier month.

Milestones: a claim (`done: true`) waits for the mentor; `diterima` closes it, `dikembalikan`
reopens it (the owner may claim it again). A milestone is overdue only when its due date has
passed and it is not accepted, whether or not it is claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from webapp import vocabulary
from webapp.services.localtime import local_date

# Values and labels live in webapp.vocabulary; these tuples feed CHECK constraints and schemas.
RENCANA, HIDUP, MELEMAH, MATI_SURI, BERHENTI = LIFE_STATES = vocabulary.LIFE_STATES.values
STAGES = vocabulary.STAGES.values
VERDICTS = vocabulary.VERDICTS.values
CLASSIFICATIONS = vocabulary.CLASSIFICATIONS.values
STOP_REASONS = vocabulary.STOP_REASONS.values

# Milestone states: open (never claimed), claimed (waiting for the mentor), and the verdicts.
TERBUKA, DIKLAIM, DITERIMA, DIKEMBALIKAN = MILESTONE_STATES = (
    vocabulary.MILESTONE_STATES.values)

Month = tuple[int, int]  # (year, month)


def month_of(at: datetime, tz_name: str) -> Month:
    """The unit's local month of instant `at`."""
    day = local_date(at, tz_name)
    return day.year, day.month


def add_months(month: Month, n: int) -> Month:
    index = month[0] * 12 + month[1] - 1 + n
    return index // 12, index % 12 + 1


def months_between(start: Month, end: Month) -> int:
    """How many months `end` is after `start` (negative when before)."""
    return (end[0] - start[0]) * 12 + end[1] - start[1]


def parse_period(period: str) -> Month:
    """"YYYY-MM" to (year, month); ValueError when malformed."""
    year, month = period.split("-")
    if len(year) != 4 or len(month) != 2 or not 1 <= int(month) <= 12:
        raise ValueError(f"not a period: {period!r}")
    return int(year), int(month)


def format_period(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


@dataclass(frozen=True)
class UsageReport:
    period: Month
    usage: int
    reported_at: datetime  # when the server stored it; later reports of a month win
    seq: int = 0  # tie-break for reports stored at the same instant (the row id)


def usage_by_month(reports: Iterable[UsageReport]) -> dict[Month, int]:
    """Each month's usage: its last report counts (a corrected count replaces the first)."""
    latest: dict[Month, UsageReport] = {}
    for report in reports:
        known = latest.get(report.period)
        if known is None or (report.reported_at, report.seq) >= (known.reported_at, known.seq):
            latest[report.period] = report
    return {month: report.usage for month, report in latest.items()}


def life_state(launched_on: date | None, stopped_at: datetime | None,
               usage: Mapping[Month, int], now: datetime, tz_name: str) -> str:
    """Life state of a project at instant `now` (see the module's docstring)."""
    today = local_date(now, tz_name)
    if stopped_at is not None and stopped_at <= now:
        return BERHENTI
    if launched_on is None or launched_on > today:
        return RENCANA
    launch = (launched_on.year, launched_on.month)
    current = (today.year, today.month)
    judged = [m for m in (add_months(current, -2), add_months(current, -1))
              if months_between(launch, m) >= 0]
    if not judged:
        return HIDUP
    used = sum(1 for m in judged if usage.get(m, 0) > 0)
    if used == len(judged):
        return HIDUP
    return MELEMAH if used else MATI_SURI


@dataclass(frozen=True)
class ProjectLife:
    launched_on: date | None
    stopped_at: datetime | None
    usage: Mapping[Month, int]


def alive_in(project: ProjectLife, m: int, tz_name: str) -> bool | None:
    """Was the project alive in its month m? None while month m is not complete (censored)
    or the project was never launched."""
    if project.launched_on is None:
        return None
    month = add_months((project.launched_on.year, project.launched_on.month), m)
    if project.stopped_at is not None and months_between(
            month_of(project.stopped_at, tz_name), month) > 0:
        return False
    return project.usage.get(month, 0) > 0


@dataclass(frozen=True)
class Survival:
    month: int
    at_risk: int  # projects whose month m is complete
    alive: int

    @property
    def share(self) -> float | None:
        return self.alive / self.at_risk if self.at_risk else None


# A share of fewer projects swings between 0 and 100 % on one innovation: the curve leaves
# such months out (the table still lists them with their counts).
MIN_DRAWN = 3


def drawn_shares(curve: Iterable[Survival]) -> list[float | None]:
    """The curve's points in percent, None where too few projects count to draw one."""
    return [s.share * 100 if s.at_risk >= MIN_DRAWN else None for s in curve]


def survival(projects: Iterable[ProjectLife], m: int, now: datetime,
             tz_name: str) -> Survival:
    """Survival at month m among `projects` (all in the zone `tz_name`), at instant `now`."""
    current = month_of(now, tz_name)
    at_risk = alive = 0
    for project in projects:
        if project.launched_on is None:
            continue
        month = add_months((project.launched_on.year, project.launched_on.month), m)
        if months_between(month, current) < 1:
            continue  # month m not complete yet: censored
        at_risk += 1
        alive += bool(alive_in(project, m, tz_name))
    return Survival(m, at_risk, alive)


def survival_curve(projects: Iterable[ProjectLife], months: int, now: datetime,
                   tz_name: str) -> list[Survival]:
    """`survival` at months 0..months, in one pass over the projects (a page reads thousands):
    a project counts for each of its complete months, alive while used and not stopped in an
    earlier month."""
    current = month_of(now, tz_name)
    at_risk, alive = [0] * (months + 1), [0] * (months + 1)
    for project in projects:
        if project.launched_on is None:
            continue
        launch = (project.launched_on.year, project.launched_on.month)
        complete = min(months + 1, months_between(launch, current))  # months 0..complete-1
        stopped = (months_between(launch, month_of(project.stopped_at, tz_name))
                   if project.stopped_at is not None else None)
        usage = project.usage
        for m in range(max(complete, 0)):
            at_risk[m] += 1
            if (stopped is None or m <= stopped) and usage.get(add_months(launch, m), 0) > 0:
                alive[m] += 1
    return [Survival(m, at_risk[m], alive[m]) for m in range(months + 1)]


def missing_usage(launched_on: date | None, stopped_at: datetime | None,
                  reported: Iterable[Month], now: datetime, tz_name: str) -> list[Month]:
    """Complete months since launch whose usage was never reported (what the owner's home
    lists as due), oldest first; none after the month the project stopped."""
    if launched_on is None:
        return []
    current = month_of(now, tz_name)
    last = add_months(current, -1)
    if stopped_at is not None and stopped_at <= now:
        last = min(last, month_of(stopped_at, tz_name))
    known = set(reported)
    month, missing = (launched_on.year, launched_on.month), []
    while months_between(month, last) >= 0:
        if month not in known:
            missing.append(month)
        month = add_months(month, 1)
    return missing


def milestone_state(events: Iterable[str]) -> str:
    """State after a milestone's events in order: "claim" or a verdict. The last one decides;
    a returned milestone is open again until the owner claims it anew."""
    state = TERBUKA
    for event in events:
        state = DIKLAIM if event == "claim" else event
    return state


def is_overdue(due_date: date | None, state: str, today: date) -> bool:
    """Overdue only when the due date has passed and the mentor has not accepted it."""
    return due_date is not None and today > due_date and state != DITERIMA


CLAIM_ACCEPTED = "Tahapan ini sudah diterima mentor; tidak perlu diklaim lagi."
REVIEW_NOT_CLAIMED = "Tahapan ini belum diklaim selesai; belum ada yang diputuskan."
REVIEW_DECIDED = "Tahapan ini sudah diputuskan; tunggu klaim baru dari pemilik."


def claim_problem(state: str) -> str | None:
    """Why a milestone cannot be claimed done now, or None. Claiming again while waiting is
    allowed (new evidence); an accepted milestone stays closed."""
    return CLAIM_ACCEPTED if state == DITERIMA else None


def review_problem(state: str) -> str | None:
    """Why a mentor cannot decide a milestone now, or None: only a waiting claim is decided."""
    if state == TERBUKA:
        return REVIEW_NOT_CLAIMED
    if state in (DITERIMA, DIKEMBALIKAN):
        return REVIEW_DECIDED
    return None


def overrides_newer(stored, seen, wanted) -> bool:
    """Whether an edit from `seen` to `wanted` would silently replace a `stored` value that
    changed after the editor saw it (then both are kept: a conflict)."""
    return stored != seen and stored != wanted
