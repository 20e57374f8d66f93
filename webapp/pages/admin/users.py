"""/admin/users: find, create and edit users, deactivate or reactivate them, reset passwords."""

from flask import flash, redirect, request, url_for
from flask_login import current_user

from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.models.types import utcnow
from webapp.pages import bp
from webapp.pages.admin.common import (
    committed,
    optional_id,
    supervisor_choices,
    unit_choices,
)
from webapp.pages.admin.forms import NewUserForm, ResetPasswordForm, UserForm
from webapp.pages.review.common import page_of, render
from webapp.security import roles_required
from webapp.services import user_admin
from webapp.services.refused import Refused
from webapp.vocabulary import ROLE_NAMES

PAGE_SIZE = 50


def _with_choices(form: UserForm) -> UserForm:
    form.unit_id.choices = unit_choices()
    form.supervisor_id.choices = supervisor_choices()
    return form


def _filled(user: User) -> UserForm:
    return _with_choices(UserForm(formdata=None, data={
        "full_name": user.full_name, "nip": user.nip or "", "jabatan": user.jabatan,
        "eselon": user.eselon or "", "roles": user.roles, "unit_id": str(user.unit_id or ""),
        "supervisor_id": str(user.supervisor_id or "")}))


def _account(form: UserForm) -> user_admin.Account:
    return user_admin.Account(
        full_name=form.full_name.data, nip=form.nip.data or None, jabatan=form.jabatan.data,
        eselon=form.eselon.data or None, roles=tuple(form.roles.data or ()),
        unit_id=optional_id(form.unit_id.data),
        supervisor_id=optional_id(form.supervisor_id.data))


@bp.get("/admin/users")
@roles_required("admin")
def admin_users():
    search = request.args.get("q", "").strip()[:100]
    unit = request.args.get("unit", "")
    role = request.args.get("role", "")
    query = db.select(User).order_by(User.full_name)
    if search:
        pattern = f"%{search.lower()}%"
        query = query.where(db.func.lower(User.full_name).like(pattern)
                            | db.func.lower(User.jabatan).like(pattern)
                            | User.username.like(pattern) | User.nip.like(pattern))
    if unit.isdigit():
        query = query.where(User.unit_id == int(unit))
    if role in ROLE_NAMES:
        query = query.where(User.id.in_(db.select(UserRole.user_id).filter_by(role=role)))
    users = list(db.session.scalars(query))
    shown, page, pages = page_of(users, request.args.get("page", 1, type=int), PAGE_SIZE)
    filters = {"q": search, "unit": unit, "role": role}
    return render("admin/users.html", users=shown, matched=len(users), page=page, pages=pages,
                  filters=filters, units=unit_choices("Semua unit"), roles=ROLE_NAMES,
                  page_url=lambda n: url_for("pages.admin_users", **filters, page=n))


@bp.route("/admin/users/new", methods=["GET", "POST"])
@roles_required("admin")
def admin_user_new():
    form = _with_choices(NewUserForm())

    def create():
        user = user_admin.create_user(current_user.id, form.username.data, _account(form),
                                      form.initial_password.data)
        return (f"Pengguna {user.username} dibuat. Berikan kata sandi awalnya; ia harus "
                "menggantinya saat pertama masuk."), url_for("pages.admin_user", user_id=user.id)

    if not form.is_submitted():
        return render("admin/user_new.html", form=form)
    return committed(form, create) or (render("admin/user_new.html", form=form), 422)


def _edit_page(user: User, form: UserForm, reset: ResetPasswordForm, status: int = 200):
    units = {u.id: u.name for u in db.session.scalars(db.select(Unit))}
    return render("admin/user.html", user=user, form=form, reset=reset, roles=ROLE_NAMES,
                  unit_name=units.get(user.unit_id)), status


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def admin_user(user_id: int):
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _edit_page(user, _filled(user), ResetPasswordForm(formdata=None))
    form = _with_choices(UserForm())

    def update():
        user_admin.update_user(current_user.id, user, _account(form))
        return "Perubahan disimpan.", url_for("pages.admin_user", user_id=user.id)

    return committed(form, update) or _edit_page(user, form, ResetPasswordForm(formdata=None),
                                                 422)


@bp.post("/admin/users/<int:user_id>/active")
@roles_required("admin")
def admin_user_active(user_id: int):
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    try:
        ended = user_admin.set_active(current_user.id, user, active, utcnow())
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
    else:
        db.session.commit()
        flash("Akun diaktifkan kembali." if active else
              f"Akun dinonaktifkan; {ended} sesi masuknya diakhiri.", "info")
    return redirect(url_for("pages.admin_user", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/password")
@roles_required("admin")
def admin_user_password(user_id: int):
    user = db.get_or_404(User, user_id)
    reset = ResetPasswordForm()

    def save():
        ended = user_admin.reset_password(current_user.id, user, reset.initial_password.data,
                                          utcnow())
        return (f"Kata sandi awal baru disimpan; {ended} sesi masuknya diakhiri. Ia harus "
                "menggantinya saat masuk."), url_for("pages.admin_user", user_id=user.id)

    return committed(reset, save) or _edit_page(user, _filled(user), reset, 422)
