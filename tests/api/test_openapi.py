"""/api/openapi.json describes every /api/v1 endpoint there is, with schemas and error shapes.

Generated from the URL map, so an endpoint added later is checked without editing this file.
"""

import re

import pytest
import schemathesis

from webapp.errors import ERROR_CODES

# Run on SQLite only (tests/conftest.py): the OpenAPI document is built from code; the fuzz test
# calls the API on both.
pytestmark = pytest.mark.one_backend

DOCUMENTED_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
ERROR_REF = "#/components/schemas/Error"


@pytest.fixture
def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _api_operations(app):
    """(METHOD, /openapi/{path}, endpoint) for every /api/v1 route."""
    return sorted((method, _openapi_path(rule.rule), rule.endpoint)
                  for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
                  for method in rule.methods & DOCUMENTED_METHODS)


def _operation(spec, method, path):
    return spec["paths"].get(path, {}).get(method.lower())


def _resolve(spec, response):
    if "$ref" in response:
        return spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def test_the_document_is_valid_openapi_3(spec):
    schemathesis.openapi.from_dict(spec).validate()  # against the OpenAPI 3.0 meta-schema
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_documented(app, spec):
    missing = [f"{m} {p}" for m, p, _ in _api_operations(app) if not _operation(spec, m, p)]
    assert missing == []
    assert len(_api_operations(app)) >= 9


def test_every_operation_documents_a_success_with_its_content(app, spec):
    for method, path, _ in _api_operations(app):
        responses = _operation(spec, method, path)["responses"]
        successes = [s for s in responses if s.startswith("2")]
        assert successes, f"{method} {path}"
        for status in successes:
            if status != "204":
                assert _resolve(spec, responses[status]).get("content"), f"{method} {path} {status}"


def test_json_request_bodies_have_a_schema(app, spec):
    for method, path, _ in _api_operations(app):
        body = _operation(spec, method, path).get("requestBody")
        if body:
            for media in body["content"].values():
                assert media.get("schema"), f"{method} {path}"


def test_every_error_response_uses_the_one_error_shape(app, spec):
    for method, path, _ in _api_operations(app):
        for status, response in _operation(spec, method, path)["responses"].items():
            if int(status) >= 400:
                content = _resolve(spec, response)["content"]["application/json"]
                assert content["schema"] == {"$ref": ERROR_REF}, f"{method} {path} {status}"
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    body = spec["components"]["schemas"]["ErrorBody"]
    assert set(body["properties"]) == {"code", "message", "fields"}


def test_shared_error_statuses_are_documented_where_they_apply(app, spec):
    for method, path, endpoint in _api_operations(app):
        responses = _operation(spec, method, path)["responses"]
        view = app.view_functions[endpoint]
        roles = getattr(view, "allowed_roles", None)
        label = f"{method} {path}"
        assert "default" not in responses, label  # a catch-all would hide undocumented codes
        if method in UNSAFE:
            assert {"400", "413"} <= set(responses), label
        if roles:
            assert "401" in responses, label
        # 403 behind a role, and while the user must change an initial password.
        if roles and (roles != ("any",) or not view.before_password_change):
            assert "403" in responses, label
        if "{" in path:
            assert "404" in responses, label
        if getattr(view, "rate_limited", False):
            assert "429" in responses, label
        for status in responses:
            assert int(status) in ERROR_CODES or int(status) < 400, label


def test_the_login_operation_documents_rate_limiting_and_bad_credentials(spec):
    responses = _operation(spec, "POST", "/api/v1/auth/login")["responses"]
    assert {"200", "400", "401", "422", "429"} <= set(responses)


def test_cookie_session_and_csrf_header_are_security_schemes(app, spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["sessionCookie"] == {**schemes["sessionCookie"], "type": "apiKey",
                                        "in": "cookie", "name": "session"}
    assert schemes["csrfToken"] == {**schemes["csrfToken"], "type": "apiKey", "in": "header",
                                    "name": "X-CSRFToken"}
    for method, path, endpoint in _api_operations(app):
        needs = {name for need in _operation(spec, method, path)["security"] for name in need}
        assert ("csrfToken" in needs) == (method in UNSAFE), f"{method} {path}"
        logged_in = hasattr(app.view_functions[endpoint], "allowed_roles")
        assert ("sessionCookie" in needs) == logged_in, f"{method} {path}"


def test_the_api_page_links_to_the_document_and_lists_every_operation(client, spec):
    html = client.get("/api").get_data(as_text=True)
    assert 'href="/api/openapi.json"' in html
    for path, item in spec["paths"].items():
        for method in item:
            if method.upper() in DOCUMENTED_METHODS:
                assert f"{method.upper()} {path}" in html
