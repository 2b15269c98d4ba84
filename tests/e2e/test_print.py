"""What the towns receive prints and reads well, read from the workbook's XML (not through our writer):
every sheet prints its smallest type at 8 points or more; the summary prints landscape over several
pages that break only between groups of indicator columns, code and name repeated on each; every
flagged value carries a visible mark (in its number format, or alone when there is no number) and the
legend says what each mark means; every chart has alternative text; LibreOffice prints a reasonable
number of pages."""
import re
import zipfile
import zlib
from xml.etree import ElementTree

import openpyxl

import e2e_support as e2e

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "xdr": "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"}

A4_LANDSCAPE_WIDTH = 841.89 - 2 * 0.7 * 72  # points inside the default margins

A4_PORTRAIT_WIDTH = 595.28 - 2 * 0.7 * 72

LIBREOFFICE_WIDER = 1.06  # LibreOffice draws Calibri-11 columns about 6 % wider than Excel (measured on its PDFs)


def sheet_parts(archive):
    """{sheet name: (its part, its position)} from workbook.xml and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("rel:Relationship", NS)}
    sheets = book.findall("m:sheets/m:sheet", NS)
    return {s.get("name"): ("xl/" + targets[s.get(f"{{{NS['r']}}}id")], i) for i, s in enumerate(sheets)}


def print_titles(archive):
    """{sheet position: the _xlnm.Print_Titles text}."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return {int(d.get("localSheetId")): d.text for d in book.findall("m:definedNames/m:definedName", NS)
            if d.get("name") == "_xlnm.Print_Titles"}


def cell_font_sizes(archive):
    """The font size of each cell style (the s= attribute of a cell)."""
    styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    fonts = [float(f.find("m:sz", NS).get("val")) for f in styles.findall("m:fonts/m:font", NS)]
    return [fonts[int(x.get("fontId", "0"))] for x in styles.findall("m:cellXfs/m:xf", NS)]


def column_points(sheet):
    """{0-based column: width in points} from <cols>; Excel draws a stored width W as round(7 W) pixels."""
    widths = {}
    for col in sheet.findall("m:cols/m:col", NS):
        for c in range(int(col.get("min")) - 1, int(col.get("max"))):
            widths[c] = round(float(col.get("width")) * 7) * 0.75
    return widths

ONE_PAGE_ACROSS = {"Couverture", "Groupes de pairs", "Qualité des données", "Méthodologie", "Trilport"}


def check_workbook_print(path, name_of_summary=None):
    """Checks every sheet's print set-up; returns {sheet name: (scale, breaks, orientation, titles, header, xml)}."""
    found = {}
    with zipfile.ZipFile(path) as archive:
        sizes = cell_font_sizes(archive)
        titles = print_titles(archive)
        for name, (part, position) in sheet_parts(archive).items():
            sheet = ElementTree.fromstring(archive.read(part))
            setup = sheet.find("m:pageSetup", NS)
            assert setup is not None, f"{path.name} {name}: a page set-up"
            if setup is None:
                continue
            scale = int(setup.get("scale", "100"))
            fit = sheet.find("m:sheetPr/m:pageSetUpPr", NS)
            assert fit is None or fit.get("fitToPage") != "1", f"{path.name} {name}: a scale, not fit to page"
            assert setup.get("paperSize") == "9", f"{path.name} {name}: A4 paper"
            styles = {int(c.get("s", "0")) for c in sheet.iter(f"{{{NS['m']}}}c")}
            smallest = min(sizes[s] for s in styles) if styles else 11
            assert smallest * scale / 100 >= 8, (
                (f"{path.name} {name}: smallest type {smallest} pt at {scale} % prints at "
                    f"{smallest * scale / 100:.1f} pt, 8 at least"))
            header = sheet.findtext("m:headerFooter/m:oddHeader", "", NS)
            footer = sheet.findtext("m:headerFooter/m:oddFooter", "", NS)
            assert "&P" in footer and "&N" in footer, f"{path.name} {name}: page x of y in the footer ({footer})"
            breaks = [int(b.get("id")) for b in sheet.findall("m:colBreaks/m:brk", NS)]
            # Each page across holds its columns and the repeated ones within the printable width.
            widths = column_points(sheet)
            landscape = setup.get("orientation") == "landscape"
            page_width = A4_LANDSCAPE_WIDTH if landscape else A4_PORTRAIT_WIDTH
            title = titles.get(position, "") or ""
            repeated = re.search(r"\$([A-Z]+):\$([A-Z]+)", title)
            repeat_width = 0
            if repeated:
                first = openpyxl.utils.column_index_from_string(repeated.group(1)) - 1
                last = openpyxl.utils.column_index_from_string(repeated.group(2)) - 1
                repeat_width = sum(widths.get(c, 48) for c in range(first, last + 1))
            if name in ONE_PAGE_ACROSS:
                assert not breaks, f"{path.name} {name}: one page across, no break"
            else:
                assert repeated is not None, f"{path.name} {name}: wider than a page, its first columns repeated"
            if breaks or name == name_of_summary or name in ONE_PAGE_ACROSS:
                starts = [0] + breaks
                ends = breaks + [max(widths) + 1 if widths else 1]
                for i, (start, end) in enumerate(zip(starts, ends)):
                    width = sum(widths.get(c, 48) for c in range(start, end)) + (repeat_width if i else 0)
                    printed = width * LIBREOFFICE_WIDER * scale / 100
                    assert printed <= page_width, (
                        (f"{path.name} {name}: page {i + 1} across, {printed:.0f} points wide at {scale} %, "
                            f"fits in {page_width:.0f}"))
            found[name] = (scale, breaks, setup.get("orientation"), title, header, sheet)
    return found


def test_print(munidash, repo, tmp_path):
    tmp = tmp_path
    code, err, main, town = e2e.run_demo_with_town_workbooks(munidash, repo, tmp)
    assert code == 0, f"the demo runs: {err[-300:]}"

    # --- Print set-up ---------------------------------------------------------------------------
    sheets = check_workbook_print(main, "Synthèse")
    check_workbook_print(town)
    scale, breaks, orientation, title, header, xml = sheets["Synthèse"]
    assert orientation == "landscape", f"the summary prints landscape ({orientation})"
    assert scale * 11 / 100 >= 8 and scale < 100, f"the summary's 11-point type prints at 8 points or more ({scale} %)"
    book = openpyxl.load_workbook(main)
    summary = book["Synthèse"]
    # Groups of columns: 5 town columns, then each indicator over its value, rank and median (its label
    # merged over them on row 5), then the composite.
    group_starts = sorted(openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", str(r)).group(0)) - 1
                          for r in summary.merged_cells.ranges if r.min_row == 5)
    assert len(group_starts) == 6, f"five indicators and the composite are merged groups: {group_starts}"
    assert len(breaks) >= 1, f"the summary prints over several pages across: breaks {breaks}"
    assert all(b in group_starts for b in breaks), f"pages break only where a group starts: {breaks} in {group_starts}"
    assert "$A:$B" in title and "$5:$6" in title, f"code and name columns, and the header rows, on every page: {title}"
    assert "Baromètre numérique des petites villes" in header, f"the report's title in the page header: {header}"
    town_book = openpyxl.load_workbook(town)
    assert town_book.sheetnames[1] == "Trilport", f"the town's page: {town_book.sheetnames}"

    # --- Flag marks -------------------------------------------------------------------------------
    legend = summary["A4"].value or ""
    marks = dict((name.strip(), mark) for mark, name in re.findall(r"(\([a-z]\)) ([^;.(]+)", legend.split("\n")[-1]))
    assert {"plafonnée", "imputée", "secret statistique", "estimation"} <= set(marks), (
        f"the summary's legend names every mark: {legend!r}")
    method_text = " ".join(str(c.value) for r in book["Méthodologie"].iter_rows() for c in r if c.value)
    assert all(f"{m} {n}" in method_text for n, m in marks.items()), "the methodology explains every mark"
    codes = {r[0]: i for i, r in enumerate(summary.iter_rows(min_row=7, max_col=1, values_only=True))}
    labels = [summary.cell(5, 6 + 3 * k).value.split("\n")[0] for k in range(5)]
    flagged, unmarked = 0, []
    for r in book["Comparaisons"].iter_rows(min_row=6, values_only=True):
        code_insee, indicator, flag = r[0], r[2], r[4]
        cell = summary.cell(7 + codes[code_insee], 6 + 3 * labels.index(indicator))
        if flag in marks:
            flagged += 1
            mark = marks[flag]
            shown = (isinstance(cell.value, (int, float)) and mark in cell.number_format) or cell.value == mark
            if not shown:
                unmarked.append(f"{code_insee} {indicator}: {cell.value!r} {cell.number_format!r}")
            if isinstance(cell.value, (int, float)):
                assert cell.data_type == "n", f"a marked value stays a number: {code_insee}"
        elif "(" in cell.number_format.replace('" %"', ""):
            unmarked.append(f"{code_insee} {indicator}: marked without a flag {cell.number_format!r}")
    assert flagged >= 3, f"the demo has flagged values (capped, censored): {flagged}"
    assert not unmarked, f"every flagged value, and only those, carries its mark: {unmarked[:5]}"
    page = town_book["Trilport"]
    for r in page.iter_rows(min_row=7, max_row=11):
        value, flag = r[1], r[9].value
        if flag in marks:
            assert marks[flag] in value.number_format or value.value == marks[flag], (
                f"Trilport's {r[0].value} carries its mark {marks[flag]}: {value.number_format}")

    # --- Charts' alternative text -----------------------------------------------------------------
    for path in (main, town):
        with zipfile.ZipFile(path) as archive:
            drawings = [p for p in archive.namelist() if re.match(r"xl/drawings/drawing\d+\.xml$", p)]
            assert drawings, f"{path.name} has charts"
            for part in drawings:
                frames = ElementTree.fromstring(archive.read(part)).findall(".//xdr:graphicFrame/xdr:nvGraphicFramePr/xdr:cNvPr", NS)
                assert frames, f"{path.name} {part}: chart frames"
                for frame in frames:
                    descr = frame.get("descr") or ""
                    assert len(descr) > 40, f"{path.name} {part} {frame.get('name')}: alternative text {descr!r}"
                    if path == town:
                        assert "Trilport" in descr, f"a town's chart names the town: {descr!r}"
                    else:
                        assert "médiane" in descr, f"a peer chart says what it shows, in French: {descr!r}"

    # --- Printed by a reader we did not write: a reasonable number of pages -----------------------
    for workbook, low, high in ((main, 10, 400), (town, 3, 6)):
        done, pdf = e2e.libreoffice_convert(workbook, "pdf", tmp / "pdf")
        assert done.returncode == 0 and pdf.exists(), f"{workbook.name} converts: {done.stdout} {done.stderr}"
        if pdf.exists():
            data = pdf.read_bytes()
            pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
            # The size of every piece of text drawn ("SIZE Tf" in the pages' content streams).
            sizes = set()
            for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
                try:
                    sizes.update(float(s) for s in re.findall(rb"([\d.]+) Tf", zlib.decompress(stream)))
                except zlib.error:
                    continue  # not a content stream (a font, an image)
            smallest = min(sizes) if sizes else 0
            print(f"{workbook.name}: {pages} pages printed, smallest type {smallest} pt")
            assert low <= pages <= high, f"{pdf.name}: {pages} pages, between {low} and {high}"
            assert smallest >= 8, f"{pdf.name}: every text printed at 8 points or more (smallest {smallest})"
