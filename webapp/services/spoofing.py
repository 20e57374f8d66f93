"""Signs that a check-in's location may be faked, for a reviewer to look at.

Each function takes plain values and returns `Signal`s; none changes a record. A signal is a
reason to look, never a verdict: an official on a motorbike between two kecamatan, or three
officials sharing the office phone, can be honest. Reviewers decide.

Signals:
- `impossible_speed`: two consecutive check-ins of one user further apart than anyone could
  travel in between (over MAX_SPEED_KMH along the straight line). Jumps under MIN_JUMP_M are
  ignored: GPS jitter over a few seconds is not travel.
- `shared_device`: one device id sent entries of SHARED_DEVICE_USERS or more users in one day.
- `round_coordinates`: both coordinates have at most ROUND_DECIMALS decimals. Real fixes carry
  noise in every digit; typed-in fake locations are round.
- `unit_coordinates`: exactly the office's registered coordinates, as if copied into a
  fake-GPS app; a real fix at the office still differs in the last digits.
- `zero_accuracy`: coordinates whose accuracy is reported as 0 or not at all; real receivers
  always report some error.
- `repeated_coordinates`: the very same coordinates from different users; two real fixes
  almost never agree to the last digit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from webapp.services.geo import haversine_m

MAX_SPEED_KMH = 150.0
MIN_JUMP_M = 1_000.0
SHARED_DEVICE_USERS = 3
ROUND_DECIMALS = 4

KINDS = ("impossible_speed", "shared_device", "unit_coordinates", "round_coordinates",
         "zero_accuracy", "repeated_coordinates")


@dataclass(frozen=True)
class Fix:
    """One check-in as the signals see it."""

    checkin_id: int
    user_id: int
    at: datetime  # after the clock offset
    lat: float | None
    lon: float | None
    accuracy_m: float | None
    unit_lat: float | None = None
    unit_lon: float | None = None


@dataclass(frozen=True)
class DeviceUse:
    """One sync receipt: which user sent an entry from which device, on which local day."""

    device_id: str
    user_id: int
    day: date


@dataclass(frozen=True)
class Signal:
    kind: str
    user_ids: tuple[int, ...]
    checkin_ids: tuple[int, ...] = ()
    detail: dict = field(default_factory=dict, compare=False)


def _located(fixes: Iterable[Fix]) -> list[Fix]:
    return [f for f in fixes if f.lat is not None and f.lon is not None]


def impossible_speeds(fixes: Iterable[Fix], max_kmh: float = MAX_SPEED_KMH,
                      min_jump_m: float = MIN_JUMP_M) -> list[Signal]:
    by_user: dict[int, list[Fix]] = defaultdict(list)
    for fix in _located(fixes):
        by_user[fix.user_id].append(fix)
    signals = []
    for user_id, own in by_user.items():
        own.sort(key=lambda f: (f.at, f.checkin_id))
        for before, after in zip(own, own[1:], strict=False):
            metres = haversine_m(before.lat, before.lon, after.lat, after.lon)
            if metres < min_jump_m:
                continue
            hours = (after.at - before.at).total_seconds() / 3600
            speed = metres / 1000 / hours if hours > 0 else float("inf")
            if speed > max_kmh:
                signals.append(Signal("impossible_speed", (user_id,),
                                      (before.checkin_id, after.checkin_id),
                                      {"km": round(metres / 1000, 1),
                                       "minutes": round(hours * 60, 1),
                                       "kmh": None if hours <= 0 else round(speed)}))
    return signals


def shared_devices(uses: Iterable[DeviceUse],
                   min_users: int = SHARED_DEVICE_USERS) -> list[Signal]:
    users: dict[tuple[str, date], set[int]] = defaultdict(set)
    for use in uses:
        users[(use.device_id, use.day)].add(use.user_id)
    return [Signal("shared_device", tuple(sorted(ids)), (),
                   {"device_id": device_id, "day": day})
            for (device_id, day), ids in sorted(users.items()) if len(ids) >= min_users]


def _is_round(value: float, decimals: int) -> bool:
    return round(value, decimals) == value


def position_signals(fixes: Iterable[Fix], decimals: int = ROUND_DECIMALS) -> list[Signal]:
    """Per check-in: copied office coordinates, round coordinates, zero or absent accuracy."""
    signals = []
    for fix in _located(fixes):
        own = ((fix.user_id,), (fix.checkin_id,))
        if (fix.lat, fix.lon) == (fix.unit_lat, fix.unit_lon):
            signals.append(Signal("unit_coordinates", *own, {"lat": fix.lat, "lon": fix.lon}))
        elif _is_round(fix.lat, decimals) and _is_round(fix.lon, decimals):
            signals.append(Signal("round_coordinates", *own, {"lat": fix.lat, "lon": fix.lon}))
        if not fix.accuracy_m:
            signals.append(Signal("zero_accuracy", *own, {"accuracy_m": fix.accuracy_m}))
    return signals


def repeated_coordinates(fixes: Iterable[Fix]) -> list[Signal]:
    """The same coordinates from two or more users. Office coordinates are left to
    `unit_coordinates`, so a whole office copying them is one signal per check-in, not both."""
    by_point: dict[tuple[float, float], list[Fix]] = defaultdict(list)
    for fix in _located(fixes):
        if (fix.lat, fix.lon) != (fix.unit_lat, fix.unit_lon):
            by_point[(fix.lat, fix.lon)].append(fix)
    signals = []
    for (lat, lon), same in sorted(by_point.items()):
        users = tuple(sorted({f.user_id for f in same}))
        if len(users) >= 2:
            signals.append(Signal("repeated_coordinates", users,
                                  tuple(sorted(f.checkin_id for f in same)),
                                  {"lat": lat, "lon": lon}))
    return signals


def all_signals(fixes: list[Fix], uses: list[DeviceUse]) -> list[Signal]:
    """Every signal, grouped by kind in the order of KINDS."""
    found = (impossible_speeds(fixes) + shared_devices(uses) + position_signals(fixes)
             + repeated_coordinates(fixes))
    return sorted(found, key=lambda s: KINDS.index(s.kind))
