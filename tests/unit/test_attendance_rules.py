from datetime import UTC, datetime, timedelta
from itertools import permutations

import pytest

from webapp.services.attendance_rules import (
    COACH,
    LEAVE,
    SELF_CODE,
    CoachMark,
    Facts,
    Leave,
    SelfAttend,
    in_window,
    resolve,
    self_attend_status,
    with_coach_mark,
    with_leave,
    with_self_attend,
)

TZ = "Asia/Jakarta"
START = datetime(2026, 7, 6, 2, 0, tzinfo=UTC)  # 09:00 WIB
END = START + timedelta(hours=2)
PARTICIPANT, COACH_A, COACH_B, REVIEWER = 1, 2, 3, 4


def minutes(n: float) -> datetime:
    return START + timedelta(minutes=n)


def code(at: float, status: str = "hadir") -> SelfAttend:
    return SelfAttend(status, minutes(at), PARTICIPANT)


def mark(status: str, at: float, coach: int = COACH_A) -> CoachMark:
    return CoachMark(status, minutes(at), coach)


def leave(type_: str = "sakit", at: float = 300) -> Leave:
    return Leave(type_, minutes(at), REVIEWER)


def merged(*facts) -> Facts:
    merge = {CoachMark: with_coach_mark, SelfAttend: with_self_attend, Leave: with_leave}
    state = Facts()
    for fact in facts:
        state, _ = merge[type(fact)](state, fact)
    return state


def status_of(*facts) -> str:
    return resolve(merged(*facts), TZ).status


def test_window_includes_the_grace_period_on_both_sides_and_nothing_more():
    grace = timedelta(minutes=15)
    assert in_window(minutes(-15), START, END, grace)
    assert in_window(minutes(120 + 15), START, END, grace)
    assert not in_window(minutes(-15) - timedelta(seconds=1), START, END, grace)
    assert not in_window(minutes(135) + timedelta(seconds=1), START, END, grace)


def test_terlambat_only_strictly_after_the_late_threshold():
    late_after = timedelta(minutes=15)
    assert self_attend_status(minutes(15), START, late_after) == "hadir"
    assert self_attend_status(minutes(15) + timedelta(seconds=1), START, late_after) == "terlambat"
    assert self_attend_status(minutes(-10), START, late_after) == "hadir"


def test_no_facts_give_no_attendance():
    assert resolve(Facts(), TZ) is None


def test_a_self_attend_alone_gives_its_status_from_the_participant():
    effective = resolve(merged(code(3)), TZ)
    assert (effective.status, effective.source, effective.marked_by_id) == (
        "hadir", SELF_CODE, PARTICIPANT)


def test_the_earliest_code_counts_whatever_order_they_arrive_in():
    facts, applied = with_self_attend(merged(code(40, "terlambat")), code(3))
    assert applied and resolve(facts, TZ).status == "hadir"
    facts, applied = with_self_attend(merged(code(3)), code(40, "terlambat"))
    assert not applied and resolve(facts, TZ).status == "hadir"


@pytest.mark.parametrize("status", ["hadir", "terlambat", "izin", "sakit", "dinas_luar"])
def test_coach_status_wins_over_self_attend_in_either_order(status):
    assert status_of(code(2), mark(status, 5)) == status
    assert status_of(mark(status, 5), code(2)) == status
    assert status_of(mark(status, 1), code(2)) == status
    assert not resolve(merged(mark(status, 5), code(2)), TZ).needs_review


def test_alpa_and_a_valid_code_keep_alpa_and_flag_for_review_in_either_order():
    for facts in (merged(mark("alpa", 10), code(4)), merged(code(4), mark("alpa", 10))):
        effective = resolve(facts, TZ)
        assert (effective.status, effective.source) == ("alpa", COACH)
        assert effective.needs_review
        assert "09:04 WIB" in effective.review_reason and "alpa" in effective.review_reason


def test_alpa_without_a_code_is_not_flagged():
    assert not resolve(merged(mark("alpa", 10)), TZ).needs_review


def test_coach_changing_alpa_to_hadir_clears_the_review_flag():
    effective = resolve(merged(mark("alpa", 10), code(4), mark("hadir", 30)), TZ)
    assert effective.status == "hadir" and not effective.needs_review
    assert effective.review_reason == ""


def test_latest_coach_mark_wins_between_two_phones():
    facts, applied = with_coach_mark(merged(mark("alpa", 5)), mark("hadir", 9, COACH_B))
    assert applied
    effective = resolve(facts, TZ)
    assert effective.status == "hadir" and effective.marked_by_id == COACH_B


def test_an_older_coach_mark_arriving_later_is_not_applied():
    before = merged(mark("hadir", 9, COACH_B))
    after, applied = with_coach_mark(before, mark("alpa", 5))
    assert not applied and after == before


def test_at_the_same_second_the_later_arriving_mark_wins():
    # "Semua hadir" and then an exception tapped within one second, sent in that order.
    facts, applied = with_coach_mark(merged(mark("hadir", 9)), mark("alpa", 9))
    assert applied and resolve(facts, TZ).status == "alpa"


def test_leave_alone_gives_the_leave_type_from_the_approver():
    effective = resolve(merged(leave("dinas_luar")), TZ)
    assert (effective.status, effective.source, effective.marked_by_id) == (
        "dinas_luar", LEAVE, REVIEWER)


def test_leave_approved_after_an_alpa_excuses_it():
    assert status_of(mark("alpa", 5), leave("izin")) == "izin"
    assert status_of(leave("izin"), mark("alpa", 5)) == "izin"


@pytest.mark.parametrize("status", ["hadir", "terlambat"])
def test_leave_never_erases_a_coachs_presence_mark(status):
    assert status_of(mark(status, 5), leave()) == status
    assert status_of(leave(), mark(status, 5)) == status


def test_a_self_attend_beats_a_leave_in_either_order():
    assert status_of(code(20, "terlambat"), leave()) == "terlambat"
    assert status_of(leave(), code(20, "terlambat")) == "terlambat"


def test_a_coach_mark_after_the_leave_was_approved_wins():
    assert status_of(leave(at=-600), mark("alpa", 10)) == "alpa"


def test_alpa_code_and_leave_together_give_the_leave():
    # The coach saw no one, the reviewer excused them afterwards: the code cannot override both.
    effective = resolve(merged(code(4), mark("alpa", 10), leave()), TZ)
    assert effective.status == "sakit" and not effective.needs_review


def test_the_most_recent_leave_approval_counts():
    facts, applied = with_leave(merged(leave("izin", 300)), leave("dinas_luar", 200))
    assert not applied and resolve(facts, TZ).status == "izin"


FACTS = {
    "code": code(4), "late_code": code(25, "terlambat"), "alpa_a": mark("alpa", 10),
    "hadir_b": mark("hadir", 12, COACH_B), "izin_a": mark("izin", 8), "leave": leave(),
    "early_leave": leave("izin", -600), "late_alpa": mark("alpa", 700),
}


@pytest.mark.parametrize("names", [
    ("code", "alpa_a"), ("code", "late_code"), ("alpa_a", "hadir_b"), ("code", "izin_a"),
    ("code", "alpa_a", "hadir_b"), ("alpa_a", "leave"), ("izin_a", "hadir_b", "leave"),
    ("code", "alpa_a", "leave"), ("late_code", "code", "izin_a", "hadir_b"),
    ("code", "leave", "early_leave", "late_alpa"), ("code", "alpa_a", "leave", "late_alpa"),
])
def test_the_result_does_not_depend_on_arrival_order(names):
    results = {resolve(merged(*[FACTS[n] for n in order]), TZ) for order in permutations(names)}
    assert len(results) == 1, results


def test_unknown_statuses_are_refused():
    with pytest.raises(ValueError):
        mark("bolos", 1)
    with pytest.raises(ValueError):
        code(1, "izin")
    with pytest.raises(ValueError):
        leave("hadir")
