"""/sw.js carries the app shell's precache list with content revisions; /offline is the same
for everyone."""

import json
import re

import pytest

from webapp.pages.home import precache_manifest

# Run on SQLite only (tests/conftest.py): the worker script and the offline page: no query decides
# them.
pytestmark = pytest.mark.one_backend


def injected_manifest(body: str) -> list[dict]:
    match = re.search(r"precacheAndRoute\((\[.*?\]), \{", body, re.S)
    assert match, "precache list not injected"
    return json.loads(match.group(1))


def test_service_worker_is_served_from_the_root_and_never_long_cached(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert "self.__WB_MANIFEST" not in body
    urls = {entry["url"] for entry in injected_manifest(body)}
    assert {"/offline", "/static/css/app.css", "/static/js/outbox.js", "/static/js/sync.js",
            "/static/js/app.js", "/static/manifest.webmanifest", "/static/icons/icon-192.png",
            "/static/vendor/idb/index.js",
            "/static/vendor/workbox/workbox-sw.js"} <= urls


def test_precache_revision_follows_file_content(tmp_path):
    static, templates = tmp_path / "static", tmp_path / "templates"
    (static / "js").mkdir(parents=True)
    templates.mkdir()
    (templates / "base.html").write_text("base")
    (templates / "offline.html").write_text("offline")
    module = static / "js" / "outbox.js"
    module.write_text("export const a = 1;")
    (static / "js" / "sync.js").write_text("export const b = 1;")

    def revisions():
        return {entry["url"]: entry["revision"] for entry in precache_manifest(static, templates)}

    before = revisions()
    assert set(before) == {"/static/js/outbox.js", "/static/js/sync.js", "/offline"}
    module.write_text("export const a = 2;")
    after = revisions()
    assert after["/static/js/outbox.js"] != before["/static/js/outbox.js"]
    assert after["/static/js/sync.js"] == before["/static/js/sync.js"]
    (templates / "offline.html").write_text("offline, reworded")
    assert revisions()["/offline"] != after["/offline"]


def test_offline_page_shows_nobody_and_needs_no_login(seeded, client, login_as):
    anonymous = client.get("/offline")
    assert anonymous.status_code == 200
    logged_in = login_as("peserta01").get("/offline")
    assert logged_in.get_data() == anonymous.get_data()
    assert b"data-user-id" not in logged_in.get_data()
