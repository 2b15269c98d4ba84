#!/usr/bin/python3
"""Dumps every cell of a workbook, with its look, to a tab-separated file that replay_cells reads:
the bare-libxlsxwriter floor then writes exactly the same cells with no engine around it.

Lines: F id number_format bold italic size font_color fill_color border wrap horizontal top
       S sheet_name
       N row col format value      (a number)
       T row col format text       (text; tab, newline and backslash escaped)
       B row col format            (a formatted blank)
Usage: dump_cells.py WORKBOOK.xlsx OUT.tsv"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BUILTIN = {0: "", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 14: "mm-dd-yy"}


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def column_of(ref):
    col = 0
    for ch in ref:
        if not ch.isalpha():
            break
        col = col * 26 + ord(ch) - 64
    return col - 1


def styles(book, out):
    root = ET.fromstring(book.read("xl/styles.xml"))
    formats = {int(f.get("numFmtId")): f.get("formatCode") for f in root.iter(NS + "numFmt")}
    fonts = []
    for font in root.find(NS + "fonts"):
        color = font.find(NS + "color")
        size = font.find(NS + "sz")
        fonts.append((font.find(NS + "b") is not None, font.find(NS + "i") is not None,
                      size.get("val") if size is not None else "0",
                      (color.get("rgb") or "")[-6:] if color is not None else ""))
    fills = []
    for fill in root.find(NS + "fills"):
        fg = fill.find(f"{NS}patternFill/{NS}fgColor")
        fills.append((fg.get("rgb") or "")[-6:] if fg is not None else "")
    borders = [any(len(side) for side in border) for border in root.find(NS + "borders")]
    for index, xf in enumerate(root.find(NS + "cellXfs")):
        num = int(xf.get("numFmtId", "0"))
        bold, italic, size, color = fonts[int(xf.get("fontId", "0"))]
        align = xf.find(NS + "alignment")
        wrap = align is not None and align.get("wrapText") == "1"
        horizontal = align.get("horizontal", "") if align is not None else ""
        top = align is not None and align.get("vertical") == "top"
        out.write("\t".join(["F", str(index), escape(formats.get(num, BUILTIN.get(num, ""))), str(int(bold)),
                             str(int(italic)), size, color or "-", fills[int(xf.get("fillId", "0"))] or "-",
                             str(int(borders[int(xf.get("borderId", "0"))])), str(int(wrap)), horizontal or "-",
                             str(int(top))]) + "\n")


def sheets(book):
    workbook = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for sheet in workbook.iter(NS + "sheet"):
        yield sheet.get("name"), "xl/" + targets[sheet.get(REL + "id")].lstrip("/").removeprefix("xl/")


def main():
    book = zipfile.ZipFile(sys.argv[1])
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        shared = ["".join(t.text or "" for t in si.iter(NS + "t"))
                  for si in ET.fromstring(book.read("xl/sharedStrings.xml"))]
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        styles(book, out)
        for name, part in sheets(book):
            out.write(f"S\t{escape(name)}\n")
            row = 0
            for event, element in ET.iterparse(book.open(part), events=("end",)):
                if element.tag == NS + "row":
                    element.clear()
                    continue
                if element.tag != NS + "c":
                    continue
                ref = element.get("r")
                row = int(re.sub(r"[A-Z]+", "", ref)) - 1
                col = column_of(ref)
                fmt = element.get("s", "0")
                kind = element.get("t")
                value = element.find(NS + "v")
                if kind == "inlineStr":
                    text = "".join(t.text or "" for t in element.iter(NS + "t"))
                    out.write(f"T\t{row}\t{col}\t{fmt}\t{escape(text)}\n")
                elif kind == "s":
                    out.write(f"T\t{row}\t{col}\t{fmt}\t{escape(shared[int(value.text)])}\n")
                elif value is not None:
                    out.write(f"N\t{row}\t{col}\t{fmt}\t{value.text}\n")
                else:
                    out.write(f"B\t{row}\t{col}\t{fmt}\n")


if __name__ == "__main__":
    main()
