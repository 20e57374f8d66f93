"""/api: a small page for developers of other clients, listing the API from its OpenAPI
document and linking to it."""

from flask import render_template

from webapp.extensions import rest_api
from webapp.pages import bp

METHODS = ("get", "post", "put", "patch", "delete")


def _operations(spec: dict) -> list[dict]:
    return [{"method": method.upper(), "path": path, "summary": operation.get("summary", ""),
             "login": any("sessionCookie" in need for need in operation.get("security", []))}
            for path, item in spec.get("paths", {}).items()
            for method, operation in item.items() if method in METHODS]


@bp.get("/api")
def api_docs():
    return render_template("api.html", operations=_operations(rest_api.spec.to_dict()))
