"""Life states, survival with censoring and milestone rules of change projects (no Flask)."""

from datetime import UTC, date, datetime, timedelta

from webapp.services.project_rules import (
    BERHENTI,
    DIKEMBALIKAN,
    DIKLAIM,
    DITERIMA,
    HIDUP,
    MATI_SURI,
    MELEMAH,
    MIN_DRAWN,
    RENCANA,
    TERBUKA,
    ProjectLife,
    Survival,
    UsageReport,
    add_months,
    alive_in,
    claim_problem,
    drawn_shares,
    is_overdue,
    life_state,
    milestone_state,
    missing_usage,
    month_of,
    parse_period,
    review_problem,
    survival,
    survival_curve,
    usage_by_month,
)

WIB = "Asia/Jakarta"
WIT = "Asia/Jayapura"
NOW = datetime(2026, 11, 15, 5, 0, tzinfo=UTC)  # 15 Nov 2026, 12:00 WIB


def test_month_edges_are_the_units_local_months():
    # 30 Nov 17:30 UTC is 1 Dec 00:30 WIB: December for the unit, November in UTC.
    assert month_of(datetime(2026, 11, 30, 17, 30, tzinfo=UTC), WIB) == (2026, 12)
    assert month_of(datetime(2026, 11, 30, 16, 30, tzinfo=UTC), WIB) == (2026, 11)
    # WIT is two hours ahead of WIB: 30 Nov 15:30 UTC is already December in Jayapura.
    assert month_of(datetime(2026, 11, 30, 15, 30, tzinfo=UTC), WIT) == (2026, 12)


def test_life_state_changes_at_the_units_month_edge_not_at_utc_midnight():
    usage = {(2026, 10): 5, (2026, 11): 7}  # nothing in September
    launched = date(2026, 6, 1)
    # 30 Nov 23:59 WIB: complete months are Sep and Oct -> one of two.
    before_edge = datetime(2026, 11, 30, 16, 59, tzinfo=UTC)
    # 1 Dec 00:30 WIB (still 30 Nov in UTC): complete months are Oct and Nov -> both.
    after_edge = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    assert life_state(launched, None, usage, before_edge, WIB) == MELEMAH
    assert life_state(launched, None, usage, after_edge, WIB) == HIDUP


def test_life_states_from_usage_of_the_last_two_complete_months():
    launched = date(2026, 3, 10)
    assert life_state(launched, None, {(2026, 9): 3, (2026, 10): 1}, NOW, WIB) == HIDUP
    assert life_state(launched, None, {(2026, 9): 3, (2026, 10): 0}, NOW, WIB) == MELEMAH
    assert life_state(launched, None, {(2026, 10): 4}, NOW, WIB) == MELEMAH
    # Usage in the current, incomplete month does not rescue the past two.
    assert life_state(launched, None, {(2026, 11): 90}, NOW, WIB) == MATI_SURI


def test_a_project_not_launched_is_a_plan_and_a_stop_wins_over_usage():
    usage = {(2026, 9): 3, (2026, 10): 1}
    assert life_state(None, None, usage, NOW, WIB) == RENCANA
    assert life_state(date(2026, 12, 1), None, {}, NOW, WIB) == RENCANA
    stopped = NOW - timedelta(days=3)
    assert life_state(date(2026, 3, 1), stopped, usage, NOW, WIB) == BERHENTI
    # Before the stop was recorded the same project was alive.
    assert life_state(date(2026, 3, 1), stopped, usage, stopped - timedelta(days=1),
                      WIB) == HIDUP


def test_months_before_launch_are_not_held_against_a_new_project():
    assert life_state(date(2026, 11, 2), None, {}, NOW, WIB) == HIDUP
    assert life_state(date(2026, 10, 20), None, {(2026, 10): 12}, NOW, WIB) == HIDUP
    assert life_state(date(2026, 10, 20), None, {}, NOW, WIB) == MATI_SURI


def test_a_month_reported_twice_counts_its_last_report():
    first = datetime(2026, 10, 2, tzinfo=UTC)
    reports = [UsageReport((2026, 9), 0, first, 1),
               UsageReport((2026, 10), 8, first, 2),
               UsageReport((2026, 9), 40, first + timedelta(days=1), 3)]
    assert usage_by_month(reports) == {(2026, 9): 40, (2026, 10): 8}
    # Order of arrival in the list does not matter; the later report still wins.
    assert usage_by_month(reversed(reports)) == {(2026, 9): 40, (2026, 10): 8}
    # Two reports stored at the same instant: the later row wins.
    same = [UsageReport((2026, 9), 5, first, 7), UsageReport((2026, 9), 6, first, 6)]
    assert usage_by_month(same) == {(2026, 9): 5}


def test_survival_censors_projects_whose_month_is_not_complete():
    # Launched four months ago (July, now November): months 0-3 (Jul-Oct) are complete.
    young = ProjectLife(date(2026, 7, 5), None, {(2026, 10): 2})
    old = ProjectLife(date(2025, 11, 5), None, {(2026, 2): 1, (2026, 5): 0})
    assert survival([young, old], 3, NOW, WIB).at_risk == 2
    assert survival([young], 4, NOW, WIB).at_risk == 0
    assert survival([young], 6, NOW, WIB).at_risk == 0
    six = survival([young, old], 6, NOW, WIB)
    assert (six.at_risk, six.alive, six.share) == (1, 0, 0.0)
    three = survival([young, old], 3, NOW, WIB)
    assert (three.alive, three.share) == (2, 1.0)
    assert survival([], 3, NOW, WIB).share is None


def test_a_project_stopped_before_month_m_is_dead_then_not_censored():
    stopped = datetime(2026, 2, 10, tzinfo=UTC)
    project = ProjectLife(date(2025, 12, 1), stopped, {(2026, 3): 4, (2026, 2): 2})
    assert alive_in(project, 2, WIB) is True  # February: used in the month it stopped
    assert alive_in(project, 3, WIB) is False  # March: after the stop, whatever was reported
    result = survival([project], 3, NOW, WIB)
    assert (result.at_risk, result.alive) == (1, 0)
    assert add_months((2025, 12), 3) == (2026, 3)


def test_milestone_is_overdue_only_when_due_and_not_accepted():
    due = date(2026, 11, 10)
    assert not is_overdue(due, TERBUKA, date(2026, 11, 10))  # due today: not yet overdue
    assert is_overdue(due, TERBUKA, date(2026, 11, 11))
    assert is_overdue(due, DIKLAIM, date(2026, 11, 11))  # claimed but not accepted
    assert is_overdue(due, DIKEMBALIKAN, date(2026, 11, 11))
    assert not is_overdue(due, DITERIMA, date(2027, 1, 1))
    assert not is_overdue(None, TERBUKA, date(2027, 1, 1))


def test_a_returned_milestone_reopens_and_can_be_claimed_again():
    assert milestone_state([]) == TERBUKA
    assert milestone_state(["claim"]) == DIKLAIM
    returned = milestone_state(["claim", DIKEMBALIKAN])
    assert returned == DIKEMBALIKAN
    assert claim_problem(returned) is None
    assert review_problem(returned) is not None  # nothing new to decide until a new claim
    assert milestone_state(["claim", DIKEMBALIKAN, "claim"]) == DIKLAIM
    assert review_problem(DIKLAIM) is None
    assert claim_problem(milestone_state(["claim", DIKEMBALIKAN, "claim", DITERIMA])) is not None
    assert review_problem(TERBUKA) is not None


def test_periods_parse_strictly():
    assert parse_period("2026-03") == (2026, 3)
    for bad in ("2026-13", "2026-3", "26-03", "2026/03"):
        try:
            parse_period(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_missing_usage_lists_complete_unreported_months_until_the_stop():
    launched = date(2026, 8, 20)
    assert missing_usage(launched, None, {(2026, 9)}, NOW, WIB) == [(2026, 8), (2026, 10)]
    assert missing_usage(launched, None, {(2026, 8), (2026, 9), (2026, 10)}, NOW, WIB) == []
    stopped = datetime(2026, 9, 5, tzinfo=UTC)
    assert missing_usage(launched, stopped, set(), NOW, WIB) == [(2026, 8), (2026, 9)]
    assert missing_usage(date(2026, 11, 1), None, set(), NOW, WIB) == []
    assert missing_usage(None, None, set(), NOW, WIB) == []
    # 1 Dec 00:30 WIB is still 30 Nov in UTC: November is complete for the unit, so it is due.
    edge = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    assert missing_usage(date(2026, 11, 1), None, set(), edge, WIB) == [(2026, 11)]


def test_the_survival_curve_is_survival_at_every_month():
    """One pass over the projects gives what `survival` gives month by month: censoring, the
    stop (used in its own month, not after), never launched, a month without a report."""
    lives = [ProjectLife(date(2026, 7, 5), None, {(2026, 10): 2}),
             ProjectLife(date(2025, 11, 5), None, {(2026, 2): 1, (2026, 5): 0}),
             ProjectLife(date(2025, 12, 1), datetime(2026, 3, 10, 3, tzinfo=UTC),
                         {(2025, 12): 4, (2026, 1): 3, (2026, 3): 1, (2026, 4): 5}),
             ProjectLife(None, None, {}),
             ProjectLife(date(2026, 11, 2), None, {(2026, 11): 9})]
    curve = survival_curve(lives, 12, NOW, WIB)
    assert curve == [survival(lives, m, NOW, WIB) for m in range(13)]
    assert (curve[3].at_risk, curve[3].alive) == (3, 3)  # the stopped one used its month 3
    assert (curve[4].at_risk, curve[4].alive) == (2, 0)  # and not month 4, after the stop


def test_the_curve_leaves_out_months_too_few_projects_count_for():
    curve = [Survival(0, 10, 5), Survival(1, MIN_DRAWN, MIN_DRAWN), Survival(2, MIN_DRAWN - 1, 1),
             Survival(3, 0, 0)]
    assert drawn_shares(curve) == [50.0, 100.0, None, None]
