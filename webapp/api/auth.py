from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.schemas.auth import CsrfSchema, LoginResultSchema, LoginSchema, UserSchema
from webapp.security import authenticate, log_in, log_out, login_rate_limits, roles_required

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
@roles_required()
@blp.response(204)
def logout_all():
    """End every login session of this user, on every device, this one included."""
    log_out(everywhere=True)


@blp.get("/me")
@roles_required()
@blp.response(200, UserSchema)
def me():
    return current_user
