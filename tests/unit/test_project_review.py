"""BKPSDM's counts over change projects (webapp.services.project_review), on a constructed set
whose every number is worked out by hand below."""

from datetime import UTC, date, datetime

import pytest

from webapp.services.completion import Thresholds
from webapp.services.project_review import (
    BELUM_JATUH_TEMPO,
    SELESAI,
    TERLAMBAT,
    UNCLASSIFIED,
    Cohort,
    MilestoneInfo,
    ProjectInfo,
    review_from_rows,
)

NOW = datetime(2026, 11, 15, 5, 0, tzinfo=UTC)  # 12:00 WIB on 15 November 2026
WIB = "Asia/Jakarta"
A = Cohort(1, "PKA I", date(2025, 6, 1), date(2025, 9, 1), Thresholds(green=60, yellow=30))
B = Cohort(2, "PKA II", date(2025, 10, 1), date(2025, 12, 1), Thresholds(green=80, yellow=50))


def project(pid, program, unit, launched=None, classification=None, stopped=None,
            reason=None) -> ProjectInfo:
    return ProjectInfo(pid, f"Proyek {pid}", f"Pemilik {pid}", None, unit, f"OPD {unit}", WIB,
                       program, launched, classification, reason, stopped)


def months(start: tuple[int, int], count: int, usage: int = 10) -> dict:
    out, (y, m) = {}, start
    for _ in range(count):
        out[(y, m)] = usage
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


PROJECTS = [
    # Launched in June: June to October complete and used: hidup. Month 3 (Sep) used; month 6
    # (Dec) not complete yet: censored.
    project("a1", 1, "U1", date(2026, 6, 10), "inovasi_baru"),
    # Launched in April, used to July, August reported 0, September not reported, October
    # used: melemah. Month 3 (Jul) and 6 (Oct) used.
    project("a2", 1, "U1", date(2026, 4, 5), "pengembangan"),
    # Launched October 2025, used for three months: mati_suri; month 3 (Jan) unused, month 12
    # (Oct 2026) complete and unused.
    project("a3", 1, "U2", date(2025, 10, 1), "rutinitas"),
    # Launched in August: months 0-2 complete and used: hidup; censored for month 3.
    project("a4", 1, "U2", date(2026, 8, 20)),
    # Never launched: rencana, no part of survival or of its OPD's launched projects.
    project("a5", 1, "U3"),
    # Launched in January, stopped in May for the budget though May was used: berhenti;
    # month 3 (Apr) used, month 6 (Jul) after the stop.
    project("a6", 1, "U3", date(2026, 1, 10), "inovasi_baru",
            datetime(2026, 5, 3, 3, 0, tzinfo=UTC), "anggaran"),
    # Only a plan in its OPD: the OPD has nothing launched.
    project("a7", 1, "U4"),
    project("b1", 2, "U1", date(2026, 2, 1), "pengembangan"),
]
USAGE = {
    "a1": months((2026, 6), 5),
    "a2": {**months((2026, 4), 4), (2026, 8): 0, (2026, 10): 3},
    "a3": months((2025, 10), 3),
    "a4": months((2026, 8), 3),
    "a6": months((2026, 1), 5),
    "b1": months((2026, 2), 9),
}
MILESTONES = [
    MilestoneInfo("a1", "pendek", "SK tim", date(2026, 5, 1), "diterima"),
    MilestoneInfo("a1", "menengah", "Uji coba", date(2026, 11, 1), "terbuka"),
    MilestoneInfo("a1", "panjang", "Perluasan", date(2027, 1, 1), "terbuka"),
    # Claimed but not yet accepted one day after its due date: overdue.
    MilestoneInfo("a2", "pendek", "SK tim", date(2026, 11, 14), "diklaim"),
    # Due today: not overdue yet.
    MilestoneInfo("a2", "menengah", "Uji coba", date(2026, 11, 15), "terbuka"),
    MilestoneInfo("a3", "pendek", "SK tim", None, "dikembalikan"),
]


@pytest.fixture(scope="module")
def review():
    return review_from_rows([A, B], PROJECTS, MILESTONES, USAGE, NOW)


def test_projects_are_counted_by_life_state(review):
    assert review.states == {"rencana": 2, "hidup": 3, "melemah": 1, "mati_suri": 1,
                             "berhenti": 1}
    assert {r.info.id: r.state for r in review.rows}["a2"] == "melemah"


def test_survival_counts_only_projects_whose_month_is_complete(review):
    a, b = review.cohorts
    assert a.cohort is A and b.cohort is B
    # Month 3: a1, a2, a3 and a6 (a4's month 3 is November, not complete); a3 unused.
    assert (a.at(3).at_risk, a.at(3).alive) == (4, 3)
    # Month 6: a2, a3 and a6 (a1's is December); only a2 used it, a6 had stopped.
    assert (a.at(6).at_risk, a.at(6).alive) == (3, 1)
    assert (a.at(12).at_risk, a.at(12).alive) == (1, 0)
    assert (b.at(6).at_risk, b.at(6).alive) == (1, 1)
    assert b.at(12).at_risk == 0 and b.at(12).share is None


def test_opd_zones_use_the_programmes_thresholds_on_the_share_still_alive(review):
    a, b = review.cohorts
    zones = {u.code: (u.launched, u.alive, u.zone) for u in a.units}
    assert zones == {"U1": (2, 2, "hijau"),  # hidup and melemah: 100 %
                     "U2": (2, 1, "kuning"),  # 50 %: at least 30, under 60
                     "U3": (1, 0, "merah"),  # the stopped one; the plan is not launched
                     "U4": (0, 0, "belum")}
    assert [(u.code, u.zone) for u in b.units] == [("U1", "hijau")]


def test_milestones_per_stage_and_the_overdue_list(review):
    assert review.stages["pendek"] == {SELESAI: 1, BELUM_JATUH_TEMPO: 1, TERLAMBAT: 1}
    assert review.stages["menengah"] == {SELESAI: 0, BELUM_JATUH_TEMPO: 1, TERLAMBAT: 1}
    assert review.stages["panjang"] == {SELESAI: 0, BELUM_JATUH_TEMPO: 1, TERLAMBAT: 0}
    assert [(o.project_id, o.milestone, o.days, o.state) for o in review.overdue] == [
        ("a1", "Uji coba", 14, "terbuka"), ("a2", "SK tim", 1, "diklaim")]
    assert {r.info.id: r.overdue for r in review.rows}["a1"] == 1


def test_classifications_and_reasons_for_stopping(review):
    assert review.classifications == {"inovasi_baru": 2, "pengembangan": 2, "rutinitas": 1,
                                      UNCLASSIFIED: 3}
    assert review.stop_reasons["anggaran"] == 1
    assert sum(review.stop_reasons.values()) == 1


def test_a_month_edge_is_the_units_not_utc():
    """On 1 December at 00:30 WIB (still 30 November in UTC) November is complete in WIB."""
    now = datetime(2026, 11, 30, 17, 30, tzinfo=UTC)
    launched = project("c1", 1, "U1", date(2026, 8, 3))
    usage = {"c1": months((2026, 8), 4)}
    review = review_from_rows([A], [launched], [], usage, now)
    assert review.cohorts[0].at(3).at_risk == 1  # November, month 3, is over in WIB
    utc = review_from_rows([A], [launched._replace(timezone="UTC")], [], usage, now)
    assert utc.cohorts[0].at(3).at_risk == 0
