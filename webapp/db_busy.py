"""SQLite's "database is locked": another writer held the lock past busy_timeout (5 s, see
webapp/__init__.py). A busy moment the client should wait out, not a server fault."""

from sqlalchemy.exc import OperationalError

RETRY_AFTER_SECONDS = 5


def database_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)
