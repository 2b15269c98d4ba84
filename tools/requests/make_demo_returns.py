#!/usr/bin/python3
"""Makes the demo's FICTIONAL returned request workbooks, tests/fixtures/returns-demo/.

No town answered the demo's request: these answers are invented. The script does what an
association and its towns would do, with made-up answers:

1. `munidash request configs/petites-villes-numerique.yaml` into a temporary folder (one request
   workbook per selected town, SOURCE_DATE_EPOCH fixed);
2. picks 12 towns, always the same: the selected towns split by the demo's population bands
   (2,500-5,000, 5,000-10,000, 10,000-25,000), 4 per band, evenly spread in code order;
3. fills each one's request with tools/requests/fill_request.py, as a town secretary would, with
   plausible answers drawn from a random generator seeded by the town's code (online procedures
   never more than all procedures; the France Services count pre-filled from ANCT's list confirmed
   or corrected, and left as it is without confirming it by every fourth town);
4. writes them to tests/fixtures/returns-demo/ under the request's own file name, with a fixed date
   in each file (the zip entries' and docProps/core.xml's "modified": the day the town "sent it
   back"), and a README.md listing every answer.

Every answer is one the reader accepts: `make demo` must exit 0. Hostile returns belong in
tests/e2e/test_returns.py.

Usage: tools/requests/make_demo_returns.py [--munidash PATH] [--check]
  --munidash PATH  the munidash binary (default: build/bin/munidash, else build-*/bin/munidash)
  --check          remake them in a temporary folder and compare with the committed ones instead of
                   writing (exit 1 if they differ). openpyxl re-serialises the workbook, so the
                   comparison is of what the reader reads -- the file names, the identity sheet, each
                   question's answer, pre-filled value and confirmation, the file's date -- and of
                   the README byte for byte, not of the zip's bytes.
"""
import argparse
import csv
import io
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import openpyxl

repo = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import fill_request  # noqa: E402  (tools/requests/fill_request.py)

SPEC = repo / "configs" / "petites-villes-numerique.yaml"
TARGET = repo / "tests" / "fixtures" / "returns-demo"
BANDS = [(2500, 5000), (5000, 10000), (10000, 25001)]  # the demo's peer groups
PER_BAND = 4
SEED = "munidash-demo-returns-2027"
EPOCH = "1798761600"  # 2027-01-01T00:00:00Z: the requests' date
COMMAND = "tools/requests/make_demo_returns.py"

# Weekday opening hours of a digital-mediation desk, as town halls write them.
HOURS = ["09:00 - 12:00", "14:00 - 17:30", "09:00 - 12:00 / 13:30 - 17:00", "13:30 - 18:00",
         "09:00 - 12:30 / 14:00 - 18:00", "10:00 - 12:00 / 14:00 - 16:00"]


def find_munidash(given):
    if given:
        return Path(given)
    for candidate in [repo / "build" / "bin" / "munidash", *sorted(repo.glob("build*/bin/munidash"))]:
        if candidate.exists():
            return candidate
    sys.exit(f"{COMMAND}: no munidash binary under {repo}/build*/bin: build it (make build) or give --munidash PATH")


def write_requests(munidash, folder):
    """The demo's request workbooks, one per selected town: {code: path}."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    done = subprocess.run([str(munidash), "-q", "request", str(SPEC), "-o", str(folder)], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{COMMAND}: munidash request failed ({done.returncode}):\n{done.stderr}")
    paths = [Path(line) for line in done.stdout.splitlines() if line.strip()]
    return {p.name.split("-", 1)[0]: p for p in paths}


def pick(codes):
    """12 towns: 4 per population band, evenly spread over the band's towns in code order."""
    with open(repo / "data" / "communes" / "communes.csv", encoding="utf-8", newline="") as f:
        population = {r["code"]: int(r["population"]) for r in csv.DictReader(f) if r["code"] in codes}
    chosen = []
    for low, high in BANDS:
        band = sorted(c for c in codes if low <= population[c] < high)
        step = (len(band) - 1) / (PER_BAND - 1)
        chosen += [band[round(i * step)] for i in range(PER_BAND)]
    return sorted(chosen), population


def known_sites(request):
    """The France Services count munidash pre-filled in this request (None when it knows none)."""
    book = openpyxl.load_workbook(request)
    sheet, rows, _, _ = fill_request.find_questions(book)
    prefill_col = next(c.column for row in sheet.iter_rows() for c in row if c.value == "munidash:prefill")
    value = sheet.cell(rows["sites_france_services"], prefill_col).value
    return None if value in (None, "") else int(float(value))


def answers_of(code, population, sites, leave_unconfirmed):
    """Fictional but plausible answers of one town, the ids it confirms and the day it sends them
    back; the same every time."""
    rng = random.Random(f"{SEED}:{code}")
    total = max(8, round(12 + population / 1000 * 1.4 + rng.randint(-5, 8)))
    online = round(total * rng.uniform(0.25, 0.85))
    counsellor = rng.random() < (0.25 if population < 5000 else 0.4 if population < 10000 else 0.6)
    has_desk = counsellor or rng.random() < 0.3
    hours = rng.choice(HOURS) if has_desk else "-"
    if rng.random() < 0.12:
        hours = None  # optional: "I don't know", left empty
    answers = {"demarches_en_ligne": online, "demarches_total": total, "conseiller_numerique": counsellor,
               "horaires_mediation": hours, "declaration_accessibilite": rng.random() < 0.35}
    confirm = []
    what = rng.random()
    if sites is None:
        answers["sites_france_services"] = 0  # nothing pre-filled: the town types it
    elif leave_unconfirmed:
        pass  # left as pre-filled, not confirmed: the run flags it "pré-remplie, non confirmée"
    elif what < 0.8:
        confirm = ["sites_france_services"]  # "the pre-filled value is right"
    else:
        answers["sites_france_services"] = sites + 1  # an antenna opened since ANCT's list
    day = rng.randint(4, 30)  # sent back between 4 and 30 January 2027, before the due date
    return answers, confirm, f"2027-01-{day:02d}T{rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00Z"


def fix_dates(path, modified):
    """Rewrites the workbook with fixed zip dates and its docProps/core.xml 'modified' set."""
    with zipfile.ZipFile(path) as z:
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    stamp = tuple(int(x) for x in re.findall(r"\d+", modified)[:6])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              lambda m: m.group(1) + modified.encode() + m.group(2), data)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def shown(value):
    if value is True:
        return "Oui"
    if value is False:
        return "Non"
    return "(vide)" if value is None else str(value)


def readme(rows):
    lines = ["# FICTIONAL returns of the demo's request (invented answers, no town answered)", "",
             "These request workbooks are **not** real answers of the towns named in them. They were made up",
             f"by `{COMMAND}` so that `make demo` shows the whole loop: `munidash request` writes",
             "the requests, the towns (here, a script) fill them in and send them back, and `munidash run`",
             "reads this folder as the source `reponses` of `configs/petites-villes-numerique.yaml`. The demo's",
             "workbook says so: the report's notice on every sheet, and the methodology marks the source",
             "as illustrative (« VALEURS ILLUSTRATIVES »).", "",
             "How: `munidash request` on the demo spec (SOURCE_DATE_EPOCH=" + EPOCH + "); 12 towns, 4 per",
             "population band (2,500-5,000, 5,000-10,000, 10,000-25,000), evenly spread in code order; answers",
             f"drawn from Python's `random` seeded with `{SEED}:CODE`; filled with",
             "`tools/requests/fill_request.py` (answer cells found by the contract's markers); each file dated",
             "the day it was \"sent back\". Every answer is accepted by the reader; hostile returns are in",
             "`tests/e2e/test_returns.py`.", "",
             "Remake them (after changing the demo's questions, on purpose only), then check them:", "",
             "```sh", f"make build && {COMMAND}", f"{COMMAND} --check   # also run by the test suite", "```", "",
             "| file | online / all procedures | France Services (pre-filled → answer) | conseiller numérique "
             "| mediation hours (a weekday) | accessibility statement | sent back |",
             "|---|---|---|---|---|---|---|"]
    for name, answers, confirm, sites, modified in rows:
        if "sites_france_services" in confirm:
            fs = f"{sites} → confirmed"
        elif "sites_france_services" in answers:
            fs = f"{shown(sites) if sites is not None else 'none'} → {answers['sites_france_services']}"
        else:
            fs = f"{sites} → left, not confirmed"
        lines.append(f"| `{name}` | {answers['demarches_en_ligne']} / {answers['demarches_total']} | {fs} | "
                     f"{shown(answers['conseiller_numerique'])} | {shown(answers['horaires_mediation'])} | "
                     f"{shown(answers['declaration_accessibilite'])} | {modified[:10]} |")
    return "\n".join(lines) + "\n"


def make(munidash, out, work):
    requests = write_requests(munidash, work)
    chosen, population = pick(set(requests))
    rows = []
    for i, code in enumerate(chosen):
        request = requests[code]
        sites = known_sites(request)
        answers, confirm, modified = answers_of(code, population[code], sites, leave_unconfirmed=i % 4 == 3)
        target = out / request.name
        fill_request.fill(request, target, answers, confirm)
        fix_dates(target, modified)
        rows.append((request.name, answers, confirm, sites, modified))
    (out / "README.md").write_text(readme(rows), encoding="utf-8")


def reading(path):
    """What the reader of returns reads in a file: identity, each question's cells, the file's date."""
    book = openpyxl.load_workbook(path)
    identity = tuple(tuple(r) for r in book["munidash"].iter_rows(values_only=True))
    sheet, rows, answer_col, confirmed_col = fill_request.find_questions(book)
    prefill_col = next(c.column for row in sheet.iter_rows() for c in row if c.value == "munidash:prefill")
    cells = {qid: (sheet.cell(r, answer_col).value, sheet.cell(r, prefill_col).value, sheet.cell(r, confirmed_col).value)
             for qid, r in rows.items()}
    with zipfile.ZipFile(path) as z:
        core = z.read("docProps/core.xml").decode()
    return identity, cells, re.search(r"<dcterms:modified[^>]*>([^<]*)<", core).group(1)


def check(fresh):
    different = []
    names = sorted(p.name for p in fresh.iterdir())
    committed = sorted(p.name for p in TARGET.iterdir()) if TARGET.is_dir() else []
    if names != committed:
        different.append(f"files: committed {committed}, made {names}")
    for name in set(names) & set(committed):
        if name.endswith(".xlsx"):
            if reading(fresh / name) != reading(TARGET / name):
                different.append(f"{name}: answers, identity or date differ")
        elif (fresh / name).read_bytes() != (TARGET / name).read_bytes():
            different.append(f"{name} differs")
    return different


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--munidash")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    munidash = find_munidash(args.munidash)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        fresh = tmp / "returns" if args.check else TARGET
        fresh.mkdir(parents=True, exist_ok=True)
        if not args.check:
            for old in fresh.glob("*.xlsx"):
                old.unlink()
        make(munidash, fresh, tmp / "requests")
        if args.check:
            different = check(fresh)
            if different:
                print(f"{COMMAND} --check: the committed returns in {TARGET.relative_to(repo)} are not what the script "
                      f"makes:\n  " + "\n  ".join(different) + f"\nremake them with {COMMAND} if the change is intended")
                return 1
            same_bytes = all((fresh / n).read_bytes() == (TARGET / n).read_bytes() for n in os.listdir(fresh))
            print(f"{COMMAND} --check: the {len(list(fresh.glob('*.xlsx')))} committed returns are what the script makes"
                  f" ({'byte for byte' if same_bytes else 'the same answers; the zip bytes differ (another openpyxl or zlib?)'})")
            return 0
    for path in sorted(TARGET.iterdir()):
        print(path.relative_to(repo))
    return 0


if __name__ == "__main__":
    sys.exit(main())
