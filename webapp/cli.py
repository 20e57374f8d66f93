"""Flask commands: `flask --app webapp <command>`."""

import secrets
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from webapp.backup import register_backup_cli
from webapp.demo import DEMO_PASSWORD, demo_accounts, seed_demo
from webapp.extensions import db
from webapp.models import Unit, User
from webapp.models.types import utcnow
from webapp.models.user import ROLES
from webapp.services import accounts, audit
from webapp.services.holiday_import import parse_holidays_csv, store_holidays
from webapp.services.passwords import password_problems
from webapp.services.user_import import check_users_csv, store_users


def register_cli(app: Flask) -> None:
    register_backup_cli(app)

    @app.cli.command("init-db")
    def init_db():
        """Create or upgrade the schema to the latest migration."""
        upgrade()
        click.echo(f"Database ready: {db.engine.url.render_as_string(hide_password=True)}")

    @app.cli.command("seed-demo")
    def seed_demo_command():
        """Load the demo district (idempotent) and print the demo logins."""
        counts = seed_demo()
        click.echo(f"Demo data ready: {counts['units']} units, {counts['users']} users.")
        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, label in demo_accounts():
            click.echo(f"  {username:<10} {label}")

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--name", "full_name", required=True, help="Full name with titles")
    @click.option("--role", "roles", multiple=True, required=True,
                  type=click.Choice(ROLES))
    @click.option("--unit", "unit_code", help="Unit code, e.g. DISKOMINFO")
    @click.option("--nip", help="18-digit NIP")
    @click.option("--jabatan", default="")
    @click.option("--eselon")
    @click.option("--must-change/--no-must-change", default=True,
                  help="The password is an initial one, to be changed at the first login "
                       "(the default; --no-must-change for your own account)")
    @click.password_option(envvar="HADIR_NEW_PASSWORD")
    def create_user(username, full_name, roles, unit_code, nip, jabatan, eselon, must_change,
                    password):
        """Create one user; the password is prompted for (or HADIR_NEW_PASSWORD)."""
        username = username.strip().lower()
        if db.session.scalar(db.select(User).filter_by(username=username)):
            raise click.ClickException(f"username {username} already exists")
        unit = None
        if unit_code:
            unit = db.session.scalar(db.select(Unit).filter_by(code=unit_code))
            if unit is None:
                raise click.ClickException(f"unknown unit {unit_code}")
        if problems := password_problems(password, username):
            raise click.ClickException("; ".join(problems))
        user = User(username=username, full_name=full_name, unit=unit, nip=nip,
                    jabatan=jabatan, eselon=eselon, must_change_password=must_change)
        user.set_password(password)
        user.set_roles(roles)
        db.session.add(user)
        db.session.flush()
        audit.record(None, "user.create", "user", user.id, after=_audited(user, "create-user"))
        db.session.commit()
        click.echo(f"Created {username} ({', '.join(sorted(roles))}).")

    @app.cli.command("import-users")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_users(csv_file: Path):
        """Import users from CSV (nip, nama, jabatan, eselon, unit, peran[, username, atasan]).

        Every row is checked first; one bad row means nothing is imported.
        Each new user gets a random initial password, printed once, to be changed at the
        first login.
        """
        with csv_file.open(newline="", encoding="utf-8-sig") as handle:
            report = check_users_csv(handle)
        if report.errors:
            for error in report.errors:
                click.echo(error, err=True)
            raise click.ClickException(
                f"{len(report.errors)} bad row(s) in {csv_file.name}; nothing was imported")
        created = store_users(report.rows, None, f"import-users {csv_file.name}")
        db.session.commit()
        click.echo("username,initial_password")
        for username, password in created:
            click.echo(f"{username},{password}")
        click.echo(f"Imported {len(created)} user(s).", err=True)

    @app.cli.command("import-holidays")
    @click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    def import_holidays(csv_file: Path):
        """Import holidays from CSV (tanggal, jenis, nama[, unit]); all rows or none."""
        units = {u.code: u.id for u in db.session.scalars(db.select(Unit))}
        with csv_file.open(newline="", encoding="utf-8-sig") as handle:
            report = parse_holidays_csv(handle, set(units))
        if report.errors:
            for error in report.errors:
                click.echo(error, err=True)
            raise click.ClickException(
                f"{len(report.errors)} bad row(s) in {csv_file.name}; nothing was imported")
        added = store_holidays(report.rows, units, None, f"import-holidays {csv_file.name}")
        db.session.commit()
        click.echo(f"Imported {added} holiday(s); {len(report.rows) - added} already there.")

    @app.cli.command("reset-password")
    @click.argument("username")
    def reset_password(username):
        """Give USERNAME a new random initial password (printed once), to be changed at the next
        login; every session of the user ends at once."""
        user = db.session.scalar(db.select(User).filter_by(username=username.strip().lower()))
        if user is None:
            raise click.ClickException(f"no user {username}")
        password = secrets.token_urlsafe(9)
        ended = accounts.reset_password(user, password, utcnow(), via="reset-password")
        db.session.commit()
        click.echo(password)
        click.echo(f"{user.username}: new initial password above; {ended} session(s) ended.",
                   err=True)


def _audited(user: User, via: str) -> dict:
    # No actor: the command line runs as nobody in the app; `via` says which command it was.
    return {"username": user.username, "roles": user.roles, "via": via}
