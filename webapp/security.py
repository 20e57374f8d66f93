"""Who is logged in, what their roles allow, and how hard they may guess passwords."""

import hmac
from functools import cache, wraps
from hashlib import sha256

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from webapp.errors import error_response
from webapp.extensions import db, limiter, login_manager
from webapp.input_guard import json_body
from webapp.models import User
from webapp.models.types import utcnow
from webapp.services import audit, login_sessions


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


def _login_username() -> str:
    body = json_body()
    name = body.get("username") if isinstance(body, dict) else request.form.get("username")
    return "login-user:" + (str(name or "").strip().lower()[:64])


def _login_address() -> str:
    return "login-addr:" + (request.remote_addr or "?")


def _failed(response) -> bool:
    return bool(g.get("login_failed"))


def login_rate_limits(view):
    """Count only failed attempts, per username and per address, across page and API logins."""
    by_user = limiter.shared_limit(lambda: current_app.config["LOGIN_FAILURE_LIMIT"],
                                   scope="login-user", key_func=_login_username,
                                   deduct_when=_failed)
    by_address = limiter.shared_limit(lambda: current_app.config["LOGIN_ADDRESS_LIMIT"],
                                      scope="login-addr", key_func=_login_address,
                                      deduct_when=_failed)
    return by_user(by_address(view))


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
    """The active user with these credentials, or None (and the failure is counted)."""
    user = db.session.scalar(db.select(User).filter_by(username=username.strip().lower()))
    if user is None:
        # Hash anyway so a missing username takes as long as a wrong password.
        check_password_hash(_dummy_hash(), password)
    if user is None or not user.active or not user.check_password(password):
        g.login_failed = True
        return None
    return user
