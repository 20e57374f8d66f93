"""Counting the SQL statements a request runs, for the tests that prove a page has no N+1."""

import time as clock

from sqlalchemy import event

from webapp.extensions import db


def statements_for(app, client, url: str) -> tuple[int, float, str | bytes]:
    """(SQL statements run, seconds, body) of one GET; the body as text unless it is a
    download (an XLSX is bytes)."""
    seen = []

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        started = clock.perf_counter()
        response = client.get(url)
        elapsed = clock.perf_counter() - started
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, url
    download = "attachment" in response.headers.get("Content-Disposition", "")
    return len(seen), elapsed, response.get_data(as_text=not download)
