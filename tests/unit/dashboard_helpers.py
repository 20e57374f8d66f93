"""Builders of plain dashboard inputs, shared by the dashboard unit tests."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from webapp.services.completion import ATTENDED, EXCUSED, Thresholds
from webapp.services.dashboard import (
    Dashboard,
    Participant,
    ProgramInfo,
    SessionInfo,
    dashboard_from_marks,
    held_in_order,
)

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


def marks_from_rows(sessions: Sequence[SessionInfo],
                    attendance: Iterable[tuple[int, int, str]]) -> dict[int, tuple[int, int]]:
    """What load_marks computes in SQL, from (session_id, user_id, status) rows; rows on
    sessions that were not held are ignored."""
    bits = {s.id: 1 << i for i, s in enumerate(held_in_order(sessions))}
    masks: dict[int, tuple[int, int]] = {}
    for session_id, user_id, status in attendance:
        bit = bits.get(session_id)
        if bit is None:
            continue
        attended, excused = masks.get(user_id, (0, 0))
        if status in ATTENDED:
            attended |= bit
        elif status in EXCUSED:
            excused |= bit
        masks[user_id] = (attended, excused)
    return masks


def build_dashboard(program: ProgramInfo, participants: Sequence[Participant],
                    sessions: Sequence[SessionInfo],
                    attendance: Iterable[tuple[int, int, str]]) -> Dashboard:
    """The dashboard from plain (session_id, user_id, status) rows."""
    return dashboard_from_marks(program, participants, sessions,
                                marks_from_rows(sessions, attendance))
