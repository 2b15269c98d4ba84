"""The comparison and composite methods checked against an independent implementation with numpy
and pandas (Debian's python3-numpy and python3-pandas): for the demo data and several composite
configurations, every rank, percentile, quartile, group value, normalised score and composite
score of the workbook is recomputed here from the CSV files."""
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import openpyxl
import pandas as pd
import pytest

import e2e_support as e2e


def percentile(values, higher):
    v = values.dropna()
    n = len(v)
    out = pd.Series(np.nan, index=values.index)
    for code, x in v.items():
        worse = (v < x).sum() if higher else (v > x).sum()
        tied = (v == x).sum() - 1
        out[code] = 100.0 if n == 1 else 100.0 * (worse + 0.5 * tied) / (n - 1)
    return out


def aggregate(num, den, scale, value, members):
    ok = value[members].notna() & num[members].notna() & den[members].notna() & (den[members] > 0)
    return scale * num[members][ok].sum() / den[members][ok].sum()


def close(a, b, tol=1e-9):
    if a is None or (isinstance(a, float) and math.isnan(a)):
        return b is None or (isinstance(b, float) and math.isnan(b))
    return b is not None and not (isinstance(b, float) and math.isnan(b)) and math.isclose(a, b, rel_tol=tol, abs_tol=tol)


def sheet_rows(sheet, first_header):
    """The rows of the table whose header row starts with first_header, as dicts."""
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_header)
    header = rows[start]
    return [dict(zip(header, r)) for r in rows[start + 1:] if r[0] is not None and len(str(r[0])) == 5]

# The demo's indicators, in the order of its spec.
IDS = ["ftth", "sans_30mbits", "france_services", "mediation", "demarches_en_ligne"]


@pytest.fixture(scope="module")
def reference(repo):
    """The demo's indicators recomputed here from its CSV files, with pandas."""
    data = Path(repo) / "configs" / "data"

    # --- The indicators, from the CSV files, with pandas ---------------------------------------
    communes = pd.read_csv(data / "communes.csv", dtype=str).set_index("code")
    communes["population"] = communes["population"].astype(float)
    selected = communes[(communes.population >= 2500) & (communes.population <= 25000)
                        & communes.department.isin(["77", "91", "94"])].sort_index()
    conn = pd.read_csv(data / "connectivite-illustratif.csv", sep=";", decimal=",", dtype={"code_insee": str},
                       na_values=["", "NA", "s"], keep_default_na=False, encoding="utf-8-sig").set_index("code_insee")
    serv = pd.read_csv(data / "services-illustratif.csv", dtype={"code": str}, na_values=[""],
                       keep_default_na=False).set_index("code")
    # Every town of the three departments, for the departments' own values.
    conn_all, serv_all, pop_all = conn.reindex(communes.index), serv.reindex(communes.index), communes.population
    conn, serv = conn.reindex(selected.index), serv.reindex(selected.index)
    pop = selected.population
    whole_department = {
        "ftth": (np.minimum(conn_all.locaux_ftth, conn_all.locaux), conn_all.locaux, 100.0, conn_all.locaux_ftth),
        "sans_30mbits": (conn_all.locaux_sans_30mbits, conn_all.locaux, 100.0, conn_all.locaux_sans_30mbits),
        "france_services": (serv_all.france_services, pop_all, 10000.0, serv_all.france_services),
        "mediation": (serv_all.lieux_mediation, pop_all, 10000.0, serv_all.lieux_mediation),
        "demarches_en_ligne": (serv_all.demarches_en_ligne, serv_all.demarches_total, 100.0, serv_all.demarches_en_ligne),
    }

    # id: (numerator, denominator, scale, higher is better, value)
    ftth_num = np.minimum(conn.locaux_ftth, conn.locaux)
    indicators = {
        "ftth": (ftth_num, conn.locaux, 100.0, True, np.minimum(100 * conn.locaux_ftth / conn.locaux, 100)),
        "sans_30mbits": (conn.locaux_sans_30mbits, conn.locaux, 100.0, False, 100 * conn.locaux_sans_30mbits / conn.locaux),
        "france_services": (serv.france_services, pop, 10000.0, True, serv.france_services / pop * 10000),
        "mediation": (serv.lieux_mediation, pop, 10000.0, True, serv.lieux_mediation / pop * 10000),
        "demarches_en_ligne": (serv.demarches_en_ligne, serv.demarches_total, 100.0, True,
                               100 * serv.demarches_en_ligne / serv.demarches_total),
    }
    ids = list(indicators)
    group = pd.Series(np.where(pop < 5000, 0, np.where(pop < 10000, 1, 2)), index=selected.index)
    assert ids == IDS
    return SimpleNamespace(communes=communes, selected=selected, whole_department=whole_department,
                           indicators=indicators, ids=ids, group=group)


@pytest.fixture(scope="module")
def run(munidash, repo, tmp_path_factory):
    """run(composite section, name): the demo's workbook with that composite section (None: the
    demo's own), open for reading; each one made once for the whole file."""
    tmp = tmp_path_factory.mktemp("methods")
    spec = e2e.copy_configs(repo, tmp)
    demo_text = spec.read_text(encoding="utf-8")
    books = {}

    def run_with(composite_yaml, name):
        if name in books:
            return books[name]
        if composite_yaml is None:
            composite_yaml = demo_text[demo_text.index("composite:"):demo_text.index("output:")]
        text = demo_text[:demo_text.index("composite:")] + composite_yaml + "\n" + demo_text[demo_text.index("output:"):]
        spec.write_text(text, encoding="utf-8")
        out = tmp / f"{name}.xlsx"
        code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(out))
        assert code == 0, f"{name} runs: {err[-400:]}"
        books[name] = openpyxl.load_workbook(out, read_only=True)
        return books[name]

    return run_with


def test_comparisons_agree_with_pandas(reference, run):
    communes, selected, whole_department = reference.communes, reference.selected, reference.whole_department
    indicators, ids, group = reference.indicators, reference.ids, reference.group
    book = run(None, "demo")
    rows = sheet_rows(book["Comparaisons"], "Code INSEE")
    labels = {"Locaux raccordables à la fibre": "ftth", "Locaux sans accès à 30 Mbit/s": "sans_30mbits",
              "Espaces France Services pour 10 000 hab.": "france_services",
              "Lieux de médiation numérique pour 10 000 hab.": "mediation",
              "Démarches de la mairie faites en ligne": "demarches_en_ligne"}
    assert len(rows) == len(selected) * len(ids), f"one comparison row per town and indicator: {len(rows)}"
    expected = {}
    for ident, (num, den, scale, higher, value) in indicators.items():
        value = value.where(np.isfinite(value))
        rank = value.rank(method="min", ascending=not higher)
        pct = percentile(value, higher)
        q = value.groupby(group).quantile([0.25, 0.5, 0.75]).unstack()
        departments = {d: aggregate(num, den, scale, value, selected.index[selected.department == d]) for d in ["77", "91", "94"]}
        whole = aggregate(num, den, scale, value, selected.index)
        a_num, a_den, a_scale, a_value = whole_department[ident]
        all_towns = {d: aggregate(a_num, a_den, a_scale, a_value, communes.index[communes.department == d])
                     for d in ["77", "91", "94"]}
        departments = (departments, all_towns)
        expected[ident] = (value, rank, pct, q, departments, whole, higher)
    mismatches = []
    for r in rows:
        ident = labels[r["Indicateur"]]
        value, rank, pct, q, departments, whole, higher = expected[ident]
        code = r["Code INSEE"]
        g = group[code]
        v = value[code]
        want = {
            "Valeur": None if pd.isna(v) else float(v),
            "Rang": None if pd.isna(rank[code]) else int(rank[code]),
            "Centile (100 = meilleur)": None if pd.isna(pct[code]) else float(pct[code]),
            "Médiane du groupe": float(q.loc[g, 0.5]), "1er quartile du groupe": float(q.loc[g, 0.25]),
            "3e quartile du groupe": float(q.loc[g, 0.75]),
            "Écart à la médiane du groupe": None if pd.isna(v) else float(v - q.loc[g, 0.5]),
            "Communes sélectionnées du département": float(departments[0][selected.department[code]]),
            "Toutes les communes du département": float(departments[1][selected.department[code]]),
            "Valeur de l'ensemble": float(whole),
            "Reste à faire": (None if pd.isna(v) else max(0.0, 100 - float(v))) if ident == "ftth" else None,
        }
        for column, w in want.items():
            got = r[column]
            if column == "Valeur" and got == "(s)" and r["Signal"] == "secret statistique":
                got = None  # a statistical secret: its mark, no number
            if column == "Rang":
                ok = got == w
            else:
                ok = close(w, got)
            if not ok:
                mismatches.append(f"{code} {ident} {column}: workbook {got}, pandas {w}")
    assert not mismatches, f"every comparison cell agrees with pandas ({len(mismatches)} differ): {mismatches[:5]}"


# --- Composite indices ---------------------------------------------------------------
def normalise(values, higher, method, goalposts=None, reference=None):
    v = values.astype(float)
    lo, hi = v.min(), v.max()
    if method == "minmax":
        s = (v - lo) / (hi - lo) * 100 if hi > lo else v * 0 + 100
        return s if higher else (100 - s if hi > lo else s)
    if method == "zscore":
        z = (v - v.mean()) / v.std(ddof=0)
        return z if higher else -z
    if method == "rank":
        n = v.notna().sum()
        return 100 * (n - v.rank(method="min", ascending=not higher)) / (n - 1)
    if method == "percentile":
        return percentile(v, higher)
    if method == "goalposts":
        s = (100 * (v - goalposts[0]) / (goalposts[1] - goalposts[0]))
        return (s if higher else 100 - s).clip(0, 100)
    if method == "index":
        return 100 * v / reference if higher else 100 * (2 - v / reference)
    raise ValueError(method)


def composite(reference, method, how, axes, weights, min_coverage=0.65, impute=False, goalposts=None):
    indicators, group, selected = reference.indicators, reference.group, reference.selected
    members = [(ident, a) for a, (aw, inds) in enumerate(axes) for ident in inds]
    norm = {}
    for ident, _ in members:
        num, den, scale, higher, value = indicators[ident]
        value = value.where(np.isfinite(value))
        if impute:
            value = value.fillna(value.groupby(group).transform("median"))
        ref = aggregate(num, den, scale, indicators[ident][4].where(np.isfinite(indicators[ident][4])), selected.index)
        s = normalise(value, higher, method, (goalposts or {}).get(ident), ref)
        if how == "geometric":
            s = np.maximum(s, 0.01) if method == "index" else 1 + 0.99 * s
        norm[ident] = s
    total_axes = sum(aw for aw, _ in axes)
    scores = pd.Series(np.nan, index=selected.index)
    coverage = pd.Series(0.0, index=selected.index)
    for code in selected.index:
        total = total_w = cov = 0.0
        for aw, inds in axes:
            ws = [(weights.get(i, 1.0), norm[i][code]) for i in inds]
            present = [(w, s) for w, s in ws if not pd.isna(s)]
            if not present:
                continue
            wsum = sum(w for w, _ in present)
            axis = (sum(w * math.log(s) for w, s in present) if how == "geometric" else sum(w * s for w, s in present)) / wsum
            total += aw * axis
            total_w += aw
            cov += aw * wsum / sum(w for w, _ in ws)
        coverage[code] = cov / total_axes
        if total_w > 0 and coverage[code] + 1e-12 >= min_coverage:
            scores[code] = math.exp(total / total_w) if how == "geometric" else total / total_w
    return scores, coverage


demo_axes = [(1.0, ["ftth", "sans_30mbits"]), (1.0, ["france_services", "mediation", "demarches_en_ligne"])]
all_in_one = [(1.0, IDS)]
CONFIGURATIONS = [
    ("demo", None, ("minmax", "arithmetic", demo_axes, {"ftth": 2.0})),
    ("zscore", "composite:\n  normalise: zscore\n", ("zscore", "arithmetic", all_in_one, {})),
    ("rank-geometric", "composite:\n  normalise: rank\n  aggregate: geometric\n  weights: {mediation: 3}\n",
     ("rank", "geometric", all_in_one, {"mediation": 3.0})),
    ("percentile-impute", "composite:\n  normalise: percentile\n  impute: peer_median\n",
     ("percentile", "arithmetic", all_in_one, {}, 0.65, True)),
    ("goalposts", "composite:\n  normalise: goalposts\n  goalposts: {ftth: [50, 100], sans_30mbits: [0, 30], "
                  "france_services: [0, 2], mediation: [0, 10], demarches_en_ligne: [0, 100]}\n",
     ("goalposts", "arithmetic", all_in_one, {}, 0.65, False,
      {"ftth": (50, 100), "sans_30mbits": (0, 30), "france_services": (0, 2), "mediation": (0, 10),
       "demarches_en_ligne": (0, 100)})),
    ("index-geometric", "composite:\n  normalise: index\n  aggregate: geometric\n", ("index", "geometric", all_in_one, {})),
    ("coverage-90", "composite:\n  min_coverage: 0.9\n  axes:\n    a: {weight: 3, indicators: [ftth, sans_30mbits]}\n"
                    "    b: {weight: 1, indicators: [france_services, mediation]}\n",
     ("minmax", "arithmetic", [(3.0, ["ftth", "sans_30mbits"]), (1.0, ["france_services", "mediation"])], {}, 0.9)),
]


@pytest.mark.parametrize("name, yaml_text, config", CONFIGURATIONS, ids=[c[0] for c in CONFIGURATIONS])
def test_composite_agrees_with_pandas(reference, run, name, yaml_text, config):
    selected = reference.selected
    result = run(yaml_text, name)
    scores, coverage = composite(reference, *config)
    ranks = scores.rank(method="min", ascending=False)
    table = sheet_rows(result["Indice composite"], "Code INSEE")
    assert len(table) == len(selected), f"{name}: one composite row per town"
    bad = []
    for r in table:
        code = r["Code INSEE"]
        want = None if pd.isna(scores[code]) else float(scores[code])
        rank_header = next(k for k in r if str(k).startswith("Rang sur"))
        if not close(want, r["Indice"], 1e-9) or (r[rank_header] or 0) != (0 if pd.isna(ranks[code]) else int(ranks[code])) \
                or not close(float(coverage[code]), r["Part des poids renseignée"], 1e-9):
            bad.append(f"{code}: score {r['Indice']} vs {want}, rank {r[rank_header]} vs {ranks[code]}, "
                       f"coverage {r['Part des poids renseignée']} vs {coverage[code]}")
    assert not bad, f"{name}: scores, ranks and coverage agree with pandas ({len(bad)} differ): {bad[:3]}"
    if name == "coverage-90":
        assert scores.isna().sum() > 0, "coverage-90: some towns are not scored, as pandas says"


# --- Robustness: properties an independent implementation cannot share the draws of ------
def test_one_method_and_no_weight_variation_give_the_main_ranking(run):
    fixed = ("composite:\n  robustness: {draws: 50, seed: 7, weight_variation: 0}\n")
    result = run(fixed, "fixed")
    table = sheet_rows(result["Indice composite"], "Code INSEE")
    rank_header = next(k for k in table[0] if str(k).startswith("Rang sur"))
    want = [f"rang {r[rank_header]} à {r[rank_header]} sur {len(table)}" for r in table]
    assert [r["Rang possible (90 % des tirages)"] for r in table] == want, (
        "with no weight variation and one method, every draw gives the main ranking")


def test_the_seed_decides_the_rank_intervals(reference, run):
    selected = reference.selected
    varied = "composite:\n  robustness: {draws: 300, seed: %d, normalisations: [minmax, rank, percentile]}\n"
    first, again, other = (run(varied % seed, f"seed-{i}") for i, seed in enumerate((11, 11, 12)))
    pick = lambda b: [r["Rang possible (90 % des tirages)"] for r in sheet_rows(b["Indice composite"], "Code INSEE")]  # noqa: E731
    assert pick(first) == pick(again), "the same seed gives the same rank intervals"
    assert pick(first) != pick(other), "another seed gives other intervals"
    for r in sheet_rows(first["Indice composite"], "Code INSEE"):
        low, high = (int(x) for x in r["Rang possible (90 % des tirages)"].split()[1:4:2])
        if not (1 <= low <= high <= len(selected)):
            pytest.fail(f"{r['Code INSEE']}: interval {low}..{high}")
