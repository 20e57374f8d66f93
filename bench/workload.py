"""What the phones send: outbox entries and sync bodies like the PWA's, and bench users."""

import json
import random
import uuid
from datetime import UTC, datetime, timedelta, timezone

from webapp.demo import _demo_password_hash
from webapp.extensions import db
from webapp.models import Unit, User

WIB = timezone(timedelta(hours=7))
BATCH = 200  # the most entries one sync request may carry


def checkin_entry(rng: random.Random, unit: tuple[float, float], captured_at: datetime) -> dict:
    """One check-in a few tens of metres from the office, with a phone-like GPS fix."""
    lat, lon = unit
    return {"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "kind": "checkin",
            "captured_at": captured_at.astimezone(WIB).isoformat(timespec="seconds"),
            "data": {"type": rng.choice(("in", "in", "out")),
                     "lat": round(lat + rng.uniform(-4e-4, 4e-4), 6),
                     "lon": round(lon + rng.uniform(-4e-4, 4e-4), 6),
                     "accuracy_m": round(rng.uniform(5, 40), 1), "photo_id": None}}


def entries_for(rng: random.Random, unit: tuple[float, float], count: int,
                now: datetime | None = None) -> list[dict]:
    """`count` entries captured over the last few days, oldest first (a queued outbox)."""
    now = now or datetime.now(UTC)
    times = sorted(now - timedelta(minutes=rng.uniform(1, 4 * 24 * 60)) for _ in range(count))
    return [checkin_entry(rng, unit, t) for t in times]


def sync_body(entries: list[dict], device_id: str) -> bytes:
    sent_at = datetime.now(UTC).astimezone(WIB).isoformat(timespec="seconds")
    return json.dumps({"device_id": device_id, "sent_at": sent_at, "entries": entries}).encode()


def add_bench_users(count: int, prefix: str = "bench") -> list[tuple[str, tuple[float, float]]]:
    """`count` participants spread over the demo units, all with the demo password.

    One precomputed hash is reused: hashing 2,500 passwords would take minutes and measures
    nothing the morning rush does. Returns (username, unit coordinates) per user.
    """
    units = list(db.session.scalars(db.select(Unit).order_by(Unit.id)))
    password_hash = _demo_password_hash()
    users = []
    for i in range(count):
        unit = units[i % len(units)]
        username = f"{prefix}{i:05d}"
        user = User(username=username, full_name=f"Pejabat Uji {i}", jabatan="Kepala Bidang",
                    unit=unit, password_hash=password_hash)
        user.set_roles(["participant"])
        db.session.add(user)
        users.append((username, (unit.latitude, unit.longitude)))
    db.session.commit()
    return users
