"""Sources with several periods: the report's period is read, the previous one too, and the
workbook shows each indicator's and the composite's change since then."""
import csv
import math

import openpyxl
import pytest

import e2e_support as e2e


def test_periods(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    data = spec.parent / "data"
    rows = e2e.read_rows(data / "services-illustratif.csv")
    # Two periods in one file: 2024 as shipped, 2023 with 20 fewer online procedures per town.
    with open(data / "services-periodes.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["annee"] + list(rows[0].keys()))
        for r in rows:
            w.writerow(["2024"] + list(r.values()))
            earlier = dict(r, demarches_en_ligne=str(max(0, int(r["demarches_en_ligne"]) - 20)))
            w.writerow(["2023"] + list(earlier.values()))
    e2e.edit(spec, "file: data/services-illustratif.csv", "file: data/services-periodes.csv\n    period_column: annee")
    e2e.edit(spec, '  period: "2024"\n', '  period: "2024"\n  previous_period: "2023"\n')
    out = tmp / "periods.xlsx"
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(out))
    assert code == 0, f"a spec with two periods runs: {err[-600:]}"
    assert "read source services: 1496 rows from" in err and "(period 2024)" in err and "(period 2023)" in err, (
        f"both periods are read: {err[-800:]}")
    if code == 0:
        book = openpyxl.load_workbook(out, read_only=True)
        table = list(book["Comparaisons"].iter_rows(min_row=5, values_only=True))
        header = table[0]
        assert header[-2:] == ("Valeur 2023", "Évolution depuis 2023"), f"change columns: {header[-2:]}"
        by = {r["code"]: r for r in rows}
        checked = 0
        for r in table[1:]:
            if r[2] != "Démarches de la mairie faites en ligne":
                continue
            s = by[r[0]]
            total, online = float(s["demarches_total"]), float(s["demarches_en_ligne"])
            before = 100 * max(0.0, online - 20) / total
            now = 100 * online / total
            ok = math.isclose(r[-2], before, rel_tol=1e-12) and math.isclose(r[-1], now - before, rel_tol=1e-9, abs_tol=1e-9)
            assert ok, f"{r[0]}: previous {r[-2]} vs {before}, change {r[-1]} vs {now - before}"
            checked += 1
        assert checked == 212, f"every town's change is shown: {checked}"
        unchanged = [r for r in table[1:] if r[2] == "Locaux raccordables à la fibre" and r[-1] not in (None, 0)]
        assert not unchanged, "a source without periods gives the same values for both periods"
        composite = list(book["Indice composite"].iter_rows(values_only=True))
        start = next(i for i, r in enumerate(composite) if r[0] == "Code INSEE")
        head = composite[start]
        assert head[-3:] == ("Indice 2023", "Rang 2023", "Évolution depuis 2023"), (
            f"composite change columns: {head[-3:]}")
        for r in composite[start + 1:start + 213]:
            if r[3] is not None and r[-3] is not None:
                if not math.isclose(r[-1], r[3] - r[-3], rel_tol=1e-9, abs_tol=1e-9):
                    pytest.fail(f"{r[0]}: composite change {r[-1]} vs {r[3] - r[-3]}")

    # Mistakes.
    original = spec.read_text(encoding="utf-8")
    spec.write_text(original.replace("period_column: annee", "period_column: anne"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "error: period_column 'anne' is not in" in err and "did you mean 'annee'?" in err, (
        f"unknown period column: {err}")
    spec.write_text(original.replace('previous_period: "2023"', 'previous_period: "2019"'), encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(tmp / "x.xlsx"))
    assert code == 4 and "source services has no row for period '2019' in column 'annee'" in err, (
        f"no such period: {err}")
    spec.write_text(original.replace("\n    period_column: annee", ""), encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "error: previous_period needs a source with several periods" in err, (
        f"previous_period without periods: {err}")
