"""Field weight: what a phone downloads and uploads, measured in Chromium (Playwright) against
the production stack (gunicorn, compression, caching headers, service worker).

- first load: the login page, logging in, the home page and everything the service worker
  precaches (the app shell), bytes on the wire (headers + encoded bodies);
- the same first load timed under Chromium's network emulation (400 kbps, 400 ms latency) until
  the home page is usable (`body[data-app-ready]`); the emulation covers the page's own
  requests, not the service worker's background precache;
- a repeat load offline: bytes that reach the network (must be 0);
- one check-in synced (no photo): request and response bytes;
- a typical selfie through the app's own shrinkPhoto() (js/capture.js), then uploaded;
- tap to result at 400 kbps / 400 ms: from tapping "Absen masuk" to the entry's result applied
  to the outbox, with today's sync client (the sync request alone) and, as the baseline, the
  one before it (GET /me and GET /auth/csrf before every sync), served in its place.
"""

import base64
import gzip
import io
import os
import random
import statistics
import subprocess
import time
import uuid
from pathlib import Path

import brotli
from PIL import Image, ImageDraw, ImageFilter

from webapp.demo import DEMO_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PHONE = {"viewport": {"width": 360, "height": 740}, "locale": "id-ID",
         "timezone_id": "Asia/Jakarta", "is_mobile": True, "has_touch": True}
NEAR_SANGIR = {"latitude": -1.4801, "longitude": 101.2421, "accuracy": 15}
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8,
           "uploadThroughput": 400_000 / 8}
ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "webapp" / "static"
# The last sync client that asked GET /me and GET /auth/csrf before each sync.
PREFLIGHT_SYNC_JS = "2acca03:webapp/static/js/sync.js"
TAP_SAMPLES = 3


class Wire:
    """Bytes of every finished request in a browser context, page's and service worker's."""

    def __init__(self, context):
        self.records: list[dict] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request) -> None:
        try:
            sizes = request.sizes()
            response = request.response()
        except Exception:  # noqa: BLE001  (a request torn down with its page)
            return
        from_worker_cache = bool(response and response.from_service_worker)
        self.records.append({
            "url": request.url, "method": request.method,
            "by_worker": request.service_worker is not None,
            "from_worker_cache": from_worker_cache,
            "encoding": (response.headers.get("content-encoding", "") if response else ""),
            "sent": sizes["requestHeadersSize"] + sizes["requestBodySize"],
            "received": sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0),
            "body": max(sizes["responseBodySize"], 0),
            "body_sent": sizes["requestBodySize"],
        })

    def mark(self) -> int:
        return len(self.records)

    def network(self, since: int = 0) -> list[dict]:
        """Requests that went to the server (not answered by the service worker's cache)."""
        return [r for r in self.records[since:] if not r["from_worker_cache"]]

    @staticmethod
    def total(records: list[dict]) -> dict:
        return {"requests": len(records), "sent": sum(r["sent"] for r in records),
                "received": sum(r["received"] for r in records),
                "encodings": sorted({r["encoding"] for r in records if r["encoding"]})}


def typical_selfie(width: int = 1600, height: int = 1200, seed: int = 8) -> bytes:
    """A stand-in for a phone camera's selfie (no real photo ships with the project): a face,
    hair and a patterned shirt before a cluttered, out-of-focus office, with sensor grain,
    saved as a camera would (JPEG quality 90). At 640 px its WebP is about as large as a real
    indoor selfie's; a busier real scene can be larger."""
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), (168, 156, 138))
    draw = ImageDraw.Draw(image)
    for _ in range(260):  # shelves, files, posters
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randint(20, 260), rng.randint(20, 200)
        colour = tuple(rng.randint(40, 230) for _ in range(3))
        shape = draw.rectangle if rng.random() < 0.7 else draw.ellipse
        shape((x, y, x + w, y + h), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(5))  # the background is out of focus
    draw = ImageDraw.Draw(image)
    cx, cy = width // 2 + rng.randint(-40, 40), height // 2 - height // 12
    draw.ellipse((cx - 460, cy + 330, cx + 460, cy + 1000), fill=(40, 70, 120))  # shirt
    for i in range(0, 920, 18):  # its batik pattern
        draw.line((cx - 460 + i, cy + 360, cx - 420 + i, cy + 1000), fill=(150, 110, 40),
                  width=5)
    draw.ellipse((cx - 250, cy - 340, cx + 250, cy + 300), fill=(45, 32, 28))  # hair
    for _ in range(900):
        a = rng.uniform(-250, 250)
        draw.line((cx + a, cy - 330 + rng.randint(0, 60), cx + a + rng.uniform(-30, 30),
                   cy - 150 + rng.randint(0, 200)),
                  fill=tuple(rng.randint(20, 90) for _ in range(3)), width=2)
    draw.ellipse((cx - 200, cy - 230, cx + 200, cy + 310), fill=(196, 150, 120))  # face
    for dx in (-85, 85):
        draw.ellipse((cx + dx - 34, cy - 30, cx + dx + 34, cy + 8), fill=(245, 240, 235))
        draw.ellipse((cx + dx - 14, cy - 24, cx + dx + 14, cy + 4), fill=(40, 30, 25))
    draw.arc((cx - 80, cy + 120, cx + 80, cy + 200), 10, 170, fill=(120, 60, 60), width=12)
    skin = Image.effect_noise((width, height), 30).filter(ImageFilter.GaussianBlur(1.2))
    image = Image.blend(image, skin.convert("RGB"), 0.08)
    shade = Image.radial_gradient("L").resize((width, height)).convert("RGB")
    image = Image.blend(image, shade, 0.10)
    grain = Image.merge("RGB", [Image.effect_noise((width, height), 12) for _ in range(3)])
    image = Image.blend(image, grain, 0.06).filter(ImageFilter.GaussianBlur(0.6))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def shell_sizes(shell_urls: list[str]) -> dict:
    """Raw, gzip and brotli bytes of the precached static files, as the server encodes them."""
    from webapp.static_files import Asset, AssetStore

    store = AssetStore(str(STATIC))
    totals = {"files": 0, "raw": 0, "gzip": 0, "br": 0}
    for url in shell_urls:
        if not url.startswith("/static/"):
            continue
        asset: Asset | None = store.get(url.split("?")[0][len("/static/"):])
        if asset is None:
            continue
        totals["files"] += 1
        totals["raw"] += len(asset.body)
        if asset.compressible():
            totals["gzip"] += len(gzip.compress(asset.body, 9))
            totals["br"] += len(brotli.compress(asset.body, quality=11))
        else:
            totals["gzip"] += len(asset.body)
            totals["br"] += len(asset.body)
    return totals


def _login(page, base: str) -> float:
    """Log in through the form; return seconds from submit to the home page being usable."""
    page.fill("input[name=username]", "peserta01")
    page.fill("input[name=password]", DEMO_PASSWORD)
    started = time.perf_counter()
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.wait_for_selector("body[data-app-ready]", state="attached", timeout=60_000)
    return time.perf_counter() - started


def _first_load(browser, base: str) -> dict:
    context = browser.new_context(**PHONE)
    wire = Wire(context)
    page = context.new_page()
    page.goto(base + "/login")
    _login(page, base)
    page.wait_for_selector("body[data-offline-ready]", state="attached", timeout=60_000)
    page.wait_for_timeout(500)  # let the last precache responses finish
    records = wire.network()
    shell = [r for r in records if r["by_worker"]]
    pages = [r for r in records if not r["by_worker"]]
    result = {"all": Wire.total(records), "page": Wire.total(pages),
              "worker": Wire.total(shell),
              "largest": sorted(({"url": r["url"].replace(base, ""), "received": r["received"]}
                                 for r in records), key=lambda r: -r["received"])[:8]}

    # Repeat load with the network gone: everything must come from the service worker.
    mark = wire.mark()
    context.set_offline(True)
    page.reload()
    page.wait_for_selector("body[data-app-ready]", state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    offline = wire.network(mark)
    result["offline_repeat"] = Wire.total(offline)
    result["offline_repeat"]["usable"] = True
    context.set_offline(False)

    # Repeat load online: what a normal morning costs once the shell is cached.
    mark = wire.mark()
    page.reload()
    page.wait_for_selector("body[data-app-ready]", state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    result["online_repeat"] = Wire.total(wire.network(mark))
    result["shell_urls"] = sorted({r["url"].replace(base, "") for r in shell})
    context.close()
    return result


def _emulated_first_load(browser, base: str) -> dict:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.perf_counter()
    page.goto(base + "/login", wait_until="load")
    page.wait_for_selector("input[name=username]", state="visible")
    login_page_s = time.perf_counter() - started
    home_s = _login(page, base)
    context.close()
    return {"login_page_s": login_page_s, "home_after_login_s": home_s,
            "total_s": login_page_s + home_s}


def _largest_headers(headers: list[dict], count: int = 6) -> list[tuple[str, int]]:
    """The heaviest headers as (name, bytes on an HTTP/1.1 wire): what a check-in's size is
    made of besides its body."""
    sizes = [(h["name"].lower(), len(h["name"]) + len(h["value"]) + 4) for h in headers]
    return sorted(sizes, key=lambda item: -item[1])[:count]


def _checkin_and_selfie(browser, base: str) -> dict:
    context = browser.new_context(**PHONE)
    context.grant_permissions(["geolocation"])
    context.set_geolocation(NEAR_SANGIR)
    wire = Wire(context)
    page = context.new_page()
    page.goto(base + "/login")
    _login(page, base)
    page.wait_for_selector("body[data-offline-ready]", state="attached", timeout=60_000)
    page.wait_for_timeout(300)
    mark = wire.mark()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/sync"),
                              timeout=30_000) as answer:
        page.get_by_test_id("checkin-in").click()
    reply = answer.value
    headers = {"request_headers": _largest_headers(reply.request.headers_array()),
               "response_headers": _largest_headers(reply.headers_array())}
    page.wait_for_timeout(500)
    syncs = [r for r in wire.network(mark) if r["url"].endswith("/api/v1/sync")]
    checkin = {"sent": syncs[0]["sent"], "received": syncs[0]["received"],
               "body_sent": syncs[0]["body_sent"], "body_received": syncs[0]["body"],
               "encoding": syncs[0]["encoding"],
               "requests": len(syncs), **headers} if syncs else None

    camera = typical_selfie()
    shrunk = page.evaluate("""async (b64) => {
        const {shrinkPhoto} = await import('/static/js/capture.js');
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const blob = await shrinkPhoto(new File([bytes], 'selfie.jpg', {type: 'image/jpeg'}));
        const buffer = new Uint8Array(await blob.arrayBuffer());
        let binary = '';
        for (const byte of buffer) binary += String.fromCharCode(byte);
        return {type: blob.type, b64: btoa(binary)};
    }""", base64.b64encode(camera).decode())
    photo = base64.b64decode(shrunk["b64"])
    token = page.evaluate("""async () => (await (await fetch('/api/v1/auth/csrf')).json())
                             .csrf_token""")
    mark = wire.mark()
    status = page.evaluate("""async ([url, type, b64, token]) => {
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        const reply = await fetch(url, {method: 'PUT', body: bytes,
            headers: {'Content-Type': type, 'X-CSRFToken': token}});
        return reply.status;
    }""", [f"/api/v1/photos/{uuid.uuid4()}", shrunk["type"], shrunk["b64"], token])
    page.wait_for_timeout(300)
    puts = [r for r in wire.network(mark) if "/api/v1/photos/" in r["url"]]
    context.close()
    return {"checkin": checkin,
            "selfie": {"camera_bytes": len(camera), "upload_body": len(photo),
                       "type": shrunk["type"], "status": status,
                       "sent": puts[0]["sent"] if puts else None}}


def _preflight_sync_js() -> str | None:
    done = subprocess.run(["git", "show", PREFLIGHT_SYNC_JS], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def _tap_to_result(browser, base: str, sync_js: str | None) -> dict:
    """Seconds from tapping "Absen masuk" to the outbox empty again (the server's answer
    applied), and the API requests between. The service worker is blocked, so that every request
    is the page's and throttled (and a replaced sync.js cannot come from its cache)."""
    context = browser.new_context(**PHONE, service_workers="block")
    context.grant_permissions(["geolocation"])
    context.set_geolocation(NEAR_SANGIR)
    if sync_js:
        context.route("**/static/js/sync.js*", lambda route: route.fulfill(
            body=sync_js, content_type="text/javascript; charset=utf-8"))
    page = context.new_page()
    page.goto(base + "/login")
    _login(page, base)
    requests = []
    page.on("request", lambda request: requests.append(request.url)
            if "/api/" in request.url else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    started = time.perf_counter()
    with page.expect_response(lambda r: r.url.endswith("/api/v1/sync"), timeout=60_000):
        page.get_by_test_id("checkin-in").click()
    page.wait_for_function("() => document.querySelector('[data-testid=outbox-count]')"
                           ".textContent === '0'", timeout=60_000)
    elapsed = time.perf_counter() - started
    context.close()
    return {"s": elapsed, "requests": [url.replace(base, "") for url in requests]}


def _tap_to_result_runs(browser, base: str) -> dict:
    flows = {"one_request": None, "preflight": _preflight_sync_js()}
    samples = {name: [] for name, js in flows.items() if name == "one_request" or js}
    for _ in range(TAP_SAMPLES):  # interleaved, so that both see the same machine
        for name in samples:
            samples[name].append(_tap_to_result(browser, base, flows[name]))
    return {name: {"median_s": statistics.median(x["s"] for x in runs),
                   "samples_s": [x["s"] for x in runs], "requests": runs[0]["requests"]}
            for name, runs in samples.items()}


def run(base: str) -> dict:
    os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            result = {"first_load": _first_load(browser, base)}
            result["shell_encodings"] = shell_sizes(result["first_load"]["shell_urls"])
            result["emulated"] = _emulated_first_load(browser, base)
            result.update(_checkin_and_selfie(browser, base))
            result["tap_to_result"] = _tap_to_result_runs(browser, base)
        finally:
            browser.close()
    return result
