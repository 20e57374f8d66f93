"""docs/BENCHMARKS.md from one run's results. Every figure comes with the baseline measured in
the same run and the raw numbers; nothing here is typed in by hand."""

from datetime import UTC, datetime

AIMS = {
    "sync_ratio": 0.10,
    "rush_checkins_per_s": 200,
    "rush_p95_ms": 250,
    "page_s": 0.3,
    "export_s": 3.0,
    "recap_page_s": 0.5,
    "checkin_bytes": 1024,
    "selfie_bytes": 60 * 1024,
    "emulated_s": 5.0,
    # Tap to result: one round trip plus the check-in's bytes at 400 kbps, and this much for
    # the phone's own work (position, IndexedDB, rendering).
    "tap_client_s": 0.3,
}
RTT_S = 0.4


def _n(value, digits: int = 0) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    return f"{round(value):,}"


def _kb(value) -> str:
    return "–" if value is None else f"{value / 1024:,.1f} KB"


def _met(ok: bool | None) -> str:
    return "–" if ok is None else ("yes" if ok else "**no**")


def _table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _measured(r: dict, label: str = "Measured") -> list[str]:
    """When a part ran and the load average (1/5/15 min) around it: a 1-minute load well above
    the core count means other work competed with the benchmark for the CPU."""
    m = r.get("measured")
    if not m:
        return []
    before = " / ".join(f"{x:.2f}" for x in m["load_before"])
    after = " / ".join(f"{x:.2f}" for x in m["load_after"])
    return [f"_{label} {m['at']}; load average before {before}, after {after}._", ""]


def _failed(name: str, error: str) -> list[str]:
    return [f"Not measured in this run: `{error}`", ""]


def _rerun_rows(reruns: list[dict]) -> list[list]:
    rows = []
    for rerun in reruns:
        load = " / ".join(f"{x:.2f}" for x in rerun["load_before"])
        after = " / ".join(f"{x:.2f}" for x in rerun["load_after"])
        rows.append(["re-run", f"{', '.join(rerun['parts'])} on {rerun['date']} (commit "
                               f"{rerun['commit']}), load average before {load}, after {after}"])
    return rows


def machine(env: dict) -> list[str]:
    packages = ", ".join(f"{k} {v}" for k, v in env["packages"].items())
    load = " / ".join(f"{x:.2f}" for x in env["load_before"])
    after = " / ".join(f"{x:.2f}" for x in env.get("load_after", ()))
    return ["## Machine", ""] + _table(["", ""], [
        ["date", env["date"]], ["CPU", env["cpu"]], ["cores", env["cores"]],
        ["memory", f"{env['memory_gib']} GiB"], ["OS", env["os"]],
        ["Python", env["python"]], ["SQLite", env["sqlite"]],
        ["PostgreSQL", f"{env['postgresql']} (throwaway cluster on loopback, fsync off)"],
        ["packages", packages], ["commit", env["commit"]],
        ["load average (1/5/15 min) before", load], ["load average after", after or "–"],
    ] + _rerun_rows(env.get("reruns", []))) + [
        "Everything (server, PostgreSQL, load generator, Chromium) runs on this one machine. "
        "A load average well above the core count before the run means other work was "
        "competing for the CPU; the ratios to baselines measured in the same run move less "
        "than the raw figures when that happens.", ""]


def sync_section(results: dict) -> list[str]:
    lines = ["## 1. Sync ingest", "",
             "Entries/s through `POST /api/v1/sync` in batches of 200 check-ins, full stack "
             "through the Flask test client (cookie session, CSRF, JSON, per-entry validation, "
             "flags, receipts, response with one record per entry, brotli), one user. "
             "Baseline: the same rows (receipt + check-in) inserted with the driver's "
             "`executemany`, 200 at a time with a commit per batch, into a fresh database of "
             "the same engine. Re-send: the same batches again, all answered `duplicate`.", ""]
    rows = []
    for key in ("sqlite", "postgresql"):
        r = results.get(key)
        if r is None or "error" in r:
            rows.append([key, "–", "–", "–", "–", "–", f"not run: {r and r.get('error')}"])
            continue
        rows.append([key, _n(r["sync_rate"]), _n(r["raw_rate"]), f"{r['ratio']:.1%}",
                     _met(r["ratio"] >= AIMS["sync_ratio"]), _n(r["resend_rate"]),
                     f"{r['entries']:,} sent, {r['created'].get('created', 0):,} created, "
                     f"{r['duplicates'].get('duplicate', 0):,} duplicates on re-send, "
                     f"{r['stored']:,} rows stored"])
    lines += _table(["engine", "sync entries/s", "executemany entries/s (baseline)",
                     "ratio", "≥ 10 %", "re-send entries/s", "checked"], rows)
    for key in ("sqlite", "postgresql"):
        if results.get(key, {}).get("measured"):
            lines += _measured(results[key], f"{key} measured")
    return lines


def _latency_cells(summary: dict, kind: str) -> list[str]:
    lat = summary["latency"].get(kind)
    if not lat:
        return ["–", "–", "–"]
    return [_n(lat["p50_ms"]), _n(lat["p95_ms"]), _n(lat["p99_ms"])]


def _other_cpu(phase: dict) -> str:
    """CPU seconds other processes took during a phase, and as a share of its wall time."""
    other = phase.get("other_cpu_s")
    if other is None:
        return "not measured"
    return f"{other:,.1f} ({other / phase['elapsed_s']:.2f} cores)"


def rush_section(r: dict, raw_rate: float | None) -> list[str]:
    """raw_rate: §1's PostgreSQL executemany rows/s, the baseline for check-ins/s."""
    if "error" in r:
        return ["## 2. Morning rush", ""] + _failed("rush", r["error"])
    r = {**r, "raw_rate": raw_rate}
    cores = r.get("cores") or 1
    measured = _measured(r)
    scrypt_bound = cores * 1000 / r["scrypt_ms"]
    login, sync, burst = r["login"], r["sync"], r["burst_sync"]
    logins_per_s = login["latency"]["login"]["count"] / login["elapsed_s"]
    lines = ["## 2. Morning rush", "",
             f"gunicorn with `gunicorn.conf.py` ({r['default']}, `preload_app`) and "
             f"PostgreSQL on loopback; the load generator (`bench/loadgen.py`, asyncio + "
             f"aiohttp) keeps {r['concurrency']} phones in flight on the same machine. Each "
             "phone fetches a CSRF token before it logs in or syncs, as the PWA does; request "
             "rates count both. Rate limits are on, as in production.", "",
             f"**Logins**: {r['officials']:,} officials log in once. A login is one scrypt "
             f"password check (werkzeug's default, {r['scrypt_ms']:.0f} ms of CPU here), so the "
             f"ceiling is about {scrypt_bound:.0f} logins/s on {cores} cores "
             "(the baseline below). Sessions last 30 days, so most mornings need no login.", ""]
    lines += measured
    lines += _table(["phase", "phones", "requests", "elapsed s", "requests/s", "check-ins/s",
                     "baseline", "ratio", "p50 ms", "p95 ms", "p99 ms", "errors",
                     "entries sent / rows stored"], [
        ["logins", _n(login["phones"]), _n(login["requests"]), _n(login["elapsed_s"], 1),
         _n(login["requests_per_s"], 1), "–",
         f"{scrypt_bound:.1f} logins/s (scrypt bound)", f"{logins_per_s / scrypt_bound:.0%}",
         *_latency_cells(login, "login"), login["errors"], "–"],
        ["sync 1–5 entries", _n(sync["phones"]), _n(sync["requests"]),
         _n(sync["elapsed_s"], 1), _n(sync["requests_per_s"], 1),
         _n(sync["checkins_per_s"]), f"{_n(r.get('raw_rate'))} rows/s (executemany, §1)",
         f"{sync['checkins_per_s'] / r['raw_rate']:.1%}" if r.get("raw_rate") else "–",
         *_latency_cells(sync, "sync"), sync["errors"],
         f"{sync['entries_sent']:,} / {sync['stored']:,}"],
        [f"burst {r['burst']} × {r['burst_entries']}", _n(burst["phones"]),
         _n(burst["requests"]), _n(burst["elapsed_s"], 1), _n(burst["requests_per_s"], 1),
         _n(burst["checkins_per_s"]), f"{_n(r.get('raw_rate'))} rows/s",
         f"{burst['checkins_per_s'] / r['raw_rate']:.1%}" if r.get("raw_rate") else "–",
         *_latency_cells(burst, "sync"), burst["errors"],
         f"{burst['entries_sent']:,} / {burst['stored']:,}"],
    ])
    lines += ["Latency columns are for the login or sync request itself; the CSRF fetches "
              "before them are below, with the CPU time each phase used: gunicorn, "
              "PostgreSQL, the load generator, and every other process on the machine (work "
              f"competing with the benchmark; {cores} cores give {cores} CPU s per second).", ""]
    lines += _table(["phase", "csrf p50 ms", "csrf p95 ms", "csrf p99 ms", "gunicorn CPU s",
                     "PostgreSQL CPU s", "load generator CPU s", "other processes CPU s"], [
        [name, *_latency_cells(s, "csrf"), _n(s["server_cpu_s"], 1),
         _n(s.get("postgres_cpu_s"), 1), _n(s["client_cpu_s"], 1), _other_cpu(s)]
        for name, s in (("logins", login), ("sync 1–5 entries", sync), ("burst", burst))])
    lines += [f"In all, {r['total_sent']:,} check-ins were sent and the database holds "
              f"{r['total_stored']:,}.", "",
              "**Set-ups tried** (the same kind of sync traffic, "
              f"{r.get('tuning_officials', '')} phones each unless it is the default):", ""]
    lines += _table(["gunicorn", "requests/s", "check-ins/s", "sync p50 ms", "sync p95 ms",
                     "sync p99 ms", "errors", "stored / sent", "other processes CPU s"], [
        [label, _n(s["requests_per_s"], 1), _n(s["checkins_per_s"]),
         *_latency_cells(s, "sync"), s["errors"], f"{s['stored']:,} / {s['entries_sent']:,}",
         _other_cpu(s)]
        for label, s in r["setups"].items()])
    return lines


def _page_and_export(r: dict, labels: tuple[str, str], page_aim_s: float,
                     sizes: tuple[str, str]) -> list[str]:
    """The table of a review page and its XLSX export against the same run's plain SELECT, and
    whether the page ran as many statements at demo size as at bench size. `labels`: the
    page's row and the demo page's row; `sizes`: the demo's size and the bench's, in words."""
    base = r["baseline"]["median_s"]
    page, export, demo = r["page"], r["export"], r["demo_page"]
    lines = _table(["request", "server time s", "baseline s", "ratio", "aim", "met",
                    "statements", "bytes"], [
        [labels[0], _n(page["median_s"], 3), _n(base, 3),
         f"{page['median_s'] / base:.1f}×", f"< {page_aim_s:g} s",
         _met(page["median_s"] < page_aim_s),
         ", ".join(map(str, page["statements"])), _n(page["bytes"])],
        ["XLSX export", _n(export["median_s"], 3), _n(base, 3),
         f"{export['median_s'] / base:.1f}×", f"< {AIMS['export_s']:g} s",
         _met(export["median_s"] < AIMS["export_s"]),
         ", ".join(map(str, export["statements"])), _n(export["bytes"])],
        [labels[1], _n(demo["median_s"], 3), "–", "–", "–", "–",
         ", ".join(map(str, demo["statements"])), _n(demo["bytes"])],
    ])
    fixed = page["statements"] == demo["statements"]
    return lines + [f"Statements per page: {'the same' if fixed else '**not** the same'} for "
                    f"{sizes[0]} and {sizes[1]}. Seeding took {r['seed_s']:.1f} s.", ""]


def monthly_section(r: dict) -> list[str]:
    head = ["## 6. Monthly recap", ""]
    if "error" in r:
        return head + _failed("monthly", r["error"])
    page, export = r["page"], r["export"]
    lines = head + [
        f"The monthly recap of one unit (`/review/monthly?unit=&month=`: every official's "
        f"month counted in one pass over its check-ins grouped by official, the days each "
        f"band's edge is reached as bits, then totalled; the first 100 rows shown with the "
        f"TL/PSW bands, TK and leave) and its XLSX export (every row), for {r['officials']:,} "
        f"officials × {r['work_days']} work days of {r['month']} ({r['checkins']:,} check-ins "
        f"and check-outs) on postgresql, through the Flask test client as BKPSDM (server time, "
        f"median of {page['runs']} and {export['runs']} runs; tables vacuumed, start-up "
        f"objects frozen out of garbage collection). Baseline: a plain `SELECT user_id, type, "
        f"corrected_at` of the unit's check-ins of the month through the driver "
        f"({r['baseline']['rows']:,} rows). Statements are counted per request; the demo unit "
        f"(PUPR) has a handful of officials.", ""]
    lines += _measured(r)
    return lines + _page_and_export(r, ("recap page", "recap page, demo unit"),
                                    AIMS["recap_page_s"],
                                    ("the demo unit", f"{r['officials']:,} officials"))


def dashboard_section(r: dict) -> list[str]:
    head = ["## 3. Dashboard", ""]
    if "error" in r:
        return head + _failed("dashboard", r["error"])
    page, export = r["page"], r["export"]
    lines = head + [
        f"BKPSDM's programme page (`/review/programs/<id>`, first page of 100 rows, with the "
        f"zone and trend charts) and its XLSX export, for {r['participants']:,} participants "
        f"× {r['sessions']} held sessions ({r['attendance_rows']:,} attendance rows) on "
        f"{r['backend']}, through the Flask test client (server time, median of "
        f"{page['runs']} and {export['runs']} runs; the table vacuumed and the process's "
        f"start-up objects frozen out of garbage collection, as autovacuum and "
        f"`gunicorn.conf.py` leave a server). Baseline: a plain `SELECT session_id, "
        f"user_id, status` of the same attendance rows through the driver "
        f"({r['baseline']['rows']:,} rows). Statements are counted per request (the session's "
        f"user lookup included); the demo programme has 24 participants.", ""]
    lines += _measured(r)
    return lines + _page_and_export(r, ("programme page", "programme page, demo (24 × 12)"),
                                    AIMS["page_s"], ("24", f"{r['participants']:,} participants"))


def projects_section(r: dict) -> list[str]:
    head = ["## 4. Change projects", ""]
    if "error" in r:
        return head + _failed("projects", r["error"])
    page, export = r["page"], r["export"]
    lines = head + [
        f"BKPSDM's change-project overview (`/review/projects`, every programme and OPD: states, "
        f"milestones per stage, overdue list, survival per cohort, OPD zones, first 100 "
        f"projects) and its XLSX export (ten sheets, usage a column per month), for "
        f"{r['projects']:,} projects × {r['months']} monthly usage reports "
        f"({r['report_rows']:,} report rows) on {r['backend']}, through the Flask test client "
        f"(server time, median of {page['runs']} and {export['runs']} runs; tables vacuumed, "
        f"start-up objects frozen out of garbage collection). Baseline: a plain `SELECT "
        f"project_id, period, usage` of the same report rows through the driver "
        f"({r['baseline']['rows']:,} rows). The demo alone has 16 projects.", ""]
    lines += _measured(r)
    return lines + _page_and_export(r, ("projects page", "projects page, demo (16)"),
                                    AIMS["page_s"], ("16", f"{r['projects']:,} projects"))


def field_section(r: dict) -> list[str]:
    head = ["## 5. Field weight", ""]
    if "error" in r:
        return head + _failed("field", r["error"])
    first, shell = r["first_load"], r["shell_encodings"]
    emulated, checkin, selfie = r["emulated"], r["checkin"], r["selfie"]
    lines = head + [
        "Chromium (Playwright, 360×740 phone context) against gunicorn + PostgreSQL. Bytes on "
        "the wire are headers + encoded bodies as Chromium reports them (HTTP/1.1 on "
        "loopback; behind an HTTP/2 proxy repeated headers shrink further).", ""]
    lines += _measured(r)
    lines += _table(["what", "bytes", "baseline", "ratio", "aim", "met"], [
        ["first load: login, home, app shell precache (all requests, received)",
         _kb(first["all"]["received"]), f"{_kb(shell['raw'])} shell files uncompressed",
         f"{first['all']['received'] / shell['raw']:.0%}", "–", "–"],
        ["… of which the pages' own requests", _kb(first["page"]["received"]), "–", "–", "–",
         "–"],
        ["… of which the service worker's precache", _kb(first["worker"]["received"]), "–",
         "–", "–", "–"],
        ["repeat load offline (network bytes)", _n(first["offline_repeat"]["received"]),
         "first load", "0 %" if first["offline_repeat"]["received"] == 0 else "> 0", "0",
         _met(first["offline_repeat"]["received"] == 0)],
        ["repeat load online (network bytes)", _kb(first["online_repeat"]["received"]),
         "first load", f"{first['online_repeat']['received'] / first['all']['received']:.0%}",
         "–", "–"],
        ["one check-in sync, request body", _n(checkin and checkin["body_sent"]), "–", "–",
         "–", "–"],
        ["one check-in sync, request with headers", _n(checkin and checkin["sent"]), "–", "–",
         "< 1 KB", _met(checkin and checkin["sent"] < AIMS["checkin_bytes"])],
        ["one check-in sync, response body / with headers",
         f"{_n(checkin and checkin['body_received'])} / {_n(checkin and checkin['received'])}",
         "–", "–", "–", "–"],
        [f"typical selfie after shrinkPhoto() ({selfie['type']})", _kb(selfie["upload_body"]),
         f"{_kb(selfie['camera_bytes'])} camera JPEG",
         f"{selfie['upload_body'] / selfie['camera_bytes']:.0%}", "≤ 60 KB",
         _met(selfie["upload_body"] <= AIMS["selfie_bytes"])],
    ])
    if checkin and checkin.get("request_headers"):
        def heaviest(pairs):
            return ", ".join(f"`{name}` {size:,}" for name, size in pairs)
        lines += [f"The check-in's heaviest request headers (bytes): "
                  f"{heaviest(checkin['request_headers'])}; response headers: "
                  f"{heaviest(checkin['response_headers'])}.", ""]
    lines += [f"Encodings Chromium received: {', '.join(first['all']['encodings']) or 'none'}. "
              f"The precached static files ({shell['files']}) are {_kb(shell['raw'])} raw, "
              f"{_kb(shell['gzip'])} gzip, {_kb(shell['br'])} brotli. Requests: first load "
              f"{first['all']['requests']}, offline repeat {first['offline_repeat']['requests']}"
              f", online repeat {first['online_repeat']['requests']}. The selfie upload was "
              f"answered {selfie['status']}.", "",
              "**First load at 400 kbps / 400 ms latency** (Chromium network emulation on the "
              "page; the service worker's background precache is not throttled and does not "
              "block the page). Baseline: the pages' own bytes at 400 kbps with no latency.", ""]
    floor = first["page"]["received"] * 8 / 400_000
    lines += _table(["step", "seconds", "baseline s", "aim", "met"], [
        ["login page usable", _n(emulated["login_page_s"], 2), "–", "–", "–"],
        ["submit → home usable (`data-app-ready`)", _n(emulated["home_after_login_s"], 2),
         "–", "–", "–"],
        ["total to usable", _n(emulated["total_s"], 2), _n(floor, 2), "< 5 s",
         _met(emulated["total_s"] < AIMS["emulated_s"])],
    ])
    lines += tap_to_result_lines(r)
    lines += ["Largest downloads of the first load:", ""]
    lines += _table(["URL", "received"], [[f"`{x['url']}`", _kb(x["received"])]
                                          for x in first["largest"]])
    return lines


def tap_floor_s(r: dict) -> float | None:
    """One round trip plus the check-in sync's request and response bytes at 400 kbps."""
    checkin = r.get("checkin")
    return checkin and RTT_S + (checkin["sent"] + checkin["received"]) * 8 / 400_000


def _tap_met(r: dict) -> bool | None:
    floor, tap = tap_floor_s(r), r.get("tap_to_result", {}).get("one_request")
    return None if floor is None or tap is None else (
        tap["median_s"] <= floor + AIMS["tap_client_s"])


def tap_to_result_lines(r: dict) -> list[str]:
    taps = r.get("tap_to_result")
    if not taps:
        return []
    floor = tap_floor_s(r)
    lines = ["**Tap to result at 400 kbps / 400 ms latency**: from tapping \"Absen masuk\" on "
             "the home page to the server's answer applied to the outbox (its count back to 0), "
             f"median of {len(taps['one_request']['samples_s'])} taps, service worker blocked "
             "so that every request is throttled. Baseline: the sync client before one-request "
             "sync (`GET /me` and `GET /auth/csrf` before each sync), served in place of "
             "today's in the same run.", ""]
    rows = []
    for name, label in (("one_request", "sync request alone (today)"),
                        ("preflight", "`me` + `csrf` + sync (baseline)")):
        if name in taps:
            t = taps[name]
            rows.append([label, _n(t["median_s"], 2),
                         ", ".join(f"{x:.2f}" for x in t["samples_s"]),
                         ", ".join(f"`{u}`" for u in t["requests"]),
                         f"≤ {floor + AIMS['tap_client_s']:.2f} s" if floor and
                         name == "one_request" else "–",
                         _met(_tap_met(r)) if name == "one_request" else "–"])
    lines += _table(["flow", "median s", "samples s", "requests", "aim", "met"], rows)
    if floor:
        lines += [f"Aim: one round trip (0.4 s) plus the check-in's {checkin_bytes(r):,} bytes "
                  f"at 400 kbps ({floor:.2f} s), plus {AIMS['tap_client_s']} s for the phone's "
                  "own work.", ""]
    return lines


def checkin_bytes(r: dict) -> int:
    return r["checkin"]["sent"] + r["checkin"]["received"]


def summary(results: dict) -> list[str]:
    rows = []
    for key, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        r = results.get("sync", {}).get(key)
        if r and "error" not in r:
            rows.append([f"sync ingest, {label}", f"{r['ratio']:.1%} of executemany",
                         "≥ 10 %", _met(r["ratio"] >= AIMS["sync_ratio"])])
    rush = results.get("rush", {})
    if rush and "error" not in rush:
        s = rush["sync"]
        p95 = s["latency"]["sync"]["p95_ms"]
        rows.append(["morning rush check-ins/s", _n(s["checkins_per_s"]), "≥ 200",
                     _met(s["checkins_per_s"] >= AIMS["rush_checkins_per_s"])])
        rows.append(["morning rush sync p95", f"{p95:.0f} ms", "< 250 ms",
                     _met(p95 < AIMS["rush_p95_ms"])])
        errors = sum(x["errors"] for x in (rush["login"], s, rush["burst_sync"]))
        rows.append(["morning rush errors", errors, "0", _met(errors == 0)])
        rows.append(["rows stored = entries sent", f"{rush['total_stored']:,} / "
                     f"{rush['total_sent']:,}", "equal",
                     _met(rush["total_stored"] == rush["total_sent"])])
    dash = results.get("dashboard", {})
    if dash and "error" not in dash:
        rows.append(["dashboard page", f"{dash['page']['median_s']:.3f} s", "< 0.3 s",
                     _met(dash["page"]["median_s"] < AIMS["page_s"])])
        rows.append(["XLSX export", f"{dash['export']['median_s']:.2f} s", "< 3 s",
                     _met(dash["export"]["median_s"] < AIMS["export_s"])])
        rows.append(["dashboard statements fixed", ", ".join(map(str, dash["page"]["statements"])),
                     "same for 24 and 10,000", _met(dash["page"]["statements"]
                                                     == dash["demo_page"]["statements"])])
    proj = results.get("projects", {})
    if proj and "error" not in proj:
        rows.append(["change projects page", f"{proj['page']['median_s']:.3f} s", "< 0.3 s",
                     _met(proj["page"]["median_s"] < AIMS["page_s"])])
        rows.append(["change projects XLSX", f"{proj['export']['median_s']:.2f} s", "< 3 s",
                     _met(proj["export"]["median_s"] < AIMS["export_s"])])
    recap = results.get("monthly", {})
    if recap and "error" not in recap:
        rows.append(["monthly recap page", f"{recap['page']['median_s']:.3f} s", "< 0.5 s",
                     _met(recap["page"]["median_s"] < AIMS["recap_page_s"])])
        rows.append(["monthly recap XLSX", f"{recap['export']['median_s']:.2f} s", "< 3 s",
                     _met(recap["export"]["median_s"] < AIMS["export_s"])])
        rows.append(["monthly recap statements fixed",
                     ", ".join(map(str, recap["page"]["statements"])),
                     "same for demo and 4,000", _met(recap["page"]["statements"]
                                                     == recap["demo_page"]["statements"])])
    field = results.get("field", {})
    if field and "error" not in field:
        c = field["checkin"]
        rows.append(["offline repeat load", f"{field['first_load']['offline_repeat']['received']}"
                     " bytes", "0", _met(field["first_load"]["offline_repeat"]["received"] == 0)])
        rows.append(["check-in request (headers + body)", _n(c and c["sent"]) + " bytes",
                     "< 1 KB", _met(c and c["sent"] < AIMS["checkin_bytes"])])
        rows.append(["selfie upload", _kb(field["selfie"]["upload_body"]), "≤ 60 KB",
                     _met(field["selfie"]["upload_body"] <= AIMS["selfie_bytes"])])
        rows.append(["first load to usable at 400 kbps", f"{field['emulated']['total_s']:.1f} s",
                     "< 5 s", _met(field["emulated"]["total_s"] < AIMS["emulated_s"])])
        taps = field.get("tap_to_result")
        if taps:
            before = taps.get("preflight")
            rows.append(["check-in tap to result at 400 kbps / 400 ms",
                         f"{taps['one_request']['median_s']:.2f} s"
                         + (f" (was {before['median_s']:.2f} s)" if before else ""),
                         "one RTT + upload", _met(_tap_met(field))])
    for name in ("rush", "dashboard", "projects", "field", "monthly"):
        if results.get(name, {}).get("error"):
            rows.append([name, "not measured", "–", "–"])
    return ["## Summary", ""] + _table(["figure", "result", "aim", "met"], rows)


def render(env: dict, results: dict, notes: str, duration_s: float) -> str:
    lines = ["# Benchmarks", "",
             f"Generated by `make bench` on {env['date']} "
             + ("with parts re-run later (see Machine)" if env.get("reruns")
                else f"({duration_s / 60:.1f} min)") + "; "
             f"rewritten by every run, so do not edit by hand. Written "
             f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.", ""]
    lines += summary(results) + machine(env)
    lines += sync_section(results.get("sync", {}))
    if "rush" in results:
        raw_rate = results.get("sync", {}).get("postgresql", {}).get("raw_rate")
        lines += rush_section(results["rush"], raw_rate)
    if "dashboard" in results:
        lines += dashboard_section(results["dashboard"])
    if "projects" in results:
        lines += projects_section(results["projects"])
    if "field" in results:
        lines += field_section(results["field"])
    if "monthly" in results:
        lines += monthly_section(results["monthly"])
    lines += ["## Notes", "", notes.strip(), ""]
    return "\n".join(lines)
