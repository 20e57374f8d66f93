"""SQLite's "database is locked": another writer held the lock past the busy timeout
(SQLITE_BUSY_TIMEOUT_SECONDS, 5 s). A busy moment the client should wait out, not a server
fault."""

from sqlalchemy.exc import OperationalError

RETRY_AFTER_SECONDS = 5


def database_busy(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error.orig)
