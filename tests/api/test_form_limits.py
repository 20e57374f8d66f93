"""A length the server enforces is enforced by the form first: each text field's maxlength (and
minlength) is the schema's, so nobody types 6000 characters to be told afterwards."""

import re
from datetime import UTC, datetime

import marshmallow as ma
import pytest

from tests.api.clinic_helpers import leave, make_clinic
from tests.api.sync_helpers import WIB, send
from webapp.schemas.clinic_sync import SessionLogDataSchema
from webapp.schemas.leave import LeaveDataSchema, LeaveDecisionSchema
from webapp.schemas.programs import SessionMoveSchema, SessionUpdateSchema


def _length(schema, field) -> ma.validate.Length:
    [length] = [v for v in schema().fields[field].validators if isinstance(v, ma.validate.Length)]
    return length


def _tag(html: str, name: str) -> str:
    tags = re.findall(rf'<(?:input|textarea)\b[^>]*\bname="{name}"[^>]*>', html)
    assert tags, name
    return tags[0]


def _attr(tag: str, attribute: str) -> int | None:
    found = re.search(rf'\b{attribute}="(\d+)"', tag)
    return int(found.group(1)) if found else None


@pytest.mark.parametrize(("user", "url", "fields", "schema"), [
    ("pelatih1", "/coaching/sessions/{session}", ["topic", "notes"], SessionLogDataSchema),
    ("pelatih1", "/coaching/sessions/{session}/edit", ["place", "topic", "notes"],
     SessionUpdateSchema),
    ("pelatih1", "/coaching/sessions/{session}/edit", ["reason"], SessionMoveSchema),
    ("peserta01", "/leave", ["reason"], LeaveDataSchema),
])
def test_text_fields_carry_the_servers_length_limits(seeded, login_as, user, url, fields,
                                                     schema):
    clinic = make_clinic(seeded)
    html = login_as(user).get(url.format(session=clinic.session_id)).get_data(as_text=True)
    for field in fields:
        tag, length = _tag(html, field), _length(schema, field)
        assert _attr(tag, "maxlength") == length.max, (field, tag)
        assert _attr(tag, "minlength") == length.min, (field, tag)


def test_the_leave_decision_note_carries_the_servers_limit(seeded, login_as):
    now = datetime.now(UTC).astimezone(WIB)
    send(login_as("peserta01"), [leave(now, "sakit", now.date(), now.date())])
    html = login_as("pelatih1").get("/coaching/leave").get_data(as_text=True)
    assert _attr(_tag(html, "note"), "maxlength") == _length(LeaveDecisionSchema, "note").max
