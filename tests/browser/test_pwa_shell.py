"""The installable shell: manifest and icons, offline navigation, and the update prompt."""

from playwright.sync_api import expect

from tests.browser.conftest import wait_for_app, wait_for_service_worker
from webapp.pages import home


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
    page.wait_for_function(
        "async () => !!(await navigator.serviceWorker.getRegistration()).waiting")

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
