"""Password policy: long enough and not one of the passwords everybody tries first."""

from functools import cache
from pathlib import Path

MIN_LENGTH = 10
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@cache
def _common_passwords() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in COMMON_PASSWORDS_FILE.read_text().splitlines()
                     if line.strip())


def password_problems(password: str, username: str = "") -> list[str]:
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"kata sandi minimal {MIN_LENGTH} karakter")
    lowered = password.lower()
    if lowered in _common_passwords():
        problems.append("kata sandi ini terlalu umum")
    if username and username.lower() in lowered:
        problems.append("kata sandi tidak boleh memuat nama pengguna")
    return problems


def new_password_problems(password: str, username: str, current_password: str) -> list[str]:
    """The policy, and a change must change something: keeping an initial password that was
    handed out would defeat asking for a new one."""
    problems = password_problems(password, username)
    if password == current_password:
        problems.append("kata sandi baru harus berbeda dari yang lama")
    return problems
