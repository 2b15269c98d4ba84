"""output.per_town_only: only the chosen towns (listed codes and the N most populous) get a
workbook, byte for byte the one a full run gives them, with ranks and peer medians over the whole
selection; shards split only the chosen towns; a code outside the selection is refused at its place."""
import csv

import openpyxl

import e2e_support as e2e


def test_town_choice(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    original = spec.read_text(encoding="utf-8")
    output = '  workbook: "../reports/{report.id}-{report.period}.xlsx"\n'
    chosen_output = (output + '  per_town: "../reports/communes/{town.code}-{town.slug}.xlsx"\n'
                     '  per_town_only:\n    largest: 3\n    codes: ["77475", "91312"]\n')

    def position_of(text):
        """1-based line and column of the first occurrence of text in the spec."""
        content = spec.read_text(encoding="utf-8")
        at = content.index(text)
        return content.count("\n", 0, at) + 1, at - (content.rfind("\n", 0, at) + 1) + 1

    # The towns expected, from the reference list read independently: the demo's selection.
    with open(spec.parent / "data" / "communes.csv", encoding="utf-8", newline="") as handle:
        selection = [r for r in csv.DictReader(handle)
                     if r["department"] in ("77", "91", "94") and 2500 <= int(r["population"]) <= 25000]
    largest = sorted(selection, key=lambda r: (-int(r["population"]), r["code"]))[:3]
    expected = sorted({r["code"] for r in largest} | {"77475", "91312"})
    assert len(selection) == 212 and len(expected) == 5, f"the demo selects 212 towns: {len(selection)}, {expected}"

    e2e.edit(spec, output, chosen_output)
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 0, f"a run with per_town_only: {err[-600:]}"
    folder = tmp / "reports" / "communes"
    files = sorted(p.name for p in folder.glob("*.xlsx")) if folder.exists() else []
    assert [name[:5] for name in files] == expected, f"only the chosen towns get a workbook: {files} vs {expected}"
    assert "5 of the 212 selected towns get a workbook; all are compared" in err, f"the log says so: {err[-600:]}"

    # Each chosen town's page: its rank among all the ranked towns of the selection and its peer
    # group's median, as the report's Comparaisons sheet gives them.
    main = openpyxl.load_workbook(tmp / "reports" / "petites-villes-illustratif-2024.xlsx", read_only=True)
    rows = list(main["Comparaisons"].iter_rows(min_row=6, values_only=True))
    rank = {(r[0], r[2]): r[5] for r in rows if r[0]}
    median = {(r[0], r[2]): r[8] for r in rows if r[0]}
    ranked = {}
    for (code_insee, indicator), value in rank.items():
        ranked[indicator] = ranked.get(indicator, 0) + (value is not None)
    assert len({c for c, _ in rank}) == 212, "the report's workbook still compares the 212 towns"
    mismatches, compared = [], 0
    for name in files:
        book = openpyxl.load_workbook(folder / name, read_only=True)
        code_insee = name[:5]
        for row in book[book.sheetnames[1]].iter_rows(min_row=7, values_only=True):
            if not row[0] or (code_insee, row[0]) not in rank:
                continue
            compared += 1
            want = f"{rank[code_insee, row[0]]} / {ranked[row[0]]}" if rank[code_insee, row[0]] else None
            if row[3] != want or (row[5] is None) != (median[code_insee, row[0]] is None) or (
                    row[5] is not None and abs(row[5] - median[code_insee, row[0]]) > 1e-9):
                mismatches.append(f"{name} {row[0]}: rank {row[3]} vs {want}, median {row[5]} vs {median[code_insee, row[0]]}")
    assert compared == 25 and not mismatches, (
        f"ranks and peer medians over the whole selection ({compared}): {mismatches[:3]}")

    # A full run writes the same bytes for the chosen towns.
    chosen = {name: (folder / name).read_bytes() for name in files}
    e2e.edit(spec, chosen_output, output + '  per_town: "../full/{town.code}-{town.slug}.xlsx"\n')
    code, _, err = e2e.run(munidash, "run", str(spec))
    full = tmp / "full"
    assert code == 0 and len(list(full.glob("*.xlsx"))) == 212, f"a full run writes 212 workbooks: {err[-300:]}"
    assert all((full / name).is_file() and (full / name).read_bytes() == data for name, data in chosen.items()), (
        "each chosen town's workbook is byte for byte the one of the full run")
    spec.write_text(original, encoding="utf-8")

    # Shards split the chosen towns only: 3 and 2, without overlap.
    e2e.edit(spec, output, chosen_output.replace("communes/", "shards/"))
    counts = []
    for k in (1, 2):
        code, _, err = e2e.run(munidash, "run", str(spec), "--shard", f"{k}/2", "--jobs", "1")
        assert code == 0, f"shard {k}/2: {err[-300:]}"
        counts += [int(line.split("wrote ")[1].split()[0]) for line in err.splitlines() if "town workbooks under" in line]
    sharded = sorted(p.name for p in (tmp / "reports" / "shards").glob("*.xlsx"))
    assert counts == [3, 2] and sharded == files, f"two shards share the 5 chosen towns: {counts} {sharded}"
    spec.write_text(original, encoding="utf-8")

    # A code the selection does not hold is refused where it is written, before anything is computed.
    e2e.edit(spec, output, chosen_output.replace('"91312"]', '"77001", "99999"]').replace("communes/", "refused/"))
    line, col = position_of('"77001"')
    _, col2 = position_of('"99999"')
    code, out, err = e2e.run(munidash, "run", str(spec))
    reference = spec.parent / "data" / "communes.csv"
    assert code == 2, f"a code outside the selection exits 2: {code}"
    assert (f"{spec}:{line}:{col}: error: town 77001 (output.per_town_only.codes) is not in the selection: "
            "towns.select leaves it out (a town's workbook compares it with the selected towns; add it to "
            "towns.select, or remove it here)" in err), f"a town left out by the selection: {err}"
    assert (f"{spec}:{line}:{col2}: error: town 99999 (output.per_town_only.codes) is not in the reference list "
            f"'{reference}' (check the code; the selection has 212 towns)" in err), f"a town of no list: {err}"
    assert out == "" and not (tmp / "reports" / "refused").exists(), "nothing is written"
    spec.write_text(original, encoding="utf-8")

    # Mistakes in the entry itself, found by validate.
    for written, expected_error, at in (
            ('  per_town_only: {largest: 10}\n', "output.per_town_only chooses the towns that get a workbook, but there "
             "is no output.per_town (add per_town, e.g. \"towns/{town.code}-{town.slug}.xlsx\", or remove per_town_only)",
             "{largest: 10}"),
            ('  per_town: "t/{town.code}.xlsx"\n  per_town_only: {largest: 0}\n',
             "output.per_town_only.largest must be a whole number of towns, 1 or more, found '0' (e.g. largest: 10 "
             "for the ten most populous towns of the selection)", "{largest: 0}"),
            ('  per_town: "t/{town.code}.xlsx"\n  per_town_only: {codes: ["7747"]}\n',
             "'7747' is not a valid INSEE commune code (5 characters in quotes: '77475', '2A004')", '"7747"'),
            ('  per_town: "t/{town.code}.xlsx"\n  per_town_only: {codes: ["77475", "77475"]}\n',
             "town 77475 is listed twice in output.per_town_only.codes (remove one of them)", '"77475"]'),
            ('  per_town: "t/{town.code}.xlsx"\n  per_town_only: {}\n',
             "output.per_town_only names no town (write codes: [\"77475\", \"91326\"], largest: 10, or both)", "{}")):
        e2e.edit(spec, output, output + written)
        line, col = position_of(at)
        col += len("{largest: ") if at == "{largest: 0}" else 0  # the value, not the mapping
        code, _, err = e2e.run(munidash, "validate", str(spec))
        assert code == 2 and f"{spec}:{line}:{col}: error: {expected_error}" in err, (
            f"validate refuses {written.strip()!r} at {line}:{col}: {err}")
        spec.write_text(original, encoding="utf-8")
