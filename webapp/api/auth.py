from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.models.types import utcnow
from webapp.schemas.auth import (
    CsrfSchema,
    LoginResultSchema,
    LoginSchema,
    PasswordChangeSchema,
    UserSchema,
)
from webapp.security import authenticate, log_in, log_out, login_rate_limits, roles_required
from webapp.services import accounts

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sessions and the current user")


@blp.get("/auth/csrf")
@blp.response(200, CsrfSchema)
def csrf_token():
    return {"csrf_token": generate_csrf()}


@blp.post("/auth/login")
@login_rate_limits
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
@blp.alt_response(401, schema=None, description="Wrong username or password, or inactive")
@blp.alt_response(429, schema=None, description="Too many failed attempts")
def login(credentials):
    user = authenticate(credentials["username"], credentials["password"])
    if user is None:
        return error_response(401, "Nama pengguna atau kata sandi salah.", "bad_credentials")
    log_in(user)
    return {"user": user, "csrf_token": generate_csrf()}


@blp.post("/auth/logout")
@blp.response(204)
def logout():
    """End this login session; its cookie, replayed from anywhere, is refused from now on."""
    log_out()


@blp.post("/auth/logout-all")
@roles_required(before_password_change=True)
@blp.response(204)
def logout_all():
    """End every login session of this user, on every device, this one included."""
    log_out(everywhere=True)


@blp.post("/auth/password")
@roles_required(before_password_change=True)
@blp.arguments(PasswordChangeSchema)
@blp.response(204)
@blp.alt_response(422, schema=None, description="Wrong current password, or the new one "
                  "breaks the policy (fields: current_password, new_password)")
def change_password(body):
    """Change one's own password; every other session of the user ends, this one stays."""
    accounts.change_password(current_user, body["current_password"], body["new_password"],
                             utcnow(), current_session=current_user.login_session_id)
    db.session.commit()


@blp.get("/me")
@roles_required(before_password_change=True)
@blp.response(200, UserSchema)
def me():
    return current_user
