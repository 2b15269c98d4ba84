#!/usr/bin/python3
"""INVENTED values for the benchmark: 20 count columns per commune, derived from SHA-256 of the
code (deterministic), in the French dialect (';', decimal comma). Never real figures."""
import csv
import hashlib
import sys

communes, target = sys.argv[1], sys.argv[2]


def fraction(code, field):
    return int.from_bytes(hashlib.sha256(f"{code}:{field}".encode()).digest()[:8], "big") / 2**64


with open(communes, encoding="utf-8", newline="") as f:
    rows = list(csv.DictReader(f))
with open(target, "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f, delimiter=";", lineterminator="\n")
    out.writerow(["code"] + [f"part_{i}" for i in range(1, 11)] + ["base"] + [f"nombre_{i}" for i in range(1, 11)])
    for r in rows:
        code, population = r["code"], int(r["population"])
        base = max(1, int(population * 0.5))
        parts = [int(base * fraction(code, f"part{i}")) for i in range(1, 11)]
        counts = [int(5 * fraction(code, f"count{i}") * (1 + population / 10000)) for i in range(1, 11)]
        cells = [str(p) if fraction(code, f"gap{i}") > 0.01 else "s" for i, p in enumerate(parts)]
        out.writerow([code] + cells + [str(base)] + [str(c) for c in counts])
print(f"generate_bench_data: {len(rows)} communes, 20 indicators' inputs -> {target}", file=sys.stderr)
