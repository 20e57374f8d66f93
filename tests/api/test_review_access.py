"""Only reviewers reach the review area: every /review URL and the review API, from the URL map."""

import re
import uuid
from urllib.parse import urlsplit

import pytest

REVIEW_API = "/api/v1/checkins/<int:checkin_id>/review"


def review_urls(app) -> list[tuple[str, str]]:
    """(method, concrete url) of every review route, arguments filled with 1 (a UUID for
    UUIDs)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/review") or rule.rule == REVIEW_API):
            continue
        url = re.sub(r"<[^>]+>", "1", re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=1)), rule.rule))
        urls += [(method, url) for method in sorted(rule.methods & {"GET", "POST"})]
    return urls


def test_the_review_area_has_the_pages_this_issue_adds(app):
    urls = {url for _, url in review_urls(app)}
    assert {"/review", "/review/programs/1", "/review/programs/1/print",
            "/review/programs/1/sustained", "/review/programs/1/export.xlsx",
            "/review/programs/1/export.csv", "/review/daily", "/review/daily/export.xlsx",
            "/review/daily/export.csv", "/review/checkins", "/review/checkins/1/decision",
            "/review/conflicts/1/resolve", "/api/v1/checkins/1/review"} <= urls


@pytest.mark.parametrize("username", ["peserta01", "pelatih1", "admin"])
def test_everyone_but_reviewers_gets_403_on_every_review_url(seeded_history, login_as,
                                                              username):
    user = login_as(username)
    for method, url in review_urls(seeded_history):
        if method == "GET":
            response = user.get(url)
        elif url.startswith("/api/"):
            response = user.post(url, json={"decision": "approved"})
        else:
            response = user.post(url, data={"decision": "approved", "reason": "x"})
        assert response.status_code == 403, (username, method, url)


def test_logged_out_visitors_are_sent_to_login_or_get_401(seeded, api):
    # With a valid CSRF token, so what refuses a POST is the login check, not the token's.
    api.refresh_csrf()
    for method, url in review_urls(seeded):
        response = api.get(url) if method == "GET" else api.post(url)
        if url.startswith("/api/"):
            assert response.status_code == 401, url
            assert response.get_json()["error"]["code"] == "unauthorized", url
        else:
            assert response.status_code == 302, (method, url)
            assert urlsplit(response.headers["Location"]).path == "/login", (method, url)


def test_the_reviewer_sees_the_tinjauan_link_and_others_do_not(seeded, login_as):
    assert "Tinjauan" in login_as("bkpsdm").get("/").get_data(as_text=True)
    assert "Tinjauan" not in login_as("peserta01").get("/").get_data(as_text=True)
