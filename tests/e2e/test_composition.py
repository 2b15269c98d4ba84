"""Spec parameters (${name}, defaults, --set) and reuse (extends:), through the CLI."""
from pathlib import Path

import openpyxl

import e2e_support as e2e


def test_composition(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    original = spec.read_text(encoding="utf-8")

    def position(path, needle):
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if needle in line:
                return number, line.index(needle) + 1
        raise AssertionError(needle)

    # Parameters with defaults, overridden by --set, in values and in the output path.
    text = original.replace("report:\n", 'parameters:\n  period: "2024"\n  dept: "77"\n  price: ~\nreport:\n', 1)
    text = text.replace('period: "2024"\n  language', 'period: "${period}"\n  language')
    text = text.replace('departments: ["77", "91", "94"]', 'departments: ["${dept}"]')
    text = text.replace("notice: \"", "notice: \"Coût $$${price} — ")
    spec.write_text(text, encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(spec), "--set", "period=2025", "--set", "price=5")
    assert code == 0, f"a parameterised spec runs: {err}"
    assert out.strip().endswith("reports/petites-villes-illustratif-2025.xlsx"), f"the period names the output: {out}"
    if code == 0:
        book = openpyxl.load_workbook(out.strip() if out.strip().startswith("/") else spec.parent / out.strip())
        summary = book["Synthèse"]
        assert summary["A1"].value == "Baromètre numérique des petites villes — 2025", f"title: {summary['A1'].value}"
        assert summary["A3"].value.startswith("Coût $5 — "), f"$$ writes a dollar: {summary['A3'].value}"
        departments = {summary.cell(r, 3).value for r in range(7, summary.max_row + 1)}
        assert departments == {"77"}, f"the default dept=77 selects Seine-et-Marne only: {departments}"

    code, _, err = e2e.run(munidash, "validate", str(spec))
    line, _ = position(spec, "Coût")
    assert (code == 2 and f"{spec}:{line}:" in err and "error: parameter 'price' has no value (give it on the command "
            "line with --set price=VALUE" in err), f"a parameter without value: {err}"
    code, _, err = e2e.run(munidash, "validate", str(spec), "--set", "price=1", "--set", "perod=2025")
    assert code == 2 and "error: --set perod=...: the spec declares no parameter 'perod' (did you mean 'period'?" in err, (
        f"--set of an undeclared parameter: {err}")
    spec.write_text(text.replace('["${dept}"]', '["${dpt}"]'), encoding="utf-8")
    line, column = position(spec, "${dpt}")
    code, _, err = e2e.run(munidash, "validate", str(spec), "--set", "price=1")
    assert code == 2 and f"{spec}:{line}:{column}: error: unknown parameter '${{dpt}}' (did you mean 'dept'?" in err, (
        f"an unknown parameter, at its place: {err}")
    code, _, err = e2e.run(munidash, "validate", str(spec), "--set", "price")
    assert code == 2 and "expected NAME=VALUE" in err, f"--set without '=': {err}"

    # extends: one base, one small file per report; each path relative to the file that writes it.
    spec.write_text(original, encoding="utf-8")
    child_dir = tmp / "reports-2025"
    child_dir.mkdir()
    child = child_dir / "essonne.yaml"
    child.write_text('extends: ../configs/illustratif.yaml\n'
                     'report:\n  title: Baromètre de l\'Essonne\n'
                     'towns:\n  select:\n    departments: ["91"]\n'
                     'output:\n  workbook: "{report.id}-essonne.xlsx"\n', encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(child))
    assert code == 0, f"a spec extending the demo runs: {err}"
    assert Path(out.strip()) == child_dir / "petites-villes-illustratif-essonne.xlsx", (
        f"the output path is relative to the file that wrote it: {out}")
    if code == 0:
        summary = openpyxl.load_workbook(out.strip())["Synthèse"]
        assert summary["A1"].value == "Baromètre de l'Essonne — 2024", "the title is overridden, the period kept"
        departments = {summary.cell(r, 3).value for r in range(7, summary.max_row + 1)}
        assert departments == {"91"}, f"the selection is overridden: {departments}"
        assert summary.max_row > 7, "and the base's population range still applies"

    child.write_text(child.read_text(encoding="utf-8").replace("report:\n", "reprot:\n"), encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(child))
    assert code == 2 and f"{child}:2:1: error: unknown key 'reprot' in the spec (did you mean 'report'?" in err, (
        f"an error in the extending file names that file: {err}")

    loop_a, loop_b = tmp / "a.yaml", tmp / "b.yaml"
    loop_a.write_text("extends: b.yaml\n", encoding="utf-8")
    loop_b.write_text("report: {id: x}\nextends: a.yaml\n", encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(loop_a))
    assert code == 2 and f"{loop_b}:2:10: error: 'extends:' makes a cycle" in err, f"a cycle: {err}"
    loop_a.write_text("extends: nowhere.yaml\n", encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(loop_a))
    assert code == 2 and f"{loop_a}:1:10: error: base spec '" in err and "nowhere.yaml' does not exist" in err, (
        f"a missing base: {err}")
