import itertools
import random
from datetime import UTC, datetime, timedelta

import pytest

from webapp.services.completion import (
    REACHABILITY_LABELS,
    Completion,
    SessionOutcome,
    Thresholds,
    aggregate_zone,
    codes_from_masks,
    completion,
    held_codes,
    streaks,
    zone,
)
from webapp.vocabulary import ZONES

T = Thresholds()
START = datetime(2026, 7, 6, 1, 0, tzinfo=UTC)


def outcomes(*specs: tuple[str, str | None]) -> list[SessionOutcome]:
    """Sessions two days apart from (state, attendance) pairs."""
    return [
        SessionOutcome(starts_at=START + timedelta(days=2 * i), state=state, attendance=att)
        for i, (state, att) in enumerate(specs)
    ]


def held(att: str | None) -> tuple[str, str | None]:
    return ("held", att)


PLANNED = ("planned", None)
CANCELLED = ("cancelled", None)


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        (100.0, "hijau"),
        (80.0, "hijau"),
        (79.99, "kuning"),
        (50.0, "kuning"),
        (49.99, "merah"),
        (0.0, "merah"),
        (None, "belum"),
    ],
)
def test_zone_boundaries(percent, expected):
    assert zone(percent, T) == expected


def test_zone_uses_custom_thresholds():
    assert zone(70.0, Thresholds(green=70.0, yellow=40.0)) == "hijau"
    assert zone(39.99, Thresholds(green=70.0, yellow=40.0)) == "merah"


def test_inverted_thresholds_are_refused():
    with pytest.raises(ValueError):
        Thresholds(green=40.0, yellow=60.0)


def test_labels_are_indonesian():
    assert REACHABILITY_LABELS == {
        "tercapai": "sudah memenuhi target",
        "masih_bisa": "masih bisa",
        "tidak_mungkin": "tidak mungkin lagi",
    }
    assert ZONES.labels == {
        "hijau": "Hijau",
        "kuning": "Kuning",
        "merah": "Merah",
        "belum": "Belum ada sesi",
    }


def test_nothing_held_yet_is_belum_with_no_percent_and_still_reachable():
    c = completion(outcomes(*[PLANNED] * 12), target=10, thresholds=T)
    assert c.held == 0 and c.remaining == 12
    assert c.percent is None and c.zone == "belum"
    assert c.reachability == "masih_bisa" and c.needed == 10


def test_held_session_without_record_counts_as_missed():
    c = completion(outcomes(held("hadir"), held(None), held("alpa")), target=2, thresholds=T)
    assert (c.attended, c.missed, c.counted) == (1, 2, 3)
    assert c.percent == 33.33 and c.zone == "merah"


def test_terlambat_counts_as_attended():
    c = completion(outcomes(held("hadir"), held("terlambat")), target=2, thresholds=T)
    assert c.attended == 2 and c.percent == 100.0 and c.reachability == "tercapai"


def test_excused_sessions_leave_the_denominator():
    c = completion(
        outcomes(held("hadir"), held("izin"), held("sakit"), held("dinas_luar"), held("alpa")),
        target=1,
        thresholds=T,
    )
    assert (c.held, c.excused, c.counted, c.attended, c.missed) == (5, 3, 2, 1, 1)
    assert c.percent == 50.0 and c.zone == "kuning"


def test_only_excused_sessions_gives_no_percent():
    c = completion(outcomes(held("izin"), held("sakit")), target=1, thresholds=T)
    assert c.counted == 0 and c.percent is None and c.zone == "belum"


def test_percent_is_rounded_to_two_decimals():
    c = completion(outcomes(held("hadir"), held("hadir"), held("alpa")), target=1, thresholds=T)
    assert c.percent == 66.67


def test_target_reached_has_nothing_needed():
    c = completion(outcomes(*[held("hadir")] * 10, PLANNED, PLANNED), target=10, thresholds=T)
    assert c.reachability == "tercapai" and c.needed == 0


def test_cancelled_sessions_are_neither_held_nor_remaining_so_target_becomes_unreachable():
    # 12 sessions, 3 missed, 7 attended so far; 2 planned left but 1 of them is cancelled.
    specs = [held("hadir")] * 7 + [held("alpa")] * 3 + [CANCELLED, PLANNED]
    c = completion(outcomes(*specs), target=10, thresholds=T)
    assert (c.held, c.remaining, c.needed) == (10, 1, 3)
    assert c.reachability == "tidak_mungkin"


def test_needed_exactly_equal_to_remaining_is_still_reachable():
    specs = [held("hadir")] * 7 + [held("alpa")] * 2 + [CANCELLED] + [PLANNED] * 3
    c = completion(outcomes(*specs), target=10, thresholds=T)
    assert c.needed == 3 and c.remaining == 3 and c.reachability == "masih_bisa"


def test_excused_sessions_do_not_lower_the_target_count():
    # Perfect percentage (excused leave the denominator), yet the target is a count.
    specs = [held("hadir")] * 6 + [held("sakit")] * 4 + [PLANNED] * 2
    c = completion(outcomes(*specs), target=10, thresholds=T)
    assert c.percent == 100.0 and c.zone == "hijau"
    assert c.needed == 4 and c.reachability == "tidak_mungkin"


def test_attendance_on_non_held_sessions_is_ignored():
    c = completion(outcomes(("planned", "hadir"), ("cancelled", "hadir")), target=1, thresholds=T)
    assert c.held == 0 and c.attended == 0 and c.remaining == 1


def test_unknown_status_or_state_is_refused():
    with pytest.raises(ValueError):
        completion(outcomes(held("bolos")), target=1, thresholds=T)
    with pytest.raises(ValueError):
        completion(outcomes(("done", None)), target=1, thresholds=T)
    with pytest.raises(ValueError):
        completion([], target=-1, thresholds=T)


def consecutive_missed(statuses) -> tuple[int, int]:
    """(longest, trailing) missed run over held sessions' statuses in time order."""
    return streaks(held_codes(statuses))


def test_consecutive_missed_counts_longest_and_trailing_runs():
    assert consecutive_missed(["alpa", None, "alpa", "hadir", "alpa"]) == (3, 1)
    assert consecutive_missed(["hadir", "terlambat"]) == (0, 0)
    assert consecutive_missed([]) == (0, 0)


def test_excused_sessions_neither_break_nor_extend_a_missed_streak():
    assert consecutive_missed(["alpa", "izin", "alpa", "sakit", "dinas_luar", None]) == (3, 3)


def test_attended_session_breaks_a_streak_even_after_excused_ones():
    assert consecutive_missed(["alpa", "alpa", "izin", "hadir", "alpa"]) == (2, 1)


def test_trailing_excused_sessions_keep_the_current_streak():
    assert consecutive_missed(["hadir", "alpa", "izin"]) == (1, 1)


def test_completion_streaks_follow_time_order_not_input_order():
    specs = outcomes(held("alpa"), held("izin"), held(None), held("hadir"), held("alpa"))
    c = completion(list(reversed(specs)), target=5, thresholds=T)
    assert (c.max_streak_missed, c.current_streak_missed) == (2, 1)


def test_completion_streaks_ignore_cancelled_and_planned_sessions():
    c = completion(outcomes(held("alpa"), CANCELLED, held("alpa"), PLANNED), target=5, thresholds=T)
    assert (c.max_streak_missed, c.current_streak_missed) == (2, 2)


def _c(attended: int, counted: int) -> Completion:
    specs = [held("hadir")] * attended + [held("alpa")] * (counted - attended)
    return completion(outcomes(*specs), target=1, thresholds=T)


def test_aggregate_zone_pools_attended_over_counted():
    # 1/1 and 3/9: mean of percentages would be 66.67 (kuning); pooled is 40 (merah).
    assert aggregate_zone([_c(1, 1), _c(3, 9)], T) == (40.0, "merah")


def test_aggregate_zone_of_green_participants_is_green():
    assert aggregate_zone([_c(8, 10), _c(10, 10)], T) == (90.0, "hijau")


def test_aggregate_zone_with_nothing_counted_is_belum():
    assert aggregate_zone([], T) == (None, "belum")


def masks_of(attendances) -> tuple[int, int]:
    """(attended, excused) bitmasks, bit i for the i-th session, as the dashboard's SQL sums."""
    attended = sum(1 << i for i, s in enumerate(attendances) if s in ("hadir", "terlambat"))
    excused = sum(1 << i for i, s in enumerate(attendances) if s in ("izin", "sakit"))
    return attended, excused


def test_codes_from_masks_decode_every_pattern_of_up_to_six_sessions_like_held_codes():
    for length in range(7):
        for pattern in itertools.product(("hadir", "izin", "alpa", None), repeat=length):
            assert codes_from_masks(*masks_of(pattern), length) == held_codes(pattern), pattern


def test_codes_from_masks_decode_long_programmes_beyond_one_bigint():
    draw = random.Random(8)
    for length in (61, 62, 63, 124, 200):
        pattern = [draw.choice(("hadir", "terlambat", "izin", "sakit", "alpa", None))
                   for _ in range(length)]
        codes = codes_from_masks(*masks_of(pattern), length)
        assert codes == held_codes(pattern) and len(codes) == length


def test_codes_from_masks_refuse_overlapping_masks_or_bits_past_the_held_sessions():
    with pytest.raises(ValueError):
        codes_from_masks(0b11, 0b10, 2)
    with pytest.raises(ValueError):
        codes_from_masks(0b100, 0, 2)


def test_streaks_read_latest_run_last_and_skip_excused_codes():
    assert streaks("0010020") == (3, 3)
    assert streaks("0102001") == (3, 0)
    assert streaks("") == (0, 0)
    assert streaks("222") == (0, 0)
