"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}."""

import logging

import marshmallow as ma
from flask import jsonify, request
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from webapp.db_busy import RETRY_AFTER_SECONDS, database_busy
from webapp.services.refused import Refused

log = logging.getLogger(__name__)

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
    503: "database_busy",
}


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    fields = ma.fields.Dict()


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)


def error_response(status: int, message: str | None = None, code: str | None = None,
                   fields: dict | None = None, headers: dict | None = None):
    body = {"code": code or ERROR_CODES.get(status, "error"),
            "message": message or ERROR_CODES.get(status, "error").replace("_", " "),
            "fields": fields or {}}
    response = jsonify(error=body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _field_errors(messages) -> dict | None:
    """webargs nests messages by location ({"json": {...}}); clients only need the fields."""
    if not isinstance(messages, dict):
        return {"_schema": messages} if messages else None
    if len(messages) == 1 and next(iter(messages)) in {"json", "query", "form", "files"}:
        return next(iter(messages.values()))
    return messages


class JsonErrorApi(Api):
    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error: HTTPException):
        if not _wants_json():
            return error
        data = getattr(error, "data", None) or {}
        fields = _field_errors(data.get("errors") or data.get("messages"))
        message = data.get("message") or error.description
        if error.code == 422 and not data.get("message"):
            message = "Data tidak valid."
        headers = dict(data.get("headers") or {})
        if error.code == 429 and getattr(error, "retry_after", None):
            headers.setdefault("Retry-After", str(error.retry_after))
        return error_response(error.code or 500, message, data.get("code"), fields, headers)


def register_error_handlers(app, api: JsonErrorApi) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if not _wants_json():
            return error
        return error_response(400, "Token CSRF hilang atau tidak sah; ambil ulang lalu coba lagi.",
                              "csrf_failed")

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # A domain rule said no (webapp/services raise it): its status and reason. Nothing it
        # added is kept: the session is rolled back when the request's app context ends.
        return error_response(error.status, error.message, fields=error.fields)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        if database_busy(error):
            # Nothing was written (the request's transaction is rolled back); the phone's outbox
            # and the pages' forms can simply try again.
            log.warning("Database busy on %s %s", request.method, request.path)
            if not _wants_json():
                return ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS)
            return error_response(503, "Server sedang sibuk; coba lagi sebentar lagi.",
                                  headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if not _wants_json():
            return InternalServerError()
        return error_response(500, "Terjadi kesalahan di server; data Anda tetap aman, coba lagi.")

