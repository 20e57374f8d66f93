"""The server-rendered login page: stable hooks, redirects and the same rules as the API."""

import re


def _csrf_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_page_has_the_stable_test_hooks(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'name="username"' in html and 'name="password"' in html
    assert html.count('type="submit"') == 1


def test_home_redirects_to_login_when_logged_out(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_form_login_then_home_shows_the_official(seeded, client):
    token = _csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "peserta01", "password": "hadir-demo",
                                           "csrf_token": token})
    assert response.status_code == 302
    assert "Afrizal" in client.get("/").get_data(as_text=True)


def test_form_login_with_wrong_password_says_so(seeded, client):
    token = _csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": "peserta01", "password": "salah",
                                           "csrf_token": token})
    assert response.status_code == 401
    assert "salah" in response.get_data(as_text=True)


def test_form_login_refuses_offsite_next(seeded, client):
    token = _csrf_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=//evil.example/x",
                           data={"username": "peserta01", "password": "hadir-demo",
                                 "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_form_login_without_csrf_is_refused(seeded, client):
    response = client.post("/login", data={"username": "peserta01", "password": "hadir-demo"})
    assert response.status_code == 400
