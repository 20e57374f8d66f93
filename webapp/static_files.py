"""Static files and compression for production.

- `url_for('static', filename=...)` adds `?v=<content hash>`. A request whose `v` matches the
  file's current hash is cached for a year (`immutable`): a new deploy changes the hash, hence
  the URL. Anything else (no `v`, a stale `v`, files that ES modules import by plain relative
  URL, the service worker) gets `no-cache` and a strong ETag, so browsers revalidate and a
  deploy is seen at once; an unchanged file costs a 304.
- Text files are compressed once per version (brotli or gzip, as the client accepts) and kept
  in memory; the static folder is small (the app shell and vendored modules).
- Dynamic responses (pages, JSON) are compressed by Flask-Compress.
"""

import gzip
import hashlib
import mimetypes
import os
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from flask import Flask, Response, abort, request
from flask_compress import Compress
from werkzeug.security import safe_join

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# The service worker's URL must never change (a new URL is a new worker) and browsers must
# always see its latest version, so it is never versioned or long-cached.
SERVICE_WORKER = "sw.js"
FAVICON = "icons/icon-192.png"
COMPRESSIBLE = {"text/css", "text/javascript", "application/javascript", "application/json",
                "application/manifest+json", "image/svg+xml", "text/html", "text/plain",
                "application/xml", "text/xml"}
MIN_COMPRESS_SIZE = 500  # below this the encoding header costs more than it saves
ENCODINGS = ("br", "gzip")
COMPRESSION = {"COMPRESS_ALGORITHM": ["br", "gzip"], "COMPRESS_BR_LEVEL": 5,
               "COMPRESS_LEVEL": 6, "COMPRESS_MIN_SIZE": MIN_COMPRESS_SIZE}

mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("application/manifest+json", ".webmanifest")


@dataclass
class Asset:
    body: bytes
    digest: str
    mimetype: str
    encoded: dict[str, bytes] = field(default_factory=dict)

    def compressible(self) -> bool:
        return self.mimetype in COMPRESSIBLE and len(self.body) >= MIN_COMPRESS_SIZE

    def body_for(self, encoding: str | None) -> bytes:
        if encoding is None:
            return self.body
        if encoding not in self.encoded:
            self.encoded[encoding] = (brotli.compress(self.body, quality=11) if encoding == "br"
                                      else gzip.compress(self.body, compresslevel=9, mtime=0))
        return self.encoded[encoding]


# path -> ((mtime, size), Asset), shared by every app of the process: a worker has one app, but
# the tests make one per test and each would otherwise brotli-compress the app shell again
# (a second of CPU each time a browser loads it).
_ASSETS: dict[str, tuple[tuple[int, int], Asset]] = {}


class AssetStore:
    """Files of one static folder, read, hashed and compressed once per (mtime, size)."""

    def __init__(self, folder: str):
        self.folder = folder
        self._assets = _ASSETS

    def get(self, filename: str) -> Asset | None:
        path = safe_join(self.folder, filename)
        if path is None:
            return None
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if not os.path.isfile(path):
            return None
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._assets.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        body = Path(path).read_bytes()
        mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
        asset = Asset(body, hashlib.sha256(body).hexdigest()[:16], mimetype)
        self._assets[path] = (key, asset)
        return asset

    def version(self, filename: str) -> str | None:
        asset = self.get(filename)
        return asset.digest if asset is not None else None


def cache_control(filename: str, requested_version: str | None, digest: str) -> str:
    if filename == SERVICE_WORKER or requested_version != digest:
        return REVALIDATE
    return IMMUTABLE


def serve(store: AssetStore, filename: str) -> Response:
    asset = store.get(filename)
    if asset is None:
        abort(404)
    encoding = request.accept_encodings.best_match(ENCODINGS) if asset.compressible() else None
    response = Response(asset.body_for(encoding), mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    if asset.mimetype in COMPRESSIBLE:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.digest}-{encoding}" if encoding else asset.digest)
    response.headers["Cache-Control"] = cache_control(filename, request.args.get("v"),
                                                      asset.digest)
    return response.make_conditional(request)


def register_static_files(app: Flask) -> None:
    store = AssetStore(app.static_folder)
    app.extensions["hadir_assets"] = store

    def static(filename: str) -> Response:
        return serve(store, filename)

    app.view_functions["static"] = static

    @app.get("/favicon.ico")
    def favicon() -> Response:
        # Browsers ask for it on pages without an icon link (and on JSON or file downloads).
        return serve(store, FAVICON)

    @app.url_defaults
    def version_static_urls(endpoint: str, values: dict) -> None:
        if endpoint != "static" or "v" in values:
            return
        filename = values.get("filename", "")
        if filename != SERVICE_WORKER and (digest := store.version(filename)):
            values["v"] = digest

    @app.after_request
    def never_cache_service_worker(response: Response) -> Response:
        # Whichever route serves the worker (e.g. /sw.js, for a scope of the whole app).
        if request.path.rsplit("/", 1)[-1] == SERVICE_WORKER:
            response.headers["Cache-Control"] = REVALIDATE
        return response

    for key, value in COMPRESSION.items():
        app.config.setdefault(key, value)
    Compress(app)
