"""Who may ask for which correction (koreksi absen)."""

from datetime import date, datetime, time

from webapp.services.corrections import request_problems

NOW = datetime(2026, 11, 20, 9, 0)  # the unit's wall clock when the phone recorded it


def problems(day=date(2026, 11, 18), type_="in", at=time(7, 25), taken=(), limit=3):
    return request_problems(day, type_, at, NOW, list(taken), limit)


def test_a_past_forgotten_check_in_is_accepted():
    assert problems() == {}
    assert problems(day=NOW.date(), at=time(8, 59)) == {}


def test_a_correction_for_a_time_not_yet_come_is_refused():
    assert "time" in problems(day=NOW.date(), at=time(9, 1))
    assert "time" in problems(day=date(2026, 11, 21), at=time(7, 0))


def test_one_open_correction_per_day_and_type():
    assert "date" in problems(taken=[(date(2026, 11, 18), "in")])
    assert problems(type_="out", at=time(16, 0), taken=[(date(2026, 11, 18), "in")]) == {}


def test_at_most_the_limit_per_month_of_the_corrected_day():
    three = [(date(2026, 11, d), "in") for d in (2, 3, 4)]
    assert problems(taken=three)["date"].startswith("Batas koreksi bulan ini (3 kali)")
    assert problems(taken=three, limit=4) == {}
    # Corrections of last month do not count against this one.
    october = [(date(2026, 10, d), "in") for d in (5, 6, 7)]
    assert problems(taken=october) == {}
