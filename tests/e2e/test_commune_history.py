"""France's communes built in, and codes of another year mapped to today's communes: a source keyed
by former codes and arrondissements adds up its counts into today's commune, a rate is combined as the
spec says or refused with the commune, the codes and the column, and every row is accounted for on the
data-quality sheet. Hand-made files, so that it runs everywhere."""
import re
from pathlib import Path

import openpyxl

import e2e_support as e2e

SOURCE = """code;locaux;ftth;taux
01033;100;50;50.0
01091;40;10;25.0
01205;60;60;100.0
75056;1000;900;90.0
75101;200;100;50.0
01001;10;5;50.0
0null;1;1;1.0
99999;1;1;1.0
55273;1;1;1.0
01001;;;
"""

INDICATORS = """indicators:
  - id: ftth
    plugin: ratio
    label: Fibre
    unit: percent
    params: {numerator: data.ftth, denominator: data.locaux}
  - id: taux
    plugin: value
    label: Taux publié
    unit: percent
    params: {column: data.taux}
output:
  workbook: out.xlsx
"""


def spec_text(merged, towns='towns:\n  select: {codes: ["01033", "75056", "01001"]}\n'):
    return ("report: {id: histoire, title: Histoire des codes, period: '2024'}\n" + towns +
            "sources:\n  data:\n    file: data.csv\n    key: code\n    separator: ';'\n" + merged + INDICATORS)


def test_commune_history(munidash, repo, tmp_path):
    tmp = tmp_path
    (tmp / "data.csv").write_text(SOURCE, encoding="utf-8")
    spec = tmp / "spec.yaml"

    # 1. Counts add up, a rate is weighted by its count.
    spec.write_text(spec_text("    merged_communes: {add: [locaux, ftth], weighted: {taux: locaux}}\n"), encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(spec), "-v")
    assert code == 0, f"a source with former codes runs: {code} {err[-800:]}"
    assert re.search(r"data\.csv:3: 01091 \(Châtillon-en-Michaille\) -> 01033, merged", err), (
        f"-v lists the mapped rows: {err}")
    assert "data.csv:8: '0null' set aside: not an INSEE commune code" in err, "-v lists the rows set aside"
    if code == 0:
        book = openpyxl.load_workbook(tmp / "out.xlsx")
        summary = {r[0]: r for r in book["Synthèse"].iter_rows(min_row=7, values_only=True)}
        assert summary["01033"][1] == "Valserhône", "towns come from the built-in list"
        assert abs(summary["01033"][5] - 100 * (50 + 10 + 60) / (100 + 40 + 60)) < 1e-12, (
            f"Valserhône's fibre share adds up its former communes' premises: {summary['01033'][5]}")
        assert abs(summary["01033"][8] - (50 * 100 + 25 * 40 + 100 * 60) / 200) < 1e-12, (
            f"and its published rate is weighted by premises: {summary['01033'][8]}")
        assert abs(summary["75056"][5] - 100 * (900 + 100) / (1000 + 200)) < 1e-12, (
            "an arrondissement's row counts for its city")
        assert abs(summary["01001"][5] - 50) < 1e-12, "a duplicate without values does not change a town's value"
        quality = list(book["Qualité des données"].iter_rows(values_only=True))
        mapped = {r[2]: r for r in quality if r[0] == "data" and r[6] in ("commune fusionnée", "arrondissement municipal")}
        assert sorted(mapped) == ["01091", "01205", "75101"], f"the mapped rows are listed: {sorted(mapped)}"
        assert mapped["01205"][4] == "01033 Valserhône" and mapped["01205"][3] == "Lancrans", (
            f"with the former and today's communes: {mapped['01205']}")
        aside = {r[2]: r[3] for r in quality if r[0] == "data" and isinstance(r[1], (int, float)) and isinstance(r[2], str) and r[3]
                 and r[2] not in mapped}
        assert (aside == {"0null": "pas un code commune INSEE",
                          "99999": "code absent de la liste de référence, sans historique connu",
                          "55273": "ancien code que l'historique attribue à plusieurs communes",
                          "01001": "doublon d'une ligne précédente (mêmes valeurs ou aucune)"}), (
            f"each row set aside, with why: {aside}")

    # 2. A rate with no rule: refused, naming the commune, its rows and the column.
    spec.write_text(spec_text("    merged_communes: {add: [locaux, ftth]}\n"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "refused.xlsx"))
    assert (code == 2 and re.search(r"spec\.yaml:\d+:\d+: error: source 'data': 2 communes hold the rows of several former "
                                    r"communes \(01033: 01033 line 2 \+ 01091 line 3 \+ 01205 line 4; "
                                    r"75056: 75056 line 5 \+ 75101 line 6\), and column 'taux' cannot be added up",
                                    err)), (
        f"a rate that cannot be combined is refused: {code} {err[-600:]}")
    assert not (tmp / "refused.xlsx").exists(), "and no workbook is written"

    # 3. The chef-lieu's row, flagged as an estimate.
    spec.write_text(spec_text("    merged_communes: {add: [locaux, ftth], others: chef_lieu}\n"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "chef.xlsx"))
    assert code == 0, f"others: chef_lieu runs: {err[-500:]}"
    if code == 0:
        rows = list(openpyxl.load_workbook(tmp / "chef.xlsx")["Comparaisons"].iter_rows(values_only=True))
        taux = [r for r in rows if r[0] == "01033" and r[2] == "Taux publié"]
        assert len(taux) == 1 and taux[0][3] == 50 and taux[0][4] == "estimation", (
            f"Valserhône's rate is its own row's, flagged as an estimate: {taux}")

    # 4. map_codes: false reads codes as they are, and says which rows it left out.
    spec.write_text(spec_text("    map_codes: false\n"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "off.xlsx"))
    assert code == 0 and "source data: 3 rows set aside: a former code, and the source has map_codes: false" in err, (
        f"map_codes: false sets former codes aside, and says so: {err[-600:]}")

    # 5. The built-in list: no towns at all is every commune of France; the petites villes are 4,119.
    spec.write_text(spec_text("", towns=""), encoding="utf-8")
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0 and "34969 towns selected" in out, f"no 'towns': every commune of France: {out} {err[-300:]}"
    spec.write_text(spec_text("", towns="towns: {select: {population: {min: 2500, max: 25000}}}\n"), encoding="utf-8")
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0 and "4119 towns selected" in out, f"the petites villes of France: {out} {err[-300:]}"

    # 6. A reference list of one's own, without a region column: regions come from the built-in list,
    # and a criterion no town can match is refused by validate.
    (tmp / "ref.csv").write_text("code,name,population\n35001,Acigné,6874\n35004,Val-Couesnon,4072\n"
                                 "75101,Paris 1er,16000\n75102,Paris 2e,21000\n", encoding="utf-8")
    towns = ("towns:\n  reference: ref.csv\n  select:\n    population: {min: 2500, max: 25000}\n"
             "    regions: [\"53\", \"28\"]\n")
    spec.write_text(spec_text("", towns=towns), encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and re.search(r"spec\.yaml:6:\d+: error: no town of '.*ref\.csv' is in region 28", err), (
        f"a region no town is in is refused at its position: {code} {err[-400:]}")
    spec.write_text(spec_text("", towns=towns.replace(', "28"', "")), encoding="utf-8")
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0 and "2 towns selected" in out, (
        f"Breton towns found by region without a region column: {out} {err[-300:]}")

    # 7. A file with many bad cells reports them all at once, up to 20, then how many more.
    codes = [line.split(",")[0] for line in
             (Path(repo) / "data" / "communes" / "communes.csv").read_text(encoding="utf-8").splitlines()[1:26]]
    (tmp / "bad.csv").write_text("code;locaux;ftth;taux\n" + "".join(f"{c};1O;2;x\n" for c in codes), encoding="utf-8")
    spec.write_text(spec_text("", towns="").replace("file: data.csv", "file: bad.csv"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "bad.xlsx"))
    lines = [line for line in err.splitlines() if "bad.csv:" in line and ": error: column" in line]
    assert code == 4 and len(lines) == 20 and "and 30 more cells that are not numbers" in err, (
        f"50 bad cells: 20 shown with their lines, then how many more: {code} {len(lines)} {err[-300:]}")
    assert (any(line.startswith(str(tmp / "bad.csv") + ":2: error: column 'locaux'") for line in lines) and
            any(line.startswith(str(tmp / "bad.csv") + ":2: error: column 'taux'") for line in lines)), (
        f"each bad cell with its line and column: {lines[:2]}")

    # 8. A whole city's row cannot be divided between the arrondissements a report compares.
    spec.write_text(spec_text("    merged_communes: {add: [locaux, ftth], others: chef_lieu}\n",
                              towns="towns:\n  reference: ref.csv\n  select: {codes: [\"75101\", \"75102\"]}\n"),
                    encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "paris.xlsx"))
    assert (code == 4 and re.search(r"data\.csv:5: error: source 'data' gives the whole city 75056, but the report "
                                    r"compares its arrondissements 75101, 75102", err)), (
        f"refused with the line of the city's row: {code} {err[-500:]}")
    assert not (tmp / "paris.xlsx").exists(), "and nothing is written"
