"""The demo's whole loop (configs/petites-villes-numerique.yaml, `make demo`): `munidash request`
writes one request per selected town, `munidash run` reads the committed FICTIONAL returns
(tests/fixtures/returns-demo/) and shows the declared indicators, marked "(d)", outside the
composite, with the notice and the methodology saying the answers are invented.

The answers are read back from the fixtures here by the contract's markers (docs/request-workbooks.md)
and the two indicators recomputed from them, independently of munidash's reader."""
import csv
import math
import re
from pathlib import Path

import openpyxl
import pytest

import e2e_support as e2e


def answers(path):
    """{question id: answer} of a returned request, found by the markers, and its town's code."""
    book = openpyxl.load_workbook(path)
    town = dict(book["munidash"].iter_rows(values_only=True))["town"]
    for sheet in book.worksheets:
        where = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)
                 and c.value.startswith("munidash:")}
        if "munidash:id" in where and "munidash:answer" in where:
            id_col, answer_col = where["munidash:id"].column, where["munidash:answer"].column
            return town, {sheet.cell(r, id_col).value: sheet.cell(r, answer_col).value
                          for r in range(where["munidash:id"].row + 1, sheet.max_row + 1)
                          if sheet.cell(r, id_col).value}
    raise AssertionError(f"{path}: no markers")


def hours(text):
    """Hours in one day's "09:00 - 12:00 / 13:30 - 17:00" ("-": closed)."""
    if text.strip() == "-":
        return 0.0
    total = 0.0
    for part in text.split("/"):
        start, end = [int(h) * 60 + int(m) for h, m in re.findall(r"(\d+):(\d+)", part)]
        total += (end - start) / 60
    return total


def test_demo_loop(munidash, repo, tmp_path):
    fixtures = repo / "tests" / "fixtures" / "returns-demo"

    with open(repo / "data" / "communes" / "communes.csv", encoding="utf-8", newline="") as f:
        selected = sorted(r["code"] for r in csv.DictReader(f)
                          if r["department"] in ("77", "91", "94") and r["population"]
                          and 2500 <= int(r["population"]) <= 25000)

    returned = dict(answers(p) for p in sorted(fixtures.glob("*.xlsx")))
    assert 10 <= len(returned) <= 15, f"the fixtures hold 10 to 15 fictional returns: {len(returned)}"
    assert all(a["demarches_en_ligne"] <= a["demarches_total"] for a in returned.values()), (
        "online procedures never outnumber all procedures")
    readme = (fixtures / "README.md").read_text(encoding="utf-8")
    assert "FICTIONAL" in readme and "tools/requests/make_demo_returns.py" in readme, (
        "the fixtures' README says they are fictional and how to remake them")

    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp).parent / "petites-villes-numerique.yaml"

    # 1. The requests: one per selected town, each path printed.
    code, out, err = e2e.run(munidash, "request", str(spec))
    written = [Path(line) for line in out.splitlines() if line]
    folder = Path(tmp) / "reports" / "requests"
    assert code == 0, f"munidash request on the demo: {code} {err[-600:]}"
    assert sorted(p.name.split("-", 1)[0] for p in folder.glob("*.xlsx")) == selected and len(written) == len(selected), (
        f"one request per selected town ({len(selected)}): {len(written)} printed")
    assert all(p.is_file() and folder in p.resolve().parents for p in written), "under reports/requests/"
    assert all((folder / f.name).exists() for f in fixtures.glob("*.xlsx")), (
        "each fictional return bears the name of its town's request")

    # 2-3. The run reads the returns.
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 0, f"the demo runs: {code} {err[-800:]}"
    assert (f"source reponses: {len(returned)} towns answered, 0 files refused, "
            f"{len(selected) - len(returned)} selected towns did not answer" in err), (
        f"the log counts the returns, none refused: {err[-1200:]}")
    book = openpyxl.load_workbook(Path(out.strip()))

    notice = "réponses FICTIVES"
    for sheet in book.worksheets:
        text = " ".join(str(c) for row in sheet.iter_rows(max_row=12, values_only=True) for c in row if c)
        assert notice in text, f"the notice says the answers are fictional on sheet {sheet.title}"

    summary = book["Synthèse"]
    headers = {summary.cell(5, c).value.split("\n")[0]: c for c in range(1, summary.max_column + 1)
               if summary.cell(5, c).value}
    online = headers.get("Démarches de la mairie faisables en ligne (déclaré)")
    weekly = headers.get("Heures d'ouverture hebdomadaires du lieu de médiation (déclaré)")
    assert online and weekly, f"the two declared indicators are on the summary: {list(headers)}"
    assert summary.cell(5, online).value.endswith("\nRéponses fictives de communes, 2027"), (
        f"with their source, fictional: {summary.cell(5, online).value!r}")
    rows = {r[0].value: r for r in summary.iter_rows(min_row=7) if r[0].value}
    for town in selected:
        got_online, got_weekly = rows[town][online - 1], rows[town][weekly - 1]
        if town not in returned:
            if got_online.value is not None or got_weekly.value is not None:
                pytest.fail(f"{town} did not answer, yet has {got_online.value}, {got_weekly.value}")
            continue
        a = returned[town]
        want = 100 * a["demarches_en_ligne"] / a["demarches_total"]
        assert math.isclose(got_online.value, want, rel_tol=1e-12) and got_online.number_format.endswith('" (d)"'), (
            f"{town}: online share {got_online.value} ({got_online.number_format}), recomputed {want}, marked (d)")
        if a["horaires_mediation"] is None:
            assert got_weekly.value is None, f"{town} left the hours empty: no value, {got_weekly.value}"
        else:
            want = 5 * hours(a["horaires_mediation"])
            assert math.isclose(got_weekly.value, want) and got_weekly.number_format.endswith('" (d)"'), (
                f"{town}: weekly hours {got_weekly.value} ({got_weekly.number_format}), recomputed {want}, marked (d)")

    legend = " ".join(str(c) for row in summary.iter_rows(max_row=6, values_only=True) for c in row if c)
    assert "(d) déclarée par la commune" in legend, "the summary's legend explains (d)"

    composite = " ".join(str(c) for row in book["Indice composite"].iter_rows(values_only=True) for c in row if c)
    assert "(déclaré)" not in composite, "the declared indicators stay out of the composite (coverage is partial)"

    method = [" ".join(str(c) for c in row if c) for row in book["Méthodologie"].iter_rows(values_only=True)]
    source = [line for line in method if line.startswith("reponses")]
    assert (len(source) == 1 and "../tests/fixtures/returns-demo" in source[0] and "fictives" in source[0]
            and "VALEURS ILLUSTRATIVES" in source[0]), f"the methodology marks the returns as invented: {source}"

    comparisons = [r for r in book["Comparaisons"].iter_rows(values_only=True)
                   if r[0] in returned and r[2] == "Démarches de la mairie faisables en ligne (déclaré)"]
    assert len(comparisons) == len(returned) and all(r[4] == "déclarée par la commune" for r in comparisons), (
        f"each declared value is flagged on the comparisons sheet: {comparisons[:2]}")

    quality = [r for r in book["Qualité des données"].iter_rows(values_only=True)
               if r and r[1] in ("a répondu", "fichier refusé", "pas de réponse")]
    assert (sorted(r[0].split()[0] for r in quality if r[1] == "a répondu") == sorted(returned)
            and sum(r[1] == "pas de réponse" for r in quality) == len(selected) - len(returned)
            and not any(r[1] == "fichier refusé" for r in quality)), (
        "the data-quality sheet says who answered and who did not")
