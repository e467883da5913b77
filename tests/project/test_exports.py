"""The shared CSV and XLSX downloads (careermap/exports.py): nothing in them runs as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from careermap.exports import FORMULA_START, Sheet, csv_response, safe_cell, xlsx_response


@pytest.mark.parametrize("start", FORMULA_START)
def test_text_that_would_start_a_formula_gets_an_apostrophe(start: str) -> None:
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_every_dangerous_start_is_covered() -> None:
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}


@pytest.mark.parametrize("text", ["Ada Lovelace", "", " =1+1", "a=b", "'=quoted already"])
def test_other_text_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize("number", [0, 3, -3, 2.5, -0.5, Decimal("-1.25"), True])
def test_numbers_are_untouched(number: object) -> None:
    assert safe_cell(number) is number


def test_dates_and_empty_cells_are_untouched() -> None:
    today = date(2030, 9, 30)
    assert safe_cell(today) is today
    assert safe_cell(None) is None


def test_anything_else_is_made_safe_by_its_text() -> None:
    class Named:
        def __str__(self) -> str:
            return "=cmd|' /C calc'!A0"

    assert safe_cell(Named()) == "'=cmd|' /C calc'!A0"


def test_the_csv_parses_back_with_every_cell_safe() -> None:
    response = csv_response(
        "people.csv",
        ["Person", "=Score"],
        [["=HYPERLINK(1)", -3], ["Ada, Countess", None], ["\tTab", Decimal("1.50")]],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    assert response["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Person", "'=Score"],
        ["'=HYPERLINK(1)", "-3"],
        ["Ada, Countess", ""],
        ["'\tTab", "1.50"],
    ]


def test_the_xlsx_parses_back_with_text_kept_as_text_and_numbers_as_numbers() -> None:
    response = xlsx_response(
        "report.xlsx",
        Sheet("People", ["Person", "Score"], [["=HYPERLINK(1)", -3], ["@SUM(A1)", None]]),
        Sheet("Summary", ["Figure", "Value"], [("Coverage (%)", 50.0)]),
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="report.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["People", "Summary"]
    people = book["People"]
    assert list(people.iter_rows(values_only=True)) == [
        ("Person", "Score"),
        ("'=HYPERLINK(1)", -3),
        ("'@SUM(A1)", None),
    ]
    assert people["A2"].data_type == "s"  # a string, never a formula
    assert people["A1"].font.bold
    assert people.freeze_panes == "A2"
    assert list(book["Summary"].iter_rows(values_only=True))[1] == ("Coverage (%)", 50.0)


def test_control_characters_xml_cannot_hold_are_dropped_from_the_xlsx() -> None:
    response = xlsx_response("notes.xlsx", Sheet("Notes", ["Note"], [["bell\x07 and\x0b tab\t"]]))
    sheet = load_workbook(io.BytesIO(response.content))["Notes"]
    assert sheet["A2"].value == "bell and tab\t"
