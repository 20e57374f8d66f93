import pytest

from webapp.services.geo import LOW_ACCURACY_M, geofence_flags, haversine_m

MONAS = (-6.1754, 106.8272)
BOGOR_PALACE = (-6.5977, 106.7974)


def test_haversine_monas_to_bogor_palace_is_about_47_km_within_one_percent():
    d = haversine_m(*MONAS, *BOGOR_PALACE)
    assert d == pytest.approx(47_000, rel=0.01)


def test_haversine_is_symmetric():
    assert haversine_m(*MONAS, *BOGOR_PALACE) == pytest.approx(haversine_m(*BOGOR_PALACE, *MONAS))


def test_haversine_same_point_is_zero():
    assert haversine_m(*MONAS, *MONAS) == 0.0


def test_haversine_one_degree_of_latitude_is_about_111_km():
    assert haversine_m(0.0, 0.0, 1.0, 0.0) == pytest.approx(111_195, abs=1)


def test_haversine_antipodes_do_not_fail_and_give_half_circumference():
    assert haversine_m(0.0, 0.0, 0.0, 180.0) == pytest.approx(20_015_115, rel=1e-6)


def test_inside_geofence_with_good_accuracy_has_no_flags():
    assert geofence_flags(50.0, 100.0, 10.0) == []


def test_exactly_on_the_radius_is_inside():
    assert geofence_flags(100.0, 100.0, 10.0) == []


def test_just_beyond_the_radius_is_outside_geofence():
    assert geofence_flags(100.01, 100.0, 10.0) == ["outside_geofence"]


def test_no_unit_coordinates_means_no_geofence_flag():
    assert geofence_flags(None, 100.0, 10.0) == []


def test_accuracy_exactly_at_limit_is_not_low():
    assert geofence_flags(0.0, 100.0, LOW_ACCURACY_M) == []


def test_accuracy_just_above_limit_is_low():
    assert geofence_flags(0.0, 100.0, LOW_ACCURACY_M + 0.1) == ["low_accuracy"]


def test_missing_accuracy_is_low():
    assert geofence_flags(0.0, 100.0, None) == ["low_accuracy"]


def test_both_flags_come_in_stable_order():
    assert geofence_flags(500.0, 100.0, None) == ["outside_geofence", "low_accuracy"]
