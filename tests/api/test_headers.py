"""Security headers, cookies behind HTTPS, and request size limits."""

import re
from pathlib import Path

import pytest

from tests.api.sync_helpers import checkin_entry, sync_body
from webapp.headers import CONTENT_SECURITY_POLICY

# Run on SQLite only (tests/conftest.py): headers and size limits are set before and after any
# query.
pytestmark = pytest.mark.one_backend

TEMPLATES = Path(__file__).parents[2] / "webapp" / "templates"
HTTPS_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "hadir.example.go.id"}


def _responses(client):
    """A page, a redirect, JSON, a JSON error, a static file and an HTML 404."""
    return {
        "login page": client.get("/login"),
        "redirect": client.get("/"),
        "api json": client.get("/api/v1/auth/csrf"),
        "api error": client.get("/api/v1/me"),
        "openapi": client.get("/api/openapi.json"),
        "static": client.get("/static/css/app.css"),
        "page 404": client.get("/no-such-page"),
    }


def test_every_kind_of_response_carries_the_security_headers(client):
    for name, response in _responses(client).items():
        headers = response.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        assert headers["X-Frame-Options"] == "DENY", name
        assert "geolocation=(self)" in headers["Permissions-Policy"], name
        assert "camera=(self)" in headers["Permissions-Policy"], name
        response.close()


def test_a_304_leaves_the_security_headers_to_the_response_the_browser_holds(client):
    first = client.get("/static/js/app.js")
    again = client.get("/static/js/app.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert first.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert [name for name in ("Content-Security-Policy", "Permissions-Policy",
                              "X-Content-Type-Options") if name in again.headers] == []
    assert again.headers["ETag"] == first.headers["ETag"]


def test_csp_allows_no_inline_script_no_other_origin_and_no_framing():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert "unsafe" not in CONTENT_SECURITY_POLICY and "*" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"


def test_no_template_has_inline_script_style_or_event_handlers():
    """The CSP would block them; catch them before a browser does (every template, present and
    future)."""
    offences = []
    for template in TEMPLATES.rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"<style[\s>]", r"\son[a-z]+\s*=",
                        r"\sstyle\s*=", r"javascript:"):
            offences += [f"{template.relative_to(TEMPLATES)}: {m.group(0)}"
                         for m in re.finditer(pattern, html, re.IGNORECASE)]
    assert offences == []


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_over_https(client):
    response = client.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("app_config", [{"PROXY_HOPS": 1, "SESSION_COOKIE_SECURE": True}])
def test_behind_a_tls_proxy_hsts_and_a_secure_session_cookie(seeded, client):
    """X-Forwarded-Proto from the proxy (ProxyFix, PROXY_HOPS=1) makes the request HTTPS."""
    page = client.get("/login", headers=HTTPS_PROXY)
    assert "Strict-Transport-Security" in page.headers
    token = client.get("/api/v1/auth/csrf", headers=HTTPS_PROXY).get_json()["csrf_token"]
    # Over HTTPS Flask-WTF also checks the Referer is this site (Referrer-Policy keeps it).
    login = client.post("/api/v1/auth/login", json={"username": "peserta01",
                                                    "password": "hadir-demo"},
                        headers={**HTTPS_PROXY, "X-CSRFToken": token,
                                 "Referer": "https://hadir.example.go.id/login"})
    assert login.status_code == 200, login.get_json()
    cookie = next(c for c in login.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_without_proxy_hops_forwarded_headers_are_not_trusted(client):
    assert "Strict-Transport-Security" not in client.get("/login", headers=HTTPS_PROXY).headers


def test_api_body_over_max_content_length_is_json_413(seeded, login_as, app):
    peserta = login_as("peserta01")
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = sync_body([checkin_entry()])
    body["padding"] = "x" * limit
    response = peserta.post("/api/v1/sync", json=body)
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_photo_over_max_content_length_is_json_413(seeded, login_as, app):
    response = login_as("peserta01").put(
        "/api/v1/photos/7f1c6a52-0000-4000-8000-000000000001",
        data=b"\xff" * (app.config["MAX_CONTENT_LENGTH"] + 1),
        headers={"Content-Type": "image/jpeg"})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
