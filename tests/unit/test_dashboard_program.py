"""build_dashboard and its parts: per participant, per OPD, alerts, weekly trend, filters."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tests.unit.dashboard_helpers import PROGRAM, build_dashboard, marks, person, sessions
from webapp.services.completion import Thresholds
from webapp.services.dashboard import SessionInfo, reachability_text, select_rows


def by_name(dashboard, name):
    return next(r for r in dashboard.rows if r.participant.full_name == name)


def test_each_participant_gets_counts_percent_zone_and_reachability():
    people = [person(1, "Ani"), person(2, "Budi"), person(3, "Citra")]
    states = sessions("held", "held", "held", "held", "held", "planned")
    rows = marks(1, "HHHHT") + marks(2, "HAHAI") + marks(3, "AAHA.")
    d = build_dashboard(PROGRAM, people, states, rows)
    ani, budi, citra = (by_name(d, n).completion for n in ("Ani", "Budi", "Citra"))
    assert (ani.held, ani.attended, ani.percent, ani.zone, ani.reachability) == \
        (5, 5, 100.0, "hijau", "tercapai")
    assert (budi.attended, budi.excused, budi.missed, budi.percent, budi.zone) == \
        (2, 1, 2, 50.0, "kuning")
    assert (budi.needed, budi.remaining, budi.reachability) == (2, 1, "tidak_mungkin")
    assert (citra.missed, citra.percent, citra.zone) == (4, 20.0, "merah")
    assert d.zone_counts == {"hijau": 1, "kuning": 1, "merah": 1, "belum": 0}
    assert d.session_counts == {"held": 5, "planned": 1, "cancelled": 0}


def test_reachability_with_a_cancelled_session_and_approved_leave():
    # Target 4. Two held (one on approved leave), one cancelled, three planned:
    # 1 attended, 3 needed, 3 remaining -> still reachable; cancelling one more makes it not.
    people = [person(1, "Ani")]
    rows = marks(1, "HI")
    reachable = build_dashboard(PROGRAM, people, sessions(
        "held", "held", "cancelled", "planned", "planned", "planned"), rows)
    c = reachable.rows[0].completion
    assert (c.held, c.excused, c.counted, c.remaining, c.needed) == (2, 1, 1, 3, 3)
    assert c.percent == 100.0 and c.reachability == "masih_bisa"
    assert reachable.rows[0].reachability_text == \
        "masih bisa — perlu 3 dari 3 sesi tersisa"
    unreachable = build_dashboard(PROGRAM, people, sessions(
        "held", "held", "cancelled", "cancelled", "planned", "planned"), rows)
    assert unreachable.rows[0].reachability_text == "tidak mungkin lagi"


def test_reachability_texts():
    people = [person(1, "Ani")]
    done = build_dashboard(PROGRAM, people, sessions(*["held"] * 4), marks(1, "HHHH"))
    assert reachability_text(done.rows[0].completion) == "sudah memenuhi target"


def test_zone_is_judged_on_the_rounded_percentage_at_the_80_boundary():
    # 4 of 5 = 80.00 -> hijau; with custom thresholds 80.01 the same person is kuning.
    people = [person(1, "Ani")]
    rows = marks(1, "HHHHA")
    assert build_dashboard(PROGRAM, people, sessions(*["held"] * 5), rows) \
        .rows[0].completion.zone == "hijau"
    strict = replace(PROGRAM, thresholds=Thresholds(80.01, 50))
    assert build_dashboard(strict, people, sessions(*["held"] * 5), rows) \
        .rows[0].completion.zone == "kuning"


def test_alerts_list_current_missed_streaks_of_two_or_more_longest_first():
    people = [person(1, "Ani"), person(2, "Budi"), person(3, "Citra"), person(4, "Dedi")]
    states = sessions(*["held"] * 5)
    rows = (marks(1, "HHHAA") + marks(2, "HAAAH") + marks(3, "HAAIA")
            + marks(4, "H...."))
    d = build_dashboard(PROGRAM, people, states, rows)
    # Budi's run of 3 is over (he came back); Citra's izin neither breaks nor extends hers.
    assert [(r.participant.full_name, r.completion.current_streak_missed) for r in d.alerts] == \
        [("Dedi", 4), ("Citra", 3), ("Ani", 2)]


def test_attendance_of_people_outside_the_programme_is_ignored():
    d = build_dashboard(PROGRAM, [person(1, "Ani")], sessions("held"),
                        marks(1, "H") + marks(99, "A"))
    assert len(d.rows) == 1 and d.weekly[0].counted == 1 and d.weekly[0].attended == 1


def test_unit_aggregate_pools_attended_over_counted():
    people = [person(1, "Ani", "PUPR"), person(2, "Budi", "PUPR"), person(3, "Citra", "DINKES")]
    states = sessions(*["held"] * 4)
    rows = marks(1, "HAAA") + marks(2, "HHHH") + marks(3, "IHHH")
    d = build_dashboard(PROGRAM, people, states, rows)
    units = {u.code: u for u in d.units}
    assert (units["PUPR"].attended, units["PUPR"].counted, units["PUPR"].percent) == \
        (5, 8, 62.5)
    assert units["PUPR"].zone == "kuning"
    assert units["PUPR"].zone_counts == {"hijau": 1, "kuning": 0, "merah": 1, "belum": 0}
    assert (units["DINKES"].counted, units["DINKES"].percent, units["DINKES"].zone) == \
        (3, 100.0, "hijau")


def test_weekly_trend_groups_held_sessions_by_local_week_and_leaves_out_excused():
    people = [person(1, "Ani"), person(2, "Budi")]
    states = sessions("held", "held", "held", "held", "cancelled", "planned")
    rows = marks(1, "HHHA") + marks(2, "IAHH")
    d = build_dashboard(PROGRAM, people, states, rows)
    assert [(w.week_start, w.sessions, w.attended, w.counted, w.percent) for w in d.weekly] == [
        (date(2026, 7, 6), 3, 4, 5, 80.0),
        (date(2026, 7, 13), 1, 1, 2, 50.0),
    ]


def test_weekly_trend_uses_the_programme_zone_for_the_week():
    # Sunday 23:30 UTC is already Monday 06:30 WIB: it belongs to the next week.
    late_sunday = SessionInfo(1, datetime(2026, 7, 12, 23, 30, tzinfo=UTC), "held")
    d = build_dashboard(PROGRAM, [person(1, "Ani")], [late_sunday], marks(1, "H"))
    assert d.weekly[0].week_start == date(2026, 7, 13)


@pytest.fixture
def many():
    people = [person(1, "Citra", "PUPR", "III.b"), person(2, "ani", "DINKES", "III.a"),
              person(3, "Budi", "DINKES", "III.b"), person(4, "Dedi", "PUPR", "III.a")]
    rows = marks(1, "HHHH") + marks(2, "HAAA") + marks(3, "HHAA")
    return build_dashboard(PROGRAM, people, sessions(*["held"] * 4), rows).rows


def names(rows):
    return [r.participant.full_name for r in rows]


def test_select_rows_filters_by_zone_unit_and_eselon(many):
    assert names(select_rows(many, zone="merah")) == ["ani", "Dedi"]
    assert names(select_rows(many, unit="PUPR")) == ["Citra", "Dedi"]
    assert names(select_rows(many, eselon="III.b", unit="DINKES")) == ["Budi"]
    assert select_rows(many, zone="hijau", unit="DINKES") == []


def test_select_rows_sorts(many):
    assert names(select_rows(many)) == ["ani", "Budi", "Citra", "Dedi"]
    assert names(select_rows(many, sort="percent_asc")) == ["Dedi", "ani", "Budi", "Citra"]
    assert names(select_rows(many, sort="percent_desc")) == ["Citra", "Budi", "ani", "Dedi"]
    assert names(select_rows(many, sort="missed")) == ["Dedi", "ani", "Budi", "Citra"]
    assert names(select_rows(many, sort="unit")) == ["ani", "Budi", "Citra", "Dedi"]
