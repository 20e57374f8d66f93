"""The rules behind the admin pages, without Flask: NIP shape, lock-out, supervisors, a
unit's week, the geofence drawing."""

from datetime import time

import pytest

from webapp.services.unit_admin import SVG_SIZE, _round_scale, geofence_view, week_from
from webapp.services.user_admin import own_account_problems
from webapp.services.user_import import nip_problems, supervisor_problems
from webapp.services.work_calendar import Hours


def test_a_well_formed_nip_has_no_problems():
    assert nip_problems("198507142010012003") == []


@pytest.mark.parametrize(("nip", "part"), [
    ("19850714201001200", "18 digit"), ("19850714201001200x", "18 digit"),
    ("198502302010012003", "tanggal lahir"), ("198507142010002003", "bulan pengangkatan"),
    ("198507142010132003", "bulan pengangkatan"), ("198507142010010003", "digit ke-15"),
])
def test_a_nip_typo_is_named(nip, part):
    [problem] = nip_problems(nip)
    assert part in problem


def test_an_admin_may_not_drop_their_own_admin_role_or_deactivate_themselves():
    assert own_account_problems(1, 1, ["admin"]) == {}
    assert set(own_account_problems(1, 1, ["participant"], active=False)) == {"roles", "active"}
    assert own_account_problems(1, 2, [], active=False) == {}  # another admin's account


def test_a_supervisor_is_someone_else_holding_the_role_and_active():
    assert supervisor_problems(1, 2, holds_role=True) == []
    assert supervisor_problems(None, 2, holds_role=True) == []  # a user being created
    assert "dirinya sendiri" in supervisor_problems(2, 2, holds_role=True)[0]
    assert "peran atasan" in supervisor_problems(1, 2, holds_role=False)[0]
    assert "aktif" in supervisor_problems(1, 2, holds_role=True, active=False)[0]


def _times(days: int, start=time(7, 30), end=time(16)):
    return {d: (start, end) for d in range(days)}


def test_a_week_is_monday_to_friday_or_saturday():
    week, problems = week_from(5, _times(6))
    assert problems == {} and sorted(week) == [0, 1, 2, 3, 4]
    week, _ = week_from(6, _times(6))
    assert week[5] == Hours(time(7, 30), time(16))


def test_each_work_day_needs_both_times_in_order():
    times = _times(6) | {1: (None, time(16)), 2: (time(8), time(7)), 3: (time(8), None)}
    week, problems = week_from(5, times)
    assert week == {}
    assert problems == {"start_1": ["Isi jam masuk."],
                        "end_2": ["Jam pulang harus sesudah jam masuk."],
                        "end_3": ["Isi jam pulang."]}
    assert week_from(5, times | {5: (None, None)})[1] == problems  # Saturday unused


@pytest.mark.parametrize(("metres", "bar"), [(75, 50), (150, 100), (300, 200), (1, 1),
                                             (999, 500), (2500, 2000)])
def test_the_scale_bar_is_a_round_length(metres, bar):
    assert _round_scale(metres) == bar


def test_the_geofence_drawing_puts_points_north_up_inside_or_outside_the_circle():
    lat, lon = -1.5, 101.25
    north_100 = (lat + 100 / 110_574, lon)  # 100 m north: inside a 150 m fence
    east_200 = (lat, lon + 200 / (111_320 * 0.99966))  # 200 m east: outside
    far = (lat + 0.05, lon)  # 5.5 km: beyond the drawing
    view = geofence_view(lat, lon, 150, [north_100, east_200, far])
    middle = SVG_SIZE / 2
    assert view.radius_px == middle / 2  # the drawing spans twice the radius each way
    inside, outside = view.dots
    assert inside.inside and inside.x == middle and inside.y == pytest.approx(middle - 50, 0.2)
    assert not outside.inside and outside.x == pytest.approx(middle + 100, 0.2)
    assert (view.outside_shown, view.beyond) == (1, 1)
    assert view.scale_m == 100 and view.scale_px == pytest.approx(50)
