"""Geofence maths for check-ins.

Plain functions on floats so the sync service and the tests can use them
without Flask or a database.
"""

from __future__ import annotations

import math

# Mean Earth radius (IUGG R1). Good to ~0.5 % anywhere, far better than a
# phone's GPS fix, so a spherical model is enough for a geofence.
EARTH_RADIUS_M = 6_371_008.8

# A fix reported as worse than this cannot tell "in the office" from "across
# the road", so the check-in is flagged for review rather than trusted.
LOW_ACCURACY_M = 100.0

FLAG_OUTSIDE_GEOFENCE = "outside_geofence"
FLAG_LOW_ACCURACY = "low_accuracy"


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres between two WGS84 points (degrees)."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # Clamp: rounding can push `a` a hair above 1 for antipodal points.
    a = min(1.0, max(0.0, a))
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def geofence_flags(
    distance_m: float | None, radius_m: float, accuracy_m: float | None
) -> list[str]:
    """Review flags for one check-in position, in a stable order.

    `distance_m` is None when the unit has no coordinates: nothing to compare
    against, so no geofence flag (the unit's setup is the problem, not the
    user). A missing accuracy is treated as low: an unknown fix is not proof.
    Being exactly on the radius or exactly at LOW_ACCURACY_M is not flagged.
    """
    flags: list[str] = []
    if distance_m is not None and distance_m > radius_m:
        flags.append(FLAG_OUTSIDE_GEOFENCE)
    if accuracy_m is None or accuracy_m > LOW_ACCURACY_M:
        flags.append(FLAG_LOW_ACCURACY)
    return flags
