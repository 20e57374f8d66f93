"""What the review benchmarks (dashboard, change projects, monthly recap) share: a reviewer's
test client, a page or export timed with its statements counted, and the baseline, a plain
SELECT of the same rows through the driver, timed in the same run."""

import statistics
import time

from sqlalchemy import event, text

from webapp.demo import DEMO_PASSWORD

ACCEPT = {"Accept-Encoding": "br, gzip"}  # what a phone's browser sends


class StatementCounter:
    def __init__(self, engine):
        self.engine, self.count = engine, 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._seen)


def vacuum_analyze(engine) -> None:
    """Tables as autovacuum leaves them in daily use (statistics, hint bits, visibility map), so
    neither hint-bit writes nor an autovacuum run land in the timed requests."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))


def logged_in_client(app, username: str = "bkpsdm"):
    """A test client with `username`'s session (a demo account)."""
    client = app.test_client()
    token = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    login = client.post("/api/v1/auth/login", headers={"X-CSRFToken": token},
                        json={"username": username, "password": DEMO_PASSWORD})
    assert login.status_code == 200, login.get_data(as_text=True)
    return client


def timed_get(client, url: str, counter: StatementCounter, runs: int) -> dict:
    times, statements, size = [], set(), 0
    for _ in range(runs):
        counter.count = 0
        started = time.perf_counter()
        reply = client.get(url, headers=ACCEPT)
        body = reply.get_data()
        times.append(time.perf_counter() - started)
        assert reply.status_code == 200, (url, reply.status_code)
        statements.add(counter.count)
        size = len(body)
    return {"median_s": statistics.median(times), "min_s": min(times), "runs": runs,
            "statements": sorted(statements), "bytes": size}


def timed_select(engine, sql: str, params: tuple, runs: int) -> dict:
    """`sql` (with %s placeholders) as a driver reads it, each run fetching every row."""
    if engine.dialect.name == "sqlite":
        sql = sql.replace("%s", "?")
    times, rows = [], 0
    connection = engine.raw_connection()
    try:
        for _ in range(runs):
            cursor = connection.cursor()
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = len(cursor.fetchall())
            times.append(time.perf_counter() - started)
            cursor.close()
            connection.commit()
    finally:
        connection.close()
    return {"median_s": statistics.median(times), "min_s": min(times), "rows": rows}
