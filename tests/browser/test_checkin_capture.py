"""What the phone captures for a check-in: a refused location never blocks it, and a required
selfie is shrunk in the browser and uploaded before the entry that names it."""

import io
import random
from datetime import UTC, datetime, timedelta

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import outbox_entries, wait_until
from webapp.extensions import db
from webapp.models import CheckIn, Photo, Unit, User


def camera_jpeg() -> bytes:
    """A noisy 2000×1500 photo, like a phone camera's (about a megabyte)."""
    noise = random.Random(4).randbytes(250 * 188 * 3)
    image = Image.frombytes("RGB", (250, 188), noise).resize((2000, 1500))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def latest_checkin(app, username: str) -> dict:
    with app.app_context():
        row = db.session.scalar(db.select(CheckIn).join(User, CheckIn.user_id == User.id)
                                .where(User.username == username)
                                .order_by(CheckIn.received_at.desc()).limit(1))
        photo = db.session.get(Photo, row.photo_id) if row.photo_id else None
        return {"lat": row.lat, "lon": row.lon, "flags": row.flags, "photo_id": row.photo_id,
                "photo_width": photo.width if photo else None}


def wait_until_sent(page) -> None:
    """The check-in the page confirmed ("Absen … dicatat", shown once it is queued) has left
    the outbox: accepted by the server, since a rejected entry stays in it, marked."""
    expect(page.locator("[data-checkin-message]")).to_contain_text("dicatat")
    wait_until(page, """async () => {
        const outbox = await import('/static/js/outbox.js');
        return (await outbox.all()).length === 0;
    }""")


def test_checkin_without_location_permission_is_still_recorded(logged_in_page, app):
    page = logged_in_page("peserta01")  # geolocation is not granted in this context
    page.get_by_test_id("checkin-in").click()
    expect(page.locator("[data-checkin-message]")).to_contain_text(
        "Izin lokasi ditolak — absen tetap dicatat tanpa lokasi.")
    wait_until_sent(page)
    stored = latest_checkin(app, "peserta01")
    assert stored["lat"] is None and "low_accuracy" in stored["flags"]


def test_checkin_position_is_sent_to_six_decimals(context, logged_in_page, app):
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": -1.480123456789, "longitude": 101.242198765432,
                             "accuracy": 8})
    page = logged_in_page("peserta01")
    page.get_by_test_id("checkin-in").click()
    wait_until_sent(page)
    stored = latest_checkin(app, "peserta01")
    assert (stored["lat"], stored["lon"]) == (-1.480123, 101.242199)


def require_selfie(app) -> None:
    """peserta01's unit (Kecamatan Sangir) asks for a selfie with every check-in."""
    with app.app_context():
        db.session.execute(db.update(Unit).where(Unit.code == "KEC-SANGIR")
                           .values(selfie_required=True))
        db.session.commit()


def test_required_selfie_is_shrunk_and_uploaded_before_its_checkin(context, seeded,
                                                                   logged_in_page, app):
    require_selfie(app)
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": -1.4801, "longitude": 101.2421, "accuracy": 12})
    page = logged_in_page("peserta01")
    page.route("**/api/v1/photos/*", lambda route: route.abort("connectionrefused"))
    order = []
    page.on("request", lambda request: request.method in ("PUT", "POST")
            and "/api/v1/" in request.url and order.append(request.url.rsplit("/", 1)[-1]))

    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("checkin-in").click()
    chooser.value.set_files(files=[{"name": "selfie.jpg", "mimeType": "image/jpeg",
                                    "buffer": camera_jpeg()}])
    expect(page.locator("[data-checkin-message]")).to_contain_text("Absen masuk dicatat")
    photo = page.evaluate("""async () => {
        const outbox = await import('/static/js/outbox.js');
        const [entry] = await outbox.pending();
        return {id: entry.photo.id, data_id: entry.data.photo_id, type: entry.photo.blob.type,
                size: entry.photo.blob.size, state: entry.photo.state};
    }""")
    assert photo["id"] == photo["data_id"] and photo["state"] == "pending"
    assert photo["type"] in ("image/webp", "image/jpeg") and photo["size"] <= 60 * 1024
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-state", "error")
    assert order == [photo["id"]]  # the entry waits for its photo
    expect(page.get_by_test_id("outbox-count")).to_have_text("1")

    page.unroute("**/api/v1/photos/*")
    page.get_by_test_id("sync-now").click()
    expect(page.get_by_test_id("outbox-count")).to_have_text("0")
    assert order[-2:] == [photo["id"], "sync"]
    stored = latest_checkin(app, "peserta01")
    assert stored["photo_id"] == photo["id"] and "missing_photo" not in stored["flags"]
    assert stored["photo_width"] <= 640


# Older Android WebViews fire neither `change` nor `cancel` when the camera is closed empty;
# the page only gets its focus back. (Playwright's file chooser never fires them either.)
GIVE_FOCUS_BACK = "window.dispatchEvent(new Event('focus'))"


def test_camera_closed_without_cancel_event_records_the_checkin_without_photo(
        context, seeded, logged_in_page, app):
    require_selfie(app)
    page = logged_in_page("peserta01")
    context.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    with page.expect_file_chooser():
        page.get_by_test_id("checkin-in").click()
    page.evaluate(GIVE_FOCUS_BACK)
    expect(page.locator("[data-checkin-message]")).to_contain_text("Absen masuk dicatat")
    expect(page.locator("[data-checkin-message]")).to_contain_text("Tanpa foto.")
    expect(page.get_by_test_id("checkin-in")).to_be_enabled()
    expect(page.get_by_test_id("checkin-out")).to_be_enabled()
    [entry] = outbox_entries(page)
    assert entry["data"]["type"] == "in" and entry["data"]["photo_id"] is None


def test_selfie_arriving_just_after_focus_returns_is_still_taken(context, seeded,
                                                                  logged_in_page, app):
    require_selfie(app)
    page = logged_in_page("peserta01")
    context.route("**/api/v1/sync", lambda route: route.abort("connectionrefused"))
    # The page's timers stand still from here, so "just after" is 0.9 s of the page's time,
    # not a race with the machine's load.
    page.clock.install()
    page.clock.pause_at(datetime.now(UTC) + timedelta(seconds=1))
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("checkin-in").click()
    page.evaluate(GIVE_FOCUS_BACK)
    page.clock.run_for(900)
    chooser.value.set_files(files=[{"name": "selfie.jpg", "mimeType": "image/jpeg",
                                    "buffer": camera_jpeg()}])
    page.clock.resume()
    expect(page.locator("[data-checkin-message]")).to_contain_text("Absen masuk dicatat")
    expect(page.locator("[data-checkin-message]")).not_to_contain_text("Tanpa foto")
    [entry] = outbox_entries(page)
    assert entry["data"]["type"] == "in" and entry["data"]["photo_id"]
