"""Playwright fixtures for every browser test: Debian's Chromium, a phone-sized context, login.

Use `logged_in_page("peserta01")` for a page logged in through /login on the `live_server`
(seeded with the demo data), `outbox_count(page)` / `outbox_entries(page)` to read the
IndexedDB outbox through the app's own module, and `wait_for_service_worker(page)` before
going offline so the reload is served from the service worker's cache.
"""

from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PHONE = {"width": 360, "height": 740}
# Demo units are in WIB; a browser in the same zone gives captured_at offsets of +07:00.
CONTEXT_ARGS = {"viewport": PHONE, "locale": "id-ID", "timezone_id": "Asia/Jakarta"}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, **CONTEXT_ARGS}


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the /login form and land on the app home."""
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/login" not in page.url, f"login as {username} failed: {page.content()[:400]}"


@pytest.fixture
def logged_in_page(page, live_server, seeded):
    """logged_in_page("peserta01") -> the test's `page`, logged in, on the home page."""

    def _open(username: str = "peserta01", password: str = DEMO_PASSWORD):
        login(page, live_server, username, password)
        wait_for_app(page)
        return page

    return _open


def wait_for_app(page) -> None:
    """The home page's modules have loaded the outbox and rendered once."""
    page.wait_for_selector("body[data-app-ready]", state="attached")


def wait_for_service_worker(page) -> None:
    """Wait until the service worker controls the page and has cached it (and bootstrap), so
    a reload or a new tab works offline."""
    page.wait_for_selector("body[data-offline-ready]", state="attached")


def wait_until(page, expression: str, arg=None, timeout_ms: int = 15000) -> None:
    """Evaluate `expression` (a function, async ones awaited) every 100 ms until it returns
    something truthy. Unlike page.wait_for_function, which takes an async function's promise
    for a truthy answer and returns at once."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(expression, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {timeout_ms} ms: {expression}")


def outbox_entries(page) -> list[dict]:
    """Every entry in the device's outbox (any user, any state), photos left out."""
    return page.evaluate("""async () => {
        const outbox = await import('/static/js/outbox.js');
        return (await outbox.all()).map(({photo, ...entry}) => entry);
    }""")


def outbox_count(page) -> int:
    """How many entries wait to be sent (any user), as `[data-testid=outbox-count]` shows;
    rejected entries are not counted (they are listed in `[data-testid=rejected-list]`)."""
    return sum(entry["state"] == "queued" for entry in outbox_entries(page))


def enqueue(page, kind: str, data: dict) -> dict:
    """Queue an entry through the app's own outbox module, as a page of the app would."""
    return page.evaluate("""async ([kind, data]) => {
        const outbox = await import('/static/js/outbox.js');
        const {photo, ...entry} = await outbox.enqueue(kind, data);
        return entry;
    }""", [kind, data])
