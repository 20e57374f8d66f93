"""Units managed on /admin/units: their place, geofence, head and working week, and special
periods (Ramadan hours) of their own, audited. The calendar reads the same rows
(services/calendar_records.py), so what an admin saves is what the daily and monthly numbers
use. The geofence drawing is plain geometry, so the page needs no map tiles and no network."""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from webapp.extensions import db
from webapp.models import CheckIn, SpecialPeriod, Unit, User, WorkHours
from webapp.services import audit
from webapp.services.refused import Refused
from webapp.services.work_calendar import Hours

UNIT_FIELDS = ("code", "name", "kind", "timezone", "latitude", "longitude",
               "geofence_radius_m", "selfie_required", "head_id")
Times = Mapping[int, tuple[time | None, time | None]]


def week_from(work_days: int, times: Times) -> tuple[dict[int, Hours], dict[str, list[str]]]:
    """The hours of Monday to Friday (work_days 5) or Saturday (6) from a form's in and out
    times, or the problems per field (`start_0`, `end_4`, ...)."""
    week, problems = {}, {}
    for day in range(work_days):
        start, end = times.get(day, (None, None))
        if start is None:
            problems[f"start_{day}"] = ["Isi jam masuk."]
        if end is None:
            problems[f"end_{day}"] = ["Isi jam pulang."]
        elif start is not None and end <= start:
            problems[f"end_{day}"] = ["Jam pulang harus sesudah jam masuk."]
        if start is not None and end is not None and end > start:
            week[day] = Hours(start, end)
    return (week, {}) if not problems else ({}, problems)


def _snapshot(unit: Unit) -> dict:
    return {name: getattr(unit, name) for name in UNIT_FIELDS}


def save_unit(actor_id: int, unit: Unit | None, values: Mapping) -> Unit:
    """Create (unit None) or change a unit; a code is unique, a head holds the supervisor
    role. Latitude and longitude go together."""
    problems = {}
    taken = db.session.scalar(db.select(Unit.id).where(
        Unit.code == values["code"], Unit.id != (unit.id if unit else 0)))
    if taken is not None:
        problems["code"] = [f"Kode {values['code']} sudah dipakai unit lain."]
    if (values["latitude"] is None) != (values["longitude"] is None):
        problems["longitude" if values["longitude"] is None else "latitude"] = [
            "Isi lintang dan bujur bersama, atau kosongkan keduanya."]
    head = db.session.get(User, values["head_id"]) if values["head_id"] else None
    if values["head_id"] and (head is None or not head.has_role("supervisor")):
        problems["head_id"] = ["Kepala unit harus pengguna dengan peran atasan."]
    if problems:
        raise Refused(422, "Periksa isian yang ditandai.", problems)
    before = _snapshot(unit) if unit else None
    if unit is None:
        unit = Unit()
        db.session.add(unit)
    for name in UNIT_FIELDS:
        setattr(unit, name, values[name])
    db.session.flush()
    audit.record(actor_id, "unit.update" if before else "unit.create", "unit", unit.id,
                 before=before, after=_snapshot(unit))
    return unit


def _hours_rows(week: Mapping[int, Hours], **owner) -> list[WorkHours]:
    return [WorkHours(weekday=d, start_time=h.start, end_time=h.end, **owner)
            for d, h in sorted(week.items())]


def _audited_week(week: Mapping[int, Hours] | None) -> dict | None:
    return None if week is None else {
        str(d): [h.start.strftime("%H:%M"), h.end.strftime("%H:%M")] for d, h in week.items()}


def _owner(unit: Unit | None) -> tuple[str, int | str]:
    """The audited entity of a schedule: its unit, or the district's own (no unit)."""
    return ("unit", unit.id) if unit else ("district", "schedule")


def _week_rows(unit: Unit | None):
    # A period's hours have no unit either: the district's week is the rows of neither.
    return (WorkHours.unit_id == (unit.id if unit else None), WorkHours.period_id.is_(None))


def unit_week(unit: Unit | None) -> dict[int, Hours] | None:
    """The unit's own week, or (unit None) the district's, or None when there is none."""
    rows = db.session.scalars(db.select(WorkHours).where(*_week_rows(unit)))
    return {r.weekday: Hours(r.start_time, r.end_time) for r in rows} or None


def save_week(actor_id: int, unit: Unit | None, week: Mapping[int, Hours] | None) -> None:
    """The unit's own week, or (None) none: it follows the district's week again. With no
    unit, the district's week; none: every unit without its own follows DEFAULT_WEEK."""
    before = unit_week(unit)
    db.session.execute(db.delete(WorkHours).where(*_week_rows(unit)))
    if week:
        db.session.add_all(_hours_rows(week, unit_id=unit.id if unit else None))
    audit.record(actor_id, f"{_owner(unit)[0]}.schedule", *_owner(unit),
                 before={"week": _audited_week(before)}, after={"week": _audited_week(week)})


def add_period(actor_id: int, unit: Unit | None, name: str, date_from: date, date_to: date,
               week: Mapping[int, Hours]) -> SpecialPeriod:
    """A special period of the unit, or (None) of the whole district."""
    if date_to < date_from:
        raise Refused(422, "Periksa isian yang ditandai.",
                      {"date_to": ["Tanggal akhir tidak boleh sebelum tanggal mulai."]})
    unit_id = unit.id if unit else None
    period = SpecialPeriod(name=name, date_from=date_from, date_to=date_to, unit_id=unit_id)
    db.session.add(period)
    db.session.flush()
    db.session.add_all(_hours_rows(week, period_id=period.id))
    audit.record(actor_id, "period.create", "special_period", period.id, after={
        "unit_id": unit_id, "name": name, "date_from": date_from.isoformat(),
        "date_to": date_to.isoformat(), "week": _audited_week(week)})
    return period


def delete_period(actor_id: int, unit: Unit | None, period_id: int) -> None:
    """Only from the page it belongs to: a unit's, or (None) the district's."""
    period = db.session.get(SpecialPeriod, period_id)
    if period is None or period.unit_id != (unit.id if unit else None):
        raise Refused(404, "Periode tidak ditemukan.")
    audit.record(actor_id, "period.delete", "special_period", period.id, before={
        "unit_id": period.unit_id, "name": period.name,
        "date_from": period.date_from.isoformat(), "date_to": period.date_to.isoformat()})
    db.session.execute(db.delete(WorkHours).where(WorkHours.period_id == period.id))
    db.session.delete(period)


# --- the geofence drawing ----------------------------------------------------------------

SVG_SIZE = 300  # px, square
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320.0


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    inside: bool


@dataclass(frozen=True)
class GeofenceView:
    radius_px: float
    scale_px: float  # length of the scale bar
    scale_m: int  # what it stands for
    dots: tuple[Dot, ...]
    outside_shown: int  # dots outside the circle that are drawn (others are beyond the edge)
    beyond: int

    @property
    def centre(self) -> float:
        return SVG_SIZE / 2


def _round_scale(metres: float) -> int:
    """The largest 1, 2 or 5 × 10^n not above `metres`: a scale bar's length."""
    power = 10 ** math.floor(math.log10(max(metres, 1)))
    return int(max(step * power for step in (1, 2, 5) if step * power <= metres))


def geofence_view(lat: float, lon: float, radius_m: float,
                  points: list[tuple[float, float]]) -> GeofenceView:
    """The circle of `radius_m` around (lat, lon) at the middle of a square SVG, half the
    width, and the check-in points around it (north up), on a local flat projection, which is
    exact enough over a few kilometres."""
    half_m = radius_m * 2  # the drawing shows twice the radius each way
    px_per_m = (SVG_SIZE / 2) / half_m
    cos_lat = math.cos(math.radians(lat))
    dots, beyond = [], 0
    for p_lat, p_lon in points:
        east = (p_lon - lon) * METRES_PER_DEGREE_LON_AT_EQUATOR * cos_lat
        north = (p_lat - lat) * METRES_PER_DEGREE_LAT
        if abs(east) > half_m or abs(north) > half_m:
            beyond += 1
            continue
        dots.append(Dot(round(SVG_SIZE / 2 + east * px_per_m, 1),
                        round(SVG_SIZE / 2 - north * px_per_m, 1),
                        math.hypot(east, north) <= radius_m))
    scale_m = _round_scale(half_m / 2)
    return GeofenceView(radius_px=radius_m * px_per_m, scale_px=round(scale_m * px_per_m, 1),
                        scale_m=scale_m, dots=tuple(dots),
                        outside_shown=sum(not d.inside for d in dots), beyond=beyond)


def recent_points(unit: Unit, since: date, limit: int = 300) -> list[tuple[float, float]]:
    """Where the unit's check-ins of the last days were taken."""
    return list(db.session.execute(
        db.select(CheckIn.lat, CheckIn.lon).where(
            CheckIn.unit_id == unit.id, CheckIn.local_date >= since,
            CheckIn.lat.is_not(None), CheckIn.lon.is_not(None))
        .order_by(CheckIn.id.desc()).limit(limit)).all())


RECENT_DAYS = timedelta(days=30)
