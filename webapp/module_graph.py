"""A page's ES module graph, for `<link rel="modulepreload">` in base.html.

Without preloads the browser finds a page's modules one import level at a time (home.js, then
what it imports, then what those import): a round trip per level, 400 ms each on a slow phone
network, before the page can start. Listing the whole graph up front fetches it in one.

The graph is one of URLs, not files: the browser keys a module by its URL and resolves an
import against the importing module's URL. The entry is loaded as `url_for('static', ...)`,
so with `?v=<hash>` (webapp/static_files.py); its relative imports resolve to the file's plain
URL, with no `?v`. That plain URL is the one to preload: any other would fetch the module
twice. Import statements are read from the files themselves, so no per-page list is kept.
"""

import re
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

from flask import Flask, current_app

# Static `import ... from '...'`, `import '...'` and `export ... from '...'` at the start of a
# line, as this app writes them; `import(...)` is left out (it loads on demand, not with the
# page), and so are lines inside comments (they start with `//` or `*`).
STATIC_IMPORT = re.compile(
    r"""^[ \t]*(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?(["'])([^"'\n]+)\1""",
    re.MULTILINE)
# Specifiers a browser resolves against the importing module without an import map.
RESOLVABLE = ("/", "./", "../")


def static_imports(source: str) -> list[str]:
    """The specifiers of a module's static imports and re-exports, in source order."""
    return [match.group(2) for match in STATIC_IMPORT.finditer(source)]


def module_graph(entry_url: str, imports_of: Callable[[str], list[str] | None]) -> list[str]:
    """Every module URL `entry_url` loads statically, entry first, breadth-first, each once.

    `imports_of(url)` gives a module's import specifiers, or None for a URL that is not one
    of ours (not followed further, still listed: the browser fetches it all the same)."""
    graph = [entry_url]
    for url in graph:  # grows while it is walked
        for specifier in imports_of(url) or ():
            if not specifier.startswith(RESOLVABLE) or specifier.startswith("//"):
                continue
            imported = urljoin(url, specifier)
            if imported not in graph:
                graph.append(imported)
    return graph


class StaticModules:
    """Import specifiers of the app's static files, parsed once per file version."""

    def __init__(self, assets, url_prefix: str):
        self.assets = assets  # webapp.static_files.AssetStore: re-reads a file when it changes
        self.url_prefix = url_prefix
        self._imports: dict[str, list[str]] = {}

    def imports_of(self, url: str) -> list[str] | None:
        path = urlsplit(url).path
        if not path.startswith(self.url_prefix):
            return None
        asset = self.assets.get(unquote(path[len(self.url_prefix):]))
        if asset is None:
            return None
        if asset.digest not in self._imports:
            self._imports[asset.digest] = static_imports(asset.body.decode("utf-8"))
        return self._imports[asset.digest]


def module_preloads(entry_url: str) -> list[str]:
    """The URLs to preload for a page whose module is `entry_url` (the page's own script
    tag fetches the entry itself)."""
    modules = current_app.extensions["hadir_modules"]
    return module_graph(entry_url, modules.imports_of)[1:]


def register_module_graph(app: Flask) -> None:
    """Needs register_static_files first (it serves, and so versions, the static files)."""
    prefix = f"{app.static_url_path}/"
    app.extensions["hadir_modules"] = StaticModules(app.extensions["hadir_assets"], prefix)
    app.add_template_global(module_preloads)
