"""The app as gunicorn serves it in production, for fault-injection tests that kill it.

`gunicorn tests.api.fault_server:app` with DATABASE_URL and SECRET_KEY in the environment.
HADIR_STALL_BEFORE_COMMIT=<text>: a transaction whose statements carry <text> hangs just before
its COMMIT, so a test can kill the server mid-transaction at a known point; it first creates
the file HADIR_STALLED_FLAG names, so the test knows that point is reached.
"""

import os
import time
from pathlib import Path

from sqlalchemy import event

from webapp import create_app
from webapp.extensions import db

app = create_app()
_marker = os.environ.get("HADIR_STALL_BEFORE_COMMIT")
_stalled_flag = os.environ.get("HADIR_STALLED_FLAG")

if _marker:
    with app.app_context():
        _engine = db.engine

    @event.listens_for(_engine, "before_cursor_execute")
    def _watch(conn, cursor, statement, parameters, context, executemany):
        if _marker in repr(parameters):
            conn.info["stall"] = True

    @event.listens_for(_engine, "commit")
    def _stall(conn):
        if conn.info.pop("stall", False):
            if _stalled_flag:
                Path(_stalled_flag).touch()
            time.sleep(600)
