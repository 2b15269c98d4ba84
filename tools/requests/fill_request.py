#!/usr/bin/python3
"""Fill one munidash request workbook the way a town secretary would, with openpyxl.

The request workbooks follow docs/request-workbooks.md. This module finds the answer cells the
way munidash's reader of returns does -- by the `munidash:id`, `munidash:answer` and
`munidash:confirmed` markers of the hidden marker row, on whatever sheet and at whatever place they
are -- never by fixed positions, so that it still works on a workbook whose rows were moved.

    fill(Path("77014-avon.xlsx"), Path("returns/77014-avon.xlsx"),
         {"demarches_en_ligne": 12, "conseiller_numerique": True, "remarques": "Rien"},
         confirm=["lieux_mediation"])

Answers are typed as a person types them in a spreadsheet: ints and floats become numbers (never
text), True/False become the workbook's own yes/no words ("Oui"/"Non", or "Yes"/"No" in an
English request: read from the confirmation cells' list), strings are written as they are, and
None clears the answer. `confirm` writes the "yes" word in the confirmation cell of those ids (the
town says "the pre-filled value is right").

openpyxl keeps what the reader needs: the very hidden `munidash` identity sheet (sheet_state
"veryHidden"), the sheet protection, the hidden marker row and columns, the data validations and
the pre-filled values. It drops nothing the reader relies on; it does rewrite the comments' VML
and the styles, which the reader ignores.

Command line (Debian's python3, with python3-openpyxl):

    python3 tools/requests/fill_request.py REQUEST.xlsx OUT.xlsx id=value ... [--confirm id ...]

On the command line a value that reads as a number is written as a number ("12", "12.5"),
oui/non/yes/no/true/false as the yes/no words, an empty value (`id=`) clears the answer, and
anything else is text. Prefix a value with `'` to force text, as a spreadsheet does (`id='12`).
"""
import argparse
import sys
from pathlib import Path
from typing import Iterable

import openpyxl

MARKERS = ("munidash:id", "munidash:answer", "munidash:confirmed")


class RequestError(Exception):
    """The workbook is not a request workbook this filler understands (markers or ids missing)."""


def find_questions(book):
    """(sheet, {question id: row}, answer column, confirmed column) of the questions sheet.

    The sheet is the visible one holding all three markers; its name is not relied on, as the
    reader does not rely on it (a town may rename it)."""
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        where = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in MARKERS and cell.value not in where:
                    where[cell.value] = (cell.row, cell.column)
        if all(m in where for m in MARKERS):
            marker_row, id_col = where["munidash:id"]
            rows = {}
            # The contract puts the visible header right under the marker row (its id column says
            # "id"); the question rows follow it.
            for r in range(marker_row + 2, sheet.max_row + 1):
                value = sheet.cell(r, id_col).value
                if isinstance(value, str) and value and not value.startswith("munidash:"):
                    rows.setdefault(value, r)
            return sheet, rows, where["munidash:answer"][1], where["munidash:confirmed"][1]
    raise RequestError("no visible sheet holds the munidash:id, munidash:answer and munidash:confirmed markers")


def yes_no_words(sheet, confirmed_col):
    """The workbook's yes/no words, from the list validating a confirmation cell.

    A French request says Oui/Non, an English one Yes/No; typing the other language's word would
    still be accepted by the reader, but not by the town's spreadsheet, so use the list's."""
    for dv in sheet.data_validations.dataValidation:
        if dv.type != "list" or not dv.formula1:
            continue
        for ref in str(dv.sqref).split():
            first = ref.split(":")[0]
            column = openpyxl.utils.cell.coordinate_from_string(first)[0]
            if openpyxl.utils.column_index_from_string(column) == confirmed_col:
                words = dv.formula1.strip('"').split(",")
                if len(words) == 2:
                    return words[0], words[1]
    return "Oui", "Non"


def typed(value, yes, no):
    """The cell value a person would type for `value` (see the module's docstring)."""
    if isinstance(value, bool):  # before int: bool is an int in Python
        return yes if value else no
    return value


def fill(source: Path, target: Path, answers: dict[str, object], confirm: Iterable[str] = ()) -> None:
    """Writes to `target` the request `source` with `answers` typed in and `confirm` confirmed.

    Raises RequestError for an id the workbook does not ask about: a typo in a test must not
    silently leave an answer empty."""
    book = openpyxl.load_workbook(source)
    sheet, rows, answer_col, confirmed_col = find_questions(book)
    yes, no = yes_no_words(sheet, confirmed_col)
    confirm = list(confirm)
    unknown = [qid for qid in [*answers, *confirm] if qid not in rows]
    if unknown:
        raise RequestError(f"{source}: no question {', '.join(unknown)} (asked: {', '.join(rows)})")
    for qid, value in answers.items():
        sheet.cell(rows[qid], answer_col).value = typed(value, yes, no)
    for qid in confirm:
        sheet.cell(rows[qid], confirmed_col).value = yes
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)


def parse_value(text: str):
    """A command-line value as a spreadsheet would read it when typed (see the module's docstring)."""
    if text == "":
        return None
    if text.startswith("'"):
        return text[1:]
    if text.lower() in ("oui", "yes", "true"):
        return True
    if text.lower() in ("non", "no", "false"):
        return False
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def run_command_line(name, description, fill_function, to_value, argv=None) -> int:
    """The command line both fillers share: REQUEST OUTPUT id=value ... [--confirm id ...]; each
    value goes through `to_value`, then `fill_function(request, output, answers, confirm)`."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("request", type=Path, help="the request workbook written by munidash request")
    parser.add_argument("output", type=Path, help="where to save the filled workbook (.xlsx)")
    parser.add_argument("answers", nargs="*", metavar="id=value", help="an answer to type")
    parser.add_argument("--confirm", nargs="+", default=[], metavar="id", help="confirm these pre-filled values")
    options = parser.parse_args(argv)
    answers = {}
    for item in options.answers:
        qid, sep, value = item.partition("=")
        if not sep:
            parser.error(f"an answer is written id=value, found '{item}'")
        answers[qid] = to_value(value)
    try:
        fill_function(options.request, options.output, answers, options.confirm)
    except (RequestError, OSError) as error:
        print(f"{name}: error: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    return run_command_line("fill_request", "Fill a munidash request workbook with openpyxl, as a town would.",
                            fill, parse_value, argv)


if __name__ == "__main__":
    sys.exit(main())
