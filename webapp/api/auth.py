from flask import session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from webapp.api.blueprint import Blueprint
from webapp.errors import error_response
from webapp.schemas.auth import CsrfSchema, LoginResultSchema, LoginSchema, UserSchema
from webapp.security import authenticate, login_rate_limits, roles_required

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
    session.permanent = True
    login_user(user)
    return {"user": user, "csrf_token": generate_csrf()}


@blp.post("/auth/logout")
@blp.response(204)
def logout():
    session.clear()
    logout_user()


@blp.get("/me")
@roles_required()
@blp.response(200, UserSchema)
def me():
    return current_user
