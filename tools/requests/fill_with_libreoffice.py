#!/usr/bin/python3
"""Fill munidash request workbooks through LibreOffice Calc, as a town hall using LibreOffice would.

Where fill_request.py edits the file with openpyxl, this module drives a real LibreOffice: it starts
`soffice --headless` with a fresh user profile (so that no user's settings, recovery data or
running instance interferes), opens the request workbook, types each answer into the cell found by
the contract's markers (docs/request-workbooks.md: `munidash:id`, `munidash:answer`,
`munidash:confirmed`, never fixed positions), saves with the "Calc MS Excel 2007 XML" filter and
closes. What reaches munidash is then a return written by LibreOffice's own xlsx export: its
shared strings, its styles, its sheet states (the very hidden identity sheet comes back `hidden`).

    with LibreOffice() as office:
        office.fill(Path("77014-avon.xlsx"), Path("returns/77014-avon.xlsx"),
                    {"demarches_en_ligne": 12, "conseiller_numerique": "Oui"}, confirm=["lieux_mediation"])

Answers are typed the way a person types them: a str goes through Calc's input parser
(`setFormula`, what the keyboard does: "12" becomes a number, "Oui" or "09:00 - 12:00" stay text),
an int or float is set as a number, True/False become "Oui"/"Non" (the French request's list;
pass the words as text for an English one), None clears the cell.

Needs Debian's python3 with python3-uno and libreoffice-calc. Command line:

    python3 tools/requests/fill_with_libreoffice.py REQUEST.xlsx OUT.xlsx id=value ... [--confirm id ...]
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Iterable

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# The markers, errors and command line both fillers share: fill_request.py sits beside this file,
# which may be run as a script or loaded from its path (the tests do).
sys.path.insert(0, str(Path(__file__).resolve().parent))
from fill_request import MARKERS, RequestError, run_command_line  # noqa: E402

XLSX_FILTER = "Calc MS Excel 2007 XML"


def _properties(**values):
    out = []
    for name, value in values.items():
        p = PropertyValue()
        p.Name, p.Value = name, value
        out.append(p)
    return tuple(out)


class LibreOffice:
    """One headless LibreOffice for a series of fills (starting it costs seconds; filling does not)."""

    def __init__(self, soffice="soffice", start_timeout=90):
        self.soffice = soffice
        self.start_timeout = start_timeout
        self.process = None
        self.desktop = None
        self.profile = None

    def __enter__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="munidash-lo-uno-")
        pipe = f"munidash-{uuid.uuid4().hex}"
        # A new session, so that on a hang the whole group this script started can be ended by its id.
        self.process = subprocess.Popen(
            [self.soffice, f"-env:UserInstallation=file://{self.profile.name}", "--headless", "--invisible",
             "--nologo", "--norestore", "--nodefault", "--nolockcheck",
             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                # The first start builds the fresh profile: it takes a few seconds.
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self._stop()
                    raise RequestError(f"LibreOffice did not accept a connection within {self.start_timeout} s")
                time.sleep(0.5)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        return self

    def __exit__(self, *exc):
        self._stop()
        return False

    def _stop(self):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:  # the bridge goes away as LibreOffice quits: expected
                pass
            self.desktop = None
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            self.process = None
        if self.profile is not None:
            self.profile.cleanup()
            self.profile = None

    def fill(self, source: Path, target: Path, answers: dict[str, object], confirm: Iterable[str] = ()) -> None:
        """Opens `source`, types `answers`, confirms `confirm`, saves to `target` as xlsx, closes."""
        url = uno.systemPathToFileUrl(str(Path(source).resolve()))
        document = self.desktop.loadComponentFromURL(url, "_blank", 0, _properties(Hidden=True, ReadOnly=False))
        if document is None:
            raise RequestError(f"{source}: LibreOffice could not open it")
        try:
            sheet, rows, answer_col, confirmed_col = _find_questions(document)
            confirm = list(confirm)
            unknown = [qid for qid in [*answers, *confirm] if qid not in rows]
            if unknown:
                raise RequestError(f"{source}: no question {', '.join(unknown)} (asked: {', '.join(rows)})")
            for qid, value in answers.items():
                _type_into(sheet.getCellByPosition(answer_col, rows[qid]), value)
            for qid in confirm:
                _type_into(sheet.getCellByPosition(confirmed_col, rows[qid]), "Oui")
            target = Path(target).resolve()
            target.parent.mkdir(parents=True, exist_ok=True)
            document.storeToURL(uno.systemPathToFileUrl(str(target)), _properties(FilterName=XLSX_FILTER, Overwrite=True))
        finally:
            document.close(True)


def _find_questions(document):
    """(sheet, {id: row}, answer column, confirmed column), 0-based, as the reader finds them."""
    sheets = document.Sheets
    for index in range(sheets.Count):
        sheet = sheets.getByIndex(index)
        if not sheet.IsVisible:
            continue
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        end = cursor.RangeAddress
        data = sheet.getCellRangeByPosition(0, 0, end.EndColumn, end.EndRow).DataArray
        where = {}
        for r, row in enumerate(data):
            for c, value in enumerate(row):
                if value in MARKERS and value not in where:
                    where[value] = (r, c)
        if all(m in where for m in MARKERS):
            marker_row, id_col = where["munidash:id"]
            rows = {}
            # The visible header sits right under the marker row (its id column says "id").
            for r in range(marker_row + 2, len(data)):
                value = data[r][id_col]
                if isinstance(value, str) and value and not value.startswith("munidash:"):
                    rows.setdefault(value, r)
            return sheet, rows, where["munidash:answer"][1], where["munidash:confirmed"][1]
    raise RequestError("no visible sheet holds the munidash:id, munidash:answer and munidash:confirmed markers")


def _type_into(cell, value):
    if value is None:
        cell.setString("")
    elif isinstance(value, bool):  # before int: bool is an int in Python
        cell.setFormula("Oui" if value else "Non")
    elif isinstance(value, (int, float)):
        cell.setValue(value)
    else:
        # Calc's input parser, as typing on the keyboard: numbers become numbers, words stay text.
        cell.setFormula(str(value))


def fill(source: Path, target: Path, answers: dict[str, object], confirm: Iterable[str] = ()) -> None:
    """One fill with a LibreOffice of its own (see LibreOffice for a series)."""
    with LibreOffice() as office:
        office.fill(source, target, answers, confirm)


def main(argv=None) -> int:
    # Text as typed on the keyboard: Calc's own input parser decides what becomes a number.
    return run_command_line("fill_with_libreoffice", "Fill a munidash request workbook through LibreOffice Calc.",
                            fill, lambda value: value if value != "" else None, argv)


if __name__ == "__main__":
    sys.exit(main())
