"""Accounts managed on /admin/users: create, edit, deactivate and reactivate, audited with the
admin as actor. Password resets are accounts.reset_password; both it and a deactivation end
every session of the user at once (webapp/services/login_sessions.py)."""

from dataclasses import dataclass
from datetime import datetime

from webapp.extensions import db
from webapp.models import Unit, User
from webapp.services import accounts, audit, login_sessions
from webapp.services.passwords import password_problems
from webapp.services.refused import Refused
from webapp.services.user_import import USERNAME_PATTERN, nip_problems, supervisor_problems


@dataclass(frozen=True)
class Account:
    """What an admin sets on a user (the username only when creating one)."""

    full_name: str
    nip: str | None
    jabatan: str
    eselon: str | None
    roles: tuple[str, ...]
    unit_id: int | None
    supervisor_id: int | None


def own_account_problems(actor_id: int, user_id: int | None, roles, active: bool = True) -> \
        dict[str, list[str]]:
    """An admin cannot lock themselves out: drop their own admin role or deactivate
    themselves (another admin can)."""
    if user_id != actor_id:
        return {}
    problems = {}
    if "admin" not in roles:
        problems["roles"] = ["Anda tidak dapat mencabut peran admin Anda sendiri."]
    if not active:
        problems["active"] = ["Anda tidak dapat menonaktifkan akun Anda sendiri."]
    return problems


def _check(account: Account, user_id: int | None, actor_id: int) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if account.nip:
        nip = nip_problems(account.nip)
        taken = db.session.scalar(db.select(User.id).where(User.nip == account.nip,
                                                           User.id != (user_id or 0)))
        if not nip and taken is not None:
            nip = [f"NIP {account.nip} sudah terdaftar untuk pengguna lain"]
        if nip:
            problems["nip"] = nip
    if not account.roles:
        problems["roles"] = ["Pilih minimal satu peran."]
    if account.unit_id is not None and db.session.get(Unit, account.unit_id) is None:
        problems["unit_id"] = ["Unit tidak ditemukan."]
    supervisor = (db.session.get(User, account.supervisor_id)
                  if account.supervisor_id is not None else None)
    if account.supervisor_id is not None and supervisor is None:
        problems["supervisor_id"] = ["Atasan tidak ditemukan."]
    elif supervisor is not None and (bad := supervisor_problems(
            user_id, supervisor.id, supervisor.has_role("supervisor"), supervisor.active)):
        problems["supervisor_id"] = bad
    for field, messages in own_account_problems(actor_id, user_id, account.roles).items():
        problems.setdefault(field, []).extend(messages)
    return problems


def _snapshot(user: User) -> dict:
    return {"username": user.username, "full_name": user.full_name, "nip": user.nip,
            "jabatan": user.jabatan, "eselon": user.eselon, "roles": user.roles,
            "unit_id": user.unit_id, "supervisor_id": user.supervisor_id, "active": user.active}


def _apply(user: User, account: Account) -> None:
    user.full_name, user.nip, user.jabatan = account.full_name, account.nip, account.jabatan
    user.eselon, user.unit_id, user.supervisor_id = (account.eselon, account.unit_id,
                                                     account.supervisor_id)
    user.set_roles(account.roles)


def create_user(actor_id: int, username: str, account: Account, initial_password: str) -> User:
    """A new user whose initial password must be changed at the first login."""
    username = username.strip().lower()
    problems = _check(account, None, actor_id)
    if not USERNAME_PATTERN.match(username):
        problems["username"] = ["Huruf kecil, angka, titik, garis bawah atau strip; 3–64 "
                                "karakter, diawali huruf atau angka."]
    elif db.session.scalar(db.select(User.id).filter_by(username=username)) is not None:
        problems["username"] = [f"Nama pengguna {username} sudah dipakai."]
    if bad := password_problems(initial_password, username):
        problems["initial_password"] = bad
    if problems:
        raise Refused(422, "Periksa isian yang ditandai.", problems)
    user = User(username=username, must_change_password=True)
    _apply(user, account)
    user.set_password(initial_password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor_id, "user.create", "user", user.id,
                 after={**_snapshot(user), "via": "admin"})
    return user


def update_user(actor_id: int, user: User, account: Account) -> None:
    if problems := _check(account, user.id, actor_id):
        raise Refused(422, "Periksa isian yang ditandai.", problems)
    before = _snapshot(user)
    _apply(user, account)
    db.session.flush()
    audit.record(actor_id, "user.update", "user", user.id, before=before, after=_snapshot(user))


def set_active(actor_id: int, user: User, active: bool, now: datetime) -> int:
    """Deactivate (every session ends: Flask-Login refuses them too, as the user is inactive)
    or reactivate; returns how many sessions were ended."""
    if problems := own_account_problems(actor_id, user.id, user.roles, active):
        raise Refused(422, problems["active"][0], problems)
    user.active = active
    ended = 0 if active else login_sessions.end_all(user.id, now)
    audit.record(actor_id, "user.activate" if active else "user.deactivate", "user", user.id,
                 after={"active": active, "sessions_ended": ended})
    return ended


def reset_password(actor_id: int, user: User, initial_password: str, now: datetime) -> int:
    if bad := password_problems(initial_password, user.username):
        raise Refused(422, "Kata sandi awal belum memenuhi syarat.",
                      {"initial_password": bad})
    return accounts.reset_password(user, initial_password, now, via="admin", actor_id=actor_id)
