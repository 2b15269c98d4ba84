"""The demo on real open data (configs/petites-villes-numerique.yaml), recomputed here from the
committed extracts and munidash's built-in list of communes: each value of each town, the rows of
communes merged since 2019 added up, sources and dates beside each indicator, old data said on the
cover, every row of every source accounted for on the data-quality sheet."""
import csv
import math
import re
from pathlib import Path

import openpyxl
import pytest

import e2e_support as e2e


def rows(path, delimiter=",", skip=0):
    with open(path, encoding="utf-8", newline="") as f:
        for _ in range(skip):
            next(f)
        return list(csv.DictReader(f, delimiter=delimiter))


def test_real_demo(munidash, repo, tmp_path):
    extracts = repo / "configs" / "data" / "reelles"

    communes = {r["code"]: r for r in rows(repo / "data" / "communes" / "communes.csv")}
    history = {r["code"]: r for r in rows(repo / "data" / "communes" / "history.csv")}

    def today(code):
        """The commune a code counts for today, as the history says; None when it cannot say."""
        if code in communes:
            return code
        entry = history.get(code)
        return entry["commune"] if entry and entry["kind"] in ("merged", "arrondissement") else None

    selected = sorted(c for c, r in communes.items()
                      if r["department"] in ("77", "91", "94") and r["population"]
                      and 2500 <= int(r["population"]) <= 25000)

    # ARCEP: counts of premises, the former communes' rows added to today's commune.
    premises = {}
    arcep = rows(extracts / "arcep-debits-2019-09-30.csv", delimiter=";", skip=1)
    mapped_rows = [r for r in arcep if r["code_insee"] not in communes]
    for r in arcep:
        town = today(r["code_insee"])
        sums = premises.setdefault(town, {})
        for column in ("nbr", "inel_hd", "elig_hd05", "elig_hd3", "elig_hd8", "elig_thd1g"):
            sums[column] = sums.get(column, 0) + int(r[column])
    sites = {}
    for r in rows(extracts / "anct-france-services-2022-12-01.csv"):
        sites[today(r["insee_com"])] = sites.get(today(r["insee_com"]), 0) + 1
    census = {}
    census_rows = rows(extracts / "insee-rp2017-parts.csv")
    for r in census_rows:
        census.setdefault(r["CODE_INSEE"], r)  # the second copy of a duplicated code is empty

    def expected(code):
        p = premises[code]
        below = p["inel_hd"] + p["elig_hd05"] + p["elig_hd3"] + p["elig_hd8"]
        return [100 * p["elig_thd1g"] / p["nbr"], 100 * below / p["nbr"],
                sites.get(code, 0) / int(communes[code]["population"]) * 10000,
                float(census[code]["TX_65ETPLUS"]), float(census[code]["TX_NSCOL15P"])]

    tmp = tmp_path
    configs = e2e.copy_configs(repo, tmp).parent
    spec = configs / "petites-villes-numerique.yaml"
    code, out, err = e2e.run(munidash, "run", str(spec), env_extra={"SOURCE_DATE_EPOCH": "1700000000"})
    assert code == 0, f"the demo runs: {code} {err[-800:]}"
    assert "source arcep: its vintage '30/09/2019' is 5 years before the period 2024" in err, (
        f"the log warns that ARCEP's data is old: {err[-1500:]}")
    assert "source arcep: 5 rows carry the code of a former commune" in err, "the log counts the mapped rows"
    assert "source recensement: 112 rows set aside" in err, "the log counts the duplicates set aside"
    workbook = Path(out.strip())
    book = openpyxl.load_workbook(workbook)

    summary = book["Synthèse"]
    data = {row[0]: row for row in summary.iter_rows(min_row=7, values_only=True)}
    assert sorted(data) == selected, f"the {len(selected)} petites villes of 77, 91 and 94 from the built-in list"
    for town in selected:
        want = expected(town)
        got = [data[town][5 + 3 * k] for k in range(5)]
        if not all(g is not None and math.isclose(g, w, rel_tol=1e-12) for g, w in zip(got, want)):
            pytest.fail(f"{town}: workbook {got}, recomputed {want}")
    assert "91390" in data, "Le Mérévillois, which holds Estouches' row (91222), is compared"

    headers = [summary.cell(5, 6 + 3 * k).value for k in range(5)]
    assert (headers[0] == "Locaux éligibles à 1 Gbit/s (fibre FTTH pour l'essentiel)\n"
                          "ARCEP, 30/09/2019 (antérieure de 5 ans à la période)"), f"source and date: {headers[0]!r}"
    assert headers[2].endswith("\nANCT, 01/12/2022"), f"recent data carries no warning: {headers[2]!r}"
    cover = " ".join(str(c) for row in book["Couverture"].iter_rows(values_only=True) for c in row if c)
    assert "Attention, donnée ancienne : ARCEP, 30/09/2019" in cover and "INSEE (RP 2017" in cover, (
        "the cover warns about the old sources")
    assert "ANCT" not in cover.split("Attention")[-1], "and not about the recent one"

    method = " ".join(str(c) for row in book["Méthodologie"].iter_rows(values_only=True) for c in row if c)
    assert "towns : liste des communes intégrée à munidash" in method and "(ARCEP, 30/09/2019)" in method, (
        "the methodology names the built-in list of communes and each source's producer and date")

    # Every row accounted for: each source's rows are kept under their own code, mapped, or set aside.
    quality = [row for row in book["Qualité des données"].iter_rows(values_only=True)]
    mapped_table = [r for r in quality if r[0] == "arcep" and isinstance(r[1], (int, float)) and r[2]]
    assert sorted(r[2] for r in mapped_table) == sorted(r["code_insee"] for r in mapped_rows), (
        f"each ARCEP row under a former code is listed: {[r[2] for r in mapped_table]}")
    assert any(r[2] == "91222" and str(r[4]).startswith("91390 Le Mérévillois") for r in mapped_table), (
        "with the commune it belongs to today")
    duplicates = [r for r in quality if r[0] == "recensement" and r[3] and "doublon" in str(r[3])]
    assert len(duplicates) == len(census_rows) - len(census) == 112, (
        f"the 112 duplicated census rows: {len(duplicates)}")

    # A town page shows the source and date beside each value.
    e2e.edit(spec, "output:\n", "output:\n  town_sheets: true\n")
    code, out, err = e2e.run(munidash, "run", str(spec), "-o", str(Path(tmp) / "pages.xlsx"))
    assert code == 0, f"the demo with town pages runs: {err[-500:]}"
    if code == 0:
        pages = openpyxl.load_workbook(Path(tmp) / "pages.xlsx")
        page = pages["Trilport"]
        header = [c.value for c in page[6]]
        column = header.index("Source et date")
        assert page.cell(7, column + 1).value == "ARCEP, 30/09/2019 (antérieure de 5 ans à la période)", (
            f"Trilport's page: {page.cell(7, column + 1).value!r}")

    # A column that only a `value` indicator reads (a published value, not a count) cannot be
    # combined silently: refused. (nbr would be accepted: fibre_coverage reads it as a count.)
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("\ncomposite:", """
  - id: locaux
    plugin: value
    label: Locaux
    unit: count
    params: {column: arcep.elig_thd30}

composite:"""), encoding="utf-8")
    target = Path(tmp) / "refused.xlsx"
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert (code == 2 and re.search(r"petites-villes-numerique\.yaml:\d+:\d+: error: source 'arcep': 5 communes hold the "
                                    r"rows of several former communes \(77109: 77109 line \d+ \+ 77149 line 500",
                                    err)), (
        f"a column that cannot be added is refused with the communes: {code} {err[-800:]}")
    assert "column 'elig_thd30' cannot be added up" in err and "under merged_communes, list it in 'add'" in err, (
        "the message names the column and what to write")
    assert not target.exists(), "and no workbook is written"
    # Declared as a count, it adds up like the plugins' counts.
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("    skip_lines: 1 ", "    merged_communes: {add: [elig_thd30]}\n    skip_lines: 1 "),
                    encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert code == 0, f"merged_communes: {{add: [nbr]}} makes it a count: {err[-400:]}"
