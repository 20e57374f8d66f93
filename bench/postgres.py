"""A throwaway PostgreSQL cluster on a free loopback port, shared by the tests, the benchmarks
and `make serve-prod`.

PostgreSQL refuses to run as root (and CI runs as root), so initdb and pg_ctl run as the
`postgres` user in a directory it owns. Durability is switched off: these clusters hold
nothing worth keeping and are removed when stopped.
"""

import glob
import os
import re
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FAST_UNSAFE = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
               "-c max_connections=200")


class PostgresMissing(RuntimeError):
    pass


@dataclass
class Cluster:
    url: str  # postgresql+psycopg://postgres@127.0.0.1:PORT (no database name)
    root: Path
    pg_bin: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    def pid(self) -> int:
        """The postmaster's pid (its backends are its children)."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def version(self) -> str:
        out = subprocess.run([str(self.pg_bin / "postgres"), "--version"], check=True,
                             capture_output=True, text=True).stdout
        found = re.search(r"\(PostgreSQL\) (\S+)", out)
        return found.group(1) if found else out.strip()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*cmd: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else list(cmd)


def pg_bin_dir() -> Path:
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    if not bins:
        raise PostgresMissing("PostgreSQL server binaries missing: run `make system-deps`")
    return Path(bins[-1])


def start_cluster(extra_options: str = "") -> Cluster:
    pg_bin = pg_bin_dir()
    root = Path(tempfile.mkdtemp(prefix="hadir-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    try:
        subprocess.run(_as_postgres(str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres",
                                    "-A", "trust", "--no-sync", "-E", "UTF8"),
                       check=True, capture_output=True)
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 {FAST_UNSAFE} "
                   f"{extra_options}")
        subprocess.run(_as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data), "-l",
                                    str(root / "log"), "-o", options, "-w", "start"),
                       check=True, capture_output=True)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return Cluster(f"postgresql+psycopg://postgres@127.0.0.1:{port}", root, pg_bin)


def stop_cluster(cluster: Cluster) -> None:
    subprocess.run(_as_postgres(str(cluster.pg_bin / "pg_ctl"), "-D", str(cluster.data), "-m",
                                "immediate", "stop"), capture_output=True)
    shutil.rmtree(cluster.root, ignore_errors=True)


@contextmanager
def running_cluster(extra_options: str = ""):
    cluster = start_cluster(extra_options)
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


def create_database(server_url: str, name: str) -> str:
    """(Re)create database `name` on the cluster; return its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(server_url.replace("+psycopg", "") + "/postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"
