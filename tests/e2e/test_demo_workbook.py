"""The demo spec through the real CLI; the workbook read back by openpyxl and checked cell by cell
against values computed here, independently, from the CSV files."""
import filecmp
import math
import time
import zipfile
from datetime import datetime
from pathlib import Path
from xml.dom import minidom

import openpyxl
import pytest

import e2e_support as e2e


def thousands(n):
    digits = str(n)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return "\u202f".join(groups)


def ratio(numerator, denominator, scale=100.0):
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return scale * numerator / denominator


def test_demo_workbook(munidash, repo, tmp_path):
    data = Path(repo) / "configs" / "data"

    # --- The expected report, from the CSV files -----------------------------------------------
    communes = e2e.read_rows(data / "communes.csv")
    selected = sorted(
        (c for c in communes if 2500 <= int(c["population"]) <= 25000 and c["department"] in ("77", "91", "94")),
        key=lambda c: c["code"])
    connectivity = {r["code_insee"]: r for r in e2e.read_rows(data / "connectivite-illustratif.csv", separator=";")}
    services = {r["code"]: r for r in e2e.read_rows(data / "services-illustratif.csv")}

    bands = [2500, 5000, 10000, 25000]

    def band_of(population):
        for i in range(len(bands) - 1):
            if population < bands[i + 1] or (i == len(bands) - 2 and population <= bands[i + 1]):
                return i
        return len(bands) - 2

    def band_label(i):
        last = i == len(bands) - 2
        return f"{thousands(bands[i])} à {'' if last else 'moins de '}{thousands(bands[i + 1])} hab."

    def conn(code, column):
        return e2e.number(connectivity[code][column], decimal=",")

    def serv(code, column):
        return e2e.number(services[code][column])

    def ftth(code):
        share = ratio(conn(code, "locaux_ftth"), conn(code, "locaux"))
        return None if share is None else min(share, 100.0)

    def per_10000(code, column):
        count = serv(code, column)
        population = float(next(c for c in selected if c["code"] == code)["population"])
        return None if count is None else count / population * 10000

    indicators = [  # id, label, higher is better, value function
        ("ftth", "Locaux raccordables à la fibre", True, ftth),
        ("sans_30mbits", "Locaux sans accès à 30 Mbit/s", False,
         lambda c: ratio(conn(c, "locaux_sans_30mbits"), conn(c, "locaux"))),
        ("france_services", "Espaces France Services pour 10 000 hab.", True, lambda c: per_10000(c, "france_services")),
        ("mediation", "Lieux de médiation numérique pour 10 000 hab.", True, lambda c: per_10000(c, "lieux_mediation")),
        ("demarches_en_ligne", "Démarches de la mairie faites en ligne", True,
         lambda c: ratio(serv(c, "demarches_en_ligne"), serv(c, "demarches_total"))),
    ]
    codes = [c["code"] for c in selected]
    groups = [band_of(int(c["population"])) for c in selected]
    expected = {}
    for ident, label, higher, compute in indicators:
        values = [compute(code) for code in codes]
        ranks = e2e.competition_ranks(values, higher)
        medians = {g: e2e.median_or_none([v for v, gg in zip(values, groups) if gg == g]) for g in set(groups)}
        expected[ident] = (values, ranks, medians)

    assert len(selected) == 212, f"212 petites villes expected in 77/91/94, found {len(selected)}"
    for name in ("Trilport", "Igny", "Saint-Maurice"):
        assert any(c["name"] == name for c in selected), f"{name} is among the selected towns"

    # --- The workbook, made twice ----------------------------------------------------------------
    tmp = tmp_path
    spec = Path(repo) / "configs" / "illustratif.yaml"
    first, second = Path(tmp) / "a" / "demo.xlsx", Path(tmp) / "b" / "demo.xlsx"
    code, out, err = e2e.run(munidash, "run", str(spec), "--output", str(first))
    assert code == 0, f"run exits 0 (got {code}: {err})"
    assert out.strip() == str(first), f"run prints the workbook path (got {out!r})"
    code, _, _ = e2e.run(munidash, "run", str(spec), "--output", str(second))
    assert code == 0 and filecmp.cmp(first, second, shallow=False), (
        "two runs with SOURCE_DATE_EPOCH give identical bytes")
    # SOURCE_DATE_EPOCH=0, the usual value of reproducible builds: libxlsxwriter reads 0 as "now".
    zero = [first.parent / f"zero-{k}.xlsx" for k in (1, 2)]
    for k, path in enumerate(zero):
        if k:
            time.sleep(1.1)  # a run one second later
        e2e.run(munidash, "-q", "run", str(spec), "--output", str(path), env_extra={"SOURCE_DATE_EPOCH": "0"})
    assert all(p.is_file() for p in zero) and filecmp.cmp(*zero, shallow=False), (
        "two runs a second apart with SOURCE_DATE_EPOCH=0 give identical bytes")
    for path in zero:
        path.unlink(missing_ok=True)
        path.with_suffix(".manifest.json").unlink(missing_ok=True)
        (path.parent / "zero.manifest.json").unlink(missing_ok=True)
    assert sorted(p.name for p in first.parent.iterdir()) == ["demo.manifest.json", "demo.xlsx"], (
        "no temporary file is left beside the workbook, only the run's manifest")

    with zipfile.ZipFile(first) as archive:
        assert archive.testzip() is None, "every zip member has a correct CRC"
        parts = archive.namelist()
        for part in parts:
            if part.endswith(".xml") or part.endswith(".rels"):
                try:
                    minidom.parseString(archive.read(part))
                except Exception as error:  # noqa: BLE001 - any parse error fails the check
                    pytest.fail(f"{part} is well-formed XML: {error}")
        charts = [p for p in parts if p.startswith("xl/charts/chart")]
        assert len(charts) == len(indicators), f"one chart per indicator (found {len(charts)})"
        for part in charts:
            xml = archive.read(part).decode("utf-8")
            assert "'Groupes de pairs'!$C$" in xml or "'Groupes de pairs'!$" in xml, (
                f"{part} plots the peer-group sheet")

    book = openpyxl.load_workbook(first)
    assert (book.sheetnames == ["Couverture", "Synthèse", "Indice composite", "Groupes de pairs", "Comparaisons",
                                "Qualité des données", "Méthodologie"]), f"sheets: {book.sheetnames}"
    props = book.properties
    assert props.title == "Baromètre numérique des petites villes — 2024", f"title property: {props.title}"
    assert props.creator == "munidash (démonstration)", f"author property: {props.creator}"
    assert props.created == datetime(2023, 11, 14, 22, 13, 20), f"created = SOURCE_DATE_EPOCH: {props.created}"

    assert book.active.title == "Couverture", f"the workbook opens on its cover: {book.active.title}"
    padded = [(sheet.title, cell.coordinate, cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
              for cell in row if isinstance(cell.value, str) and cell.value != cell.value.strip(" ")]
    assert not padded, f"no text starts or ends with a space: {padded[:3]}"
    # Summary: header rows 5-6, one row per town from row 7.
    summary = book["Synthèse"]
    assert summary.freeze_panes == "C7", f"frozen header and names: {summary.freeze_panes}"
    assert summary.auto_filter.ref == f"A6:W{6 + len(selected)}", f"filter: {summary.auto_filter.ref}"
    assert "INVENTÉES" in (summary["A3"].value or ""), "the summary says the values are illustrative"
    assert summary.max_row == 6 + len(selected), f"one row per town (max_row {summary.max_row})"
    headers = [summary.cell(5, 6 + 3 * k).value for k in range(len(indicators))]
    assert headers == [label + "\nillustratif" for _, label, _, _ in indicators], (
        f"indicator headers, each with its source's vintage: {headers}")
    for i, town in enumerate(selected):
        row = 7 + i
        cells = [summary.cell(row, c).value for c in range(1, 6)]
        assert (cells == [town["code"], town["name"], town["department"], int(town["population"]),
                          band_label(groups[i])]), f"row {row} town columns {cells}"
        assert isinstance(summary.cell(row, 4).value, int), f"population of row {row} is a number"
        for k, (ident, _, _, _) in enumerate(indicators):
            values, ranks, medians = expected[ident]
            value_cell = summary.cell(row, 6 + 3 * k)
            rank_cell = summary.cell(row, 7 + 3 * k)
            median_cell = summary.cell(row, 8 + 3 * k)
            want = values[i]
            if want is None:
                # Missing: empty; a statistical secret shows its mark "(s)" instead of a number.
                assert value_cell.value in (None, "(s)"), f"{ident} of {town['code']} has no number (missing)"
            else:
                assert isinstance(value_cell.value, (int, float)) and math.isclose(value_cell.value, want, rel_tol=1e-12), (
                    f"{ident} of {town['code']}: workbook {value_cell.value}, expected {want}")
            assert rank_cell.value == ranks[i], f"rank of {ident} for {town['code']}: {rank_cell.value} vs {ranks[i]}"
            want_median = medians[groups[i]]
            assert median_cell.value is not None and math.isclose(median_cell.value, want_median, rel_tol=1e-12), (
                f"peer median of {ident} for {town['code']}: {median_cell.value} vs {want_median}")
    fmt = summary.cell(7, 6).number_format
    assert "%" in fmt, f"percent values carry a percent number format ({fmt})"
    assert summary.cell(7, 4).number_format == "#,##0", "populations carry a thousands format"

    # Colour scales follow each indicator's direction: green marks the favourable end.
    scales = {}
    for cf_range, rules in summary.conditional_formatting._cf_rules.items():
        for rule in rules:
            if rule.type == "colorScale":
                scales[str(cf_range.sqref)] = [c.rgb[-6:] for c in rule.colorScale.color]
    for k, (ident, _, higher, _) in enumerate(indicators):
        column = openpyxl.utils.get_column_letter(6 + 3 * k)
        colours = scales.get(f"{column}7:{column}{6 + len(selected)}")
        assert colours is not None, f"{ident} has a colour scale on its value column"
        if colours:
            assert colours[-1 if higher else 0] == "63BE7B", f"{ident}: green on the favourable side {colours}"

    # Capped values carry a visible mark "(p)" in their number format (not italics or colour alone), and
    # stay numbers.
    capped = [i for i, c in enumerate(codes)
              if (ratio(conn(c, "locaux_ftth"), conn(c, "locaux")) or 0) > 100]
    assert len(capped) > 0, "the demo data has fibre values above 100 %"
    for i in capped:
        cell = summary.cell(7 + i, 6)
        assert cell.value == 100 and cell.data_type == "n" and cell.number_format.endswith(' (p)"'), (
            f"capped fibre value of {codes[i]} is the number 100 marked (p): {cell.number_format!r}")
    assert "(p) plafonnée" in (summary["A4"].value or ""), "the summary's legend explains the mark (p)"

    # A value missing because the producer hid an input ('s') is flagged censored, not just missing.
    comparisons = list(book["Comparaisons"].iter_rows(min_row=6, values_only=True))
    column_of = {"ftth": "locaux_ftth", "sans_30mbits": "locaux_sans_30mbits"}
    labels_of = {label: ident for ident, label, _, _ in indicators}
    censored = 0
    for r in comparisons:
        ident = labels_of.get(r[2])
        if ident not in column_of or isinstance(r[3], (int, float)):
            continue
        cell = connectivity[r[0]][column_of[ident]]
        want = "secret statistique" if cell == "s" else "manquante"
        assert r[4] == want, f"{r[0]} {ident}: cell {cell!r} flagged {r[4]!r}, expected {want!r}"
        assert r[3] == ("(s)" if cell == "s" else None), f"{r[0]} {ident}: a secret shows its mark (s): {r[3]!r}"
        censored += cell == "s"
    assert censored == 2, f"the two selected towns with an 's' cell are flagged censored ({censored})"
    quality = {r[0]: r for r in book["Qualité des données"].iter_rows(min_row=6, max_row=10, values_only=True)}
    assert quality["Locaux raccordables à la fibre"][5] == 1, "the data-quality sheet counts one censored fibre value"

    # Peer groups: medians per band and for the whole selection.
    peers = book["Groupes de pairs"]
    for g in range(len(bands) - 1):
        assert peers.cell(6 + g, 1).value == band_label(g), f"peer group label {peers.cell(6 + g, 1).value}"
        assert peers.cell(6 + g, 2).value == groups.count(g), f"towns in group {g}"
        for k, (ident, _, _, _) in enumerate(indicators):
            got = peers.cell(6 + g, 3 + k).value
            assert math.isclose(got, expected[ident][2][g], rel_tol=1e-12), f"median of {ident} in group {g}: {got}"
    for k, (ident, _, _, _) in enumerate(indicators):
        got = peers.cell(6 + len(bands) - 1, 3 + k).value
        want = e2e.median_or_none(expected[ident][0])
        assert math.isclose(got, want, rel_tol=1e-12), f"selection median of {ident}: {got} vs {want}"

    # Methodology: every indicator with its unit, direction, plugin and version, and source file.
    method = book["Méthodologie"]
    rows = {method.cell(r, 1).value: [method.cell(r, c).value for c in range(1, 10)] for r in range(6, 6 + len(indicators))}
    plugins = {"ftth": "fibre_coverage", "sans_30mbits": "ratio", "france_services": "per_capita",
               "mediation": "per_capita", "demarches_en_ligne": "ratio"}
    for ident, label, higher, _ in indicators:
        row = rows.get(ident)
        assert row is not None, f"methodology row for {ident}"
        if not row:
            continue
        assert row[1] == label, f"methodology label of {ident}"
        assert row[3] == ("plus élevé = plus favorable" if higher else "plus bas = plus favorable"), (
            f"direction of {ident}: {row[3]}")
        assert row[6].startswith(plugins[ident]) and row[7] == "1.0.0", f"plugin of {ident}: {row[6]} {row[7]}"
        assert "data/" in (row[8] or "") and "VALEURS ILLUSTRATIVES" in row[8], f"sources of {ident}: {row[8]}"
    texts = " ".join(str(c.value) for r in method.iter_rows() for c in r if c.value)
    assert "@etalab/decoupage-administratif" in texts, "the methodology names the reference list's origin"
    assert "Valeurs plafonnées, marquées (p)" in texts, "the demo caps fibre values, and its methods say how"

    # A source named by an absolute path, in a spec named by a relative one: the methodology still names
    # its file (it used to show nothing: an absolute path has no form relative to "configs").
    tmp = tmp_path
    copied = e2e.copy_configs(repo, tmp)
    source = copied.parent / "data" / "connectivite-illustratif.csv"
    e2e.edit(copied, "file: data/connectivite-illustratif.csv", f"file: {source}")
    relative_spec = copied.relative_to(tmp)
    code, _, err = e2e.run(munidash, "-q", "run", str(relative_spec), "--output", "absolute.xlsx", cwd=tmp)
    assert code == 0, f"a spec with an absolute source path runs: {err[-300:]}"
    if code == 0:
        shown = [str(c.value) for r in openpyxl.load_workbook(Path(tmp) / "absolute.xlsx")["Méthodologie"].iter_rows()
                 for c in r if c.value and str(c.value).startswith("connectivite : ")]
        assert shown and all(v.startswith("connectivite : data/connectivite-illustratif.csv") for v in shown), (
            f"the methodology names the absolute source's file: {shown[:1]}")
