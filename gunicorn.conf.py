"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py` (the app is named here).

Every value can be overridden from the environment. The defaults are what served the morning
rush best on a 2-core machine with PostgreSQL on the same host (docs/BENCHMARKS.md).
"""

import gc
import os

wsgi_app = "webapp:create_app()"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# The app is CPU-bound Python: one process per core, plus threads to overlap database waits.
workers = int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count() or 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread" if threads > 1 else "sync"

# A sync batch of 200 entries takes well under a second; anything near 30 s is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5  # phones reuse the connection for the CSRF fetch, the sync and the photos
max_requests = 5000  # recycle workers now and then so a slow leak cannot grow for ever
max_requests_jitter = 500

# Load the app once in the master: workers fork ready to serve, and a broken deploy fails at
# start instead of in every worker.
preload_app = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Client address, request line, status, bytes sent, time in milliseconds, user agent.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'


def pre_fork(server, worker):
    """What the master loaded (the app and its libraries) lives as long as each worker. Frozen
    before the fork, it is left out of the worker's garbage collections, which otherwise walk
    it again and again while a big request allocates (a third of the 10,000-participant
    dashboard's time), and its memory stays shared with the master instead of being copied."""
    gc.freeze()


def post_fork(server, worker):
    """Connections opened by the master before forking must not be shared by workers."""
    from webapp.extensions import db

    app = server.app.wsgi()
    with app.app_context():
        db.engine.dispose(close=False)
