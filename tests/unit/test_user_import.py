"""CSV user import is checked row by row before anything is written."""

from webapp.services.user_import import parse_users_csv

HEADER = "nip,nama,jabatan,eselon,unit,peran\n"
UNITS = {"PUPR", "DISDIK"}


def parse(text: str, usernames=frozenset(), nips=frozenset(), supervisors=None):
    return parse_users_csv(text.splitlines(keepends=True), UNITS, set(usernames), set(nips),
                           supervisors)


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


SUPERVISED = "username,nip,nama,jabatan,eselon,unit,peran,atasan\n"


def test_atasan_names_a_stored_supervisor_or_one_imported_above():
    report = parse(SUPERVISED
                   + "kadis,,Kadis,Kepala Dinas,II.b,PUPR,atasan;peserta,\n"
                   + "rina,,Rina,Kabid,III.a,PUPR,peserta,Kadis\n"
                   + "dedi,,Dedi,Kasi,IV.a,PUPR,peserta,camat\n",
                   usernames={"camat"}, supervisors={"camat": True})
    assert report.errors == []
    assert [r.supervisor for r in report.rows] == [None, "kadis", "camat"]


def test_an_unknown_or_later_atasan_is_named_on_its_row():
    report = parse(SUPERVISED
                   + "rina,,Rina,Kabid,III.a,PUPR,peserta,kadis\n"
                   + "kadis,,Kadis,Kepala Dinas,II.b,PUPR,atasan;peserta,\n"
                   + "dedi,,Dedi,Kasi,IV.a,PUPR,peserta,siapa\n")
    assert report.errors == [
        "baris 2: atasan kadis tidak dikenal: bukan pengguna terdaftar dan tidak ada di baris "
        "sebelumnya",
        "baris 4: atasan siapa tidak dikenal: bukan pengguna terdaftar dan tidak ada di baris "
        "sebelumnya"]


def test_the_admin_forms_supervisor_rule_holds_in_the_import():
    report = parse(SUPERVISED
                   + "kadis,,Kadis,Kepala Dinas,II.b,PUPR,atasan;peserta,kadis\n"
                   + "rina,,Rina,Kabid,III.a,PUPR,peserta,\n"
                   + "dedi,,Dedi,Kasi,IV.a,PUPR,peserta,rina\n"
                   + "budi,,Budi,Kasi,IV.a,PUPR,peserta,staf\n"
                   + "ani,,Ani,Kasi,IV.a,PUPR,peserta,pensiun\n",
                   usernames={"staf", "pensiun"}, supervisors={"pensiun": False})
    assert report.errors == [
        "baris 2: atasan kadis: seseorang tidak dapat menjadi atasan dirinya sendiri",
        "baris 4: atasan rina: atasan harus pengguna dengan peran atasan",
        "baris 5: atasan staf: atasan harus pengguna dengan peran atasan",
        "baris 6: atasan pensiun: atasan harus pengguna yang aktif"]


def test_a_bad_row_above_is_still_the_atasan_the_rows_below_name():
    report = parse(SUPERVISED
                   + "kadis,123,Kadis,Kepala Dinas,II.b,PUPR,atasan;peserta,\n"
                   + "rina,,Rina,Kabid,III.a,PUPR,peserta,kadis\n")
    assert [e.split(":")[0] for e in report.errors] == ["baris 2"]
