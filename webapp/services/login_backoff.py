"""How long a login must wait after failed attempts: brute force stays expensive, and nobody
can lock an official out.

Failures are counted per username *and* client address. A mistyping phone (or a guesser)
slows down only that name from that address: the official's own phone on another address, and
every other official behind the same carrier address (CGNAT puts a whole kecamatan behind
one), log in as before. The first FREE failures cost nothing; from then on each failure makes
the next attempt wait, twice as long as the one before, up to a cap. A count per address,
high enough for an office behind one CGNAT address, keeps one address from trying many names.
"""

import math
from datetime import timedelta

# Failures are forgotten this long after the first one, or at once after a successful login.
FAILURES_REMEMBERED = timedelta(days=1)


def wait_after(failures: int, free: int, first_seconds: int, max_seconds: int) -> int:
    """Seconds the next attempt must wait after `failures` failed ones in a row (0: none)."""
    if failures < free:
        return 0
    return min(first_seconds * 2 ** min(failures - free, 32), max_seconds)


def wait_message(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"Terlalu banyak percobaan. Coba lagi dalam {minutes} menit."
