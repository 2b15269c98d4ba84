"""Every commune of France computed from ARCEP's file of 30 September 2019 (../shared/data/real),
keyed by the codes of that year, against today's built-in list of communes, with no key but the
file's own (ratio reads its columns as counts, which add up): each value must equal an
independent pandas computation that maps former codes to today's communes and adds up the counts,
and every row of the file must be used under its own code, mapped, or listed as set aside.
Skipped when the folder is absent (exit 77 for CTest: conftest.py)."""
import math
from pathlib import Path

import openpyxl
import pandas as pd

import e2e_support as e2e

COUNTS = ["nbr", "inel_hd", "elig_hd05", "elig_hd3", "elig_hd8", "elig_thd30", "elig_thd100", "elig_thd1g"]


def test_france_history(munidash, repo, real_data, tmp_path):
    data = real_data
    SPEC = f"""report: {{id: france-2019, title: Codes de 2019, period: "2019"}}
sources:
  arcep:
    file: {data / "arcep_mci_commune_debit_beta_2019-09-30.csv"}
    key: code_insee
    separator: ";"
    skip_lines: 1
indicators:
  - id: below_30
    plugin: ratio
    label: Sans 30 Mbit/s
    unit: percent
    params: {{numerator: [arcep.inel_hd, arcep.elig_hd05, arcep.elig_hd3, arcep.elig_hd8], denominator: arcep.nbr}}
  - id: gigabit
    plugin: ratio
    label: 1 Gbit/s
    unit: percent
    params: {{numerator: arcep.elig_thd1g, denominator: arcep.nbr}}
output:
  workbook: france.xlsx
  comparisons: false
"""

    # The independent computation: today's communes, the history of codes, the file read by pandas.
    communes = pd.read_csv(repo / "data" / "communes" / "communes.csv", dtype=str)
    history = pd.read_csv(repo / "data" / "communes" / "history.csv", dtype=str, keep_default_na=False)
    arcep = pd.read_csv(data / "arcep_mci_commune_debit_beta_2019-09-30.csv", sep=";", skiprows=1,
                        dtype={"code_insee": str})
    arcep["line"] = arcep.index + 3
    movable = history[history.kind.isin(["merged", "arrondissement"])].set_index("code").commune
    current = set(communes.code)
    arcep["town"] = [c if c in current else movable.get(c) for c in arcep.code_insee]
    used = arcep.dropna(subset=["town"])
    sums = used.groupby("town")[COUNTS].sum()
    below = 100 * sums[["inel_hd", "elig_hd05", "elig_hd3", "elig_hd8"]].sum(axis=1) / sums.nbr
    gigabit = 100 * sums.elig_thd1g / sums.nbr
    # What munidash gave before: each commune its own row only (a commune nouvelle its chef-lieu's).
    own = arcep[arcep.code_insee.isin(current)].set_index("code_insee")
    own_below = 100 * own[["inel_hd", "elig_hd05", "elig_hd3", "elig_hd8"]].sum(axis=1) / own.nbr

    tmp = tmp_path
    spec = Path(tmp) / "france.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 0, f"every commune of France runs: {code} {err[-1500:]}"
    book = openpyxl.load_workbook(Path(tmp) / "france.xlsx", read_only=True)
    summary = {row[0]: row for row in book["Synthèse"].iter_rows(min_row=7, values_only=True)}
    assert len(summary) == len(current), f"every commune of France: {len(summary)} of {len(current)}"

    def agrees(got, want):
        if want is None or not math.isfinite(want):
            return got is None
        return got is not None and math.isclose(got, want, rel_tol=1e-12, abs_tol=1e-12)

    wrong = [c for c in current
             if not agrees(summary[c][5], below.get(c)) or not agrees(summary[c][8], gigabit.get(c))]
    assert not wrong, (f"each commune's two shares equal pandas' on the mapped file: {len(wrong)} differ, "
                       f"e.g. {[(c, summary[c][5], below.get(c)) for c in sorted(wrong)[:5]]}")
    moved = [c for c in current if c in below.index and c in own_below.index
             and math.isfinite(below[c]) and math.isfinite(own_below[c]) and abs(below[c] - own_below[c]) > 0.05]
    assert len(moved) >= 100, (f"{len(moved)} communes differ by more than 0.05 points from their own row alone: "
                               f"the mapping matters")

    # Every row accounted for: kept under its code, listed as mapped, or listed as set aside.
    quality = [row for row in book["Qualité des données"].iter_rows(values_only=True)]
    listed = {r[1] for r in quality if r[0] == "arcep" and isinstance(r[1], (int, float))}
    kept = set(arcep[arcep.code_insee.isin(current)].line)
    unaccounted = [line for line in arcep.line if line not in kept and line not in listed]
    assert not unaccounted, f"no row lost without being listed: {unaccounted[:10]}"
    mapped = [r for r in quality if r[0] == "arcep" and r[6] == "commune fusionnée"]
    assert len(mapped) == len(arcep[~arcep.code_insee.isin(current) & arcep.code_insee.isin(movable.index)]), (
        f"{len(mapped)} rows under former codes, each listed with today's commune")
    two_owners = set(history[history.kind == "ambiguous"].code) & set(arcep.code_insee)
    ambiguous = [r for r in quality if r[0] == "arcep" and r[2] in two_owners]
    assert len(two_owners) == 1 and len(ambiguous) == 1 and "plusieurs communes" in str(ambiguous[0][3]), (
        f"the one ambiguous former code {two_owners} is set aside, with why: {ambiguous}")
