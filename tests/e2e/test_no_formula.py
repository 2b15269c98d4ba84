"""No formula anywhere in a workbook: towns named like formulas (=, +, -, @), like page-header codes
(&P&D), and an indicator label that starts with '=' reach cells, sheet names, links, chart titles,
series names and page headers of the whole-selection workbook and of every town's workbook as text.
Every XML part of every workbook is read back: the only formulas are the references the engine
writes itself (chart ranges, print titles), naming the workbook's own sheets. A town name holding a
control character is refused when the reference list is read, with its file and line."""
import csv
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree
import pytest

import e2e_support as e2e

HOSTILE = {
    "77005": '=HYPERLINK("http://evil.example/x","Cliquez")',
    "77014": "=1+1",
    "77475": "+cmd|' /C calc'!A0",
    "91016": "@SUM(1)",
    "91021": "-2+3",
    "91044": "&P&D",
}

LABEL = "=1+1 Lieux de médiation numérique"  # an indicator label: a chart title on the peers sheet

ORGANISATION = "Mairie &P&D"  # in every page header, where & starts a code

# A reference the engine may write: a sheet (quoted, or a plain word), then a cell, a range of
# cells or a range of rows (print titles). Anything else in a formula element is a formula.
REFERENCE = re.compile(r"^(?:'((?:[^']|'')+)'|([A-Za-z0-9_.]+))!"
                       r"(?:\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?|\$\d+:\$\d+|\$[A-Z]{1,3}:\$[A-Z]{1,3})$")

# Print titles repeat columns and rows: two references joined by a comma (outside a quoted sheet name).
UNION = re.compile(r"^((?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)![^,]+),((?:'(?:[^']|'')+'|[A-Za-z0-9_.]+)![^,]+)$")


def local(tag):
    return tag.rsplit("}", 1)[-1]


def write_reference(path, names):
    """The reference list with some towns renamed, quoted as CSV needs."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[0] in names:
            row[1] = names[row[0]]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    Path(path).write_text(out.getvalue(), encoding="utf-8")
    return rows


def check_workbook(path, texts_seen, series_seen):
    """Checks one .xlsx; collects its texts (cells, chart texts) and its charts' series names."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    workbook = ElementTree.fromstring(parts["xl/workbook.xml"])
    sheets = {e.get("name") for e in workbook.iter() if local(e.tag) == "sheet"}
    for name, data in parts.items():
        root = ElementTree.fromstring(data)
        for element in root.iter():
            tag = local(element.tag)
            text = element.text or ""
            if tag in ("f", "definedName", "formula", "formula1", "formula2"):
                union = UNION.match(text) if tag == "definedName" else None
                for reference in (union.groups() if union else (text,)):
                    match = REFERENCE.match(reference)
                    sheet = (match.group(1).replace("''", "'") if match.group(1) else match.group(2)) if match else None
                    assert match and sheet in sheets, (
                        f"{path.name}: {name}: <{tag}> is a reference to a sheet of the workbook: {text!r}")
                # What libxlsxwriter makes of a name that starts with '=': the name, without it, as a formula.
                assert not any(text.startswith((h, h.lstrip("=+-@"))) for h in [*HOSTILE.values(), LABEL]), (
                    f"{path.name}: {name}: a name became a formula: {text!r}")
            if tag == "hyperlink" and element.get("location") is not None:
                match = REFERENCE.match(element.get("location"))
                sheet = (match.group(1).replace("''", "'") if match.group(1) else match.group(2)) if match else None
                assert match and sheet in sheets, f"{path.name}: {name}: a link to a sheet: {element.get('location')!r}"
            if tag in ("dataValidation", "cellWatch", "tablePart"):
                pytest.fail(f"{path.name}: {name}: unexpected <{tag}>")
            if tag == "t" or (tag == "v" and name.startswith("xl/charts/")):
                texts_seen.add(text)
            if tag in ("oddHeader", "evenHeader", "firstHeader"):
                assert "&&P&&D" in text and "&L" in text, (
                    f"{path.name}: {name}: the organisation's & are doubled in the header: {text!r}")
            if tag == "ser" and name.startswith("xl/charts/"):
                tx = next((c for c in element if local(c.tag) == "tx"), None)
                if tx is not None:
                    formulas = [e.text for e in tx.iter() if local(e.tag) == "f"]
                    values = [e.text for e in tx.iter() if local(e.tag) == "v"]
                    assert not formulas, f"{path.name}: {name}: a series name is a formula: {formulas}"
                    series_seen.update(values)
            if tag == "c" and name.startswith("xl/worksheets/"):
                # A cell is a number, a shared string or an inline string: never a formula, never an error.
                assert element.get("t") in (None, "n", "s", "inlineStr"), (
                    f"{path.name}: {name}: cell {element.get('r')} has type {element.get('t')!r}")
    return sheets


def test_no_formula(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    communes = spec.parent / "data" / "communes.csv"
    original = communes.read_text(encoding="utf-8")
    rows = write_reference(communes, HOSTILE)
    assert len([r for r in rows if r[0] in HOSTILE]) == len(HOSTILE), "every renamed town is in the reference list"
    e2e.edit(spec, "organisation: Association des petites villes (démonstration)", f'organisation: "{ORGANISATION}"')
    e2e.edit(spec, "label: Lieux de médiation numérique pour 10 000 hab.", f'label: "{LABEL}"')
    e2e.edit(spec, '  workbook: "../reports/{report.id}-{report.period}.xlsx"',
             '  workbook: "../reports/{report.id}-{report.period}.xlsx"\n  town_sheets: true\n'
             '  per_town: "../reports/{report.period}/communes/{town.code}-{town.slug}.xlsx"')
    code, out, err = e2e.run(munidash, "run", str(spec), "--jobs", "2")
    assert code == 0, f"a run with hostile town names: exit {code}: {err[-800:]}"

    root = tmp / "reports"
    main = root / "petites-villes-illustratif-2024.xlsx"
    workbooks = sorted(root.rglob("*.xlsx"))
    assert main in workbooks and len(workbooks) > 200, f"the main workbook and every town's: {len(workbooks)}"
    for workbook in workbooks:
        texts, series = set(), set()
        sheets = check_workbook(workbook, texts, series)
        if workbook == main:
            for code_insee, name in HOSTILE.items():
                assert name in texts, f"main workbook: {name!r} is text (shared string or chart text)"
                assert name in series, f"main workbook: {name!r} is a literal series name of its town page"
            assert LABEL in texts, f"main workbook: the label {LABEL!r} is text, in cells and a chart title"
            assert len(sheets) > 200, f"main workbook: a sheet per town: {len(sheets)}"
        elif workbook.name.split("-")[0] in HOSTILE:
            name = HOSTILE[workbook.name.split("-")[0]]
            assert name in texts and name in series, f"{workbook.name}: {name!r} is text and a literal series name"
    assert not e2e.xml_problems, f"every XML part is well-formed: {e2e.xml_problems[:3]}"

    # A control character in a town's name: refused when the list is read, with its line.
    write_reference(communes, {"91064": "Bell\x07Ville"})
    line = 1 + next(i for i, text in enumerate(communes.read_text(encoding="utf-8").split("\n")) if text.startswith("91064,"))
    for old in root.rglob("*.xlsx"):
        old.unlink()
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 4, f"a control character in a town name is a data error (exit 4): exit {code}: {err[-600:]}"
    assert f"communes.csv:{line}: error:" in err and "control character" in err and "\x07" not in err, (
        f"the error names the reference list's line {line} and does not print the character: {err[-600:]}")
    assert not list(root.rglob("*.xlsx")), "no workbook is written"
    communes.write_text(original, encoding="utf-8")

    # The same in munidash's built-in list of communes (a damaged or hand-edited copy).
    builtin = tmp / "builtin"
    shutil.copytree(Path(repo) / "data" / "communes", builtin)
    lines = (builtin / "communes.csv").read_text(encoding="utf-8").split("\n")
    line = 1 + next(i for i, text in enumerate(lines) if text.startswith("91064,"))
    lines[line - 1] = lines[line - 1].replace("91064,Bièvres,", "91064,Bell\x07Ville,")
    (builtin / "communes.csv").write_text("\n".join(lines), encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(spec.parent / "petites-villes-numerique.yaml"),
                             "-o", str(tmp / "builtin.xlsx"), env_extra={"MUNIDASH_COMMUNES_DIR": str(builtin)})
    assert code == 4, f"a control character in the built-in list is a data error (exit 4): exit {code}: {err[-600:]}"
    assert f"communes.csv:{line}: error:" in err and "control character" in err and "\x07" not in err, (
        f"the error names the built-in list's line {line}: {err[-600:]}")
