"""Pages list their whole ES module graph as <link rel="modulepreload">, at exactly the URLs
the browser's imports resolve to, so a slow network fetches it in one round trip."""

import re
from urllib.parse import urljoin

import pytest

from webapp.module_graph import static_imports

# Run on SQLite only (tests/conftest.py): the pages' module graph comes from the static files.
pytestmark = pytest.mark.one_backend

PRELOAD = re.compile(r'<link rel="modulepreload" href="([^"]+)">')
SCRIPT = re.compile(r'<script type="module" src="([^"]+)"></script>')


def _imported_urls(client, entry_url: str) -> set[str]:
    """The modules a browser would fetch for `entry_url`: each served file's imports, resolved
    against the URL it was served from."""
    found, queue = set(), [entry_url]
    while queue:
        url = queue.pop()
        response = client.get(url)
        assert response.status_code == 200, url
        for specifier in static_imports(response.get_data(as_text=True)):
            imported = urljoin(url, specifier)
            if imported not in found:
                found.add(imported)
                queue.append(imported)
    return found


def _page(login_as, path: str) -> str:
    return login_as("peserta01").get(path).get_data(as_text=True)


def test_home_page_preloads_every_module_its_script_imports(seeded, login_as):
    client = login_as("peserta01")
    html = client.get("/").get_data(as_text=True)
    [entry] = SCRIPT.findall(html)
    assert entry.startswith("/static/js/home.js?v=")
    preloads = PRELOAD.findall(html)
    assert len(preloads) == len(set(preloads))
    assert set(preloads) == _imported_urls(client, entry) - {entry}
    assert "/static/vendor/idb/index.js" in preloads and "/static/js/sync.js" in preloads


def test_preloads_use_the_plain_urls_relative_imports_resolve_to(seeded, login_as):
    # A hashed ?v= URL would be another module to the browser: fetched twice, preload wasted.
    preloads = PRELOAD.findall(_page(login_as, "/"))
    assert preloads and not [url for url in preloads if "?" in url]


def test_pages_without_the_app_script_preload_nothing(seeded, client):
    assert not PRELOAD.findall(client.get("/login").get_data(as_text=True))
    assert not PRELOAD.findall(client.get("/offline").get_data(as_text=True))
