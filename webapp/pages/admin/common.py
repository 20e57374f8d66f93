"""What the admin pages share: the choice lists read from the database, a service's refusal
shown on the form's own fields, and the one way a form is saved (`committed`)."""

from collections.abc import Callable

from flask import flash, redirect
from werkzeug.wrappers import Response
from wtforms import Form

from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.services.refused import Refused

NONE = ("", "— tidak ada —")


def unit_choices(empty_label: str = NONE[1]) -> list[tuple[str, str]]:
    units = db.session.execute(db.select(Unit.id, Unit.name).order_by(Unit.name))
    return [("", empty_label)] + [(str(i), name) for i, name in units]


def supervisor_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(
        db.select(User.id, User.full_name).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "supervisor", User.active.is_(True)).order_by(User.full_name))
    return [NONE] + [(str(i), name) for i, name in rows]


def optional_id(value: str | None) -> int | None:
    return int(value) if value else None


def show_refusal(form: Form, refused: Refused) -> None:
    """A service's refusal under the form's own fields; what belongs to none is flashed."""
    db.session.rollback()
    unplaced = []
    for name, messages in (refused.fields or {}).items():
        if name in form:
            form[name].errors = [*form[name].errors, *messages]
        else:
            unplaced += messages
    if unplaced or not refused.fields:
        flash(" ".join(unplaced) or refused.message, "error")


def committed(form: Form, save: Callable[[], tuple[str, str]]) -> Response | None:
    """A submitted form saved: if it is valid, `save` calls the service and returns the message
    to flash and the URL to go to; that is committed and the redirect returned. None when the
    form is invalid or the service refused (its refusal is on the form): the caller shows the
    form again with 422."""
    if not form.validate():
        return None
    try:
        message, url = save()
    except Refused as refused:
        show_refusal(form, refused)
        return None
    db.session.commit()
    flash(message, "info")
    return redirect(url)
