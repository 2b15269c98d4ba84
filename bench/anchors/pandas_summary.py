#!/usr/bin/python3
"""The anchor an analyst would write instead of munidash: pandas and numpy compute what
bench-france-summary.yaml asks (20 indicators, ranks, peer-group medians, a min-max composite and
1,000 Monte Carlo draws over weights and three normalisations), and XlsxWriter writes the summary.
It checks nothing and flags nothing: it is the speed to beat, not a reference for the numbers.
Usage: pandas_summary.py COMMUNES.csv INDICATEURS.csv OUT.xlsx"""
import sys

import numpy as np
import pandas as pd

communes_csv, indicators_csv, out = sys.argv[1:4]
BANDS = [0, 500, 2500, 5000, 10000, 25000, 100000, 3000000]
DRAWS, SEED, VARIATION = 1000, 1, 0.25

towns = pd.read_csv(communes_csv, dtype={"code": str, "department": str})
data = pd.read_csv(indicators_csv, sep=";", decimal=",", dtype={"code": str}, na_values=["s"])  # "s": secret
frame = towns.merge(data, on="code", how="left").sort_values("code").reset_index(drop=True)
frame["group"] = pd.cut(frame["population"], BANDS, right=False).astype(str)

ids, higher = [], []
for k in range(1, 11):
    frame[f"part_{k}_value"] = np.where(frame["base"] > 0, 100 * frame[f"part_{k}"] / frame["base"], np.nan)
    ids.append(f"part_{k}")
    higher.append(k % 2 == 1)
for k in range(1, 11):
    frame[f"nombre_{k}_value"] = np.where(frame["population"] > 0,
                                          10000 * frame[f"nombre_{k}"] / frame["population"], np.nan)
    ids.append(f"nombre_{k}")
    higher.append(True)

values = np.column_stack([frame[f"{i}_value"].to_numpy() for i in ids])
for i, up in zip(ids, higher):
    frame[f"{i}_rank"] = frame[f"{i}_value"].rank(method="min", ascending=not up)
    frame[f"{i}_median"] = frame.groupby("group")[f"{i}_value"].transform("median")


def normalise(method):
    scores = np.empty_like(values)
    for j, up in enumerate(higher):
        column = values[:, j] if up else -values[:, j]
        series = pd.Series(column)
        if method == "minmax":
            low, high = np.nanmin(column), np.nanmax(column)
            scores[:, j] = 100 * (column - low) / (high - low) if high > low else 100.0
        elif method == "rank":
            n = series.count()
            scores[:, j] = 100 * (n - series.rank(method="min", ascending=False)) / max(n - 1, 1)
        else:
            scores[:, j] = 100 * series.rank(pct=True)
    return scores


def composite(scores, weights):
    present = ~np.isnan(scores)
    total = np.where(present, scores, 0) @ weights
    weight = present @ weights
    return np.where(weight > 0, total / np.where(weight > 0, weight, 1), np.nan)


def ranks_of(score):
    return pd.Series(score).rank(method="min", ascending=False).to_numpy()


by_method = {m: normalise(m) for m in ("minmax", "rank", "percentile")}
weights = np.ones(len(ids))
frame["score"] = composite(by_method["minmax"], weights)
frame["score_rank"] = ranks_of(frame["score"].to_numpy())
rng = np.random.default_rng(SEED)
all_ranks = np.empty((DRAWS, len(frame)))
all_ranks[0] = frame["score_rank"].to_numpy()
methods = list(by_method)
for d in range(1, DRAWS):
    drawn = weights * (1 - VARIATION + 2 * VARIATION * rng.random(len(ids)))
    all_ranks[d] = ranks_of(composite(by_method[methods[rng.integers(len(methods))]], drawn))
low = np.nanpercentile(all_ranks, 5, axis=0, method="inverted_cdf")
high = np.nanpercentile(all_ranks, 95, axis=0, method="inverted_cdf")
frame["rank_range"] = [f"{int(a)} – {int(b)}" if a == a and b == b else "" for a, b in zip(low, high)]

columns = ["code", "name", "department", "population", "group"]
for i in ids:
    columns += [f"{i}_value", f"{i}_rank", f"{i}_median"]
columns += ["score", "score_rank", "rank_range"]
with pd.ExcelWriter(out, engine="xlsxwriter") as writer:
    frame[columns].to_excel(writer, sheet_name="Synthèse", index=False, startrow=5)
    sheet = writer.sheets["Synthèse"]
    sheet.write(0, 0, "Banc d'essai, toutes les communes — 2024")
    sheet.freeze_panes(6, 2)
    sheet.autofilter(5, 0, 5 + len(frame), len(columns) - 1)
