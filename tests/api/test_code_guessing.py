"""A participant cannot guess their way into a session: wrong codes are limited per participant
and session, codes dated in the future are refused, and right codes that cannot be trusted
(outside the window, or arriving hours late) are kept for the coach rather than counted."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from threading import Barrier

import pytest

from tests.api.clinic_helpers import attendance, make_clinic, mark, self_attend, session_row
from tests.api.sync_helpers import send
from webapp.extensions import db
from webapp.models import CodeAttempts, CodeClaim
from webapp.services.sync_kinds.self_attend import WRONG_CODE, too_many

LIMIT = 10


@pytest.fixture
def clinic(seeded):
    return make_clinic(seeded)


@pytest.fixture
def peserta(seeded, login_as):
    return login_as("peserta01")


def guesses(clinic, at, count, start=0):
    """`count` entries with distinct codes, none of them right near `at`."""
    near = {clinic.code(at + timedelta(seconds=30 * step)) for step in range(-3, 4)}
    codes = (f"{n:06d}" for n in range(start, 1_000_000) if f"{n:06d}" not in near)
    return [self_attend(clinic, at, code=next(codes)) for _ in range(count)]


def wrong_count(app, clinic, username):
    with app.app_context():
        row = db.session.get(CodeAttempts, (clinic.session_id, clinic.users[username]))
        return row.wrong if row else 0


def test_batches_of_200_guesses_are_refused_after_ten_wrong_codes(seeded, clinic, peserta):
    at = clinic.at(5)
    results = send(peserta, guesses(clinic, at, 200))
    assert [r["errors"]["code"] for r in results[:LIMIT]] == [[WRONG_CODE]] * LIMIT
    assert [r["errors"]["code"] for r in results[LIMIT:]] == [[too_many(LIMIT)]] * (200 - LIMIT)
    for batch in range(1, 4):
        results = send(peserta, guesses(clinic, at, 200, start=batch * 1000))
        assert {r["errors"]["code"][0] for r in results} == {too_many(LIMIT)}
    # Even the right code is refused now: nothing a guesser sends is judged any more.
    [right] = send(peserta, [self_attend(clinic, at)])
    assert right["errors"]["code"] == [too_many(LIMIT)]
    assert attendance(seeded, clinic, "peserta01") is None
    assert session_row(seeded, clinic.session_id).status == "planned"
    assert wrong_count(seeded, clinic, "peserta01") == LIMIT


def test_parallel_batches_of_guesses_judge_no_more_than_the_limit_between_them(
        seeded, clinic, login_as):
    at = clinic.at(5)
    phones = [login_as("peserta01") for _ in range(6)]
    send(phones[0], guesses(clinic, at, 1, start=900_000))  # the count exists: no insert waits
    batches = [guesses(clinic, at, 200, start=i * 1000) for i in range(len(phones))]
    start = Barrier(len(phones))

    def guess(phone, batch):
        start.wait()
        return send(phone, batch)

    with ThreadPoolExecutor(len(phones)) as pool:
        answers = list(pool.map(guess, phones, batches))
    judged = [r for results in answers for r in results if r["errors"]["code"] == [WRONG_CODE]]
    assert len(judged) == LIMIT - 1
    assert wrong_count(seeded, clinic, "peserta01") == LIMIT


def test_the_limit_is_per_participant_and_session_and_the_coach_can_still_mark(
        seeded, clinic, peserta, login_as):
    at = clinic.at(5)
    send(peserta, guesses(clinic, at, LIMIT + 1))
    [other] = send(login_as("peserta02"), [self_attend(clinic, at)])
    assert other["record"]["status"] == "hadir"
    [marked] = send(login_as("pelatih1"), [mark(clinic, "peserta01", "hadir", clinic.at(6))])
    assert marked["record"]["status"] == "hadir"


def test_right_codes_do_not_count_against_the_participant(seeded, clinic, peserta):
    at = clinic.at(5)
    send(peserta, guesses(clinic, at, LIMIT - 1))
    for minute in (6, 7, 8):
        [right] = send(peserta, [self_attend(clinic, clinic.at(minute))])
        assert right["status"] == "created"
    assert wrong_count(seeded, clinic, "peserta01") == LIMIT - 1


def test_a_wrong_entry_sent_again_is_answered_alike_and_not_counted_twice(seeded, clinic,
                                                                        peserta):
    at = clinic.at(5)
    [resent, *others] = guesses(clinic, at, LIMIT - 1)
    send(peserta, [resent, *others])
    for _ in range(5):  # lost replies: the phone sends the same entry again, in new batches
        [again] = send(peserta, [resent])
        assert again["errors"]["code"] == [WRONG_CODE]
    assert wrong_count(seeded, clinic, "peserta01") == LIMIT - 1
    # The same id with another code is another attempt: the tenth.
    [another] = guesses(clinic, at, 1, start=5000)
    [changed] = send(peserta, [{**resent, "data": another["data"]}])
    assert changed["status"] == "rejected"
    [right] = send(peserta, [self_attend(clinic, at)])
    assert right["errors"]["code"] == [too_many(LIMIT)]


def test_a_wrong_entry_resent_with_another_clock_is_not_judged_again(seeded, clinic, peserta):
    """The batch's `sent_at` moves the time a code is judged at; a resent entry must not test
    another step for free."""
    at = clinic.at(5)
    code = clinic.code(at)
    guess = self_attend(clinic, at - timedelta(minutes=3), code=code)
    [first] = send(peserta, [guess])
    assert first["errors"]["code"] == [WRONG_CODE]
    sent_at = datetime.now(UTC) - timedelta(seconds=10)  # shifts the entry 3 minutes later
    [again] = send(peserta, [guess], sent_at=sent_at - timedelta(minutes=3))
    assert again["errors"]["code"] == [WRONG_CODE]
    assert attendance(seeded, clinic, "peserta01") is None


@pytest.mark.parametrize("app_config", [{"SESSION_CODE_ATTEMPTS": 3}], indirect=True)
def test_the_limit_is_configurable(seeded, login_as, app_config):
    clinic = make_clinic(seeded)
    results = send(login_as("peserta01"), guesses(clinic, clinic.at(5), 4))
    assert [r["errors"]["code"][0] for r in results] == [WRONG_CODE] * 3 + [too_many(3)]


@pytest.fixture
def app_config(request):
    return getattr(request, "param", {})


def test_a_code_dated_in_a_session_days_ahead_is_refused_unjudged(seeded, peserta):
    """The reported attack: guesses dated inside a session three days ahead, sent now."""
    ahead = make_clinic(seeded, starts_at=datetime.now(UTC).replace(microsecond=0)
                        + timedelta(days=3))
    [right] = send(peserta, [self_attend(ahead, ahead.at(5))])
    assert right["status"] == "rejected" and "captured_at" in right["errors"]
    assert attendance(seeded, ahead, "peserta01") is None
    assert session_row(seeded, ahead.session_id).status == "planned"
    assert wrong_count(seeded, ahead, "peserta01") == 0


def test_a_code_before_the_start_counts_but_does_not_make_the_session_held(seeded, peserta):
    soon = make_clinic(seeded, starts_at=datetime.now(UTC).replace(microsecond=0)
                       + timedelta(minutes=10))
    [early] = send(peserta, [self_attend(soon, datetime.now(UTC).replace(microsecond=0))])
    assert early["record"]["status"] == "hadir"
    assert session_row(seeded, soon.session_id).status == "planned"


def test_a_right_code_arriving_hours_after_the_session_is_kept_for_the_coach(seeded, peserta):
    past = make_clinic(seeded, starts_at=datetime.now(UTC).replace(microsecond=0)
                       - timedelta(hours=5))  # ended 3 hours ago
    entry = self_attend(past, past.at(5))
    [result] = send(peserta, [entry])
    assert result["status"] == "created"
    assert result["record"]["flags"] == ["late_sync"] and result["record"]["status"] is None
    assert attendance(seeded, past, "peserta01") is None
    assert session_row(seeded, past.session_id).status == "planned"
    [again] = send(peserta, [entry])
    assert again["status"] == "duplicate" and again["record"]["flags"] == ["late_sync"]
    with seeded.app_context():
        [claim] = db.session.scalars(db.select(CodeClaim).filter_by(session_id=past.session_id))
        assert (claim.outcome, claim.status, claim.at) == ("late_sync", "hadir", past.at(5))
        assert "baru terkirim" in claim.reason


def test_entry_ids_are_attempts_of_their_owner_only(seeded, clinic, peserta, login_as):
    at = clinic.at(5)
    [guess] = guesses(clinic, at, 1)
    send(peserta, [guess])
    # Another participant sending that very entry is judged (and counted) on their own.
    [theirs] = send(login_as("peserta02"), [guess])
    assert theirs["errors"]["code"] == [WRONG_CODE]
    assert wrong_count(seeded, clinic, "peserta02") == 1


def test_the_coach_roster_shows_refused_codes_and_late_ones(seeded, clinic, peserta, login_as):
    send(peserta, guesses(clinic, clinic.at(5), LIMIT))
    send(login_as("peserta02"), [self_attend(clinic, clinic.at(-16))])  # before the window
    response = login_as("pelatih1").get(f"/api/v1/sessions/{clinic.session_id}/attendance")
    codes = {c["user_id"]: c for c in response.get_json()["codes"]}
    refused = codes[clinic.users["peserta01"]]
    assert (refused["wrong"], refused["locked"], refused["late"]) == (LIMIT, True, None)
    late = codes[clinic.users["peserta02"]]
    assert (late["wrong"], late["locked"], late["late"]["status"]) == (0, False, "hadir")
    assert "di luar waktu sesi" in late["late"]["reason"]
    assert clinic.users["peserta03"] not in codes
