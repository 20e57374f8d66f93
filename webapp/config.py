"""Settings read from the environment; nothing secret is written in code."""

import os
import secrets
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/.

    Keeping it on disk means sessions survive a restart of `make run`.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def _database_url(instance_path: Path) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{instance_path / 'hadir.sqlite3'}"
    # Hosting platforms still hand out postgres:// URLs; psycopg 3 needs its own dialect name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_settings(instance_path: Path, overrides: dict) -> dict:
    settings = _defaults()
    settings.update(overrides)
    # Computed only when not overridden, so tests never write a key or database file.
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _secret_key(instance_path)
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        settings["SQLALCHEMY_DATABASE_URI"] = _database_url(instance_path)
    if "SQLALCHEMY_ENGINE_OPTIONS" not in overrides:
        uri = settings["SQLALCHEMY_DATABASE_URI"]
        if uri.startswith("postgresql"):
            extra = _pool_options()
        elif uri.startswith("sqlite"):
            # sqlite3's timeout is SQLite's busy_timeout: how long a write waits for another
            # writer's lock before "database is locked" (then 503, webapp/db_busy.py).
            extra = {"connect_args": {"timeout": settings["SQLITE_BUSY_TIMEOUT_SECONDS"]}}
        else:
            extra = {}
        settings["SQLALCHEMY_ENGINE_OPTIONS"] = {**settings["SQLALCHEMY_ENGINE_OPTIONS"], **extra}
    return settings


def _pool_options() -> dict:
    """PostgreSQL connections kept per app process (each gunicorn worker has its own pool):
    size it to the worker's threads; workers x (size + overflow) must stay under the server's
    max_connections. Recycling drops connections a firewall may have cut silently."""
    return {
        "pool_size": int(os.environ.get("DATABASE_POOL_SIZE", "5")),
        "max_overflow": int(os.environ.get("DATABASE_MAX_OVERFLOW", "5")),
        "pool_recycle": int(os.environ.get("DATABASE_POOL_RECYCLE", "1800")),
        "pool_timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }


def _defaults() -> dict:
    return {
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SQLITE_BUSY_TIMEOUT_SECONDS": float(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "5")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _env_bool("SESSION_COOKIE_SECURE", False),
        # Officials stay offline for days; a short session would strand their outbox. The
        # cookie is renewed hourly, not on every reply (webapp/security.py, LoginSessionCookie).
        "SESSION_REFRESH_EACH_REQUEST": False,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("SESSION_LIFETIME_DAYS", "30")) * 86400,
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", str(2 * 1024 * 1024))),
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": _env_bool("WTF_CSRF_SSL_STRICT", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins (webapp/services/login_backoff.py): per username and address, free ones
        # then waits doubling from the first to the cap; per address, enough for an office
        # behind one carrier (CGNAT) address.
        "LOGIN_FREE_FAILURES": int(os.environ.get("LOGIN_FREE_FAILURES", "5")),
        "LOGIN_BACKOFF_FIRST_SECONDS": int(os.environ.get("LOGIN_BACKOFF_FIRST_SECONDS", "60")),
        "LOGIN_BACKOFF_MAX_MINUTES": int(os.environ.get("LOGIN_BACKOFF_MAX_MINUTES", "60")),
        "LOGIN_ADDRESS_LIMIT": os.environ.get("LOGIN_ADDRESS_LIMIT", "300 per 15 minutes"),
        "UPLOAD_RATE_LIMIT": os.environ.get("UPLOAD_RATE_LIMIT", "120 per minute"),
        "SESSION_CODE_GRACE_MINUTES": int(os.environ.get("SESSION_CODE_GRACE_MINUTES", "15")),
        "SESSION_LATE_AFTER_MINUTES": int(os.environ.get("SESSION_LATE_AFTER_MINUTES", "15")),
        "SESSION_CODE_ATTEMPTS": int(os.environ.get("SESSION_CODE_ATTEMPTS", "10")),
        "SESSION_CODE_LATE_SYNC_HOURS": int(os.environ.get("SESSION_CODE_LATE_SYNC_HOURS", "2")),
        "PROXY_HOPS": int(os.environ.get("PROXY_HOPS", "0")),
        "CORRECTIONS_PER_MONTH": int(os.environ.get("CORRECTIONS_PER_MONTH", "3")),
        # The district on printed recaps: "Kabupaten ..." and the town where they are signed.
        "DISTRICT_NAME": os.environ.get("DISTRICT_NAME", ""),
        "DISTRICT_SEAT": os.environ.get("DISTRICT_SEAT", ""),
        "API_TITLE": "Hadir API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "openapi.json",
    }
