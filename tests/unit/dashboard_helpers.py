"""Builders of plain dashboard inputs, shared by the dashboard unit tests."""

from datetime import UTC, date, datetime, timedelta

from webapp.services.completion import Thresholds
from webapp.services.dashboard import Participant, ProgramInfo, SessionInfo

PROGRAM = ProgramInfo(1, "Coaching Clinic", "Diskominfo", "Asia/Jakarta", date(2026, 7, 6),
                      date(2026, 7, 31), target=4, thresholds=Thresholds())
MONDAY_9_WIB = datetime(2026, 7, 6, 2, 0, tzinfo=UTC)


def person(user_id: int, name: str, unit: str = "PUPR", eselon: str = "III.a") -> Participant:
    return Participant(user_id, f"u{user_id}", name, None, "Kabid", eselon, unit,
                       f"Dinas {unit}")


def sessions(*states: str) -> list[SessionInfo]:
    """Mon/Wed/Fri sessions at 09:00 WIB, in the given states."""
    days = [0, 2, 4, 7, 9, 11, 14, 16, 18, 21, 23, 25]
    return [SessionInfo(i + 1, MONDAY_9_WIB + timedelta(days=days[i]), state)
            for i, state in enumerate(states)]


def marks(user_id: int, statuses: str) -> list[tuple[int, int, str]]:
    """(session_id, user_id, status) from H/T/I/S/D/A letters; "." = no record."""
    letters = {"H": "hadir", "T": "terlambat", "I": "izin", "S": "sakit", "D": "dinas_luar",
               "A": "alpa"}
    return [(i + 1, user_id, letters[c]) for i, c in enumerate(statuses) if c != "."]
