import hashlib
import json
from pathlib import Path

from flask import Response, current_app, render_template

from webapp.pages import bp
from webapp.security import roles_required

# What the service worker precaches (the app shell), as globs under the static folder.
SHELL_GLOBS = ("css/*.css", "js/**/*.js", "icons/*.png", "manifest.webmanifest",
               "vendor/**/*.js", "vendor/**/*.mjs")
# Pages in the shell: the offline fallback is built from these templates only.
SHELL_PAGES = {"/offline": ("base.html", "offline.html")}


def _digest(*paths: Path) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def precache_manifest(static_folder: Path, template_folder: Path) -> list[dict]:
    """Workbox precache entries with a content hash as revision, so a changed file (and so
    a changed sw.js) reaches users on their next visit, and an unchanged one is not refetched."""
    files = sorted({path for pattern in SHELL_GLOBS for path in static_folder.glob(pattern)
                    if path.is_file()})
    entries = [{"url": f"/static/{path.relative_to(static_folder).as_posix()}",
                "revision": _digest(path)} for path in files]
    entries += [{"url": url, "revision": _digest(*(template_folder / name for name in names))}
                for url, names in SHELL_PAGES.items()]
    return entries


@bp.get("/sw.js")
def service_worker():
    """The service worker from the root, so its scope is the whole app, with the precache
    manifest injected where Workbox's build tools would put it."""
    app = current_app
    source = (Path(app.static_folder) / "sw.js").read_text()
    manifest = precache_manifest(Path(app.static_folder), Path(app.root_path, app.template_folder))
    body = source.replace("self.__WB_MANIFEST", json.dumps(manifest, indent=1), 1)
    return Response(body, mimetype="text/javascript", headers={"Cache-Control": "no-cache"})


@bp.get("/offline")
def offline():
    return render_template("offline.html")


@bp.get("/")
@roles_required()
def home():
    return render_template("home.html")
