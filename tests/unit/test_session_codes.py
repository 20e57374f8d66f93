import base64
from datetime import UTC, datetime, timedelta

import pytest

from webapp.services.session_codes import (
    code_at,
    decode_secret,
    hotp,
    new_secret,
    step_of,
    verify_code,
)

RFC_KEY = b"12345678901234567890"
RFC_SECRET = base64.b32encode(RFC_KEY).decode().rstrip("=")

# RFC 6238 Appendix B, SHA-1 column.
RFC_VECTORS = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


def at(seconds: float) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


@pytest.mark.parametrize(("t", "expected"), RFC_VECTORS)
def test_hotp_matches_rfc6238_sha1_vectors_with_8_digits(t, expected):
    assert hotp(RFC_KEY, t // 30, digits=8) == expected


@pytest.mark.parametrize(("t", "expected"), RFC_VECTORS)
def test_code_at_gives_6_digit_suffix_of_rfc6238_vectors(t, expected):
    assert code_at(RFC_SECRET, at(t)) == expected[-6:]


def test_hotp_matches_rfc4226_appendix_d_first_values():
    expected = ["755224", "287082", "359152", "969429", "338314"]
    assert [hotp(RFC_KEY, c) for c in range(5)] == expected


def test_hotp_rejects_negative_counter_and_bad_digit_count():
    with pytest.raises(ValueError):
        hotp(RFC_KEY, -1)
    with pytest.raises(ValueError):
        hotp(RFC_KEY, 0, digits=0)


def test_base32_secret_accepts_lower_case_and_missing_padding():
    assert decode_secret(RFC_SECRET.lower()) == RFC_KEY
    assert decode_secret("MZXW6") == b"foo"  # "MZXW6===" without padding
    assert code_at(RFC_SECRET.lower(), at(59)) == "287082"


def test_invalid_base32_secret_raises_value_error():
    with pytest.raises(ValueError):
        decode_secret("not base32!")


def test_new_secret_is_20_random_bytes_unpadded_base32():
    s = new_secret()
    assert "=" not in s
    assert len(s) == 32
    assert len(decode_secret(s)) == 20
    assert new_secret() != s


def test_step_of_requires_aware_datetime():
    with pytest.raises(ValueError):
        step_of(datetime(2026, 7, 7, 7, 30))


def test_step_edge_29_999_is_step_0_and_30_is_step_1():
    assert step_of(at(29.999)) == 0
    assert step_of(at(30)) == 1


def test_step_of_is_the_same_instant_in_any_zone():
    from zoneinfo import ZoneInfo

    t = at(1111111111)
    assert step_of(t.astimezone(ZoneInfo("Asia/Jayapura"))) == step_of(t)


def test_code_changes_exactly_at_step_edge():
    assert code_at(RFC_SECRET, at(29.999)) == hotp(RFC_KEY, 0)
    assert code_at(RFC_SECRET, at(30)) == hotp(RFC_KEY, 1)


def test_verify_accepts_current_code_and_returns_its_step():
    t = at(1111111111)
    assert verify_code(RFC_SECRET, code_at(RFC_SECRET, t), t) == step_of(t)


@pytest.mark.parametrize("skew_steps", [-1, 1])
def test_verify_accepts_one_step_of_skew(skew_steps):
    t = at(1234567890)
    code = code_at(RFC_SECRET, t)
    assert verify_code(RFC_SECRET, code, t + timedelta(seconds=30 * skew_steps)) == step_of(t)


@pytest.mark.parametrize("skew_steps", [-2, 2])
def test_verify_rejects_two_steps_of_skew(skew_steps):
    t = at(1234567890)
    code = code_at(RFC_SECRET, t)
    assert verify_code(RFC_SECRET, code, t + timedelta(seconds=30 * skew_steps)) is None


def test_code_shown_at_29_999_is_still_accepted_at_30_but_not_at_90():
    code = code_at(RFC_SECRET, at(29.999))  # step 0
    assert verify_code(RFC_SECRET, code, at(30)) == 0
    assert verify_code(RFC_SECRET, code, at(59.999)) == 0
    assert verify_code(RFC_SECRET, code, at(60)) is None


def test_code_replayed_five_minutes_later_is_rejected():
    t = datetime(2026, 7, 7, 1, 0, 5, tzinfo=UTC)
    code = code_at(RFC_SECRET, t)
    assert verify_code(RFC_SECRET, code, t + timedelta(minutes=5)) is None


def test_wider_window_accepts_more_skew():
    t = at(1234567890)
    code = code_at(RFC_SECRET, t)
    assert verify_code(RFC_SECRET, code, t + timedelta(seconds=60), window=2) == step_of(t)


@pytest.mark.parametrize(
    "bad",
    ["", "12345", "1234567", "12a456", " 890059", "١٢٣٤٥٦", "123 45", None, 890059],
)
def test_verify_rejects_anything_but_six_ascii_digits(bad):
    assert verify_code(RFC_SECRET, bad, at(1234567890)) is None


def test_verify_with_wrong_secret_is_rejected():
    t = at(1234567890)
    other = base64.b32encode(b"another-session-key!").decode()
    code = code_at(RFC_SECRET, t)
    assert code not in {code_at(other, t + timedelta(seconds=30 * d)) for d in (-1, 0, 1)}
    assert verify_code(other, code, t) is None


def test_verify_near_epoch_skips_negative_counters():
    assert verify_code(RFC_SECRET, hotp(RFC_KEY, 0), at(1)) == 0
