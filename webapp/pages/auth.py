from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.pages import bp
from webapp.pages.forms import LoginForm
from webapp.security import authenticate, log_in, log_out, login_rate_limits


def _safe_next(target: str | None) -> str:
    """Only same-site paths, so the login page cannot bounce users to another site."""
    if target and not urlsplit(target).netloc and target.startswith("/") \
            and not target.startswith("//"):
        return target
    return url_for("pages.home")


@bp.route("/login", methods=["GET", "POST"])
@login_rate_limits
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            log_in(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Nama pengguna atau kata sandi salah.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("login.html", form=form), status


@bp.post("/logout")
def logout():
    log_out()
    return redirect(url_for("pages.login"))


@bp.post("/logout-all")
def logout_all():
    """Keluar dari semua perangkat: a lost or borrowed phone is logged out too."""
    everywhere = current_user.is_authenticated
    log_out(everywhere=True)
    if everywhere:
        flash("Anda sudah keluar dari semua perangkat.", "info")
    return redirect(url_for("pages.login"))
