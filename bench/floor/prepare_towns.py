#!/usr/bin/python3
"""Per-town values for the floor benchmark (town_workbook_floor.cpp), from the bench's own inputs:
the petites villes (2,500-25,000 inhabitants) of data/communes-france.csv and the 20 indicators of
bench-petites-villes.yaml computed from data/indicateurs-france.csv. The figures are close to
munidash's (ranks, percentiles, peer-group quartiles, scores) but not meant to be equal: the floor
only has to write as many cells of the same kinds, so that its time is libxlsxwriter's alone.
Usage: prepare_towns.py COMMUNES.csv INDICATORS.csv OUT.tsv
One line per town, tab-separated: code, file name, sheet name, name, the page's third line, the composite line, then for
each indicator: value, rank text, percentile, median, q1, q3, gap, score, group median score."""
import bisect
import csv
import math
import sys
import unicodedata
import re

communes, indicators, out = sys.argv[1:4]
BANDS = [2500, 5000, 10000, 25000]
NNBSP = "\u202f"


def integer(n):
    return f"{int(round(n)):,}".replace(",", NNBSP)


def slug(name):
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60] or "commune"


def sheet_name(name):
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31].strip("'")


def quantile(sorted_values, q):
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


towns = []
with open(communes, encoding="utf-8") as f:
    for row in csv.DictReader(f):
        pop = int(row["population"] or 0)
        if 2500 <= pop <= 25000:
            towns.append(row)
towns.sort(key=lambda r: r["code"])
data = {}
with open(indicators, encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter=";"):
        data[row["code"]] = row


def group_of(pop):
    for k in range(len(BANDS) - 1):
        if pop < BANDS[k + 1] or k == len(BANDS) - 2:
            return k
    return len(BANDS) - 2


def num(text):
    try:
        return float(text.replace(",", "."))
    except (ValueError, AttributeError):
        return math.nan


ids = [(f"part_{k}", k % 2 == 1) for k in range(1, 11)] + [(f"nombre_{k}", True) for k in range(1, 11)]
values = []
for name, _ in ids:
    column = []
    for t in towns:
        d = data.get(t["code"], {})
        if name.startswith("part"):
            base = num(d.get("base", ""))
            v = num(d.get(name, "")) / base * 100 if base and not math.isnan(base) else math.nan
        else:
            v = num(d.get(name, "")) / int(t["population"]) * 10000
        column.append(v)
    values.append(column)
groups = [group_of(int(t["population"])) for t in towns]
counts = [groups.count(g) for g in range(len(BANDS) - 1)]

rows = [[] for _ in towns]
composite = [0.0] * len(towns)
for (name, higher), column in zip(ids, values):
    valid = sorted(v for v in column if not math.isnan(v))
    n = len(valid)
    stats = {}
    for g in range(len(BANDS) - 1):
        gv = sorted(v for v, gg in zip(column, groups) if gg == g and not math.isnan(v))
        stats[g] = (quantile(gv, 0.5), quantile(gv, 0.25), quantile(gv, 0.75))
    pcts = [math.nan] * len(column)
    for i, v in enumerate(column):
        if not math.isnan(v):
            below = bisect.bisect_left(valid, v)
            above = n - bisect.bisect_right(valid, v)
            pcts[i] = 100 * ((below if higher else above) + 0.5 * (n - below - above - 1)) / max(n - 1, 1)
    # The radar's typical comparable town: the median score of the town's peer group.
    group_score = {g: quantile(sorted(p for p, gg in zip(pcts, groups) if gg == g and not math.isnan(p)), 0.5)
                   for g in range(len(BANDS) - 1)}
    for i, v in enumerate(column):
        if math.isnan(v):
            rows[i] += ["", "", "", *(f"{x!r}" for x in stats[groups[i]]), "", "", repr(group_score[groups[i]])]
            continue
        below = bisect.bisect_left(valid, v)
        above = n - bisect.bisect_right(valid, v)
        rank = (above if higher else below) + 1
        pct = 100 * ((below if higher else above) + 0.5 * (n - below - above - 1)) / max(n - 1, 1)
        med, q1, q3 = stats[groups[i]]
        rows[i] += [repr(v), f"{rank} / {n}", repr(pct), repr(med), repr(q1), repr(q3), repr(v - med), repr(pct), repr(group_score[groups[i]])]
        composite[i] += pct / len(ids)
order = sorted(range(len(towns)), key=lambda i: -composite[i])
rank_of = {i: r + 1 for r, i in enumerate(order)}
with open(out, "w", encoding="utf-8") as f:
    for i, t in enumerate(towns):
        g = groups[i]
        last = g == len(BANDS) - 2
        band = f"{integer(BANDS[g])} à {'' if last else 'moins de '}{integer(BANDS[g + 1])} hab."
        line3 = (f"Département {t['department']} {t['department_name']} — {integer(int(t['population']))} habitants — "
                 f"groupe de pairs : {band} ({counts[g]} communes)")
        r = rank_of[i]
        comp = (f"Indice de banc d'essai : {round(composite[i])} — rang {r} sur {len(towns)} "
                f"(rang {max(1, r - 150)} à {min(len(towns), r + 150)} sur {len(towns)})")
        f.write("\t".join([t["code"], f"{t['code']}-{slug(t['name'])}.xlsx", sheet_name(t["name"]), t["name"], line3, comp] + rows[i]) + "\n")
print(f"{len(towns)} towns -> {out}")
