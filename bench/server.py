"""The production stack for a benchmark: gunicorn with gunicorn.conf.py on a loopback port."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.postgres import free_port

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/api/v1/auth/csrf", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of gunicorn: the master, its live workers, and the workers it has
    already reaped (recycled after max_requests), which count in the master's children time."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # After the name: state, ppid, ..., utime [11], stime [12], cutime [13], cstime [14].
        if int(stat.parent.name) == pid:
            total += sum(int(x) for x in fields[11:15])
        elif int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def machine_cpu_seconds() -> float:
    """CPU time spent by every process on the machine (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(database_url: str, secret_key: str, workers: int, threads: int, log: Path,
             **env_extra: str):
    """Start gunicorn on a free port; yield (base URL, master pid); stop it (SIGTERM) at the end."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secret_key,
           "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
           "GUNICORN_THREADS": str(threads), "GUNICORN_ACCESS_LOG": str(log), **env_extra}
    with log.open("ab") as errors:
        process = subprocess.Popen([str(GUNICORN), "-c", "gunicorn.conf.py"], cwd=ROOT, env=env,
                                   stdout=errors, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        yield base, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
