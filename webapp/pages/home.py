from flask import render_template

from webapp.pages import bp
from webapp.security import roles_required


@bp.get("/")
@roles_required()
def home():
    return render_template("home.html")
