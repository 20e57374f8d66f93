"""Builders for sync requests, shared by the sync test modules."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7))
SANGIR = (-1.48000, 101.24200)  # peserta01's unit, KEC-SANGIR


def iso(moment: datetime) -> str:
    return moment.isoformat()


def checkin_entry(captured_at: datetime | None = None, type_: str = "in", lat=SANGIR[0],
                  lon=SANGIR[1], accuracy_m=12.0, entry_id: str | None = None, **data) -> dict:
    captured_at = captured_at or datetime.now(UTC).astimezone(WIB)
    return {"id": entry_id or str(uuid.uuid4()), "kind": "checkin", "captured_at": iso(captured_at),
            "data": {"type": type_, "lat": lat, "lon": lon, "accuracy_m": accuracy_m,
                     "photo_id": None, **data}}


def sync_body(entries: list[dict], sent_at: datetime | None = None, device_id="device-a") -> dict:
    sent_at = sent_at or datetime.now(UTC).astimezone(WIB)
    return {"device_id": device_id, "sent_at": iso(sent_at), "entries": entries}


def send(api_client, entries, **kw):
    response = api_client.post("/api/v1/sync", json=sync_body(entries, **kw))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]
