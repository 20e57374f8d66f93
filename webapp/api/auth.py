from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.extensions import db
from webapp.schemas.auth import (
    CsrfSchema,
    LoginResultSchema,
    LoginSchema,
    PasswordChangeSchema,
    UserSchema,
)
from webapp.security import (
    TooManyAttempts,
    authenticate,
    change_own_password,
    log_in,
    log_out,
    roles_required,
)

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sessions and the current user")


@blp.get("/auth/csrf")
@blp.response(200, CsrfSchema)
def csrf_token():
    return {"csrf_token": generate_csrf()}


@blp.post("/auth/login")
@blp.arguments(LoginSchema)
@blp.response(200, LoginResultSchema)
@blp.alt_response(401, schema=None, description="Wrong username or password, or inactive")
@blp.alt_response(429, schema=None, description="Too many failed attempts for this username "
                  "from this address (or from this address in all); Retry-After says how long")
def login(credentials):
    try:
        user = authenticate(credentials["username"], credentials["password"])
    except TooManyAttempts as wait:
        return _too_many(wait)
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
@blp.alt_response(429, schema=None, description="Too many wrong current passwords, counted with "
                  "failed logins; Retry-After says how long")
def change_password(body):
    """Change one's own password; every other session of the user ends, this one stays."""
    try:
        change_own_password(body["current_password"], body["new_password"])
    except TooManyAttempts as wait:
        db.session.rollback()
        return _too_many(wait)
    db.session.commit()


def _too_many(wait: TooManyAttempts):
    return error_response(429, wait.message, "rate_limited",
                          headers={"Retry-After": str(wait.seconds)})


@blp.get("/me")
@roles_required(before_password_change=True)
@blp.response(200, UserSchema)
def me():
    return current_user
