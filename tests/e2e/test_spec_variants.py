"""Variants of the demo spec through the CLI: an English report without peer bands, written where
output.workbook says (relative to the spec), and the demo data matching its generator."""
import subprocess
from pathlib import Path

import openpyxl

import e2e_support as e2e


def test_spec_variants(munidash, repo, demo_spec, tmp_path):
    tmp = tmp_path
    spec = demo_spec
    e2e.edit(spec, "language: fr", "language: en")
    e2e.edit(spec, "  peer_groups:\n    by: population\n    bands: [2500, 5000, 10000, 25000]\n", "")
    e2e.edit(spec, '    departments: ["77", "91", "94"]\n', "")
    e2e.edit(spec, '  workbook: "../reports/', '  comparisons: false\n  workbook: "../reports/')
    code, out, err = e2e.run(munidash, "run", str(spec))
    expected = (Path(tmp) / "reports" / "petites-villes-illustratif-2024.xlsx").resolve()
    assert code == 0, f"the English variant runs: {code} {err}"
    assert Path(out.strip()).resolve() == expected, f"output.workbook is relative to the spec: {out}"
    if code == 0:
        book = openpyxl.load_workbook(expected)
        assert book.sheetnames == ["Cover", "Summary", "Composite index", "Peer groups", "Data quality", "Methodology"], (
            f"English sheets {book.sheetnames}")
        summary = book["Summary"]
        assert summary["A6"].value == "INSEE code" and summary["E6"].value == "Peer group", "English headers"
        groups = {summary.cell(r, 5).value for r in range(7, summary.max_row + 1)}
        assert groups == {"All sizes"}, f"one peer group without bands: {groups}"
        assert summary.max_row - 6 == 212, f"212 towns without a department filter: {summary.max_row - 6}"
        peers = book["Peer groups"]
        assert peers["A6"].value == "All sizes" and peers["B6"].value == 212, "the peer sheet has one group"
        method = book["Methodology"]
        assert method["D6"].value == "higher is better", f"English direction: {method['D6'].value}"

    # The committed illustrative data is exactly what the generator makes.
    generator = Path(repo) / "tools" / "demo-data" / "generate_indicators.py"
    done = subprocess.run(["/usr/bin/python3", str(generator), "--check"], capture_output=True, text=True,
                          cwd=repo, timeout=120)
    assert done.returncode == 0, f"configs/data matches generate_indicators.py: {done.stdout} {done.stderr}"
