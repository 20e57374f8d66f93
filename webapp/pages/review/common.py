"""Helpers shared by the review pages: lenient query parsing, rendering, downloads."""

import re
import unicodedata
from datetime import UTC, date, datetime

import marshmallow as ma
from flask import Response, render_template, request

from webapp.services.charts import format_percent
from webapp.services.localtime import local_datetime
from webapp.vocabulary import CHECKIN_FLAGS, DEFAULT_TIMEZONE, MONTHS, REVIEW_STATES, ZONES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def query(schema: ma.Schema) -> dict:
    """The query string through `schema`; invalid parameters are dropped, so a mangled link
    shows the default view instead of an error page."""
    data = {key: value for key, value in request.args.items() if value != ""}
    try:
        return schema.load(data)
    except ma.ValidationError as error:
        for key in error.messages:
            data.pop(key, None)
        return schema.load(data)


def now() -> datetime:
    return datetime.now(UTC)


def local_now(tz_name: str = DEFAULT_TIMEZONE) -> datetime:
    return local_datetime(now(), tz_name)


def long_date(day: date) -> str:
    """9 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def render(template: str, **context) -> str:
    return render_template(template, format_percent=format_percent, long_date=long_date,
                           zone_labels=ZONES.labels, flag_labels=CHECKIN_FLAGS.labels,
                           review_state_labels=REVIEW_STATES.labels, **context)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "data"


def download(body: bytes, filename: str, mimetype: str) -> Response:
    return Response(body, content_type=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store"})


def page_of(items: list, page: int, size: int) -> tuple[list, int, int]:
    """(items on the page, the page actually shown, number of pages); out-of-range pages
    show the last one."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 1), pages)
    return items[(page - 1) * size: page * size], page, pages
