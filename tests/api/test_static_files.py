"""Static files: hashed URLs are cached for a year, everything else is revalidated, the service
worker is never long-cached, and text is compressed for clients that accept it."""

import gzip
import re
from urllib.parse import parse_qs, urlsplit

import brotli
import pytest
from flask import url_for

from tests.conftest import make_app
from webapp.static_files import IMMUTABLE, REVALIDATE

# Run on SQLite only (tests/conftest.py): static files and their caching: no query reaches the
# database.
pytestmark = pytest.mark.one_backend

CSS = "css/app.css"


def _versioned_url(app, filename: str) -> str:
    with app.test_request_context():
        return url_for("static", filename=filename)


def _version(url: str) -> str:
    return parse_qs(urlsplit(url).query)["v"][0]


@pytest.fixture
def worker_folder(app, tmp_path):
    """A static folder holding a service worker and a module, served instead of the real one."""
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {});\n" * 40)
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "outbox.js").write_text("export const outbox = [];\n" * 40)
    app.extensions["hadir_assets"].folder = str(tmp_path)
    return tmp_path


def test_static_urls_carry_the_files_content_hash(app):
    url = _versioned_url(app, CSS)
    assert url.startswith("/static/css/app.css?v=")
    assert re.fullmatch(r"[0-9a-f]{16}", _version(url))


def test_hashed_url_is_cached_for_a_year_as_immutable(app, client):
    response = client.get(_versioned_url(app, CSS))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE
    assert response.headers["ETag"]


@pytest.mark.parametrize("query", ["", "?v=0123456789abcdef", "?v="])
def test_unhashed_or_stale_url_must_be_revalidated(client, query):
    response = client.get(f"/static/{CSS}{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == REVALIDATE


def test_revalidation_with_the_etag_is_answered_304_without_a_body(client):
    first = client.get(f"/static/{CSS}")
    again = client.get(f"/static/{CSS}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_changed_file_gets_a_new_hash_so_old_urls_stop_being_immutable(app, client,
                                                                       worker_folder):
    module = worker_folder / "js" / "outbox.js"
    old_url = _versioned_url(app, "js/outbox.js")
    module.write_text("export const outbox = ['changed'];\n" * 40)
    new_url = _versioned_url(app, "js/outbox.js")
    assert new_url != old_url
    assert client.get(old_url).headers["Cache-Control"] == REVALIDATE
    assert client.get(new_url).headers["Cache-Control"] == IMMUTABLE


def test_service_worker_is_never_versioned_nor_long_cached(app, client, worker_folder):
    assert "v=" not in _versioned_url(app, "sw.js")
    with app.test_request_context():
        digest = app.extensions["hadir_assets"].version("sw.js")
    response = client.get(f"/static/sw.js?v={digest}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == REVALIDATE


def test_service_worker_at_the_root_is_not_cached_whichever_route_serves_it(app, client):
    app.add_url_rule("/sw.js", "test_worker", lambda: ("// worker", 200, {
        "Content-Type": "text/javascript", "Cache-Control": "public, max-age=3600"}))
    assert client.get("/sw.js").headers["Cache-Control"] == REVALIDATE


def test_missing_or_escaping_static_path_is_404(client):
    assert client.get("/static/css/no-such-file.css").status_code == 404
    assert client.get("/static/../config.py").status_code == 404


@pytest.mark.parametrize("encoding, decompress", [("gzip", gzip.decompress),
                                                  ("br", brotli.decompress)])
def test_static_text_is_compressed_when_the_client_accepts_it(client, encoding, decompress):
    plain = client.get(f"/static/{CSS}").data
    response = client.get(f"/static/{CSS}", headers={"Accept-Encoding": encoding})
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    assert len(response.data) < len(plain)
    assert decompress(response.data) == plain


def test_static_text_is_sent_plain_to_a_client_that_accepts_no_encoding(client):
    response = client.get(f"/static/{CSS}")
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" in response.headers["Vary"]


def test_each_encoding_has_its_own_etag(client):
    tags = {client.get(f"/static/{CSS}", headers={"Accept-Encoding": enc}).headers["ETag"]
            for enc in ("", "gzip", "br")}
    assert len(tags) == 3


@pytest.mark.parametrize("url", ["/login", "/api/openapi.json"])
def test_pages_and_json_are_gzipped_when_the_client_accepts_gzip(client, url):
    plain = client.get(url)
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    # The login form's CSRF token carries a timestamp: the second render may differ in it.
    assert without_csrf_token(gzip.decompress(response.data)) == without_csrf_token(plain.data)


def without_csrf_token(body: bytes) -> bytes:
    return re.sub(rb'(name="csrf_token"[^>]*value=")[\w.-]+"', rb'\1"', body)


def test_the_favicon_browsers_ask_for_is_the_app_icon(client):
    """Pages without an icon link (the print view, JSON, downloads) made browsers log a 404."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Cache-Control"] == REVALIDATE


def test_a_second_app_in_the_process_reuses_the_compressed_files(app, tmp_path):
    # The tests make an app per test; each compressing the app shell again cost a second a test.
    other = make_app(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    mine, theirs = (a.extensions["hadir_assets"].get(CSS) for a in (app, other))
    assert mine is theirs
    assert mine.body_for("br") is theirs.body_for("br")
