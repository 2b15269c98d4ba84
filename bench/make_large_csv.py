#!/usr/bin/env python3
"""Writes bench/data/large-france.csv (about 200 MB): a French open-data file to measure reading.

Every commune of bench/data/communes-france.csv, over ten years (column 'annee'), with a name
column and 80 numeric columns written the French way: ';' between fields, decimal commas, UTF-8
with a byte-order mark. Some cells are empty, secret ('s') or missing ('NA'); the columns the
spec does not use also hold text that is not a number ('n.d.', '12,5 %'); a few rows have no
valid INSEE code. The values are invented and reproducible (a fixed seed).

    python3 bench/make_large_csv.py [--years 10] [--columns 80] [--clean 6] [--out bench/data/large-france.csv]

The wide variant read by bench-wide-csv.yaml (one year, 600 columns, all of them used):

    python3 bench/make_large_csv.py --years 1 --columns 600 --clean 600 --out bench/data/wide-france.csv
"""
import argparse
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))


def french(value, decimals):
    return f"{value:.{decimals}f}".replace(".", ",")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--columns", type=int, default=80)
    parser.add_argument("--clean", type=int, default=6, help="the first columns, which hold numbers only")
    parser.add_argument("--out", default=os.path.join(HERE, "data", "large-france.csv"))
    args = parser.parse_args()

    with open(os.path.join(HERE, "data", "communes-france.csv"), encoding="utf-8") as f:
        communes = [(row["code"], row["name"], int(row["population"])) for row in csv.DictReader(f)]
    rng = random.Random(13)
    # The spec uses the first few columns; the others may hold anything a producer writes.
    used = args.clean
    header = ["code_commune_insee", "libelle_commune", "annee"] + [f"mesure_{c + 1}" for c in range(args.columns)]
    first_year = 2024 - args.years + 1
    with open(args.out, "w", encoding="utf-8-sig", newline="") as out:
        out.write(";".join(header) + "\r\n")
        for year in range(first_year, 2025):
            for code, name, population in communes:
                cells = [code, '"' + name.replace('"', '""') + '"', str(year)]
                for c in range(args.columns):
                    draw = rng.random()
                    if draw < 0.02:
                        cells.append("")
                    elif draw < 0.03:
                        cells.append("s")
                    elif draw < 0.035:
                        cells.append("NA")
                    elif c >= used and draw < 0.04:
                        cells.append(rng.choice(["n.d.", "12,5 %", "?"]))
                    elif c % 3 == 0:
                        cells.append(str(rng.randrange(0, max(population, 1) + 1)))
                    else:
                        cells.append(french(rng.random() * 1000, 2 + c % 3))
                out.write(";".join(cells) + "\r\n")
            out.write(";".join(["0null", "Ligne sans code", str(year)] + [""] * args.columns) + "\r\n")
    print(f"{args.out}: {os.path.getsize(args.out) / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
