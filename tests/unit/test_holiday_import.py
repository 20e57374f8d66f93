"""Holiday CSV import is checked row by row before anything is written."""

from datetime import date

from webapp.services.holiday_import import parse_holidays_csv

HEADER = "tanggal,jenis,nama,unit\n"


def parse(text: str):
    return parse_holidays_csv(text.splitlines(keepends=True), {"KEC-SANGIR"})


def test_good_rows_are_read_with_an_optional_unit():
    report = parse(HEADER + "2027-08-17,libur_nasional,Hari Kemerdekaan,\n"
                   + "2027-01-07,libur_daerah,Hari jadi nagari,KEC-SANGIR\n")
    assert report.errors == []
    assert [(r.day, r.unit) for r in report.rows] == [(date(2027, 8, 17), None),
                                                      (date(2027, 1, 7), "KEC-SANGIR")]


def test_every_bad_row_is_reported_with_its_line_number():
    report = parse(HEADER + "17-08-2027,libur_nasional,Kemerdekaan,\n"
                   + "2027-05-01,libur_bupati,,NOWHERE\n"
                   + "2027-05-02,cuti_bersama,Cuti,KEC-SANGIR\n")
    assert report.errors[0].startswith("baris 2: tanggal")
    assert report.errors[1].startswith("baris 3:")
    for part in ("jenis", "nama", "NOWHERE"):
        assert part in report.errors[1]
    assert report.errors[2] == "baris 4: hanya libur_daerah yang boleh untuk satu unit"


def test_missing_columns_and_empty_files_are_errors():
    assert parse("tanggal,nama\n2027-01-01,x\n").errors == [
        "baris 1: kolom wajib tidak ada: jenis"]
    assert parse(HEADER).errors == ["berkas tidak berisi hari libur"]
