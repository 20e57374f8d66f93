"""CSV user import is checked row by row before anything is written."""

from webapp.services.user_import import parse_users_csv

HEADER = "nip,nama,jabatan,eselon,unit,peran\n"
UNITS = {"PUPR", "DISDIK"}


def parse(text: str, usernames=frozenset(), nips=frozenset()):
    return parse_users_csv(text.splitlines(keepends=True), UNITS, set(usernames), set(nips))


def test_good_rows_become_users_with_nip_as_username():
    report = parse(HEADER + "198001012005011001,Ahmad,Kabid,III.b,PUPR,peserta;pelatih\n")
    assert report.errors == []
    [row] = report.rows
    assert row.username == "198001012005011001" and row.roles == ("coach", "participant")


def test_atasan_imports_as_the_supervisor_role():
    report = parse(HEADER + "197001012000011001,Kadis,Kepala Dinas,II.b,PUPR,atasan;peserta\n")
    assert report.errors == [] and report.rows[0].roles == ("participant", "supervisor")


def test_every_bad_row_is_reported_with_its_line_number():
    report = parse(HEADER
                   + "198001012005011001,Ahmad,Kabid,III.b,PUPR,peserta\n"
                   + "123,Budi,Kabid,III.b,PUPR,peserta\n"
                   + "198001012005011003,,Kabid,V.z,NOWHERE,raja\n")
    assert report.errors[0].startswith("baris 3: NIP harus 18 digit")
    assert report.errors[1].startswith("baris 4:")
    for part in ("nama kosong", "eselon", "NOWHERE", "raja"):
        assert part in report.errors[1]


def test_duplicate_nip_within_the_file_is_an_error():
    row = "198001012005011001,Ahmad,Kabid,III.b,PUPR,peserta\n"
    report = parse(HEADER + row + row)
    [error] = report.errors
    assert error.startswith("baris 3: NIP 198001012005011001 sudah terdaftar")


def test_existing_username_is_an_error():
    report = parse("username,nip,nama,jabatan,eselon,unit,peran\n"
                   "admin,,Admin Dua,Staf,,PUPR,admin\n", usernames={"admin"})
    assert report.errors == ["baris 2: username admin sudah dipakai"]


def test_missing_columns_are_reported_on_line_one():
    report = parse("nip,nama\n198001012005011001,Ahmad\n")
    assert report.errors[0].startswith("baris 1: kolom wajib tidak ada")
    assert report.rows == []


def test_empty_file_is_an_error():
    assert parse(HEADER).errors == ["berkas tidak berisi baris data"]
