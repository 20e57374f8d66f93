"""Handlers for the kinds of outbox entry. One module per kind; each registers itself.

Interface (see CheckinHandler for a complete one):

- `kind`: the entry kind it handles; `schema`: marshmallow schema for the entry's `data`.
- `judge(ctx, entries) -> list[plan | Rejected]`, one per entry, in order. Reads what it needs
  (ideally in bulk), writes nothing but what must stay whatever the verdict (self_attend counts
  wrong codes). Return `Rejected({"field": "reason"})` for entries the user
  must fix; anything else is a plan handed back to `write`.
- `write(ctx, planned) -> list[dict]`: `planned` is [(entry, plan)] whose receipts were just
  stored; write their rows and return one record (a JSON-able dict) per entry, in order. It runs
  inside a savepoint: raising rolls back these entries' receipts too, and the service retries
  them one at a time so one failing entry is reported alone. A record wrapped in `Conflicted`
  is answered `conflict`: the entry is stored, but a value it edits changed after the value the
  user saw, so that part was kept aside, not applied (`webapp.services.edit_conflicts`).
- `records(ctx, entry_ids) -> {entry_id: record}` for entries already stored (duplicates).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import marshmallow as ma

from webapp.models import User
from webapp.services.clock import ClockOffset


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    captured_at: datetime  # as the phone's clock said
    corrected_at: datetime  # after the batch's clock offset
    data: dict  # validated by the kind's schema
    payload: dict  # as received, stored with the receipt
    payload_hash: str


@dataclass
class SyncContext:
    user: User
    device_id: str
    received_at: datetime
    offset: ClockOffset
    config: dict = field(default_factory=dict)


class Rejected:
    def __init__(self, errors: dict[str, Any]):
        self.errors = errors


class Conflicted(dict):
    """The record of an entry stored with (part of) its edit kept as a conflict."""


class KindHandler(Protocol):
    kind: str
    schema: ma.Schema

    def judge(self, ctx: SyncContext, entries: list[Entry]) -> list[Any]: ...

    def write(self, ctx: SyncContext, planned: list[tuple[Entry, Any]]) -> list[dict]: ...

    def records(self, ctx: SyncContext, entry_ids: list[str]) -> dict[str, dict]: ...


HANDLERS: dict[str, KindHandler] = {}


def register(handler: KindHandler) -> KindHandler:
    HANDLERS[handler.kind] = handler
    return handler


from webapp.services.sync_kinds import (  # noqa: E402,F401  (each module registers itself)
    checkin,
    correction,
    decision,
    leave,
    mark,
    project,
    project_report,
    project_review,
    project_stop,
    self_attend,
    session_log,
)
