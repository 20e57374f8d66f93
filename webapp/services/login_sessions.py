"""Login sessions as rows (webapp/models/login_session.py): started at login, ended by logout,
"log out everywhere", a password change (all but the current one) and an admin reset.

Every authenticated request reads its row by primary key; `last_seen_at` is written at most
once per LAST_SEEN_STEP per session, so the check-in rush does not turn into a write each."""

import re
import secrets
from datetime import datetime, timedelta

from webapp.extensions import db
from webapp.models import LoginSession, User

LAST_SEEN_STEP = timedelta(hours=1)

_SYSTEMS = (("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))
# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari"))


def describe_user_agent(user_agent: str) -> str:
    """A short, readable name for the device ("Chrome di Android"): enough for an official to
    recognise their own phone in a list, without keeping the whole fingerprint."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} di {system}"
    if browser or system:
        return browser or system
    product = re.match(r"[\w.-]+", user_agent.strip())
    return product.group(0)[:40] if product else "perangkat tak dikenal"


def touch_due(last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at >= LAST_SEEN_STEP


def start(user: User, user_agent: str, now: datetime, forget_before: datetime) -> LoginSession:
    """A new session for `user`. Their sessions ended or unused since `forget_before` go: a
    cookie naming a missing row is refused exactly like one naming an ended session."""
    db.session.execute(db.delete(LoginSession).where(
        LoginSession.user_id == user.id,
        (LoginSession.revoked_at.is_not(None)) | (LoginSession.last_seen_at < forget_before)))
    row = LoginSession(id=secrets.token_urlsafe(12), user=user, created_at=now,
                       last_seen_at=now, user_agent=describe_user_agent(user_agent))
    db.session.add(row)
    return row


def find_active(session_id: str) -> LoginSession | None:
    row = db.session.get(LoginSession, session_id) if session_id else None
    return row if row is not None and row.revoked_at is None else None


def still_active(session_id: str) -> bool:
    """Read now, not from the identity map: the session may have ended since this request
    loaded it (a logout answered meanwhile)."""
    return db.session.scalar(db.select(LoginSession.id).where(
        LoginSession.id == session_id, LoginSession.revoked_at.is_(None))) is not None


def end(session_id: str, now: datetime) -> None:
    db.session.execute(db.update(LoginSession).where(
        LoginSession.id == session_id, LoginSession.revoked_at.is_(None)).values(revoked_at=now))


def end_all(user_id: int, now: datetime, keep: str | None = None) -> int:
    """End every session of the user (except `keep`, the one asking); how many were ended."""
    query = db.update(LoginSession).where(LoginSession.user_id == user_id,
                                          LoginSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return db.session.execute(query.values(revoked_at=now)).rowcount


def active(user_id: int) -> list[LoginSession]:
    return list(db.session.scalars(
        db.select(LoginSession).where(LoginSession.user_id == user_id,
                                      LoginSession.revoked_at.is_(None))
        .order_by(LoginSession.last_seen_at.desc())))
