"""Load generator for the morning rush: phones as asyncio tasks over aiohttp, loopback only.

Each phone does what the PWA does: fetch a CSRF token, log in (once), and upload its outbox in
one POST /api/v1/sync. Cookies are kept per phone by hand, so thousands of phones share one
connection pool. A phase is bounded in count (its job list) and in time (`deadline_s`: no new
phone starts after it).
"""

import asyncio
import json
import time
from dataclasses import dataclass, field

import aiohttp

from webapp.demo import DEMO_PASSWORD

HEADERS = {"Accept-Encoding": "br, gzip", "Accept": "application/json"}


@dataclass
class Phone:
    username: str
    cookie: str = ""
    csrf: str = ""
    logged_in: bool = False


@dataclass
class Recorder:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    entries_sent: int = 0
    entries_created: int = 0
    phones_done: int = 0
    phones_skipped: int = 0
    elapsed_s: float = 0.0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def _call(http: aiohttp.ClientSession, phone: Phone, rec: Recorder, kind: str,
                method: str, url: str, body: bytes | None = None) -> dict | None:
    headers = dict(HEADERS)
    if phone.cookie:
        headers["Cookie"] = f"session={phone.cookie}"
    if method == "POST":
        headers["X-CSRFToken"] = phone.csrf
        headers["Content-Type"] = "application/json"
    started = time.perf_counter()
    try:
        async with http.request(method, url, data=body, headers=headers) as reply:
            payload = await reply.read()
            status = reply.status
            if "session" in reply.cookies:
                phone.cookie = reply.cookies["session"].value
    except (aiohttp.ClientError, TimeoutError) as error:
        rec.errors.append(f"{kind}: {type(error).__name__}: {error}")
        return None
    rec.add(kind, time.perf_counter() - started)
    if status != 200:
        rec.errors.append(f"{kind}: HTTP {status} {payload[:200]!r}")
        return None
    return json.loads(payload)


async def login(http, base: str, phone: Phone, rec: Recorder) -> None:
    token = await _call(http, phone, rec, "csrf", "GET", base + "/api/v1/auth/csrf")
    if token is None:
        return
    phone.csrf = token["csrf_token"]
    body = json.dumps({"username": phone.username, "password": DEMO_PASSWORD}).encode()
    reply = await _call(http, phone, rec, "login", "POST", base + "/api/v1/auth/login", body)
    if reply is not None:
        phone.csrf = reply["csrf_token"]
        phone.logged_in = True


async def sync(http, base: str, phone: Phone, body: bytes, sent: int, rec: Recorder) -> None:
    token = await _call(http, phone, rec, "csrf", "GET", base + "/api/v1/auth/csrf")
    if token is None:
        return
    phone.csrf = token["csrf_token"]
    rec.entries_sent += sent
    reply = await _call(http, phone, rec, "sync", "POST", base + "/api/v1/sync", body)
    if reply is None:
        return
    statuses = [r["status"] for r in reply["results"]]
    rec.entries_created += statuses.count("created")
    if len(statuses) != sent or statuses.count("created") != sent:
        rec.errors.append(f"sync: {sent} sent, statuses {sorted(set(statuses))}")


async def _run(jobs: list, concurrency: int, deadline_s: float, timeout_s: float) -> Recorder:
    rec = Recorder()
    queue: asyncio.Queue = asyncio.Queue()
    for job in jobs:
        queue.put_nowait(job)
    connector = aiohttp.TCPConnector(limit=concurrency, ttl_dns_cache=None)
    timeout = aiohttp.ClientTimeout(total=timeout_s)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        started = time.perf_counter()

        async def phone_worker():
            while not queue.empty():
                job = queue.get_nowait()
                if time.perf_counter() - started > deadline_s:
                    rec.phones_skipped += 1
                    continue
                await job(http, rec)
                rec.phones_done += 1

        await asyncio.gather(*(phone_worker() for _ in range(concurrency)))
        rec.elapsed_s = time.perf_counter() - started
    return rec


def run_logins(base: str, phones: list[Phone], concurrency: int, deadline_s: float) -> Recorder:
    jobs = [lambda http, rec, p=p: login(http, base, p, rec) for p in phones]
    return asyncio.run(_run(jobs, concurrency, deadline_s, timeout_s=60))


def run_syncs(base: str, uploads: list[tuple[Phone, bytes, int]], concurrency: int,
              deadline_s: float) -> Recorder:
    """uploads: (phone, sync body, number of entries in it)."""
    jobs = [lambda http, rec, u=u: sync(http, base, u[0], u[1], u[2], rec) for u in uploads]
    return asyncio.run(_run(jobs, concurrency, deadline_s, timeout_s=60))
