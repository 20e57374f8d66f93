"""The production server's configuration loads, and the app it names imports."""

import gc
import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_gunicorn_conf_passes_gunicorns_own_check(tmp_path):
    env = {**os.environ, "SECRET_KEY": "check-config",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'check.sqlite3'}"}
    result = subprocess.run([str(Path(sys.executable).parent / "gunicorn"), "--check-config",
                             "-c", "gunicorn.conf.py"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_workers_fork_with_the_masters_objects_frozen_out_of_garbage_collection():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    try:
        config["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
