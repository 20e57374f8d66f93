"""Validate a CSV of users before anything is written: all rows good, or nothing imported.
Used by `flask import-users` and /admin/users/import; both hand out each new user's random
initial password once (printed, or on the import's one reply) and keep it nowhere else.

The optional `atasan` column names a row's direct supervisor by username: a user stored
already, or one imported by a row above it (so an OPD's file lists its heads first; no two
new users can name each other). The supervisor rule is the admin user form's
(`supervisor_problems`, shared with webapp/services/user_admin.py)."""

import csv
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from webapp.extensions import db
from webapp.models import Unit, User, UserRole
from webapp.services import audit

ROLE_ALIASES = {"peserta": "participant", "pelatih": "coach", "peninjau": "reviewer",
                "atasan": "supervisor"}
VALID_ROLES = {"participant", "coach", "reviewer", "supervisor", "admin"}
HEADER_ALIASES = {
    "nip": "nip", "nama": "full_name", "name": "full_name", "full_name": "full_name",
    "jabatan": "jabatan", "eselon": "eselon", "unit": "unit", "unit_code": "unit",
    "roles": "roles", "peran": "roles", "username": "username",
    "atasan": "supervisor", "supervisor": "supervisor",
}
REQUIRED_COLUMNS = {"nip", "full_name", "jabatan", "eselon", "unit", "roles"}
NIP_PATTERN = re.compile(r"^\d{18}$")
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
ESELON_PATTERN = re.compile(r"^(I|II|III|IV)\.[ab]$")


@dataclass(frozen=True)
class UserRow:
    line: int
    username: str
    nip: str | None
    full_name: str
    jabatan: str
    eselon: str | None
    unit: str
    roles: tuple[str, ...]
    supervisor: str | None = None  # a username


@dataclass
class ImportReport:
    rows: list[UserRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def nip_problems(nip: str) -> list[str]:
    """What is wrong with a NIP's shape: 18 digits, of which the first 8 are a birth date
    (YYYYMMDD), the next 6 the month of appointment (YYYYMM), the 15th the
    sex (1 or 2). A typo in a NIP copied by hand usually breaks one of these."""
    if not NIP_PATTERN.match(nip):
        return ["NIP harus 18 digit angka"]
    problems = []
    try:
        date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        problems.append("8 digit pertama NIP harus tanggal lahir (TTTTBBHH)")
    if not 1 <= int(nip[12:14]) <= 12:
        problems.append("digit 9–14 NIP harus bulan pengangkatan (TTTTBB)")
    if nip[14] not in "12":
        problems.append("digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan)")
    return problems


def supervisor_problems(own: object, supervisor: object, holds_role: bool,
                        active: bool = True) -> list[str]:
    """Why `supervisor` cannot be `own`'s direct supervisor (both named alike: user ids on the
    admin form, usernames in an import): the same person, someone without the supervisor
    role, or a deactivated account."""
    if supervisor == own:
        return ["Seseorang tidak dapat menjadi atasan dirinya sendiri."]
    if not holds_role:
        return ["Atasan harus pengguna dengan peran atasan."]
    if not active:
        return ["Atasan harus pengguna yang aktif."]
    return []


def _roles(raw: str) -> tuple[tuple[str, ...], list[str]]:
    names = [r.strip().lower() for r in re.split(r"[;|/ ]+", raw) if r.strip()]
    roles, unknown = set(), []
    for name in names:
        role = ROLE_ALIASES.get(name, name)
        if role in VALID_ROLES:
            roles.add(role)
        else:
            unknown.append(name)
    return tuple(sorted(roles)), unknown


def _supervisor_problems(name: str, username: str, roles: tuple[str, ...],
                         earlier: Mapping[str, tuple[str, ...]], taken_usernames: set[str],
                         supervisors: Mapping[str, bool]) -> list[str]:
    """The row's `atasan` judged by the admin form's rule; `earlier` holds the roles of the
    users named by the rows above, `supervisors` whether each stored supervisor is active."""
    if name == username:
        holds_role, active = "supervisor" in roles, True
    elif name in earlier:
        holds_role, active = "supervisor" in earlier[name], True
    elif name in taken_usernames:
        holds_role, active = name in supervisors, supervisors.get(name, True)
    else:
        return [f"atasan {name} tidak dikenal: bukan pengguna terdaftar dan tidak ada di baris "
                "sebelumnya"]
    return [f"atasan {name}: {problem[0].lower()}{problem[1:].rstrip('.')}"
            for problem in supervisor_problems(username, name, holds_role, active)]


def parse_users_csv(lines: Iterable[str], known_units: set[str], taken_usernames: set[str],
                    taken_nips: set[str],
                    supervisors: Mapping[str, bool] | None = None) -> ImportReport:
    """Every row checked; `supervisors` maps the stored users holding the supervisor role to
    whether they are active."""
    supervisors = supervisors or {}
    report = ImportReport()
    reader = csv.DictReader(lines)
    header = {h: HEADER_ALIASES.get((h or "").strip().lower()) for h in reader.fieldnames or []}
    missing = REQUIRED_COLUMNS - set(header.values())
    if missing:
        report.errors.append(f"baris 1: kolom wajib tidak ada: {', '.join(sorted(missing))}")
        return report
    seen_roles: dict[str, tuple[str, ...]] = {}  # username -> roles, of the rows above
    seen_nips: set[str] = set()
    for raw in reader:
        line = reader.line_num
        row = {header[k]: (v or "").strip() for k, v in raw.items() if k in header and header[k]}
        problems: list[str] = []
        nip = row.get("nip") or None
        if nip and (nip_errors := nip_problems(nip)):
            problems.extend(nip_errors)
        elif nip and (nip in taken_nips or nip in seen_nips):
            problems.append(f"NIP {nip} sudah terdaftar")
        username = (row.get("username") or nip or "").lower()
        if not username:
            problems.append("perlu NIP atau username")
        elif not USERNAME_PATTERN.match(username):
            problems.append("username hanya huruf kecil, angka, titik, garis (3–64 karakter)")
        elif username in taken_usernames or username in seen_roles:
            problems.append(f"username {username} sudah dipakai")
        if not row.get("full_name"):
            problems.append("nama kosong")
        eselon = row.get("eselon") or None
        if eselon and not ESELON_PATTERN.match(eselon):
            problems.append("eselon harus seperti III.a atau IV.b")
        if row.get("unit") not in known_units:
            problems.append(f"unit '{row.get('unit')}' tidak dikenal")
        roles, unknown = _roles(row.get("roles", ""))
        if unknown:
            problems.append(f"peran tidak dikenal: {', '.join(unknown)}")
        elif not roles:
            problems.append("peran kosong")
        supervisor = (row.get("supervisor") or "").lower() or None
        if supervisor:
            problems.extend(_supervisor_problems(supervisor, username, roles, seen_roles,
                                                 taken_usernames, supervisors))
        # A row with problems still names a supervisor for the rows below: they are told of
        # its own line, not of an unknown name.
        if username and username not in taken_usernames:
            seen_roles.setdefault(username, roles)
        if problems:
            report.errors.append(f"baris {line}: " + "; ".join(problems))
            continue
        if nip:
            seen_nips.add(nip)
        report.rows.append(UserRow(line, username, nip, row["full_name"], row.get("jabatan", ""),
                                   eselon, row["unit"], roles, supervisor))
    if not report.rows and not report.errors:
        report.errors.append("berkas tidak berisi baris data")
    return report


def check_users_csv(lines: Iterable[str]) -> ImportReport:
    """parse_users_csv against the units, usernames, NIPs and supervisors stored now."""
    supervisors = db.session.execute(
        db.select(User.username, User.active).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == "supervisor"))
    return parse_users_csv(
        lines, set(db.session.scalars(db.select(Unit.code))),
        set(db.session.scalars(db.select(User.username))),
        set(db.session.scalars(db.select(User.nip).where(User.nip.is_not(None)))),
        dict(supervisors.tuples().all()))


def store_users(rows: list[UserRow], actor_id: int | None, via: str) -> list[tuple[str, str]]:
    """Create the checked rows, each with a random initial password to be changed at the first
    login, audited (`via` names the command or page and file); returns (username, password)
    pairs, the only place the passwords exist in clear."""
    units = {u.code: u for u in db.session.scalars(db.select(Unit))}
    named = {row.supervisor for row in rows} - {row.username for row in rows} - {None}
    supervisors = dict(db.session.execute(db.select(User.username, User.id).where(
        User.username.in_(named))).tuples().all()) if named else {}
    created = []
    for row in rows:
        user = User(username=row.username, nip=row.nip, full_name=row.full_name,
                    jabatan=row.jabatan, eselon=row.eselon, unit=units[row.unit],
                    supervisor_id=supervisors.get(row.supervisor),
                    must_change_password=True)
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.set_roles(row.roles)
        db.session.add(user)
        db.session.flush()
        supervisors[user.username] = user.id  # for the rows below that name this one
        audit.record(actor_id, "user.create", "user", user.id,
                     after={"username": user.username, "roles": user.roles,
                            "supervisor_id": user.supervisor_id, "via": via})
        created.append((row.username, password))
    return created
