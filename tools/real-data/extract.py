#!/usr/bin/python3
"""Remakes the small extracts of real open data under configs/data/reelles/ from the original files.

The originals are the byte-identical copies described in ../shared/data/real/README.md (ARCEP,
ANCT, INSEE via Data For Good's batch8_mednum). Only the rows of Seine-et-Marne (77), Essonne (91)
and Val-de-Marne (94) are kept: every row whose code is, or today belongs to (data/communes/
history.csv), a commune of those departments, and every row whose code starts with 77, 91 or 94.
Only the columns the demo and the examples use are kept; rows stay in the file's order, and the
ARCEP disclaimer line stays above its header, as in the original.

Usage: tools/real-data/extract.py [--from DIR] [--check]
  --from DIR  the folder of original files (default: ../shared/data/real beside the repository)
  --check     compare with the committed extracts instead of writing them (exit 1 if they differ)
"""
import argparse
import csv
import io
import sys
from pathlib import Path

repo = Path(__file__).resolve().parent.parent.parent
parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--from", dest="source", default=str(repo.parent / "shared" / "data" / "real"))
parser.add_argument("--check", action="store_true")
args = parser.parse_args()
source = Path(args.source)
if not (source / "arcep_mci_commune_debit_beta_2019-09-30.csv").exists():
    print(f"SKIPPED: the original files are not in {source}")
    sys.exit(77 if args.check else 1)
out_dir = repo / "configs" / "data" / "reelles"
DEPARTMENTS = ("77", "91", "94")

with open(repo / "data" / "communes" / "communes.csv", encoding="utf-8", newline="") as f:
    department_of = {r["code"]: r["department"] for r in csv.DictReader(f)}
with open(repo / "data" / "communes" / "history.csv", encoding="utf-8", newline="") as f:
    today = {r["code"]: r["commune"] for r in csv.DictReader(f) if r["kind"] in ("merged", "arrondissement")}


def kept(code):
    """A row of the three departments, under today's code or another year's."""
    return code[:2] in DEPARTMENTS or department_of.get(today.get(code, code)) in DEPARTMENTS


def extract(name, original, columns, key, *, delimiter, lineterminator, quoting=csv.QUOTE_MINIMAL, preamble=0):
    with open(source / original, encoding="utf-8", newline="") as f:
        head = [f.readline() for _ in range(preamble)]
        reader = csv.DictReader(f, delimiter=delimiter)
        missing = [c for c in columns if c not in reader.fieldnames]
        if missing:
            sys.exit(f"extract: {original} has no column {missing}")
        rows = [[r[c] for c in columns] for r in reader if kept(r[key])]
    text = io.StringIO(newline="")
    for line in head:
        text.write(line.rstrip("\r\n") + lineterminator)
    writer = csv.writer(text, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
    writer.writerow(columns)
    writer.writerows(rows)
    return name, text.getvalue(), len(rows)


extracts = [
    extract("arcep-debits-2019-09-30.csv", "arcep_mci_commune_debit_beta_2019-09-30.csv",
            ["code_insee", "nom_com", "nbr", "inel_hd", "elig_hd05", "elig_hd3", "elig_hd8", "elig_thd30",
             "elig_thd100", "elig_thd1g", "date"], "code_insee", delimiter=";", lineterminator="\n", preamble=1),
    extract("anct-france-services-2022-12-01.csv", "anct_france_services_liste-fs-20221201.csv",
            ["insee_com", "lib_fs", "format_fs", "itinerance"], "insee_com", delimiter=",", lineterminator="\n",
            quoting=csv.QUOTE_ALL),
    extract("insee-rp2017-parts.csv", "batch8_census_shares_rp2017_communes.csv",
            ["CODE_INSEE", "LIBCOM", "TX_NSCOL15P", "TX_65ETPLUS"], "CODE_INSEE", delimiter=",",
            lineterminator="\r\n"),
]

different = []
for name, text, count in extracts:
    target = out_dir / name
    if args.check:
        if not target.exists() or target.read_bytes() != text.encode("utf-8"):
            different.append(name)
        continue
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    print(f"extract: {count} rows in {target.relative_to(repo)}")
if different:
    sys.exit(f"extract: these extracts differ from what the original files give: {', '.join(different)}")
