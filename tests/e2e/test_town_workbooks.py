"""One workbook per town: names from the template, files only inside the output folder, both cores,
shards that add up to the whole, colliding town names, identical bytes on reruns; and every XML
part of every workbook well-formed."""
from pathlib import Path

import openpyxl

import e2e_support as e2e


def test_town_workbooks(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    communes = spec.parent / "data" / "communes.csv"
    # Two towns with the same name, and names made to break sheet and file names.
    text = communes.read_text(encoding="utf-8")
    text = text.replace("77475,Trilport,", "77475,Saint-Maurice,")
    text = text.replace("91312,Igny,", '91312,"../../Igny: [la] * ville? / \\\\ très, très longue au nom interminable",')
    text = text.replace("77005,Annet-sur-Marne,", '77005,"=HYPERLINK(""http://example.invalid"";""x"")",')
    text = text.replace("77014,Avon,", "77014,@SUM(1+1),")
    communes.write_text(text, encoding="utf-8")
    e2e.edit(spec, '  workbook: "../reports/{report.id}-{report.period}.xlsx"',
             '  workbook: "../reports/{report.id}-{report.period}.xlsx"\n  town_sheets: true\n'
             '  per_town: "../reports/{report.period}/communes/{town.code}-{town.slug}.xlsx"')
    code, out, err = e2e.run(munidash, "run", str(spec), "--jobs", "2")
    assert code == 0, f"a per-town run on both cores: {err[-600:]}"
    root = tmp / "reports"
    folder = root / "2024" / "communes"
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    assert len(files) == 212, f"212 town workbooks: {len(files)}"
    assert "77475-saint-maurice.xlsx" in files and "94069-saint-maurice.xlsx" in files, (
        "towns with the same name get distinct files (the code differs)")
    igny = [f for f in files if f.startswith("91312-")]
    assert igny == ["91312-igny-la-ville-tres-tres-longue-au-nom-interminable.xlsx"], (
        f"a hostile name, a safe slug: {igny}")
    fixtures = tmp / "tests" / "fixtures"  # the demo's returns, copied with configs/
    stray = [p for p in tmp.rglob("*.xlsx") if root not in p.parents and fixtures not in p.parents]
    assert not stray, f"nothing is written outside the output folder: {stray}"
    assert not list(folder.glob(".*.tmp-*")), "no temporary file is left"
    assert out.splitlines()[-1] == str(root.resolve()) or Path(out.splitlines()[-1]).resolve() == root.resolve(), (
        f"the CLI prints the folder: {out}")

    main = openpyxl.load_workbook(root / "petites-villes-illustratif-2024.xlsx", read_only=True)
    names = main.sheetnames
    assert "Saint-Maurice" in names and "Saint-Maurice (2)" in names, f"colliding town sheets: {names[5:9]}"
    long_name = [n for n in names if n.startswith(".. .. Igny") or "Igny" in n]
    assert len(long_name) == 1 and len(long_name[0]) <= 31 and not any(c in long_name[0] for c in "[]:*?/\\\\"), (
        f"a valid sheet name from a hostile town name: {long_name}")
    assert len(set(n.lower() for n in names)) == len(names), "sheet names differ regardless of case"
    summary = {r[0]: r for r in main["Synthèse"].iter_rows(min_row=7, values_only=True)}
    cells = {r[0].value: r[1] for r in openpyxl.load_workbook(root / "petites-villes-illustratif-2024.xlsx")["Synthèse"].iter_rows(min_row=7)}
    for code_insee, name in (("77005", '=HYPERLINK("http://example.invalid";"x")'), ("77014", "@SUM(1+1)")):
        assert cells[code_insee].value == name and cells[code_insee].data_type == "s", (
            f"text that starts with = or @ stays text: {cells[code_insee].value!r} ({cells[code_insee].data_type})")

    # e2e.run() has checked every XML part of every workbook the run reported (the folder).
    assert not e2e.xml_problems, f"every XML part of every workbook is well-formed: {e2e.xml_problems[:3]}"
    mismatches = []
    for name in files:
        path = folder / name
        book = openpyxl.load_workbook(path, read_only=True)
        code_insee = name[:5]
        if book.sheetnames[0] != "Couverture" or book.sheetnames[-1] != "Méthodologie" or len(book.sheetnames) != 3:
            mismatches.append(f"{name}: sheets {book.sheetnames}")
            continue
        page = list(book[book.sheetnames[1]].iter_rows(min_row=7, max_row=11, values_only=True))
        values = [r[1] for r in page]
        expected = [summary[code_insee][5 + 3 * k] for k in range(5)]
        # A number, empty, or the mark of a statistical secret: the same on both sheets.
        if any(a != b if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) else abs(a - b) > 1e-9
               for a, b in zip(values, expected)):
            mismatches.append(f"{name}: {values} vs {expected}")
    assert not mismatches, f"each town's page shows the summary's values: {mismatches[:3]}"

    # Shards add up to the whole, without overlap; only shard 1 writes the report's workbook.
    counts = []
    for k in (1, 2, 3):
        code, out, err = e2e.run(munidash, "run", str(spec), "--shard", f"{k}/3", "--jobs", "1",
                                 env_extra={"SOURCE_DATE_EPOCH": "1700000000"})
        assert code == 0, f"shard {k}/3 runs: {err[-300:]}"
        assert (k == 1) == any(line.endswith(".xlsx") for line in out.splitlines()), (
            f"shard {k}: the report's workbook is written by shard 1 only: {out}")
        counts += [int(line.split("wrote ")[1].split()[0]) for line in err.splitlines() if "town workbooks under" in line]
    assert counts == [71, 71, 70], f"three shards share the 212 towns: {counts}"
    # Rerun everything with the same epoch: identical bytes.
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    code, _, _ = e2e.run(munidash, "run", str(spec), env_extra={"SOURCE_DATE_EPOCH": "1700000000"})
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert code == 0 and before == after, "sharded and whole runs give the same bytes with SOURCE_DATE_EPOCH"

    code, _, err = e2e.run(munidash, "run", str(spec), "--shard", "4/3")
    assert code == 2 and "--shard '4/3': expected K/N with 1 ≤ K ≤ N" in err, f"a bad shard: {err}"
    e2e.edit(spec, '\n  per_town: "../reports/{report.period}/communes/{town.code}-{town.slug}.xlsx"', "")
    code, _, err = e2e.run(munidash, "run", str(spec), "--shard", "1/2")
    assert code == 2 and "--shard splits the towns' workbooks, but the spec asks for none" in err, (
        f"shard without per_town: {err}")
    e2e.edit(spec, "  town_sheets: true", '  town_sheets: true\n  per_town: "../reports/{town.slug}.xlsx"')
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "output.per_town must contain {town.code}" in err, f"per_town without the code: {err}"
