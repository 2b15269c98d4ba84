"""A reader we did not write renders the workbooks: LibreOffice (Debian's libreoffice-calc-nogui)
converts the demo workbook and a town's workbook to PDF without error."""
import re

import e2e_support as e2e


def test_libreoffice(munidash, repo, tmp_path):
    tmp = tmp_path
    code, err, main, town = e2e.run_demo_with_town_workbooks(munidash, repo, tmp)
    assert code == 0, f"the demo runs: {err[-300:]}"
    workbooks = [main, town]
    for workbook in workbooks:
        done, pdf = e2e.libreoffice_convert(workbook, "pdf", tmp / "pdf")
        assert done.returncode == 0 and pdf.exists(), f"{workbook.name} converts: {done.stdout} {done.stderr}"
        if pdf.exists():
            data = pdf.read_bytes()
            pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
            assert data.startswith(b"%PDF") and pages >= 2, f"{pdf.name} is a PDF of several pages ({pages})"
