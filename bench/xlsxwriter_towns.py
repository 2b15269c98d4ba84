#!/usr/bin/python3
"""The same batch of town workbooks written by Python's XlsxWriter, for the benchmark: a cover with
links, the town's page (the same 12 columns, a bar chart and a radar), and a methodology sheet.
The values come from munidash's own report workbook; only the writing is timed.
Usage: xlsxwriter_towns.py REPORT.xlsx OUT_DIR PROCESSES"""
import multiprocessing
import re
import sys
import time
import unicodedata
from pathlib import Path

import openpyxl
import xlsxwriter

report, out_dir, processes = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
out_dir.mkdir(parents=True, exist_ok=True)


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60] or "commune"


def load():
    book = openpyxl.load_workbook(report, read_only=True)
    rows = list(book["Comparaisons"].iter_rows(min_row=6, values_only=True))
    towns = {}
    for r in rows:
        towns.setdefault((r[0], r[1]), []).append(r)
    method = [r for r in book["Méthodologie"].iter_rows(min_row=6, max_row=25, values_only=True)]
    return list(towns.items()), method


def write(args):
    (code, name), rows, method = args
    wb = xlsxwriter.Workbook(str(out_dir / f"{code}-{slug(name)}.xlsx"))
    title = wb.add_format({"bold": True, "font_size": 16, "font_color": "#1F3864"})
    header = wb.add_format({"bold": True, "text_wrap": True, "border": 1, "bg_color": "#DDEBF7", "align": "center"})
    cell = wb.add_format({"border": 1})
    number = wb.add_format({"border": 1, "num_format": "0.0"})
    cover = wb.add_worksheet("Couverture")
    cover.write(1, 1, "Banc d'essai, toutes les communes", title)
    cover.write(3, 1, f"{name} ({code})", title)
    sheet_name = name[:31].translate(str.maketrans("[]:*?/\\", "       "))
    cover.write_url(6, 1, f"internal:'{sheet_name}'!A1", string=name)
    cover.write_url(7, 1, "internal:'Méthodologie'!A1", string="Méthodologie")
    page = wb.add_worksheet(sheet_name)
    page.write(0, 0, f"{name} ({code})", title)
    headers = ["Indicateur", "Valeur", "Unité", "Rang", "Centile", "Médiane du groupe", "1er quartile", "3e quartile",
               "Écart", "Signal", "Score", "Score médian"]
    for c, h in enumerate(headers):
        page.write(5, c, h, header)
    for i, r in enumerate(rows):
        page.write(6 + i, 0, r[2], cell)
        for c, v in ((1, r[3]), (4, r[6]), (5, r[8]), (6, r[9]), (7, r[10]), (8, r[11]), (10, r[6]), (11, 50)):
            # A value munidash could not give is a flag's mark (text) or empty.
            if isinstance(v, (int, float)):
                page.write_number(6 + i, c, v, number)
            else:
                page.write(6 + i, c, v or "", number)
        page.write(6 + i, 2, "", cell)
        page.write(6 + i, 3, f"{r[5]}", cell)
        page.write(6 + i, 9, r[4] or "", cell)
    last = 6 + len(rows) - 1
    bar = wb.add_chart({"type": "bar"})
    bar.add_series({"categories": [sheet_name, 6, 0, last, 0], "values": [sheet_name, 6, 4, last, 4], "data_labels": {"value": True}})
    bar.set_title({"name": "Position parmi toutes les communes comparées"})
    page.insert_chart(last + 3, 0, bar)
    radar = wb.add_chart({"type": "radar", "subtype": "with_markers"})
    radar.add_series({"categories": [sheet_name, 6, 0, last, 0], "values": [sheet_name, 6, 10, last, 10], "name": name})
    radar.add_series({"categories": [sheet_name, 6, 0, last, 0], "values": [sheet_name, 6, 11, last, 11], "name": "Groupe"})
    page.insert_chart(last + 3, 4, radar)
    page.set_landscape()
    page.fit_to_pages(1, 1)
    meth = wb.add_worksheet("Méthodologie")
    for i, r in enumerate(method):
        for c, v in enumerate(r[:9]):
            if v is not None:
                meth.write(4 + i, c, v, cell)
    wb.close()


if __name__ == "__main__":
    towns, method = load()
    jobs = [(key, rows, method) for key, rows in towns]
    start = time.perf_counter()
    if processes == 1:
        for job in jobs:
            write(job)
    else:
        with multiprocessing.Pool(processes) as pool:
            pool.map(write, jobs, chunksize=16)
    print(f"xlsxwriter: {len(jobs)} town workbooks in {time.perf_counter() - start:.1f} s with {processes} process(es)")
