from webapp.services.passwords import new_password_problems, password_problems


def test_long_uncommon_password_passes():
    assert password_problems("Bukit-Barisan-2026", "kabid") == []


def test_short_password_fails():
    assert "minimal 10" in password_problems("Pendek1!")[0]


def test_common_password_fails_whatever_the_case():
    assert password_problems("Password123") == ["kata sandi ini terlalu umum"]


def test_password_containing_the_username_fails():
    assert password_problems("peserta01-rahasia", "peserta01") == \
        ["kata sandi tidak boleh memuat nama pengguna"]


def test_a_new_password_must_differ_from_the_current_one():
    assert new_password_problems("Bukit-Barisan-2026", "peserta01", "Bukit-Barisan-2026") == [
        "kata sandi baru harus berbeda dari yang lama"]
    assert new_password_problems("Bukit-Barisan-2027", "peserta01", "Bukit-Barisan-2026") == []
