"""Why js/sync.js sends its requests with `referrerPolicy: 'origin'` and not 'no-referrer':
over HTTPS, the CSRF check (WTF_CSRF_SSL_STRICT) wants a same-origin Referer on unsafe
requests; the origin alone satisfies it, the page's path is not needed."""

from tests.api.sync_helpers import checkin_entry, sync_body

HTTPS = "https://localhost"  # the test client's cookies are for localhost


def _sync_over_https(api, referer: str | None):
    headers = {"Referer": referer} if referer else {}
    return api.post("/api/v1/sync", json=sync_body([checkin_entry()]), base_url=HTTPS,
                    headers=headers)


def test_https_sync_with_only_the_origin_as_referer_is_accepted(seeded, login_as):
    api = login_as("peserta01")
    assert _sync_over_https(api, f"{HTTPS}/").status_code == 200


def test_https_sync_without_referer_is_refused(seeded, login_as):
    api = login_as("peserta01")
    response = _sync_over_https(api, None)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
