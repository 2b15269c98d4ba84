"""Sources with several rows per town (a list of sites): aggregated by the spec alone, with rows
that match no town counted and reported; and the spec's errors about aggregates."""
import math
from pathlib import Path

import openpyxl

import e2e_support as e2e

SITES = """insee_com;format_fs;itinerance;heures
77475;Site principal;Non;35
77475;Antenne;Non;12,5
91312;Antenne;Oui;8
91312;Antenne;Non;s
;Antenne;Non;4
0null;Site principal;Non;4
4070;Site principal;Non;4
13055;Site principal;Non;30
"""

SOURCE = """  sites:
    file: data/sites.csv
    key: insee_com
    separator: ";"
    decimal: ","
    rows: many
    aggregate:
      all_sites: {function: count}
      main_sites: {function: count, where: {format_fs: ["Site principal"]}}
      fixed_sites: {function: count, where: {itinerance: [Non]}}
      hours: {function: sum, column: heures}
      longest: {function: max, column: heures}
"""

INDICATORS = """  - id: sites_per_10000
    plugin: per_capita
    label: Sites pour 10 000 hab.
    params: {count: sites.all_sites}
  - id: main_share
    plugin: ratio
    label: Part des sites principaux
    params: {numerator: sites.main_sites, denominator: sites.all_sites}
  - id: hours_per_site
    plugin: ratio
    label: Heures par site fixe
    unit: number
    params: {numerator: sites.hours, denominator: sites.fixed_sites, scale: 1}
"""


def test_aggregates(munidash, demo_spec, tmp_path):
    tmp = tmp_path
    spec = demo_spec
    (spec.parent / "data" / "sites.csv").write_text(SITES, encoding="utf-8")
    e2e.edit(spec, "sources:\n", "sources:\n" + SOURCE)
    text = spec.read_text(encoding="utf-8")
    start, end = text.index("indicators:\n"), text.index("output:")
    spec.write_text(text[:start] + "indicators:\n" + INDICATORS + "\n" + text[end:], encoding="utf-8")

    workbook = Path(tmp) / "sites.xlsx"
    code, out, err = e2e.run(munidash, "run", str(spec), "-o", str(workbook))
    assert code == 0, f"a multi-row source needs no code: {code} {err}"
    assert "sites: 3 rows have no valid INSEE code" in err, f"rows without a code are reported: {err}"
    assert "sites: 1 rows have a code that is not in the reference list" in err, f"unknown codes are reported: {err}"
    if code == 0:
        book = openpyxl.load_workbook(workbook)
        summary = book["Synthèse"]
        rows = {summary.cell(r, 1).value: r for r in range(7, summary.max_row + 1)}
        population = {c["code"]: float(c["population"]) for c in e2e.read_rows(spec.parent / "data" / "communes.csv")}
        expected = {  # code: (sites per 10,000, main share %, hours per fixed site)
            "77475": (2 / population["77475"] * 10000, 50.0, (35 + 12.5) / 2),
            "91312": (2 / population["91312"] * 10000, 0.0, 8 / 1),   # 's' is missing: the sum keeps 8
            "94069": (0.0, None, None),                              # no site: 0 per 10,000, no share
        }
        for code_insee, (per, share, hours) in expected.items():
            row = rows[code_insee]
            values = [summary.cell(row, c).value for c in (6, 9, 12)]
            for got, want, what in zip(values, (per, share, hours), ("sites per 10,000", "main share", "hours")):
                ok = got is None if want is None else (got is not None and math.isclose(got, want, rel_tol=1e-12))
                assert ok, f"{what} of {code_insee}: {got} vs {want}"
        method = " ".join(str(c.value) for r in book["Méthodologie"].iter_rows() for c in r if c.value)
        assert ("8 lignes lues; 3 sans code commune valide (écartées); 1 écartées pour une autre raison"
                in method), "the methodology counts the rows set aside"

    # Mistakes about aggregates are found by validate, each at its place.
    def refusal(old, new):
        original = spec.read_text(encoding="utf-8")
        e2e.edit(spec, old, new)
        code, _, err = e2e.run(munidash, "validate", str(spec))
        spec.write_text(original, encoding="utf-8")
        assert code == 2, f"exit 2 for {new!r}: {code}"
        return err

    err = refusal("column: heures}", "column: hueres}")
    assert "error: aggregate 'hours' uses column 'hueres', which" in err and "did you mean 'heures'?" in err, (
        f"unknown aggregated column: {err}")
    err = refusal("{function: count}", "{function: cuont}")
    assert "error: unknown aggregate function 'cuont' (did you mean 'count'?" in err, f"unknown function: {err}"
    err = refusal("{function: count, where", "{function: count, column: heures, where")
    assert "error: a count counts rows: it takes no 'column'" in err, f"count with a column: {err}"
    err = refusal("    rows: many\n", "")
    assert "error: 'aggregate:' is for sources with several rows per town (add 'rows: many'" in err, (
        f"aggregate without rows: many: {err}")
    err = refusal("params: {count: sites.all_sites}", "params: {count: sites.format_fs}")
    assert "error: source 'sites' has no column 'format_fs'" in err, f"a raw column of a multi-row source: {err}"
    err = refusal("    rows: many\n", "    rows: one\n")
    assert "'aggregate:' is for sources with several rows per town" in err, f"rows: one with aggregate: {err}"
