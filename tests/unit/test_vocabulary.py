"""One vocabulary: the models' CHECK constraints, the completion rules and every module read the
statuses, states and labels from webapp/vocabulary.py instead of writing them out again."""

import re
from pathlib import Path

import pytest
from sqlalchemy import CheckConstraint

from webapp import models, vocabulary
from webapp.services.completion import ATTENDED, EXCUSED, MISSED

WEBAPP = Path(vocabulary.__file__).parent


def checked_values(table, column: str) -> tuple[str, ...]:
    """The values a CHECK constraint `column IN (...)` (or `column IS NULL OR column IN (...)`)
    allows."""
    for constraint in table.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        match = re.search(rf"\b{column} IN \(([^)]*)\)", str(constraint.sqltext))
        if match:
            return tuple(re.findall(r"'([^']*)'", match.group(1)))
    raise AssertionError(f"no CHECK constraint on {table.name}.{column}")


@pytest.mark.parametrize(("model", "column", "terms"), [
    (models.SessionAttendance, "status", vocabulary.ATTENDANCE),
    (models.SessionAttendance, "coach_status", vocabulary.ATTENDANCE),
    (models.SessionAttendance, "self_status", vocabulary.SELF_STATUSES),
    (models.ClinicSession, "status", vocabulary.SESSION_STATES),
    (models.LeaveRequest, "type", vocabulary.LEAVE_TYPES),
    (models.LeaveRequest, "state", vocabulary.LEAVE_STATES),
    (models.CheckIn, "type", vocabulary.CHECKIN_TYPES),
    (models.CheckIn, "review_state", vocabulary.REVIEW_STATES),
    (models.Unit, "timezone", vocabulary.TIMEZONES),
])
def test_the_database_allows_exactly_the_vocabularys_values(model, column, terms):
    assert checked_values(model.__table__, column) == terms.values


def test_completion_counts_every_attendance_status_exactly_once():
    groups = (ATTENDED, EXCUSED, MISSED)
    assert sorted(v for group in groups for v in group) == sorted(vocabulary.ATTENDANCE)


def test_every_term_has_an_indonesian_label_and_known_values():
    assert vocabulary.LEAVE_TYPES.values == ("izin", "sakit", "dinas_luar")
    assert vocabulary.ATTENDANCE.short == {
        "hadir": "Hadir", "terlambat": "Telat", "izin": "Izin", "sakit": "Sakit",
        "dinas_luar": "DL", "alpa": "Alpa"}
    assert vocabulary.TIMEZONES.labels == {
        "Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
    assert vocabulary.SHORT_MONTHS[7] == "Agu"
    assert vocabulary.LEAVE_TYPES.spoken() == "izin, sakit, atau dinas_luar"


def copies(root: Path) -> list[str]:
    """Places outside the vocabulary that pair a value (or its constant) with its label
    (`"izin": "Izin"`, `IZIN: "Izin"`, `("terlambat", "Telat")`, in any case) or spell out
    weekday names, month names or the default zone."""
    pairs = [(term.value, word)
             for terms in (vocabulary.ATTENDANCE, vocabulary.SESSION_STATES,
                           vocabulary.LEAVE_STATES, vocabulary.CHECKIN_TYPES,
                           vocabulary.REVIEW_STATES, vocabulary.CHECKIN_FLAGS,
                           vocabulary.DAY_STATUSES, vocabulary.ZONES, vocabulary.TIMEZONES)
             for term in terms.terms for word in {term.label, term.short, term.note} if word]
    patterns = [
        re.compile(rf"""['"]?(?i:{re.escape(value)})['"]?\s*[:,]\s*(['"])(?i:{re.escape(word)})\1""")
        for value, word in pairs]
    patterns += [re.compile(rf"""(['"]){re.escape(word)}\1""")
                 for word in (*vocabulary.WEEKDAYS, *vocabulary.MONTHS, *vocabulary.SHORT_MONTHS,
                              vocabulary.DEFAULT_TIMEZONE)]
    found = []
    for path in sorted(root.rglob("*")):
        if (path.suffix not in (".py", ".js", ".html") or "vendor" in path.parts
                or path.stem == "vocabulary"):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for match in pattern.finditer(text):
                found.append(f"{path.relative_to(root)}:{text.count(chr(10), 0, match.start()) + 1}"
                             f" {match.group(0)}")
    return found


def test_no_module_writes_out_the_vocabulary_again():
    assert copies(WEBAPP) == []
