"""Passwords changed by their owner, and reset by an administrator (`flask reset-password`).

Either way the sessions that should not survive end at once (webapp/services/login_sessions.py):
a change ends every other session of the user, a reset ends them all."""

from datetime import datetime

from webapp.models import User
from webapp.services import audit, login_sessions
from webapp.services.passwords import new_password_problems
from webapp.services.refused import Refused

WRONG_CURRENT = "kata sandi lama salah"


def change_password(user: User, current_password: str, new_password: str, now: datetime,
                    current_session: str | None) -> int:
    """Set the user's own new password; returns how many other sessions were ended."""
    if not user.check_password(current_password):
        raise Refused(422, "Kata sandi lama salah.", {"current_password": [WRONG_CURRENT]})
    if problems := new_password_problems(new_password, user.username, current_password):
        raise Refused(422, "Kata sandi baru belum memenuhi syarat.", {"new_password": problems})
    user.set_password(new_password)
    was_forced, user.must_change_password = user.must_change_password, False
    ended = login_sessions.end_all(user.id, now, keep=current_session)
    audit.record(user.id, "user.password_change", "user", user.id,
                 after={"was_initial": was_forced, "other_sessions_ended": ended})
    return ended


def reset_password(user: User, initial_password: str, now: datetime, via: str,
                   actor_id: int | None = None) -> int:
    """An administrator's reset (on /admin/users, or `flask reset-password` with no actor): a
    new initial password to be changed at the next login, and every session of the user
    ended; returns how many."""
    user.set_password(initial_password)
    user.must_change_password = True
    ended = login_sessions.end_all(user.id, now)
    audit.record(actor_id, "user.password_reset", "user", user.id,
                 after={"via": via, "sessions_ended": ended})
    return ended
