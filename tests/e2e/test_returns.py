"""Returned request workbooks (docs/request-workbooks.md) read as a source: good returns reach the
workbook flagged as declared by the town; every hostile return is refused with the file, the
sheet, the cell, the value, what was expected and what to do, and never stops the others.

The request workbooks are built here with openpyxl from the contract alone, not with munidash's
writer, so that the reader is tested against the contract rather than against its twin."""
import csv
import hashlib
import shutil
import tempfile
from pathlib import Path

import openpyxl

import e2e_support as e2e

REPORT = "petites-villes-illustratif"

VERSION = 2

QUESTIONS = [
    # id, label, type, answer of a good return
    ("demarches_en_ligne", "Démarches faisables en ligne", "integer"),
    ("part_agents_formes", "Part des agents formés au numérique", "percent"),
    ("conseiller_numerique", "La commune a-t-elle un conseiller numérique ?", "yes_no"),
    ("horaires_mediation", "Horaires du lieu de médiation", "time_range"),
    ("accompagnement", "Type d'accompagnement proposé", "choice"),
]

IDS = [q[0] for q in QUESTIONS]

GOOD = {"demarches_en_ligne": 120, "part_agents_formes": "45 %", "conseiller_numerique": "Oui",
        "horaires_mediation": "09:00 - 12:00 / 13:30 - 17:00", "accompagnement": "Régulier"}

REQUESTS = """
requests:
  version: 2
  from: Association de démonstration
  why: Pour comparer l'offre numérique des mairies.
  due: "2027-01-31"
  contact: numerique@association.example.org
  questions:
    - {id: demarches_en_ligne, label: Démarches faisables en ligne, type: integer, min: 0, max: 500}
    - {id: part_agents_formes, label: Part des agents formés au numérique, type: percent}
    - {id: conseiller_numerique, label: "La commune a-t-elle un conseiller numérique ?", type: yes_no}
    - {id: horaires_mediation, label: Horaires du lieu de médiation, type: time_range, required: false}
    - {id: accompagnement, label: Type d'accompagnement proposé, type: choice, choices: [Aucun, Ponctuel, Régulier, Formation]}
"""

INDICATORS = """  - id: agents_formes
    plugin: value
    label: Agents formés au numérique (déclaré)
    unit: percent
    params: {column: reponses.part_agents_formes}
  - id: demarches_declarees
    plugin: value
    label: Démarches en ligne (déclarées)
    unit: number
    params: {column: reponses.demarches_en_ligne}
"""


def checksum(report, version, town, questions):
    return hashlib.sha256(f"{report}|{version}|{town}|{questions}".encode()).hexdigest()[:16]


def answer_cell(first_row, qid, sheet="Questions"):
    return f"{sheet}!E{first_row + IDS.index(qid)}"


def test_returns(munidash, repo):
    # The selected towns of the demo spec, read from its reference list.
    with open(Path(repo) / "configs" / "data" / "communes.csv", encoding="utf-8") as f:
        SELECTED = [r for r in csv.DictReader(f)
                    if r["code"][:2] in ("77", "91", "94") and 2500 <= float(r["population"]) <= 25000]
    NAMES = {r["code"]: r["name"] for r in SELECTED}
    CODES = [r["code"] for r in SELECTED]

    def request_workbook(path, town, answers, report=REPORT, version=VERSION, questions=None, check=None,
                         prefill=None, confirmed=None, extra_rows=0, sheet="Questions"):
        """A returned request workbook as the contract describes it; returns the answers' first row."""
        questions = ",".join(IDS) if questions is None else questions
        book = openpyxl.Workbook()
        cover = book.active
        cover.title = "Demande"
        cover["A1"] = f"Demande de données : {NAMES.get(town, town)} ({town})"
        ws = book.create_sheet(sheet)
        ws["A1"] = "Questions"
        marker = 3 + extra_rows
        for r in range(3, marker):
            ws.cell(row=r, column=2, value="une ligne ajoutée par la mairie")
        ws.cell(row=marker, column=5, value="munidash:answer")
        ws.cell(row=marker, column=8, value="munidash:confirmed")
        ws.cell(row=marker, column=9, value="munidash:id")
        ws.cell(row=marker, column=10, value="munidash:prefill")
        ws.row_dimensions[marker].hidden = True
        for c, header in enumerate(["N°", "Question", "Aide", "Unité", "Réponse", "Valeur connue", "Source", "Confirmée"], 1):
            ws.cell(row=marker + 1, column=c, value=header)
        for i, (qid, label, _) in enumerate(QUESTIONS):
            row = marker + 2 + i
            ws.cell(row=row, column=1, value=i + 1)
            ws.cell(row=row, column=2, value=label)
            if answers.get(qid) is not None:
                ws.cell(row=row, column=5, value=answers[qid])
            if prefill and qid in prefill:
                ws.cell(row=row, column=6, value=prefill[qid])
                ws.cell(row=row, column=10, value=prefill[qid])
            if confirmed and qid in confirmed:
                ws.cell(row=row, column=8, value=confirmed[qid])
            ws.cell(row=row, column=9, value=qid)
        ws.column_dimensions["I"].hidden = True
        ws.column_dimensions["J"].hidden = True
        identity = book.create_sheet("munidash")
        identity.sheet_state = "veryHidden"
        rows = [("munidash-request", "1"), ("report", report), ("request_version", version), ("town", town),
                ("town_name", NAMES.get(town, "?")), ("questions", questions),
                ("checksum", check or checksum(report, version, town, questions))]
        for r, (key, value) in enumerate(rows, 1):
            identity.cell(row=r, column=1, value=key)
            identity.cell(row=r, column=2, value=value)
        book.save(path)
        return marker + 2

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        spec = e2e.copy_configs(repo, tmp)
        e2e.edit(spec, "\nsources:\n", REQUESTS + "\nsources:\n  reponses:\n    returns: retours/\n"
                 "    description: Réponses des communes à la demande de données\n    vintage: \"2026\"\n")
        e2e.edit(spec, "\ncomposite:\n", "\n" + INDICATORS + "\ncomposite:\n")
        e2e.edit(spec, '    services: {label: Services et médiation, weight: 1, indicators: [france_services, mediation, demarches_en_ligne]}',
                 '    services: {label: Services et médiation, weight: 1, indicators: [france_services, mediation, demarches_en_ligne]}\n'
                 '    declare: {label: Déclaré, weight: 1, indicators: [agents_formes, demarches_declarees]}')
        returns = spec.parent / "retours"
        returns.mkdir()
        workbook = tmp / "reports" / f"{REPORT}-2024.xlsx"

        # Four good returns: a percent typed "45 %", rows inserted above the questions, a renamed
        # sheet, a pre-filled value left unconfirmed and one confirmed.
        good = CODES[:4]
        request_workbook(returns / f"{good[0]}.xlsx", good[0], GOOD)
        request_workbook(returns / f"{good[1]}.xlsx", good[1], dict(GOOD, part_agents_formes=30, demarches_en_ligne=80),
                         prefill={"demarches_en_ligne": 80})
        request_workbook(returns / f"{good[2]}.xlsx", good[2], dict(GOOD, part_agents_formes=12.5, conseiller_numerique=False),
                         extra_rows=4, sheet="Mes réponses")
        request_workbook(returns / f"{good[3]}.xlsx", good[3], dict(GOOD, demarches_en_ligne=80, horaires_mediation=None,
                                                                     accompagnement="ponctuel"),
                         prefill={"demarches_en_ligne": 80}, confirmed={"demarches_en_ligne": "Oui"})
        (returns / "~$lock.xlsx").write_bytes(b"lock")
        (returns / ".cache.xlsx").write_bytes(b"hidden")

        code, out, err = e2e.run(munidash, "run", str(spec))
        assert code == 0, f"good returns: the run succeeds: {err[-1500:]}"
        assert f"source reponses: 4 towns answered, 0 files refused, {len(CODES) - 4} selected towns did not answer" in err, (
            f"the log counts the returns: {err[-800:]}")
        if code == 0:
            book = openpyxl.load_workbook(workbook, data_only=True)
            rows = {(r[0], r[2]): r for r in book["Comparaisons"].iter_rows(min_row=1, values_only=True) if r[0]}
            expect = {(good[0], 45.0, "déclarée par la commune"), (good[1], 30.0, "déclarée par la commune"),
                      (good[2], 12.5, "déclarée par la commune"), (good[3], 45.0, "déclarée par la commune")}
            for town, value, flag in expect:
                r = rows.get((town, "Agents formés au numérique (déclaré)"))
                assert r is not None and abs((r[3] or 0) - value) < 1e-9 and r[4] == flag, (
                    f"town {town}'s declared percent reaches the workbook as {value}, {flag}: {r}")
            r = rows.get((good[1], "Démarches en ligne (déclarées)"))
            assert r is not None and r[3] == 80 and r[4] == "pré-remplie, non confirmée", (
                f"a pre-filled value left unconfirmed is flagged so: {r}")
            r = rows.get((good[3], "Démarches en ligne (déclarées)"))
            assert r is not None and r[3] == 80 and r[4] == "déclarée par la commune", (
                f"a pre-filled value confirmed is declared: {r}")
            r = rows.get((CODES[5], "Agents formés au numérique (déclaré)"))
            assert r is not None and r[3] is None, f"a town without a return has no value: {r}"
            quality = [[c for c in row] for row in book["Qualité des données"].iter_rows(values_only=True)] \
                if "Qualité des données" in book.sheetnames else []
            flat = [row for row in quality if row and row[1] in ("a répondu", "fichier refusé", "pas de réponse")]
            assert (len([r for r in flat if r[1] == "a répondu"]) == 4 and len([r for r in flat if r[1] == "pas de réponse"])
                    == len(CODES) - 4), (
                f"the data-quality sheet lists who answered and who did not: {flat[:6]} ({book.sheetnames})")
            answered = [r for r in flat if r[1] == "a répondu"]
            assert all(r[2] and r[2].endswith(".xlsx") and r[3] for r in answered), (
                f"each answer shows its file and the file's own date: {answered}")

        # Hostile returns, each for a town of its own.
        towns = iter(CODES[4:])
        bad = {}

        def hostile(name, answers=GOOD, **keys):
            town = keys.pop("town", None) or next(towns)
            first = request_workbook(returns / name, town, answers, **keys)
            bad[name] = (town, first)
            return town, first

        hostile("a-other-town.xlsx", town="77001")
        hostile("b-other-report.xlsx", report="autre-rapport")
        hostile("c-older.xlsx", version=1)
        town_d = next(towns)
        hostile("d-checksum.xlsx", town=town_d, check=checksum(REPORT, VERSION, CODES[-1], ",".join(IDS)))
        hostile("e-required.xlsx", dict(GOOD, conseiller_numerique=None))
        hostile("f-text-number.xlsx", dict(GOOD, demarches_en_ligne="beaucoup"))
        hostile("g-bounds.xlsx", dict(GOOD, demarches_en_ligne=900))
        hostile("h-fraction.xlsx", dict(GOOD, part_agents_formes=0.45))
        hostile("i-yes-no.xlsx", dict(GOOD, conseiller_numerique="Peut-être"))
        hostile("j-hours.xlsx", dict(GOOD, horaires_mediation="9h - midi"))
        whole = (returns / f"{good[0]}.xlsx").read_bytes()
        (returns / "k-truncated.xlsx").write_bytes(whole[: len(whole) // 2])
        (returns / "l-text.xlsx").write_text("ceci n'est pas un classeur\n", encoding="utf-8")
        twin_town = next(towns)
        hostile("m-twin-1.xlsx", town=twin_town)
        hostile("m-twin-2.xlsx", town=twin_town)

        code, out, err = e2e.run(munidash, "run", str(spec))
        assert code == 4, f"refused returns fail the run with exit 4 (data): {code} {err[-500:]}"
        assert "source reponses: 4 towns answered, 14 files refused" in err, f"the log counts refusals: {err[:1500]}"
        lines = err.splitlines()

        def reported(name, *parts):
            path = str(returns / name)
            found = [line for line in lines if line.startswith(path + ": error: ") and all(p in line for p in parts)]
            assert found, f"{name}: reported with {parts}: {[line for line in lines if name in line]}"

        reported("a-other-town.xlsx", "munidash!B4: found town '77001', expected one of the report's selected towns")
        reported("b-other-report.xlsx", f"munidash!B2: found report 'autre-rapport', expected '{REPORT}'")
        reported("c-older.xlsx", "munidash!B3: found request_version '1', expected 2: the town filled in an older request",
                 "send the town the current request workbook")
        reported("d-checksum.xlsx", "munidash!B7: found checksum", "edited by hand")
        e, first = bad["e-required.xlsx"]
        reported("e-required.xlsx", answer_cell(first, "conseiller_numerique") + ": answer to 'conseiller_numerique'",
                 "is empty, expected Oui or Non", "required")
        reported("f-text-number.xlsx", answer_cell(bad["f-text-number.xlsx"][1], "demarches_en_ligne") +
                 ": answer to 'demarches_en_ligne' (Démarches faisables en ligne): found 'beaucoup', expected a whole number from 0 to 500")
        reported("g-bounds.xlsx", "found '900', expected a whole number from 0 to 500", "outside the bounds")
        reported("h-fraction.xlsx", answer_cell(bad["h-fraction.xlsx"][1], "part_agents_formes"),
                 "found '0.45', expected a percentage from 0 to 100", "fraction")
        reported("i-yes-no.xlsx", "found 'Peut-être', expected Oui or Non")
        reported("j-hours.xlsx", answer_cell(bad["j-hours.xlsx"][1], "horaires_mediation"), "found '9h - midi'", "HH:MM - HH:MM")
        reported("k-truncated.xlsx", "not a zip archive, or one cut short")
        reported("l-text.xlsx", "it is not an .xlsx workbook")
        reported("m-twin-1.xlsx", f"town {twin_town} also has a return in 'm-twin-2.xlsx', expected one file per town")
        reported("m-twin-2.xlsx", f"town {twin_town} also has a return in 'm-twin-1.xlsx'")
        assert not any("~$lock" in line or ".cache.xlsx" in line for line in lines), (
            "lock and hidden files are left out")

        # on_refused: skip: the good returns are used, the refused ones listed.
        e2e.edit(spec, "    returns: retours/\n", "    returns: retours/\n    on_refused: skip\n")
        code, out, err = e2e.run(munidash, "run", str(spec))
        assert (code == 6 and "partial: the workbook was written without the refused returns" in err
                and "g-bounds.xlsx" in err and workbook.exists()), (
            f"on_refused: skip goes on, and the run is partial (exit 6): {code} {err[-800:]}")
        code, out, err = e2e.run(munidash, "run", str(spec), "--allow-partial")
        assert code == 0, f"--allow-partial accepts it: {code} {err[-800:]}"
        if code == 0:
            book = openpyxl.load_workbook(workbook, data_only=True)
            rows = {(r[0], r[2]): r for r in book["Comparaisons"].iter_rows(values_only=True) if r[0]}
            r = rows.get((good[0], "Agents formés au numérique (déclaré)"))
            assert r is not None and r[3] == 45, f"good returns are still read beside refused ones: {r}"
            r = rows.get((bad["g-bounds.xlsx"][0], "Agents formés au numérique (déclaré)"))
            assert r is not None and r[3] is None, f"a refused file gives no value at all: {r}"
            quality = [row for row in book["Qualité des données"].iter_rows(values_only=True) if row and row[1] == "fichier refusé"]
            assert len(quality) == 14, f"the data-quality sheet lists each refused file: {len(quality)} {quality[:3]}"
            assert any(r[4] == "older request version" for r in quality), f"with why: {quality[:4]}"

        # Spec errors: both file and returns, no requests section, a missing folder.
        e2e.edit(spec, "    returns: retours/\n", "    returns: absent/\n    file: data/services-illustratif.csv\n")
        code, out, err = e2e.run(munidash, "validate", str(spec))
        assert code == 2 and "does not exist" in err and "'file' has no meaning" in err and str(spec) + ":" in err, (
            f"file and returns together, a missing folder: spec errors at file:line:col: {err[-600:]}")

        # LibreOffice rewrites a return (shared strings, sheet states): still read.
        if shutil.which("soffice"):
            lo = spec.parent / "retours"
            shutil.rmtree(lo)
            lo.mkdir()
            e2e.edit(spec, "    returns: absent/\n    file: data/services-illustratif.csv\n", "    returns: retours/\n")
            original = tmp / "original"
            original.mkdir()
            request_workbook(original / f"{good[0]}.xlsx", good[0], GOOD)
            done, saved = e2e.libreoffice_convert(original / f"{good[0]}.xlsx", "xlsx:Calc MS Excel 2007 XML", lo)
            assert done.returncode == 0 and saved.exists(), f"LibreOffice converts: {done.stderr}"
            code, out, err = e2e.run(munidash, "run", str(spec))
            assert code == 0 and "source reponses: 1 towns answered, 0 files refused" in err, (
                f"a return saved by LibreOffice is read: {err[-1200:]}")
