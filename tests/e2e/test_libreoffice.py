#!/usr/bin/python3
"""A reader we did not write renders the workbooks: LibreOffice (Debian's libreoffice-calc-nogui)
converts the demo workbook and a town's workbook to PDF without error."""
import re
from pathlib import Path

import e2e_support as e2e

args = e2e.arguments()
t = e2e.checker("LibreOffice")

with e2e.temporary_folder() as tmp:
    tmp = Path(tmp)
    code, err, main, town = e2e.run_demo_with_town_workbooks(args.munidash, args.repo, tmp)
    t.check(code == 0, f"the demo runs: {err[-300:]}")
    workbooks = [main, town]
    for workbook in workbooks:
        done, pdf = e2e.libreoffice_convert(workbook, "pdf", tmp / "pdf")
        t.check(done.returncode == 0 and pdf.exists(), f"{workbook.name} converts: {done.stdout} {done.stderr}")
        if pdf.exists():
            data = pdf.read_bytes()
            pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
            t.check(data.startswith(b"%PDF") and pages >= 2, f"{pdf.name} is a PDF of several pages ({pages})")

t.close()
