"""Rotating session codes: RFC 4226 HOTP / RFC 6238 TOTP with HMAC-SHA1.

The coach's phone computes the code in the browser (Web Crypto) from the
session secret, offline; the server recomputes it for the participant's
`captured_at`. Both sides must follow the RFC exactly: counter as an 8-byte
big-endian integer, HMAC-SHA1, dynamic truncation, decimal modulo.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
from datetime import UTC, datetime, timedelta

DIGITS = 6
STEP_S = 30
SECRET_BYTES = 20  # 160 bits: the HMAC-SHA1 block-friendly size RFC 4226 recommends

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def new_secret() -> str:
    """A fresh random secret, base32 without '=' padding (as stored and sent)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def decode_secret(secret_b32: str) -> bytes:
    """Decode a base32 secret, tolerating lower case, spaces and missing padding.

    Raises ValueError on anything that is not base32.
    """
    cleaned = secret_b32.replace(" ", "").upper().rstrip("=")
    padded = cleaned + "=" * (-len(cleaned) % 8)
    try:
        return base64.b32decode(padded)
    except binascii.Error as exc:  # subclass of ValueError; re-raise with context
        raise ValueError("secret is not valid base32") from exc


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 HOTP value for `counter`, zero-padded to `digits`."""
    if not 1 <= digits <= 10:
        # The truncated value is 31 bits (< 10**10), so more digits add nothing.
        raise ValueError("digits must be between 1 and 10")
    if not 0 <= counter < 2**64:
        raise ValueError("counter must fit in an unsigned 64-bit integer")
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def step_of(at: datetime, step_s: int = STEP_S) -> int:
    """TOTP time-step counter of an aware datetime.

    Integer timedelta arithmetic (not float timestamps) so a step edge such
    as t=29.999 s vs t=30 s can never be misrounded.
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    if step_s <= 0:
        raise ValueError("step_s must be positive")
    return (at - _EPOCH) // timedelta(seconds=step_s)


def code_at(secret_b32: str, at: datetime, step_s: int = STEP_S, digits: int = DIGITS) -> str:
    """The code a coach's phone shows at `at`."""
    return hotp(decode_secret(secret_b32), step_of(at, step_s), digits)


def _is_code(code: object) -> bool:
    # ASCII only: str.isdigit() would also accept e.g. Arabic-Indic digits.
    return isinstance(code, str) and len(code) == DIGITS and code.isascii() and code.isdigit()


def verify_code(
    secret_b32: str, code: str, at: datetime, window: int = 1, step_s: int = STEP_S
) -> int | None:
    """Return the step counter `code` belongs to, or None if it matches none.

    Steps in [step-window, step+window] are tried nearest first, so the
    result is the most plausible step. Callers can store it to refuse a
    second use of the same code. Anything but exactly six ASCII digits is
    rejected without computing an HMAC; callers strip user input first.
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    if not _is_code(code):
        return None
    key = decode_secret(secret_b32)
    centre = step_of(at, step_s)
    for delta in _nearest_first(window):
        counter = centre + delta
        if counter < 0:
            continue
        if hmac.compare_digest(hotp(key, counter, DIGITS), code):
            return counter
    return None


def _nearest_first(window: int) -> list[int]:
    """0, -1, +1, -2, +2, ... up to +/-window."""
    order = [0]
    for d in range(1, window + 1):
        order += [-d, d]
    return order
