"""Input no route should ever see, refused before it reaches a view.

- NUL characters (U+0000) in request paths, and in the query strings and forms of pages: no
  text in Hadir may contain one, and PostgreSQL can neither store nor compare it, so a stray %00
  was a 500 on PostgreSQL (and silently stored on SQLite). The API is checked field by field by
  its schemas instead (`webapp.schemas.base.IdSchema`): an API client gets a 422 naming the
  field, and in a sync batch only the entry that carries one is rejected.
- `<int:...>` path parameters beyond the 32-bit ids the database uses: a 404, where SQLite could
  not even bind such a number and answered 500 (found by tests/api/test_fuzz_api.py).
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

NUL = "\x00"
MAX_ID = 2**31 - 1
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


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


def register_input_guard(app: Flask) -> None:
    """Call before any blueprint is registered: rules pick their converters when added."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_nul)
