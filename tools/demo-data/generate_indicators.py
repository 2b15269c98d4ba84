#!/usr/bin/python3
"""Generate munidash's two ILLUSTRATIVE per-commune sources.

Every figure written here is INVENTED (plausible, but not real): it is derived
deterministically from SHA-256 of the commune's INSEE code and a field name,
never from `random` nor the clock, so the output is byte-for-byte stable.

Reads  configs/data/communes.csv  (code,name,population,department,department_name,region,epci,epci_name)
Writes, for every commune of it, sorted by code:
  configs/data/connectivite-illustratif.csv
      "French" dialect: ';' separator, decimal comma, UTF-8 with BOM, CRLF.
      code_insee;locaux;locaux_ftth;locaux_sans_30mbits;couverture_4g
  configs/data/services-illustratif.csv
      plain dialect: ',' separator, '.' decimal mark, UTF-8 without BOM, LF.
      code,france_services,lieux_mediation,demarches_total,demarches_en_ligne

Usage:
  generate_indicators.py [--communes CSV] [--out-dir DIR]
  generate_indicators.py --check   regenerate into a temporary directory and
                                   exit 1 if the files in --out-dir differ.
Standard library only.
"""

import argparse
import csv
import hashlib
import math
import os
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_COMMUNES = os.path.join(REPO, "configs", "data", "communes.csv")
DEFAULT_OUT_DIR = os.path.join(REPO, "configs", "data")

CONNECTIVITE = "connectivite-illustratif.csv"
SERVICES = "services-illustratif.csv"
COMMUNES_HEADER = ["code", "name", "population", "department", "department_name", "region", "epci", "epci_name"]
CONNECTIVITE_HEADER = ["code_insee", "locaux", "locaux_ftth", "locaux_sans_30mbits", "couverture_4g"]
SERVICES_HEADER = ["code", "france_services", "lieux_mediation", "demarches_total", "demarches_en_ligne"]
MISSING_TOKENS = ("s", "", "NA")  # secret, empty, not available


def unit(code, field):
    """A number in [0, 1) fixed by the INSEE code and the field name."""
    digest = hashlib.sha256(f"{code}|{field}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2.0**64


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def read_communes(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header != COMMUNES_HEADER:
            sys.exit(f"generate_indicators: unexpected header in {path}: {header}")
        communes = {}
        for line, row in enumerate(reader, start=2):
            if len(row) != len(COMMUNES_HEADER):
                sys.exit(f"generate_indicators: {path}:{line}: expected {len(COMMUNES_HEADER)} fields")
            code, population = row[0], row[2]
            if code in communes:
                sys.exit(f"generate_indicators: {path}:{line}: duplicate code {code}")
            if not population.isdigit():
                sys.exit(f"generate_indicators: {path}:{line}: bad population {population!r}")
            communes[code] = int(population)
    if not communes:
        sys.exit(f"generate_indicators: no commune in {path}")
    return sorted(communes.items())


def flagged(codes, field, share):
    """The round(share * n) codes with the smallest unit(code, field), each
    mapped to its rank: a deterministic, exactly sized pseudo-random subset."""
    ranked = sorted(codes, key=lambda code: (unit(code, field), code))
    return {code: rank for rank, code in enumerate(ranked[: round(share * len(codes))])}


def connectivite_rows(communes):
    codes = [code for code, _ in communes]
    # About 3 % of communes report slightly more FTTH-eligible premises than
    # premises (101-108 %), as ARCEP's open data sometimes does.
    over = flagged(codes, "locaux_ftth_over", 0.03)
    # About 2 % missing in each of locaux_ftth (outside the 'over' ones, so
    # that quirk stays visible) and locaux_sans_30mbits, as s / empty / NA.
    ftth_missing = flagged([c for c in codes if c not in over], "locaux_ftth_missing", 0.02)
    sans30_missing = flagged(codes, "locaux_sans_30mbits_missing", 0.02)

    rows = []
    for code, pop in communes:
        locaux = max(1, round(pop * (0.45 + 0.15 * unit(code, "locaux"))))

        if code in over:
            ftth_text = str(max(locaux + 1, round(locaux * (1.01 + 0.07 * unit(code, "locaux_ftth")))))
        elif code in ftth_missing:
            ftth_text = MISSING_TOKENS[ftth_missing[code] % len(MISSING_TOKENS)]
        else:
            share = 0.40 + 0.60 * unit(code, "locaux_ftth") ** 0.7  # skewed towards high coverage
            ftth_text = str(round(locaux * share))

        if code in sans30_missing:
            sans30_text = MISSING_TOKENS[sans30_missing[code] % len(MISSING_TOKENS)]
        else:
            sans30_text = str(round(locaux * 0.25 * unit(code, "locaux_sans_30mbits") ** 1.5))

        tenths = 850 + math.floor(151 * unit(code, "couverture_4g") ** 0.5)  # 85,0 .. 100,0
        g4_text = f"{tenths // 10},{tenths % 10}"  # decimal comma

        rows.append([code, str(locaux), ftth_text, sans30_text, g4_text])
    return rows


def services_rows(communes):
    # About 1 % of communes have no lieux_mediation figure (empty).
    mediation_missing = flagged([code for code, _ in communes], "lieux_mediation_missing", 0.01)

    rows = []
    for code, pop in communes:
        # France Services: mostly 0 or 1, more likely 1 for larger towns, rarely 2.
        p_any = clamp((math.log10(max(pop, 1)) - 2.5) / 2.5, 0.02, 0.85)
        p_two = 0.15 if pop >= 20000 else 0.03 if pop >= 8000 else 0.0
        x = unit(code, "france_services")
        france_services = 2 if x < p_two else 1 if x < p_any else 0

        # Digital-mediation places grow with population, 0..6.
        expected = clamp(0.8 * math.log2(max(pop, 1) / 800), 0.0, 5.5)
        mediation = clamp(math.floor(expected + 1.5 * unit(code, "lieux_mediation")), 0, 6)
        mediation_text = "" if code in mediation_missing else str(mediation)

        # The town hall's procedures in a year, about 0.3 per inhabitant; 10-80 % online.
        total = round(pop * 0.3 * (0.85 + 0.30 * unit(code, "demarches_total")))
        en_ligne = round(total * (0.10 + 0.70 * unit(code, "demarches_en_ligne")))

        rows.append([code, str(france_services), mediation_text, str(total), str(en_ligne)])
    return rows


def render(rows, header, sep, eol):
    return "".join(sep.join(r) + eol for r in [header] + rows)


def generate(communes_path, out_dir):
    communes = read_communes(communes_path)
    connectivite = render(connectivite_rows(communes), CONNECTIVITE_HEADER, ";", "\r\n")
    services = render(services_rows(communes), SERVICES_HEADER, ",", "\n")
    os.makedirs(out_dir, exist_ok=True)
    write_atomic(os.path.join(out_dir, CONNECTIVITE), b"\xef\xbb\xbf" + connectivite.encode("utf-8"))
    write_atomic(os.path.join(out_dir, SERVICES), services.encode("utf-8"))
    return len(communes)


def write_atomic(path, data):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", default=DEFAULT_COMMUNES, help="input communes.csv")
    parser.add_argument("--out-dir", default=DEFAULT_OUT_DIR, help="directory of the two output files")
    parser.add_argument("--check", action="store_true",
                        help="regenerate into a temporary directory; exit 1 if the files in --out-dir differ")
    args = parser.parse_args()

    if not args.check:
        n = generate(args.communes, args.out_dir)
        print(f"generate_indicators: wrote {n} communes to {CONNECTIVITE} and {SERVICES} in {args.out_dir}",
              file=sys.stderr)
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        generate(args.communes, tmp)
        stale = []
        for name in (CONNECTIVITE, SERVICES):
            with open(os.path.join(tmp, name), "rb") as f:
                fresh = f.read()
            try:
                with open(os.path.join(args.out_dir, name), "rb") as f:
                    current = f.read()
            except FileNotFoundError:
                current = None
            if current != fresh:
                stale.append(name)
    if stale:
        print("generate_indicators: out of date (run bash tools/demo-data/refresh.sh): " + ", ".join(stale),
              file=sys.stderr)
        return 1
    print(f"generate_indicators: {CONNECTIVITE} and {SERVICES} are up to date", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
