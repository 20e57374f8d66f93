"""How `_sheet` writes each value: plain values go in bare for speed, so these check that text
openpyxl would turn into something else still comes out as text, and that formatted columns
keep their format on every row."""

import io
from datetime import date

from openpyxl import Workbook, load_workbook

from webapp.services.exports import DATE, TEXT, Column, _sheet


def written(columns, rows):
    wb = Workbook(write_only=True)
    _sheet(wb, "Lembar", columns, rows)
    out = io.BytesIO()
    wb.save(out)
    return load_workbook(io.BytesIO(out.getvalue()))["Lembar"]


def test_text_like_a_formula_or_an_error_value_stays_text():
    ws = written([Column("Judul"), Column("NIP", TEXT)],
                 [["=SUM(A1:A9)", "=1"], ["#N/A", "#REF!"], ["Inovasi", "1987"]])
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert [(c.value, c.data_type) for c in cells] == [
        ("=SUM(A1:A9)", "s"), ("=1", "s"), ("#N/A", "s"), ("#REF!", "s"),
        ("Inovasi", "s"), ("1987", "s")]
    assert [c.number_format for c in cells[1::2]] == [TEXT] * 3


def test_a_formatted_column_formats_every_row_and_plain_values_stay_plain():
    ws = written([Column("No"), Column("Tanggal", DATE)],
                 [[1, date(2026, 1, 5)], [2, None], [3, date(2026, 2, 1)]])
    rows = list(ws.iter_rows(min_row=2))
    assert [(r[0].value, r[0].number_format) for r in rows] == [
        (1, "General"), (2, "General"), (3, "General")]
    assert [r[1].value.date() if r[1].value else None for r in rows] == [
        date(2026, 1, 5), None, date(2026, 2, 1)]
    assert {r[1].number_format for r in rows} == {DATE}
