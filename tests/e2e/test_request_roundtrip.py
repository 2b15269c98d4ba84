"""Round trip of request workbooks (issue 12): munidash writes the requests of the demo's towns,
towns fill REAL request workbooks the way they would -- with openpyxl and typed through LibreOffice
Calc -- or damage them the way they might (rows inserted, an answer cleared, the sheet renamed, a
protected cell forced, a truncated file, another town's request sent back), and `munidash run` reads
the folder back: every refusal explained with file, SHEET!CELL, value, expectation and fix; the
declared and pre-filled values flagged in the workbook; the data-quality sheet says who answered.

Unlike test_returns.py (fixtures built from the contract alone), the returns here start from the
writer's own output, so a gap between writer and reader shows up here."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import openpyxl

import e2e_support as e2e

REPORT = "petites-villes-demande"

ANSWERS = {"demarches_en_ligne": 42, "lieux_mediation": 3, "part_agents_formes": 35, "conseiller_numerique": True,
           "horaires_mediation": "09:00 - 12:00 / 14:00 - 17:00", "accompagnement": "Régulier",
           "budget_numerique": 12500.5, "remarques": "Rien à signaler"}

# Required answers that are never pre-filled: a town that only fills these leaves the pre-filled ones as they are.
MINIMAL = {"conseiller_numerique": False, "accompagnement": "Ponctuel"}

# Two indicators read from the returns (the `value` plugin on a question's column).
INDICATORS = """  - id: demarches_declarees
    plugin: value
    label: Démarches en ligne (déclarées)
    unit: number
    params: {column: reponses.demarches_en_ligne}
  - id: agents_formes
    plugin: value
    label: Agents formés au numérique (déclaré)
    unit: percent
    params: {column: reponses.part_agents_formes}
"""


def test_request_roundtrip(munidash, repo, tmp_path):
    TOOLS = Path(repo) / "tools" / "requests"

    def load_tool(name):
        """The fillers are tools, not a package: loaded from their file, as a user would run them."""
        spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    fill_request = load_tool("fill_request")

    def question_rows(path):
        """(book, sheet, {id: row}, {marker: column}) of a request, found by the markers as the reader does."""
        book = openpyxl.load_workbook(path)
        sheet, rows, _, _ = fill_request.find_questions(book)
        columns = {}
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("munidash:"):
                    columns[cell.value] = cell.column
        return book, sheet, rows, columns

    tmp = tmp_path
    demo = e2e.copy_configs(repo, tmp)
    spec = demo.parent / "examples" / "demande-mairies.yaml"
    returns = spec.parent / "retours"
    returns.mkdir()
    # The child spec replaces lists: it takes the base's indicators and adds two read from the returns.
    base = demo.read_text(encoding="utf-8")
    indicators = base[base.index("\nindicators:\n"):base.index("\ncomposite:\n")]
    with spec.open("a", encoding="utf-8") as f:
        f.write("\nsources:\n  reponses:\n    returns: retours/\n"
                "    description: Réponses des communes à la demande de données\n    vintage: \"2026\"\n")
        f.write(indicators + "\n" + INDICATORS)

    code, out, err = e2e.run(munidash, "request", str(spec), "--jobs", "2")
    assert code == 0, f"munidash request writes the demo's requests: {err[-600:]}"
    requests = {Path(p).name[:5]: Path(p) for p in out.splitlines()}
    assert len(requests) == 212, f"one request per selected town: {len(requests)}"

    # Towns with a pre-filled number of online procedures: the flags (c) and (d) need one.
    services = {r["code"]: r for r in e2e.read_rows(demo.parent / "data" / "services-illustratif.csv")}
    towns = iter(sorted(c for c in requests if services.get(c, {}).get("demarches_en_ligne")))
    town = {case: next(towns) for case in "abcdefghijk"}
    prefilled = {case: int(float(services[c]["demarches_en_ligne"])) for case, c in town.items()}

    def target(case):
        return returns / requests[town[case]].name

    # (a) openpyxl, every answer typed, through the filler's command line as a user runs it.
    done = subprocess.run([sys.executable, str(TOOLS / "fill_request.py"),
                           str(requests[town["a"]]), str(target("a")),
                           *(f"{k}={'oui' if v is True else v}" for k, v in ANSWERS.items())],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"fill_request.py's command line: {done.stderr}"
    book = openpyxl.load_workbook(target("a"))
    assert book["munidash"].sheet_state == "veryHidden" and book["Questions"].protection.sheet, (
        "openpyxl keeps the very hidden identity and the protection")
    book.close()

    # (b) LibreOffice Calc, answers typed through UNO (Calc's input parser) and saved as xlsx.
    lo_answers = {"demarches_en_ligne": "17", "lieux_mediation": "2", "part_agents_formes": "45",
                  "conseiller_numerique": "Oui", "horaires_mediation": "08:30 - 12:00",
                  "accompagnement": "formation", "budget_numerique": "2500", "remarques": "Saisi dans LibreOffice"}
    lo_error = None
    try:
        fill_with_libreoffice = load_tool("fill_with_libreoffice")
        with fill_with_libreoffice.LibreOffice() as office:
            office.fill(requests[town["b"]], target("b"), lo_answers)
            # (k) the same, with the percent typed "45 %": Calc reads it as 0.45 and keeps the request's
            # format (0.0" %", a literal sign), so the town sees "0.5 %": refused as a fraction.
            office.fill(requests[town["k"]], target("k"), dict(lo_answers, part_agents_formes="45 %"))
    except Exception as error:  # python3-uno missing or LibreOffice failing: said, not hidden
        lo_error = error
    assert lo_error is None, f"LibreOffice fills requests through UNO: {lo_error!r}"
    if lo_error is None:
        book = openpyxl.load_workbook(target("b"))
        assert book["munidash"].sheet_state in ("hidden", "veryHidden"), (
            f"LibreOffice keeps the identity sheet hidden: {book['munidash'].sheet_state}")
        book.close()

    # (c) pre-filled values left unchanged and not confirmed; (d) the same, confirmed.
    fill_request.fill(requests[town["c"]], target("c"), MINIMAL)
    fill_request.fill(requests[town["d"]], target("d"), MINIMAL, confirm=["demarches_en_ligne"])

    # (e) three rows inserted above the questions (openpyxl moves neither validations nor merges).
    fill_request.fill(requests[town["e"]], target("e"), ANSWERS)
    book = openpyxl.load_workbook(target("e"))
    book["Questions"].insert_rows(1, 3)
    book.save(target("e"))

    # (f) a required, pre-filled answer cleared.
    fill_request.fill(requests[town["f"]], target("f"), dict(MINIMAL, demarches_en_ligne=None))

    # (g) the questions sheet renamed.
    fill_request.fill(requests[town["g"]], target("g"), ANSWERS)
    book = openpyxl.load_workbook(target("g"))
    book["Questions"].title = "Mes réponses"
    book.save(target("g"))

    # (h) protection removed and locked cells forced: the question's label (harmless) in one
    # file, the hidden question id in another.
    fill_request.fill(requests[town["h"]], target("h"), ANSWERS)
    book, sheet, rows, columns = question_rows(target("h"))
    sheet.protection.sheet = False
    header_row = min(rows.values()) - 1
    label_col = next(c.column for c in sheet[header_row] if c.value == "Question")
    sheet.cell(rows["lieux_mediation"], label_col).value = "Nombre de lieux (libellé réécrit par la mairie)"
    book.save(target("h"))
    fill_request.fill(requests[town["i"]], target("i"), ANSWERS)
    book, sheet, rows, columns = question_rows(target("i"))
    sheet.protection.sheet = False
    forced_id = sheet.cell(rows["budget_numerique"], columns["munidash:id"])
    forced_id.value = "budget"
    forced_cell = forced_id.coordinate
    book.save(target("i"))

    # (j) a truncated file: the first half of a good return.
    fill_request.fill(requests[town["j"]], tmp / "whole.xlsx", ANSWERS)
    whole = (tmp / "whole.xlsx").read_bytes()
    target("j").write_bytes(whole[: len(whole) // 2])

    # (l) another town's request, filled and sent back under this town's file name: most likely the
    # named town's answers typed into the wrong request. Counted for either town they could be
    # wrong, so the file is refused, naming both towns.
    others = sorted(c for c in requests if c not in town.values())
    wrong_town, named_town = others[0], others[1]
    fill_request.fill(requests[wrong_town], returns / requests[named_town].name, ANSWERS)

    # Refused files fail the run (exit 4); every refusal with file, cell, value, expectation and fix.
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 4, f"refused returns fail the run with exit 4: {code} {err[-800:]}"
    lines = err.splitlines()

    def refusal(case_file, *parts):
        path = str(case_file)
        found = [line for line in lines if line.startswith(path + ": error: ") and all(p in line for p in parts)]
        assert found, f"{case_file.name}: refused with {parts}: {[line for line in lines if case_file.name in line]}"
        return found

    f_row = question_rows(requests[town["f"]])
    answer_f = openpyxl.utils.get_column_letter(f_row[3]["munidash:answer"]) + str(f_row[2]["demarches_en_ligne"])
    refusal(target("f"), f"Questions!{answer_f}: answer to 'demarches_en_ligne'", "is empty", "expected", "required")
    refusal(target("i"), f"Questions!{forced_cell}", "'budget'", "expected")
    refusal(target("i"), "budget_numerique")
    refusal(target("j"), "not a zip archive, or one cut short")
    refusal(returns / requests[named_town].name,
            f"munidash!B4: the file name starts with town {named_town}, the request inside is town {wrong_town}'s",
            f"ask town {named_town}")
    if lo_error is None:
        k_rows = question_rows(requests[town["k"]])
        answer_k = openpyxl.utils.get_column_letter(k_rows[3]["munidash:answer"]) + str(k_rows[2]["part_agents_formes"])
        refusal(target("k"), f"Questions!{answer_k}: answer to 'part_agents_formes'", "found '0.45'",
                "expected a percentage from 0 to 100", "fraction")
    unexplained = [line for line in lines if line.startswith(str(returns)) and ": error: " in line
                   and not re.search(r"\(.+\)$", line)]
    assert not unexplained, f"every refusal ends with what to do, in brackets: {unexplained}"
    assert not any(str(target(c)) + ":" in err for c in "acdegh") and not (lo_error is None and str(target("b")) + ":" in err), (
        f"good returns are not refused: {[l for l in lines if 'error' in l][:6]}")
    summary = re.search(r"source reponses: (\d+) towns answered, (\d+) files refused", err)
    assert summary is not None, f"the log counts the returns: {err[-600:]}"
    answered, refused = (int(summary.group(1)), int(summary.group(2))) if summary else (0, 0)

    # on_refused: skip: the run goes on; the workbook shows the declared values, flagged.
    e2e.edit(spec, "    returns: retours/\n", "    returns: retours/\n    on_refused: skip\n")
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 6 and "(on_refused: skip)" in err, (
        f"on_refused: skip goes on; the run is partial (exit 6): {code} {err[-800:]}")
    code, out, err = e2e.run(munidash, "run", str(spec), "--allow-partial")
    assert code == 0, f"--allow-partial accepts the refused returns: {err[-800:]}"
    assert "on_refused: skip" in err and str(target("j")) in err, f"each left-out file is warned about: {err[-600:]}"
    workbook = next(iter(sorted((tmp / "reports").glob(f"{REPORT}-*.xlsx"))), None)
    assert workbook is not None, f"the workbook is written: {out}"
    if code == 0 and workbook is not None:
        book = openpyxl.load_workbook(workbook)
        comparisons = {(r[0], r[2]): r for r in book["Comparaisons"].iter_rows(values_only=True) if r[0]}
        cells = {(r[0].value, r[2].value): r for r in book["Comparaisons"].iter_rows() if r[0].value}

        def compared(case_town, value, flag, mark, label="Démarches en ligne (déclarées)"):
            r = comparisons.get((case_town, label))
            cell = cells.get((case_town, label))
            assert r is not None and r[3] == value and r[4] == flag and mark in cell[3].number_format, (
                f"town {case_town}: {label} = {value}, {flag}, {mark}: {r and r[3:5]} {cell and cell[3].number_format}")

        compared(town["a"], 42, "déclarée par la commune", "(d)")
        compared(town["a"], 35, "déclarée par la commune", "(d)", "Agents formés au numérique (déclaré)")
        if lo_error is None:
            compared(town["b"], 17, "déclarée par la commune", "(d)")
            compared(town["b"], 45, "déclarée par la commune", "(d)", "Agents formés au numérique (déclaré)")
        compared(town["c"], prefilled["c"], "pré-remplie, non confirmée", "(n)")
        compared(town["d"], prefilled["d"], "déclarée par la commune", "(d)")
        compared(town["e"], 42, "déclarée par la commune", "(d)")
        compared(town["g"], 42, "déclarée par la commune", "(d)")
        compared(town["h"], 42, "déclarée par la commune", "(d)")
        # (l) refused: neither the town inside the file nor the one in its name gets its answers.
        for code_l in (wrong_town, named_town):
            r = comparisons.get((code_l, "Démarches en ligne (déclarées)"))
            assert r is not None and r[3] is None, f"a file named for another town gives no value to {code_l}: {r}"
        for case in "fijk" if lo_error is None else "fij":
            r = comparisons.get((town[case], "Démarches en ligne (déclarées)"))
            assert r is not None and r[3] is None, f"a refused file ({case}) gives no value: {r}"

        # The summary sheet carries the marks beside the values, in the number format (the value
        # stays a number); the legend says what they mean.
        synthese = book["Synthèse"]
        formats = [c.number_format for row in synthese.iter_rows() for c in row if isinstance(c.value, (int, float))]
        legend = " ".join(str(c.value) for row in synthese.iter_rows() for c in row if isinstance(c.value, str))
        assert any("(d)" in f for f in formats) and any("(n)" in f for f in formats), (
            f"the summary marks declared (d) and pre-filled, unconfirmed (n) values: {sorted(set(formats))[:8]}")
        assert "(d) déclarée par la commune" in legend and "(n) pré-remplie, non confirmée" in legend, (
            "the summary's legend explains (d) and (n)")

        quality = [row for row in book["Qualité des données"].iter_rows(values_only=True)
                   if row and row[1] in ("a répondu", "fichier refusé", "pas de réponse")]
        status = {}
        for row in quality:
            status.setdefault(row[1], []).append(row)
        # A refused file's town (when the file could be read far enough to know it) is listed as
        # refused, not as silent: every selected town once.
        refused_towns = {row[0] for row in status.get("fichier refusé", []) if row[0]}
        assert (len(status.get("a répondu", [])) == answered and len(status.get("fichier refusé", [])) == refused and
                answered + len(status.get("pas de réponse", [])) + len(refused_towns) == 212), (
            (f"the data-quality sheet lists who answered ({answered}), who was refused ({refused}), who did not: "
                f"{ {k: len(v) for k, v in status.items()} }"))
        refused_files = {row[2] for row in status.get("fichier refusé", [])}
        assert {target(c).name for c in "fij"} <= refused_files and (lo_error or target("k").name in refused_files), (
            f"the refused files by name: {refused_files}")
        book.close()
