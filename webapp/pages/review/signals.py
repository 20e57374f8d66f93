"""/review/signals: anti-spoofing signals for BKPSDM reviewers. Read-only: a signal changes no
record's state; the reviewer decides in the check-in review."""

from datetime import timedelta

from flask import render_template, request

from webapp.models.types import utcnow
from webapp.pages import bp
from webapp.security import roles_required
from webapp.services.signals import load_device_uses, load_fixes, load_users
from webapp.services.spoofing import KINDS, all_signals

DEFAULT_DAYS, MAX_DAYS = 14, 90


def _window_days() -> int:
    days = request.args.get("days", DEFAULT_DAYS, type=int)
    return min(max(days, 1), MAX_DAYS)


@bp.get("/review/signals")
@roles_required("reviewer")
def review_signals():
    days = _window_days()
    since = utcnow() - timedelta(days=days)
    fixes, seen = load_fixes(since)
    signals = all_signals(fixes, load_device_uses(since))
    users = load_users({uid for s in signals for uid in s.user_ids})
    groups = {kind: [s for s in signals if s.kind == kind] for kind in KINDS}
    return render_template("review/signals.html", groups=groups, users=users, seen=seen,
                           days=days, day_choices=(7, 14, 30, 90))
