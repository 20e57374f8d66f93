"""Morning rush: gunicorn + PostgreSQL on loopback, phones from bench/loadgen.py.

1. 2,500 officials log in once (measured on its own: a login is one scrypt password check).
2. The same 2,500 each sync 1-5 check-ins, with each gunicorn set-up tried.
3. A burst of 500 phones, each with 50 entries queued for days.
Rows stored are counted in the database and must equal the entries sent.
"""

import random
import time
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import check_password_hash

from bench import loadgen
from bench.appdb import BENCH_SECRET, bench_app, prepare_database
from bench.postgres import create_database
from bench.server import cpu_seconds, gunicorn, machine_cpu_seconds
from bench.workload import add_bench_users, entries_for, sync_body
from webapp.demo import DEMO_PASSWORD, _demo_password_hash
from webapp.extensions import db
from webapp.models import CheckIn


@dataclass(frozen=True)
class Setup:
    workers: int
    threads: int
    phones: int = 8  # requests in flight from the load generator

    @property
    def label(self) -> str:
        kind = "gthread" if self.threads > 1 else "sync"
        label = f"{self.workers} × {kind}" + (f" ({self.threads} threads)"
                                              if self.threads > 1 else "")
        return label + (f", {self.phones} phones in flight" if self.phones != DEFAULT_PHONES
                        else "")


DEFAULT_PHONES = 8  # as many as the default set-up has threads: a busy but not swamped server
DEFAULT = Setup(2, 4)  # gunicorn.conf.py's defaults on 2 cores
TRIED = [Setup(2, 1), Setup(4, 1), Setup(3, 4), Setup(4, 2), Setup(2, 8), Setup(2, 4, 32)]


def _summary(rec: loadgen.Recorder, cpu: dict) -> dict:
    kinds = {}
    for kind, values in rec.latencies.items():
        kinds[kind] = {"count": len(values), "p50_ms": 1000 * loadgen.percentile(values, 50),
                       "p95_ms": 1000 * loadgen.percentile(values, 95),
                       "p99_ms": 1000 * loadgen.percentile(values, 99)}
    return {"elapsed_s": rec.elapsed_s, "requests": rec.requests,
            "requests_per_s": rec.requests / rec.elapsed_s, "errors": len(rec.errors),
            "error_samples": rec.errors[:5], "phones": rec.phones_done,
            "phones_skipped": rec.phones_skipped, "entries_sent": rec.entries_sent,
            "entries_created": rec.entries_created,
            "checkins_per_s": rec.entries_created / rec.elapsed_s, "latency": kinds,
            **cpu}


def _measured(pid: int, action, postgres_pid: int | None = None) -> dict:
    """Run a phase; count the CPU time of gunicorn, PostgreSQL, the load generator, and of
    everything else on the machine (other work competing with the benchmark)."""
    def sample():
        return {"server_cpu_s": cpu_seconds(pid), "client_cpu_s": time.process_time(),
                "postgres_cpu_s": cpu_seconds(postgres_pid) if postgres_pid else 0.0,
                "machine_cpu_s": machine_cpu_seconds()}

    before = sample()
    rec = action()
    cpu = {k: v - before[k] for k, v in sample().items()}
    cpu["other_cpu_s"] = max(0.0, cpu["machine_cpu_s"] - cpu["server_cpu_s"]
                             - cpu["client_cpu_s"] - cpu["postgres_cpu_s"])
    return _summary(rec, cpu)


def _stored(app) -> int:
    with app.app_context():
        count = db.session.scalar(db.select(db.func.count()).select_from(CheckIn))
        db.session.remove()
        return count


def _uploads(rng, phones, offices, sizes) -> list:
    uploads = []
    for phone, office, size in zip(phones, offices, sizes, strict=True):
        uploads.append((phone, sync_body(entries_for(rng, office, size), "rush-" + phone.username),
                        size))
    return uploads


def scrypt_ms(samples: int = 10) -> float:
    password_hash = _demo_password_hash()
    started = time.perf_counter()
    for _ in range(samples):
        check_password_hash(password_hash, DEMO_PASSWORD)
    return 1000 * (time.perf_counter() - started) / samples


def run(server_url: str, work: Path, officials: int = 2500, burst: int = 500,
        burst_entries: int = 50, tried: list[Setup] | None = None,
        tuning_officials: int = 1000, seed: int = 8, log=print,
        postgres_pid: int | None = None) -> dict:
    rng = random.Random(seed)
    url = create_database(server_url, "hadir_rush")
    app = bench_app(url)
    prepare_database(app)
    with app.app_context():
        users = add_bench_users(officials)
        db.session.remove()
    everyone = [(loadgen.Phone(username), office) for username, office in users]
    database_url = url.replace("+psycopg", "")
    log_file = work / "gunicorn.log"
    demo_rows = _stored(app)
    concurrency = DEFAULT.phones
    result = {"officials": officials, "burst": burst, "burst_entries": burst_entries,
              "concurrency": concurrency, "scrypt_ms": scrypt_ms(), "default": DEFAULT.label,
              "setups": {}}

    def serve(setup: Setup):
        return gunicorn(database_url, BENCH_SECRET, setup.workers, setup.threads, log_file)

    # Sessions are signed cookies, so logins made under one set-up stay valid in the others.
    with serve(DEFAULT) as (base, pid):
        log(f"  rush: {officials} logins on {DEFAULT.label}")
        result["login"] = _measured(pid, lambda: loadgen.run_logins(
            base, [phone for phone, _ in everyone], concurrency, deadline_s=400), postgres_pid)
    # Only phones that got a session sync (all of them unless the login phase ran out of time).
    phones = [phone for phone, _ in everyone if phone.logged_in]
    offices = [office for phone, office in everyone if phone.logged_in]

    for setup in tried or TRIED:
        if setup == DEFAULT:
            continue
        count = min(tuning_officials, officials)
        uploads = _uploads(rng, phones[:count], offices[:count],
                           [rng.randint(1, 5) for _ in range(count)])
        before = _stored(app)
        with serve(setup) as (base, pid):
            log(f"  rush: {count} syncs on {setup.label}")
            summary = _measured(pid, lambda u=uploads, b=base, n=setup.phones: loadgen.run_syncs(
                b, u, n, deadline_s=120), postgres_pid)
        summary["stored"] = _stored(app) - before
        result["setups"][setup.label] = summary

    uploads = _uploads(rng, phones, offices, [rng.randint(1, 5) for _ in phones])
    burst_uploads = _uploads(rng, phones[:burst], offices[:burst], [burst_entries] * burst)
    with serve(DEFAULT) as (base, pid):
        log(f"  rush: {officials} syncs on {DEFAULT.label}")
        before = _stored(app)
        result["sync"] = _measured(pid, lambda: loadgen.run_syncs(
            base, uploads, concurrency, deadline_s=180), postgres_pid)
        result["sync"]["stored"] = _stored(app) - before
        log(f"  rush: burst of {burst} phones × {burst_entries} entries")
        before = _stored(app)
        result["burst_sync"] = _measured(pid, lambda: loadgen.run_syncs(
            base, burst_uploads, concurrency, deadline_s=180), postgres_pid)
        result["burst_sync"]["stored"] = _stored(app) - before
    result["setups"][DEFAULT.label] = result["sync"]
    sent = sum(s["entries_sent"] for s in result["setups"].values())
    sent += result["burst_sync"]["entries_sent"]
    result["total_sent"], result["total_stored"] = sent, _stored(app) - demo_rows
    with app.app_context():
        db.engine.dispose()
    return result
