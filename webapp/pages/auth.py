from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.pages import bp
from webapp.pages.forms import LoginForm, PasswordForm
from webapp.security import (
    TooManyAttempts,
    authenticate,
    change_own_password,
    log_in,
    log_out,
    roles_required,
)
from webapp.services import login_sessions
from webapp.services.refused import Refused


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page cannot bounce users to another site."""
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("pages.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = authenticate(form.username.data, form.password.data)
        except TooManyAttempts as wait:
            # The form again, with how long to wait: the right password works after that.
            flash(wait.message, "error")
            return render_template("login.html", form=form), 429, {
                "Retry-After": str(wait.seconds)}
        if user is not None:
            log_in(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Nama pengguna atau kata sandi salah.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    logged_out_everywhere = request.args.get("keluar") == "semua"
    return render_template("login.html", form=form,
                           logged_out_everywhere=logged_out_everywhere), status


@bp.post("/logout")
def logout():
    log_out()
    return redirect(url_for("pages.login"))


@bp.post("/logout-all")
def logout_all():
    """Keluar dari semua perangkat: a lost or borrowed phone is logged out too."""
    everywhere = current_user.is_authenticated
    log_out(everywhere=True)
    # Said by the login page's URL, not a flash: the app's logout guard (js/pwa.js) posts
    # with fetch, which would take the flash with it, then opens the page it was sent to.
    return redirect(url_for("pages.login", keluar="semua") if everywhere
                    else url_for("pages.login"))


@bp.route("/password", methods=["GET", "POST"])
@roles_required(before_password_change=True)
def password():
    """Change one's own password (forced after an import or a reset); every other session of
    the user ends, this one stays."""
    form = PasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            ended = change_own_password(form.current_password.data, form.new_password.data)
        except TooManyAttempts as wait:
            db.session.rollback()
            flash(wait.message, "error")
            status = 429
        except Refused as refused:
            for name, problems in (refused.fields or {}).items():
                getattr(form, name).errors.extend(problems)
            status = 422
        else:
            db.session.commit()
            others = f" {ended} perangkat lain sudah dikeluarkan." if ended else ""
            flash(f"Kata sandi sudah diganti.{others}", "info")
            return redirect(url_for("pages.home"))
    elif form.is_submitted():
        status = 400
    devices = login_sessions.active(current_user.id)
    return render_template("password.html", form=form, devices=devices), status
