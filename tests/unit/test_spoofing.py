"""Anti-spoofing signals: plain functions on plain values."""

from datetime import UTC, date, datetime, timedelta

from webapp.services.spoofing import (
    DeviceUse,
    Fix,
    all_signals,
    impossible_speeds,
    position_signals,
    repeated_coordinates,
    shared_devices,
)

T0 = datetime(2026, 7, 7, 0, 30, tzinfo=UTC)
PADANG_ARO = (-1.4712345, 101.2489123)  # a realistic fix near Diskominfo
MUARA_LABUH = (-1.4612371, 101.0551297)  # about 21.6 km west
OFFICE = (-1.47120, 101.24890)


def fix(id_, user, minutes, point=PADANG_ARO, accuracy=12.3, office=OFFICE):
    return Fix(checkin_id=id_, user_id=user, at=T0 + timedelta(minutes=minutes), lat=point[0],
               lon=point[1], accuracy_m=accuracy, unit_lat=office[0], unit_lon=office[1])


def kinds(signals):
    return [s.kind for s in signals]


def test_21_km_in_5_minutes_is_impossible_speed():
    [signal] = impossible_speeds([fix(1, 7, 0), fix(2, 7, 5, MUARA_LABUH)])
    assert signal.kind == "impossible_speed" and signal.user_ids == (7,)
    assert signal.checkin_ids == (1, 2)
    assert signal.detail["km"] > 20 and signal.detail["kmh"] > 200


def test_21_km_in_20_minutes_is_plausible_by_car():
    assert impossible_speeds([fix(1, 7, 0), fix(2, 7, 20, MUARA_LABUH)]) == []


def test_speed_is_judged_between_consecutive_checkins_in_time_order():
    # Sent out of order; sorted by time the jumps are 0->5 min (fast) and 5->300 min (slow).
    signals = impossible_speeds([fix(3, 7, 300), fix(2, 7, 5, MUARA_LABUH), fix(1, 7, 0)])
    assert [s.checkin_ids for s in signals] == [(1, 2)]


def test_two_places_at_the_same_instant_is_impossible():
    [signal] = impossible_speeds([fix(1, 7, 0), fix(2, 7, 0, MUARA_LABUH)])
    assert signal.detail["kmh"] is None


def test_gps_jitter_of_a_few_hundred_metres_in_seconds_is_ignored():
    nearby = (PADANG_ARO[0] + 0.003, PADANG_ARO[1])  # ~330 m
    assert impossible_speeds([fix(1, 7, 0), fix(2, 7, 0.1, nearby)]) == []


def test_different_users_far_apart_are_not_compared():
    assert impossible_speeds([fix(1, 7, 0), fix(2, 8, 1, MUARA_LABUH)]) == []


def test_checkins_without_location_are_skipped():
    no_fix = Fix(2, 7, T0 + timedelta(minutes=1), None, None, None)
    assert impossible_speeds([fix(1, 7, 0), no_fix, fix(3, 7, 300, MUARA_LABUH)]) == []


def test_three_users_on_one_device_in_a_day_is_shared_device():
    day = date(2026, 7, 7)
    uses = [DeviceUse("hp-1", user, day) for user in (1, 2, 3, 3)]
    [signal] = shared_devices(uses)
    assert signal.user_ids == (1, 2, 3) and signal.detail == {"device_id": "hp-1", "day": day}


def test_two_users_on_one_device_or_three_on_different_days_is_not():
    uses = [DeviceUse("hp-1", 1, date(2026, 7, 7)), DeviceUse("hp-1", 2, date(2026, 7, 7)),
            DeviceUse("hp-1", 3, date(2026, 7, 8))]
    assert shared_devices(uses) == []


def test_exactly_the_office_coordinates_is_flagged_once():
    assert kinds(position_signals([fix(1, 7, 0, OFFICE)])) == ["unit_coordinates"]


def test_round_coordinates_are_flagged():
    assert kinds(position_signals([fix(1, 7, 0, (-1.48, 101.25))])) == ["round_coordinates"]
    assert kinds(position_signals([fix(1, 7, 0, (-1.4800, 101.2500001))])) == []


def test_realistic_fix_raises_nothing():
    assert position_signals([fix(1, 7, 0)]) == []


def test_zero_or_absent_accuracy_with_coordinates_is_flagged():
    assert kinds(position_signals([fix(1, 7, 0, accuracy=0)])) == ["zero_accuracy"]
    assert kinds(position_signals([fix(1, 7, 0, accuracy=None)])) == ["zero_accuracy"]


def test_no_location_at_all_is_not_a_position_signal():
    assert position_signals([Fix(1, 7, T0, None, None, None)]) == []


def test_identical_coordinates_from_two_users_are_repeated_coordinates():
    [signal] = repeated_coordinates([fix(1, 7, 0), fix(2, 8, 60), fix(3, 9, 0, MUARA_LABUH)])
    assert signal.user_ids == (7, 8) and signal.checkin_ids == (1, 2)


def test_one_user_at_the_same_spot_twice_is_not_repeated_coordinates():
    assert repeated_coordinates([fix(1, 7, 0), fix(2, 7, 600)]) == []


def test_a_whole_office_at_its_registered_coordinates_is_reported_per_checkin_only():
    fixes = [fix(1, 7, 0, OFFICE), fix(2, 8, 0, OFFICE)]
    assert kinds(all_signals(fixes, [])) == ["unit_coordinates", "unit_coordinates"]


def test_all_signals_are_grouped_by_kind():
    fixes = [fix(1, 7, 0), fix(2, 7, 5, MUARA_LABUH), fix(3, 8, 0, accuracy=0)]
    uses = [DeviceUse("hp", u, date(2026, 7, 7)) for u in (1, 2, 3)]
    assert kinds(all_signals(fixes, uses)) == ["impossible_speed", "shared_device",
                                               "zero_accuracy", "repeated_coordinates"]
