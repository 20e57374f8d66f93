"""`python -m bench` (what `make bench` runs): every benchmark, then docs/BENCHMARKS.md.

Starts its own throwaway PostgreSQL cluster (as the tests do) and removes it at the end.
`--only sync,rush,dashboard,projects,field,monthly` runs a subset (the report then shows only
those);
`--quick` shrinks every workload for a smoke run (figures not comparable).
Every run also writes its raw results as JSON (instance/bench-results.json unless `--json`
says otherwise); `--only rush --merge` re-measures one part and keeps the other parts from that
file, so a part disturbed by other work on the machine can be re-run when it is quieter.
"""

import argparse
import json
import logging
import os
import sys
import tempfile
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    dashboard,
    environment,
    field_weight,
    monthly,
    projects,
    report,
    rush,
    sync_ingest,
)
from bench.appdb import BENCH_SECRET, bench_app, prepare_database
from bench.postgres import create_database, running_cluster
from bench.server import gunicorn

ROOT = Path(__file__).resolve().parent.parent
NOTES = Path(__file__).with_name("notes.md")
RESULTS = ROOT / "instance" / "bench-results.json"  # untracked: the last run's raw results
PARTS = ("sync", "rush", "dashboard", "projects", "field", "monthly")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _guarded(name: str, action) -> dict:
    """Run one part; its result says when it ran and how busy the machine was around it."""
    started = time.perf_counter()
    load_before, at = os.getloadavg(), datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    log(f"{name} ...")
    try:
        result = action()
    except Exception as error:  # noqa: BLE001  (one failed part must not lose the others)
        traceback.print_exc()
        result = {"error": f"{type(error).__name__}: {error}"}
    result["measured"] = {"at": at, "load_before": load_before, "load_after": os.getloadavg()}
    log(f"{name}: {time.perf_counter() - started:.0f} s")
    return result


def _merge(previous: Path, env: dict, results: dict) -> tuple[dict, dict]:
    """The parts not run now, and the machine as described then, from an earlier run's --json
    file; the environment notes which parts were re-run, when, and under what load."""
    earlier = json.loads(previous.read_text(encoding="utf-8"))
    merged = {**{k: v for k, v in earlier["results"].items() if k not in results}, **results}
    rerun = {"parts": sorted(results), "date": env["date"], "commit": env["commit"],
             "load_before": env["load_before"], "load_after": env["load_after"]}
    reruns = [*earlier["environment"].get("reruns", []), rerun]
    return {**earlier["environment"], "reruns": reruns}, merged


def _write_report(output: Path, env: dict, results: dict, duration_s: float) -> None:
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report.render(env, results, notes, duration_s), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", default=",".join(PARTS))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "BENCHMARKS.md")
    parser.add_argument("--json", type=Path, default=RESULTS,
                        help="where the raw results go as JSON (default: %(default)s)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the parts not run now from the earlier run's --json file")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite the report from the --json file "
                             "(after editing bench/notes.md)")
    args = parser.parse_args(argv)
    if (args.merge or args.render_only) and not args.json.exists():
        parser.error(f"no earlier results in {args.json}")
    if args.render_only:
        earlier = json.loads(args.json.read_text(encoding="utf-8"))
        _write_report(args.output, earlier["environment"], earlier["results"],
                      earlier.get("duration_s", 0.0))
        return 0
    parts = set(args.only.split(","))
    quick = args.quick
    # The app logs every request at INFO; the figures need no log lines.
    logging.disable(logging.INFO)

    started = time.perf_counter()
    results: dict = {}
    with running_cluster() as cluster, tempfile.TemporaryDirectory(prefix="hadir-bench-") as tmp:
        work = Path(tmp)
        env = environment.describe(cluster.version())

        def url_for(name: str) -> str:
            return create_database(cluster.url, name)

        if "sync" in parts:
            entries = 2_000 if quick else 10_000
            results["sync"] = {
                "sqlite": _guarded("sync ingest, SQLite", lambda: sync_ingest.run(
                    "sqlite", sync_ingest.sqlite_urls(work), entries=entries)),
                "postgresql": _guarded("sync ingest, PostgreSQL", lambda: sync_ingest.run(
                    "postgresql", url_for, entries=entries)),
            }
        if "rush" in parts:
            sizes = ({"officials": 200, "burst": 40, "tuning_officials": 100} if quick
                     else {"officials": 2500, "burst": 500, "tuning_officials": 1000})
            outcome = _guarded("morning rush", lambda: rush.run(
                cluster.url, work, log=log, postgres_pid=cluster.pid(), **sizes))
            results["rush"] = {**outcome, "cores": os.cpu_count(),
                               "tuning_officials": sizes["tuning_officials"]}
        if "dashboard" in parts:
            participants = 1_000 if quick else 10_000
            results["dashboard"] = _guarded("dashboard", lambda: dashboard.run(
                "postgresql", url_for("hadir_dashboard"), participants=participants))
        if "projects" in parts:
            count = 200 if quick else 2_000
            results["projects"] = _guarded("change projects", lambda: projects.run(
                "postgresql", url_for("hadir_projects"), projects=count))
        if "field" in parts:
            def field():
                url = url_for("hadir_field")
                prepare_database(bench_app(url), dispose=True)
                with gunicorn(url.replace("+psycopg", ""), BENCH_SECRET, rush.DEFAULT.workers,
                              rush.DEFAULT.threads, work / "field.log") as (base, _):
                    return field_weight.run(base)
            results["field"] = _guarded("field weight", field)
        if "monthly" in parts:
            officials = 400 if quick else 4_000
            results["monthly"] = _guarded("monthly recap", lambda: monthly.run(
                url_for("hadir_monthly"), officials=officials))
        env["load_after"] = os.getloadavg()

    duration = time.perf_counter() - started
    if args.merge:
        env, results = _merge(args.json, env, results)
    _write_report(args.output, env, results, duration)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"environment": env, "results": results,
                                     "duration_s": duration}, indent=1, default=str),
                         encoding="utf-8")
    log(f"wrote {args.output} after {duration / 60:.1f} min")
    failed = [name for name, r in results.items()
              if "error" in r or any(isinstance(v, dict) and "error" in v for v in r.values())]
    if failed:
        log(f"not measured: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
