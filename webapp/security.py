"""Who is logged in, what their roles allow, and how hard they may guess passwords."""

import hmac
import math
import time
from functools import cache, wraps
from hashlib import sha256

from flask import current_app, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, login_user, logout_user
from limits import parse
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.errors import error_response
from webapp.extensions import db, limiter, login_manager
from webapp.models import User
from webapp.models.types import utcnow
from webapp.services import accounts, audit, login_backoff, login_sessions
from webapp.services.refused import Refused


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The cookie's login session (its id is what `User.get_id` put there), read on every
    request by primary key: an ended session or a deactivated official is logged out at once."""
    row = login_sessions.find_active(session_id)
    if row is None or not row.user.active:
        return None
    now = utcnow()
    if login_sessions.touch_due(row.last_seen_at, now):
        row.last_seen_at = now
        db.session.commit()
        session.modified = True  # the reply renews the cookie's lifetime too
    row.user.login_session_id = row.id
    return row.user


def log_in(user: User) -> None:
    """Start a login session for `user` and put its id in the (permanent) session cookie."""
    now = utcnow()
    lifetime = current_app.permanent_session_lifetime
    row = login_sessions.start(user, request.headers.get("User-Agent", ""), now,
                               forget_before=now - lifetime - login_sessions.LAST_SEEN_STEP)
    db.session.commit()
    user.login_session_id = row.id
    session.permanent = True
    login_user(user)


def log_out(everywhere: bool = False) -> None:
    """End this login session (or every session of the user), then forget the cookie."""
    if current_user.is_authenticated:
        if everywhere:
            login_sessions.end_all(current_user.id, utcnow())
            audit.record(current_user.id, "user.logout_all", "user", current_user.id)
        else:
            login_sessions.end(current_user.login_session_id, utcnow())
        db.session.commit()
    session.clear()
    logout_user()


class LoginSessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie, except that a reply never sets the cookie of a login session that
    has ended. A request still running when its session was logged out (the service worker's
    first-visit caching, say) would otherwise put the ended session's cookie back in the
    browser, over the next login's, and that user would be anonymous at their next request.

    The cookie is set only when the session changes (login, logout, a new CSRF token) or
    `load_user` renews its lifetime with `last_seen_at` (hourly), not on every reply
    (SESSION_REFRESH_EACH_REQUEST is off), so this costs a query on those replies only."""

    def save_session(self, app, session, response):
        login_session_id = session.get("_user_id")
        if login_session_id and self.should_set_cookie(app, session):
            try:
                with db.session.no_autoflush:  # a refused request's additions are not written
                    active = login_sessions.still_active(login_session_id)
            except SQLAlchemyError:
                active = False  # the database is down or busy: keep the browser's cookie as is
            if not active:
                response.vary.add("Cookie")
                return
        super().save_session(app, session, response)


def session_identifier() -> str:
    """Flask-Login's session-protection fingerprint of the client, kept in the session as
    `_id` and compared on every request ("basic" marks a changed client's session not fresh,
    "strong" ends it). Flask-Login's own, a SHA-512 hex of `X-Forwarded-For|User-Agent`, is
    128 of the ~290 bytes of the cookie every request carries. This one is keyed with the
    app's secret, so the cookie's holder (it is signed, not encrypted) can neither search for
    the address behind it nor for a client that matches it, and 128 bits are plenty for that
    equality check. The address is the one the app trusts (ProxyFix, PROXY_HOPS), not any
    X-Forwarded-For a client sends."""
    client = f"{request.remote_addr}|{request.headers.get('User-Agent', '')}"
    key = current_app.secret_key
    key = key.encode() if isinstance(key, str) else key
    digest = hmac.new(key, b"session-protection|" + client.encode(), sha256)
    return digest.hexdigest()[:32]


login_manager._session_identifier_generator = session_identifier


@login_manager.unauthorized_handler
def unauthorized():
    if request.path.startswith("/api/"):
        return error_response(401, "Silakan masuk terlebih dahulu.", "unauthorized")
    return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))


PASSWORD_CHANGE_REQUIRED = "Ganti dulu kata sandi awal Anda di halaman Kata sandi."


def roles_required(*roles: str, before_password_change: bool = False):
    """Logged in and holding at least one of `roles` (any role when none are named).

    While the user must change an initial password, only views marked
    `before_password_change` answer (the password form, logout, and the outbox's sync and
    photo uploads, so nothing captured on the phone waits on a form); pages send the user to
    the form, the API answers 403 `password_change_required`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return unauthorized()
            api = request.path.startswith("/api/")
            if current_user.must_change_password and not before_password_change:
                if api:
                    return error_response(403, PASSWORD_CHANGE_REQUIRED,
                                          "password_change_required")
                return redirect(url_for("pages.password"))
            if roles and not current_user.has_role(*roles):
                if api:
                    return error_response(403, "Peran Anda tidak mengizinkan tindakan ini.")
                return render_template("forbidden.html"), 403
            return view(*args, **kwargs)

        wrapped.allowed_roles = roles or ("any",)
        wrapped.before_password_change = before_password_change  # for webapp/openapi.py
        return wrapped

    return decorator


class TooManyAttempts(Exception):
    """Failed logins from this address (for this username, or in all) must wait: the API
    answers 429 with Retry-After, the login page shows its form again with the message."""

    def __init__(self, seconds: float):
        self.seconds = max(1, math.ceil(seconds))
        self.message = login_backoff.wait_message(self.seconds)
        super().__init__(self.message)


def _login_keys(username: str) -> tuple[str, str, str]:
    """(failures, wait) storage keys for this username and address, and the address."""
    address = request.remote_addr or "?"
    name = username.strip().lower()[:64]
    return f"hadir-login-failures/{name}/{address}", f"hadir-login-wait/{name}/{address}", address


def _address_limit():
    return parse(current_app.config["LOGIN_ADDRESS_LIMIT"])


def check_login_allowed(username: str) -> None:
    """Raise TooManyAttempts while this username from this address, or this address, waits.
    Counts live in the rate limiter's store (memory, or Redis shared by every app server)."""
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    _, wait_key, address = _login_keys(username)
    if limiter.storage.get(wait_key) > 0:
        raise TooManyAttempts(limiter.storage.get_expiry(wait_key) - time.time())
    if not limiter.limiter.test(_address_limit(), "login-address", address):
        reset_at, _ = limiter.limiter.get_window_stats(_address_limit(), "login-address", address)
        raise TooManyAttempts(reset_at - time.time())


def record_login_failure(username: str) -> None:
    if not current_app.config["RATELIMIT_ENABLED"]:
        return
    failures_key, wait_key, address = _login_keys(username)
    config = current_app.config
    failures = limiter.storage.incr(
        failures_key, int(login_backoff.FAILURES_REMEMBERED.total_seconds()))
    wait = login_backoff.wait_after(failures, config["LOGIN_FREE_FAILURES"],
                                    config["LOGIN_BACKOFF_FIRST_SECONDS"],
                                    config["LOGIN_BACKOFF_MAX_MINUTES"] * 60)
    if wait:
        limiter.storage.clear(wait_key)
        limiter.storage.incr(wait_key, wait)
    limiter.limiter.hit(_address_limit(), "login-address", address)


def record_login_success(username: str) -> None:
    if current_app.config["RATELIMIT_ENABLED"]:
        failures_key, wait_key, _ = _login_keys(username)
        limiter.storage.clear(failures_key)
        limiter.storage.clear(wait_key)


def _user_or_address() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "addr:" + (request.remote_addr or "?")


def upload_rate_limit(view):
    """Per user and endpoint (UPLOAD_RATE_LIMIT), so one runaway phone cannot flood sync or
    photo uploads; the phone's outbox retries after the 429 with backoff."""
    limited = limiter.limit(lambda: current_app.config["UPLOAD_RATE_LIMIT"],
                            key_func=_user_or_address)(view)
    limited.rate_limited = True  # documents 429 in the OpenAPI document (webapp/openapi.py)
    return limited


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not-a-real-password")


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None (and the failure is counted). Raises
    TooManyAttempts, before looking at the password, while this login must wait."""
    check_login_allowed(username)
    user = db.session.scalar(db.select(User).filter_by(username=username.strip().lower()))
    if user is None:
        # Hash anyway so a missing username takes as long as a wrong password.
        check_password_hash(_dummy_hash(), password)
    if user is None or not user.active or not user.check_password(password):
        record_login_failure(username)
        return None
    record_login_success(username)
    return user


def change_own_password(current_password: str, new_password: str) -> int:
    """accounts.change_password for the logged-in user, where a wrong current password counts
    as a failed login: a stolen session cannot be used to guess the password behind it."""
    check_login_allowed(current_user.username)
    try:
        return accounts.change_password(current_user, current_password, new_password, utcnow(),
                                         current_session=current_user.login_session_id)
    except Refused as refused:
        if "current_password" in (refused.fields or {}):
            record_login_failure(current_user.username)
        raise
