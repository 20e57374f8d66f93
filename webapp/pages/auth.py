from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from webapp.pages import bp
from webapp.pages.forms import LoginForm
from webapp.security import authenticate, login_rate_limits


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
            session.permanent = True
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("Nama pengguna atau kata sandi salah.", "error")
        status = 401
    elif form.is_submitted():
        status = 400
    return render_template("login.html", form=form), status


@bp.post("/logout")
def logout():
    session.clear()
    logout_user()
    return redirect(url_for("pages.login"))
