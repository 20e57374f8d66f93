"""/review/signals shows anti-spoofing signals to reviewers and changes nothing."""

from datetime import UTC, datetime, timedelta

from tests.api.statements import statements_for
from tests.api.sync_helpers import SANGIR, WIB, checkin_entry, send
from webapp.extensions import db
from webapp.models import CheckIn

FAR = (-1.2750123, 100.9900456)  # about 37 km from Sangir


def _page(client, **query):
    return client.get("/review/signals", query_string=query)


def test_reviewer_sees_each_kind_of_signal_from_synced_checkins(seeded, login_as):
    now = datetime.now(UTC)
    peserta = login_as("peserta01")
    send(peserta, [checkin_entry((now - timedelta(minutes=30)).astimezone(WIB)),  # office coords
                   checkin_entry((now - timedelta(minutes=25)).astimezone(WIB), lat=FAR[0],
                                 lon=FAR[1], accuracy_m=0)], device_id="hp-bersama")
    for username in ("peserta02", "peserta03"):
        send(login_as(username), [checkin_entry(lat=FAR[0], lon=FAR[1], accuracy_m=9.5)],
             device_id="hp-bersama")
    html = _page(login_as("bkpsdm").client).get_data(as_text=True)
    for kind in ("impossible_speed", "shared_device", "unit_coordinates", "zero_accuracy",
                 "repeated_coordinates"):
        section = html.split(f'data-testid="signals-{kind}"')[1].split("</section>")[0]
        assert "Tidak ada." not in section, kind
    assert "hp-bersama" in html and "Afrizal" in html
    assert f"{SANGIR[0]}, {SANGIR[1]}" in html


def test_signals_change_no_review_state(seeded, login_as):
    send(login_as("peserta01"), [checkin_entry(accuracy_m=0)])
    with seeded.app_context():
        before = {c.id: c.review_state for c in db.session.scalars(db.select(CheckIn))}
    assert _page(login_as("bkpsdm").client).status_code == 200
    with seeded.app_context():
        assert {c.id: c.review_state for c in db.session.scalars(db.select(CheckIn))} == before


def test_empty_period_says_there_is_nothing(seeded, login_as):
    html = _page(login_as("bkpsdm").client, days=1).get_data(as_text=True)
    assert html.count("Tidak ada.") == 6


def test_out_of_range_or_garbage_days_fall_back_safely(seeded, login_as):
    reviewer = login_as("bkpsdm").client
    for days in ("0", "-5", "100000", "abc"):
        assert _page(reviewer, days=days).status_code == 200


def test_only_reviewers_see_signals(seeded, login_as, client):
    assert _page(login_as("peserta01").client).status_code == 403
    assert _page(login_as("pelatih1").client).status_code == 403
    assert _page(client).status_code == 302


def test_the_page_loads_its_data_in_a_few_queries_however_many_checkins(seeded, login_as):
    reviewer = login_as("bkpsdm").client
    send(login_as("peserta01"), [checkin_entry(accuracy_m=0)])
    few = statements_for(seeded, reviewer, "/review/signals")[0]
    for username in ("peserta02", "peserta03", "peserta04", "peserta05"):
        send(login_as(username), [checkin_entry(lat=FAR[0], lon=FAR[1], accuracy_m=0)
                                  for _ in range(10)], device_id="hp-bersama")
    assert statements_for(seeded, reviewer, "/review/signals")[0] == few <= 6
