"""One JSON error shape for the whole API: {"error": {"code", "message", "fields"}}."""

import logging

import marshmallow as ma
from flask import jsonify, render_template, request
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

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


# What a user reads for each status when the code that refused said nothing more specific: the
# JSON `message` and the heading and text of the HTML error page.
STATUS_TEXTS = {
    400: ("Permintaan tidak sah", "Permintaan tidak dapat diproses. Muat ulang halaman lalu "
                                  "coba lagi."),
    401: ("Belum masuk", "Silakan masuk terlebih dahulu."),
    403: ("Tidak diizinkan", "Peran Anda tidak mengizinkan tindakan ini."),
    404: ("Tidak ditemukan", "Halaman atau data yang dicari tidak ada."),
    405: ("Tidak didukung", "Cara permintaan ini tidak didukung di alamat ini."),
    409: ("Bentrok", "Data ini bentrok dengan data yang sudah ada."),
    413: ("Terlalu besar", "Data yang dikirim terlalu besar."),
    415: ("Jenis tidak didukung", "Jenis data yang dikirim tidak didukung."),
    422: ("Data tidak valid", "Data tidak valid."),
    429: ("Terlalu banyak permintaan", "Terlalu banyak permintaan. Tunggu sebentar, lalu coba "
                                      "lagi."),
    500: ("Kesalahan server", "Terjadi kesalahan di server; data Anda tetap aman, coba lagi."),
    503: ("Sedang tidak tersedia", "Layanan sedang sibuk atau dalam pemeliharaan; coba lagi "
                                   "sebentar lagi."),
}
BUSY_MESSAGE = "Server sedang sibuk; coba lagi sebentar lagi."
CSRF_MESSAGE = "Formulir kedaluwarsa atau tidak sah; muat ulang halaman lalu coba lagi."


def status_text(status: int) -> tuple[str, str]:
    return STATUS_TEXTS.get(status, STATUS_TEXTS[500 if status >= 500 else 400])


def _message_of(error: HTTPException) -> str:
    """The error's own description when the code gave one (abort(404, "...")), else ours:
    Werkzeug's defaults and Flask-Limiter's limit text ("3 per 1 minute") are English."""
    limit = getattr(error, "limit", None)
    if error.code == 429:
        return getattr(limit, "error_message", None) or status_text(429)[1]
    if error.description and error.description != type(error).description:
        return error.description
    return status_text(error.code or 500)[1]


def error_page(status: int, message: str | None = None):
    title, default = status_text(status)
    if status >= 500:
        # The failed transaction must go before the page's top bar reads the user again.
        from webapp.extensions import db  # here: webapp.extensions imports this module

        db.session.rollback()
    return render_template("error.html", title=title, message=message or default), status


class ErrorBodySchema(ma.Schema):
    code = ma.fields.String(required=True)
    message = ma.fields.String(required=True)
    fields = ma.fields.Dict()


class ErrorSchema(ma.Schema):
    error = ma.fields.Nested(ErrorBodySchema, required=True)


def error_response(status: int, message: str | None = None, code: str | None = None,
                   fields: dict | None = None, headers: dict | None = None):
    body = {"code": code or ERROR_CODES.get(status, "error"),
            "message": message or status_text(status)[1],
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
            # Redirects (trailing slashes) are HTTPExceptions too.
            if (error.code or 500) < 400:
                return error
            response = error.get_response()  # keeps Allow (405)
            response.set_data(error_page(error.code, _message_of(error))[0])
            response.mimetype = "text/html"
            if error.code == 429 and getattr(error, "retry_after", None):
                response.headers.setdefault("Retry-After", str(error.retry_after))
            return response
        data = getattr(error, "data", None) or {}
        fields = _field_errors(data.get("errors") or data.get("messages"))
        message = data.get("message") or _message_of(error)
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
            return error_page(400, CSRF_MESSAGE)
        return error_response(400, "Token CSRF hilang atau tidak sah; ambil ulang lalu coba lagi.",
                              "csrf_failed")

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # A domain rule said no (webapp/services raise it): its status and reason. Nothing it
        # added is kept: the session is rolled back when the request's app context ends.
        return error_response(error.status, error.message, error.code, error.fields)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        if database_busy(error):
            # Nothing was written (the request's transaction is rolled back); the phone's outbox
            # and the pages' forms can simply try again.
            log.warning("Database busy on %s %s", request.method, request.path)
            retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
            if not _wants_json():
                return (*error_page(503, BUSY_MESSAGE), retry)
            return error_response(503, BUSY_MESSAGE, headers=retry)
        log.exception("Unhandled error on %s %s", request.method, request.path)
        if not _wants_json():
            return error_page(500)
        return error_response(500)

