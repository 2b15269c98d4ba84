"""Selecting towns (population, departments, regions, EPCI, codes, exclusions) and grouping peers
(population bands, department, EPCI, named groups), checked against the reference list."""
from pathlib import Path

import openpyxl

import e2e_support as e2e

BANDS = "  peer_groups:\n    by: population\n    bands: [2500, 5000, 10000, 25000]\n"

SELECT = '    departments: ["77", "91", "94"]\n'


def test_selection(munidash, repo, demo_spec, tmp_path):
    communes = e2e.read_rows(Path(repo) / "configs" / "data" / "communes.csv")
    petites = [c for c in communes if 2500 <= int(c["population"]) <= 25000]

    tmp = tmp_path
    spec = demo_spec
    original = spec.read_text(encoding="utf-8")

    def run(select_extra=None, peers=None, command="run"):
        text = original
        if select_extra is not None:
            text = text.replace(SELECT, select_extra)
        if peers is not None:
            text = text.replace(BANDS, peers)
        spec.write_text(text, encoding="utf-8")
        out = Path(tmp) / "out.xlsx"
        code, _, err = e2e.run(munidash, command, str(spec), "-o", str(out)) if command == "run" \
            else e2e.run(munidash, command, str(spec))
        book = openpyxl.load_workbook(out) if code == 0 and command == "run" else None
        return code, err, book

    def groups_of(book):
        summary = book["Synthèse"]
        return {summary.cell(r, 1).value: summary.cell(r, 5).value for r in range(7, summary.max_row + 1)}

    # Peer groups by department, named from the reference list.
    code, err, book = run(peers="  peer_groups: {by: department}\n")
    assert code == 0, f"by department runs: {err}"
    if book:
        want = {c["code"]: f"{c['department']} {c['department_name']}" for c in petites}
        assert groups_of(book) == want, "each town's group is its department, with its name"
        peers = book["Groupes de pairs"]
        assert [peers.cell(r, 1).value for r in range(6, 9)] == ["77 Seine-et-Marne", "91 Essonne", "94 Val-de-Marne"], (
            "one group per department, in code order")

    # By EPCI.
    code, err, book = run(peers="  peer_groups: {by: epci}\n")
    assert code == 0, f"by epci runs: {err}"
    if book:
        want = {c["code"]: c["epci_name"] for c in petites}
        assert groups_of(book) == want, "each town's group is its EPCI's name"
        counts = {}
        for c in petites:
            counts[c["epci"]] = counts.get(c["epci"], 0) + 1
        peers = book["Groupes de pairs"]
        rows = [(peers.cell(r, 1).value, peers.cell(r, 2).value) for r in range(6, 6 + len(counts))]
        assert sorted(n for _, n in rows) == sorted(counts.values()), f"town counts per EPCI {rows[:3]}"

    # Named groups; the others form one more group.
    code, err, book = run(peers='  peer_groups:\n    by: groups\n    groups:\n      "Pôle Nord": ["77475", "91312"]\n'
                                '      "Pôle Sud": ["94069"]\n')
    assert code == 0, f"named groups run: {err}"
    if book:
        groups = groups_of(book)
        assert groups["77475"] == "Pôle Nord" and groups["91312"] == "Pôle Nord" and groups["94069"] == "Pôle Sud", (
            "listed towns are in their groups")
        assert sum(1 for g in groups.values() if g == "Autres communes") == len(petites) - 3, "the others are grouped"

    # Selections: every criterion must hold.
    meaux = "200072130"
    code, err, book = run(select_extra=f'    regions: ["11"]\n    epci: ["{meaux}"]\n    exclude: ["77475"]\n')
    assert code == 0, f"region, EPCI and exclusion run: {err}"
    if book:
        want = sorted(c["code"] for c in petites if c["epci"] == meaux and c["code"] != "77475")
        assert sorted(groups_of(book)) == want, f"towns of the EPCI but Trilport: {sorted(groups_of(book))} vs {want}"
    code, err, book = run(select_extra='    codes: ["77475", "91312", "94069"]\n')
    assert code == 0 and sorted(groups_of(book)) == ["77475", "91312", "94069"], f"explicit codes: {err}"

    # Mistakes.
    code, err, _ = run(select_extra='    codes: ["7747", "77475"]\n', command="validate")
    assert code == 2 and "error: '7747' is not a valid INSEE commune code (5 characters in quotes" in err, (
        f"a code with a lost leading zero: {err}")
    code, err, _ = run(select_extra='    codes: ["77999", "77475"]\n')
    line = next(n for n, l in enumerate(spec.read_text(encoding="utf-8").splitlines(), 1) if "77999" in l)
    column = spec.read_text(encoding="utf-8").splitlines()[line - 1].index('"77999"') + 1
    assert (code == 2 and f"{spec}:{line}:{column}: error: town 77999 (towns.select.codes) is not in the reference list"
            in err), f"an unknown code, with its position: {err}"
    code, err, _ = run(peers='  peer_groups:\n    by: groups\n    groups: {A: ["77475"], B: ["77475"]}\n',
                       command="validate")
    assert code == 2 and "error: town 77475 is in two peer groups: 'A' and 'B'" in err, f"a town in two groups: {err}"
    code, err, _ = run(peers='  peer_groups: {by: department, bands: [1, 2]}\n', command="validate")
    assert code == 2 and "error: 'bands' is for peer groups by population" in err, f"bands by department: {err}"
    code, err, _ = run(peers='  peer_groups: {by: groups}\n', command="validate")
    assert code == 2 and "error: peer groups by groups need 'groups'" in err, f"groups missing: {err}"
    code, err, _ = run(peers='  peer_groups: {by: departement}\n', command="validate")
    assert code == 2 and "unknown peer grouping 'departement' (did you mean 'department'?" in err, f"typo: {err}"
