"""Input no route should ever see, refused before it reaches a view.

- NUL characters (U+0000) in request paths, and in the query strings and forms of pages: no
  text in Hadir may contain one, and PostgreSQL can neither store nor compare it, so a stray %00
  was a 500 on PostgreSQL (and silently stored on SQLite). The API is checked field by field by
  its schemas instead (`webapp.schemas.base.IdSchema`): an API client gets a 422 naming the
  field, and in a sync batch only the entry that carries one is rejected.
- `<int:...>` path parameters beyond the 32-bit ids the database uses: a 404, where SQLite could
  not even bind such a number and answered 500 (found by tests/api/test_fuzz_api.py).
- JSON bodies of the API, decoded here once for the whole request (`json_body`; the schemas'
  parser reads the same result). Nesting beyond `MAX_DEPTH` or a body that is not UTF-8 JSON is
  a 400 for the whole body (Python's decoder raised RecursionError past ~1000 levels: a 500).
  A number longer than `MAX_DIGITS` (Python refuses ints past 4300 digits: a 500) stays a
  field's problem: it decodes as NaN, which every numeric field refuses, so a sync batch
  rejects only the entry that holds it. Lone UTF-16 surrogates (`"\\ud800"`), which no UTF-8
  encoder accepts (the database, hashing: a 500), are one too: the schemas' string fields refuse
  them like NUL (`webapp.schemas.base`).
"""

import json
import math

from flask import Flask, abort, g, request
from werkzeug.routing import IntegerConverter

from webapp.errors import error_response

NUL = "\x00"
MAX_ID = 2**31 - 1
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
# Hadir's deepest body is a sync batch of session logs: body, entries, entry, data, skills, list.
MAX_DEPTH = 32
MAX_DIGITS = 100
NOT_JSON = "Badan permintaan bukan JSON yang sah."
TOO_DEEP = f"JSON bersarang terlalu dalam (maksimal {MAX_DEPTH} tingkat)."


def _has_nul(values) -> bool:
    return any(NUL in name or (isinstance(value, str) and NUL in value)
               for name, value in values.items(multi=True))


def refuse_nul() -> None:
    if NUL in request.path:
        abort(404)
    if request.path.startswith("/api/"):
        return
    if _has_nul(request.args) or (request.mimetype in FORM_TYPES and _has_nul(request.form)):
        abort(400)


class IdConverter(IntegerConverter):
    """`<int:...>` limited to the ids a row can have; the OpenAPI document shows the maximum."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class BadJson(ValueError):
    pass


def _number(parse):
    return lambda text: parse(text) if len(text) <= MAX_DIGITS else math.nan


def _depth_checked(value):
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadJson(TOO_DEEP)
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return value


def decode_json(body: bytes):
    try:
        value = json.loads(body.decode(), parse_int=_number(int), parse_float=_number(float))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BadJson(NOT_JSON) from error
    except RecursionError as error:
        raise BadJson(TOO_DEEP) from error
    return _depth_checked(value) if isinstance(value, dict | list) else value


def refuse_bad_json():
    if not (request.path.startswith("/api/") and request.is_json):
        return None
    body = request.get_data(cache=True)
    if not body:
        return None
    try:
        g.json_body = decode_json(body)
    except BadJson as error:
        return error_response(400, str(error))
    return None


def json_body():
    """The request's JSON body as decoded by the guard (None when it has none)."""
    return g.get("json_body")


def register_input_guard(app: Flask) -> None:
    """Call before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)
    app.before_request(refuse_bad_json)
