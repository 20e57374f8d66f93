"""The installable shell: manifest and icons, offline navigation, the update prompt, what it
never caches (a captive portal's pages) and what it keeps across a user switch."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    enqueue,
    login,
    outbox_entries,
    wait_for_app,
    wait_for_service_worker,
    wait_until,
)
from webapp.pages import home

# Run on SQLite only (tests/conftest.py): the service worker's shell and caches, in the browser.
pytestmark = pytest.mark.one_backend


def test_manifest_makes_the_app_installable(logged_in_page, live_server):
    page = logged_in_page("peserta01")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = page.request.get(f"{live_server}{href}")
    assert manifest.headers["content-type"].startswith("application/manifest+json")
    body = manifest.json()
    assert body["name"] == "Hadir — Absensi & Coaching Clinic" and body["short_name"] == "Hadir"
    assert (body["start_url"], body["display"], body["theme_color"]) == ("/", "standalone",
                                                                          "#0b5d4b")
    sizes = {(icon["sizes"], icon["purpose"]) for icon in body["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"),
                     ("512x512", "maskable")}
    for icon in body["icons"]:
        response = page.request.get(f"{live_server}{icon['src']}")
        assert response.ok and response.headers["content-type"] == "image/png"


def test_page_never_opened_falls_back_to_the_offline_page(context, logged_in_page, live_server):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    context.set_offline(True)
    page.goto(f"{live_server}/belum-pernah-dibuka")
    expect(page.locator("h1")).to_have_text("Anda sedang offline")
    page.get_by_role("link", name="Buka beranda").click()
    wait_for_app(page)
    expect(page.get_by_test_id("checkin-in")).to_be_visible()


def test_new_version_waits_until_the_user_reloads(logged_in_page, live_server, monkeypatch):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    banner = page.get_by_test_id("update-reload")
    expect(banner).to_be_hidden()

    shipped = home.precache_manifest
    monkeypatch.setattr(home, "precache_manifest", lambda *folders: [
        {**entry, "revision": "changed"} if entry["url"] == "/static/css/app.css" else entry
        for entry in shipped(*folders)])
    page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
    expect(banner).to_have_text("Versi baru tersedia — muat ulang")
    wait_until(page, "async () => !!(await navigator.serviceWorker.getRegistration()).waiting")

    with page.expect_navigation():
        banner.click()
    wait_for_app(page)
    expect(page.get_by_test_id("update-reload")).to_be_hidden()
    assert page.evaluate("""navigator.serviceWorker.getRegistration()
        .then(r => !r.waiting && !!r.active)""")
    # The new worker cleaned the old revision out of the precache when it took over.
    assert page.evaluate("""async () => {
        const names = await caches.keys();
        const precache = await caches.open(names.find(name => name.includes('precache')));
        return (await precache.keys()).map(request => request.url)
            .filter(url => url.includes('/static/css/app.css'));
    }""") == [f"{live_server}/static/css/app.css?__WB_REVISION__=changed"]


CAPTIVE_PORTAL = "<!doctype html><title>Login Wi-Fi</title><h1>Masuk ke Wi-Fi Kantor</h1>"


def portal(route):
    route.fulfill(status=200, content_type="text/html", body=CAPTIVE_PORTAL)


def cached_bootstrap_type(page) -> str | None:
    return page.evaluate("""async () => {
        const cached = await caches.match('/api/v1/bootstrap');
        return cached ? cached.headers.get('Content-Type') : null;
    }""")


def test_captive_portal_html_for_bootstrap_is_not_cached_and_checkin_still_works(
        context, logged_in_page, live_server):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    # context.route also answers the service worker's own fetches.
    context.route("**/api/v1/bootstrap", portal)
    context.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    page.reload()
    wait_for_app(page)
    page.get_by_test_id("checkin-in").click()
    expect(page.locator("[data-checkin-message]")).to_contain_text("Absen masuk dicatat")
    [entry] = outbox_entries(page)
    assert (entry["kind"], entry["data"]["type"], entry["state"]) == ("checkin", "in", "queued")
    assert cached_bootstrap_type(page).startswith("application/json")


def test_captive_portal_page_never_replaces_the_cached_home(context, logged_in_page,
                                                           live_server):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    context.route(f"{live_server}/", portal)
    page.reload()
    expect(page.locator("h1")).to_have_text("Masuk ke Wi-Fi Kantor")
    context.unroute(f"{live_server}/")
    context.set_offline(True)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("checkin-in")).to_be_visible()


@pytest.mark.parametrize("unsent", [0, 1], ids=["empty-outbox", "unsent-entry-left"])
def test_next_user_home_opens_offline_after_a_logout(context, logged_in_page, live_server,
                                                    unsent):
    page = logged_in_page("peserta01")
    wait_for_service_worker(page)
    context.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    for _ in range(unsent):
        enqueue(page, "checkin", {"type": "in", "lat": None, "lon": None, "accuracy_m": None,
                                  "photo_id": None})
    page.get_by_role("button", name="Keluar").click()
    if unsent:
        page.get_by_test_id("logout-anyway").click()
    page.wait_for_url("**/login")
    login(page, live_server, "peserta02")
    wait_for_app(page)
    wait_for_service_worker(page)
    user_b = page.get_attribute("body", "data-user-id")
    context.set_offline(True)
    page.reload()
    wait_for_app(page)
    expect(page.locator("body")).to_have_attribute("data-user-id", user_b)
    expect(page.get_by_test_id("checkin-in")).to_be_visible()


def test_app_start_asks_for_persistent_storage(page, logged_in_page):
    page.add_init_script("""
        window.__persistCalls = 0;
        if (navigator.storage) {
            navigator.storage.persist = async () => { window.__persistCalls += 1; return false; };
        }
    """)
    logged_in_page("peserta01")
    assert page.evaluate("window.__persistCalls") == 1


def test_first_load_fetches_bootstrap_once_and_the_worker_reuses_the_pages_downloads(
        context, page, live_server, seeded):
    responses = []
    context.on("response", lambda response: responses.append(response))
    login(page, live_server, "peserta01")
    wait_for_app(page)
    wait_for_service_worker(page)
    by_page = [r for r in responses if r.request.service_worker is None]
    by_worker = [r for r in responses if r.request.service_worker is not None]
    # The page's preload is the response js/home.js reads: one request, not two.
    assert len([r for r in by_page if r.url.endswith("/api/v1/bootstrap")]) == 1
    # Precaching revalidates the modules the page has just downloaded: a 304 (which fetch()
    # shows as the held 200), no body on the wire.
    modules = {r.url for r in by_page if "/static/js/" in r.url and "?" not in r.url}
    again = [r for r in by_worker if r.url in modules]
    assert len(again) == len(modules) > 5
    assert {r.request.sizes()["responseBodySize"] for r in again} == {0}
