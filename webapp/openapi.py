"""The OpenAPI document, completed for every /api/v1 operation whoever wrote the blueprint.

flask-smorest documents what each view declares. This plugin adds what follows from the app's
shared machinery, so a new endpoint is described correctly without repeating it:

- the error answers it can give, each in the one error shape (`webapp.errors.ErrorSchema`):
  400 (malformed JSON, missing or bad CSRF token) and 413 (body over MAX_CONTENT_LENGTH) on
  unsafe methods, 401 behind a login, 403 behind a role or while an initial password must be
  changed, 404 for a path parameter, 429 behind a rate limit (views marked `rate_limited`);
- how callers authenticate: the session cookie, plus the `X-CSRFToken` header on unsafe methods.

flask-smorest's catch-all `default` response is dropped: with it every status counts as
documented, and the fuzzing test could not catch an undocumented one.
"""

from apispec import BasePlugin
from flask import Flask

UNSAFE_METHODS = {"post", "put", "patch", "delete"}
ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
SECURITY_SCHEMES = {
    "sessionCookie": {
        "type": "apiKey", "in": "cookie", "name": "session",
        "description": "Set by POST /api/v1/auth/login (HttpOnly, SameSite=Lax).",
    },
    "csrfToken": {
        "type": "apiKey", "in": "header", "name": "X-CSRFToken",
        "description": "Required on every POST, PUT, PATCH and DELETE, login included. Get one "
                       "from GET /api/v1/auth/csrf or the login response.",
    },
}


class SharedResponsesPlugin(BasePlugin):
    def __init__(self, app: Flask, prefix: str = "/api/v1"):
        self.app, self.prefix = app, prefix

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if not path or not path.startswith(self.prefix) or rule is None:
            return
        view = self.app.view_functions.get(rule.endpoint)
        roles = getattr(view, "allowed_roles", None)
        for method, operation in operations.items():
            # flask-smorest keys some responses by int, others by str; one key per status.
            responses = {str(status): response
                         for status, response in operation.get("responses", {}).items()}
            operation["responses"] = responses
            responses.pop("default", None)
            for status, description in _shared_statuses(method, rule, view, roles):
                responses.setdefault(str(status), {"description": description})
            for status, response in responses.items():
                # A string or $ref names a shared response component that has its content.
                if int(status) >= 400 and isinstance(response, dict) and "$ref" not in response:
                    response.setdefault("content", ERROR_CONTENT)
            operation["security"] = _security(method, roles)


def _shared_statuses(method: str, rule, view, roles) -> list[tuple[int, str]]:
    statuses = []
    if method in UNSAFE_METHODS:
        statuses += [(400, "Malformed JSON, or the X-CSRFToken header is missing or stale"),
                     (413, "Request body larger than the server accepts")]
    if roles:
        statuses.append((401, "Not logged in"))
    forbidden = []
    if roles and roles != ("any",):
        forbidden.append(f"Only for: {', '.join(roles)}")
    if roles and not getattr(view, "before_password_change", False):
        forbidden.append("password_change_required: the user must change an initial password "
                         "first (POST /api/v1/auth/password)")
    if forbidden:
        statuses.append((403, "; ".join(forbidden)))
    if rule.arguments:
        statuses.append((404, "No such record, or not yours to see"))
    if getattr(view, "rate_limited", False):
        statuses.append((429, "Too many requests; retry after the Retry-After seconds"))
    return statuses


def _security(method: str, roles) -> list[dict]:
    needs = {"sessionCookie": []} if roles else {}
    if method in UNSAFE_METHODS:
        needs["csrfToken"] = []
    return [needs] if needs else []


def register_openapi(app: Flask, api) -> None:
    """Call after `api.init_app(app)` and before blueprints are registered."""
    for name, scheme in SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    plugin = SharedResponsesPlugin(app)
    plugin.init_spec(api.spec)
    api.spec.plugins.append(plugin)
