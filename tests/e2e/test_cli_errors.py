"""The CLI's errors as a user meets them: where (file:line:col), what, what to do, and the exit code.
Exit codes: 0 ok, 2 spec or usage, 3 plugin, 4 input data, 5 output, 6 partial, 75 busy."""
import re
from pathlib import Path

import e2e_support as e2e


def test_cli_errors(munidash, repo, plugin_fixtures, demo_spec, tmp_path):
    fixtures = plugin_fixtures

    tmp = tmp_path
    spec = demo_spec
    original = spec.read_text(encoding="utf-8")

    def fresh():
        spec.write_text(original, encoding="utf-8")

    def line_of(text):
        """1-based line of the first occurrence of text in the spec, and its 1-based column."""
        for number, line in enumerate(spec.read_text(encoding="utf-8").splitlines(), start=1):
            if text in line:
                return number, line.index(text) + 1
        raise AssertionError(text)

    # validate and plugins list on the good spec
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0 and "valid (5 indicators, 2 sources, 212 towns selected)" in out, (
        f"validate accepts the demo: {code} {out} {err}")
    code, out, _ = e2e.run(munidash, "plugins", "list")
    assert code == 0 and all(p in out for p in ("ratio 1.0.0", "per_capita 1.0.0", "fibre_coverage 1.0.0")), (
        f"plugins list shows the three built-in plugins: {out}")

    # A typo in a key: file:line:col, the nearest key, exit 2, for validate and run alike.
    e2e.edit(spec, "  select:", "  selct:")
    line, col = line_of("selct:")
    for command in ("validate", "run"):
        code, out, err = e2e.run(munidash, command, str(spec))
        assert code == 2, f"{command}: a spec error exits 2 (got {code})"
        assert f"{spec}:{line}:{col}: error: unknown key 'selct' in 'towns' (did you mean 'select'?" in err, (
            f"{command}: the typo is located and a fix suggested: {err}")
        assert out == "", f"{command}: nothing on stdout when it fails"
    fresh()

    # An unknown plugin suggests the nearest one.
    e2e.edit(spec, "plugin: ratio", "plugin: ratoi")
    line, col = line_of("ratoi")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert (code == 2 and f"{spec}:{line}:{col}: error: unknown plugin 'ratoi' for indicator "
            "'sans_30mbits' (did you mean 'ratio'?" in err), f"unknown plugin: {err}"
    fresh()

    # An unknown column suggests the nearest header, checked without reading data rows.
    e2e.edit(spec, "connectivite.locaux_ftth", "connectivite.locaux_fth")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "error: source 'connectivite' has no column 'locaux_fth' (did you mean 'locaux_ftth'?" in err, (
        f"unknown column: {err}")
    fresh()

    # Params are checked against the plugin's declaration: unknown, missing, mistyped.
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}",
             "params: {cuont: services.france_services, per: ten thousand}")
    line, col = line_of("cuont")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2, f"param errors exit 2: {code}"
    assert (f"{spec}:{line}:{col}: error: plugin 'per_capita' has no parameter 'cuont' "
            "(did you mean 'count'?" in err), f"unknown param: {err}"
    assert ("error: indicator 'france_services' needs the parameter 'count' (a numeric column written source.column)"
            in err), f"missing param: {err}"
    assert (f"{spec}:{line}:{line_of('ten thousand')[1]}: error: parameter 'per' must be a number, found 'ten thousand'"
            in err), f"mistyped param: {err}"
    fresh()

    # A list where one column is expected is refused; where a plugin takes columns, they are added up.
    e2e.edit(spec, "params: {count: services.lieux_mediation}", "params: {count: [services.lieux_mediation, services.france_services]}")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "error: parameter 'count' takes a numeric column written source.column, not a list" in err, (
        f"a list for a single column: {err}")
    fresh()
    e2e.edit(spec, "params: {numerator: services.demarches_en_ligne, denominator: services.demarches_total}",
             "params: {numerator: [services.demarches_en_ligne, services.france_services], denominator: services.demarches_total}")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0, f"a list for a columns parameter: {err}"
    fresh()

    # A missing file names the path and the spec entry that asked for it.
    e2e.edit(spec, "file: data/services-illustratif.csv", "file: data/services-2023.csv")
    line, col = line_of("data/services-2023.csv")
    code, _, err = e2e.run(munidash, "run", str(spec))
    assert code == 2 and f"{spec}:{line}:{col}: error: data file '" in err and "services-2023.csv' of source 'services' does not exist" in err, (
        f"missing file: {err}")
    fresh()

    # Several mistakes are reported together.
    e2e.edit(spec, "better: lower", "better: lowest")
    e2e.edit(spec, "unit: per_10000", "unit: per_10k")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "better must be 'higher' or 'lower'" in err and "unknown unit 'per_10k'" in err, (
        f"all errors at once: {err}")
    fresh()

    # Anchors and aliases are refused.
    e2e.edit(spec, "  select:\n", "  select: &sel\n")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "YAML anchors (&name) are not accepted" in err, f"anchor: {err}"
    fresh()

    # A number the dialect cannot read is an input error with file and line (exit 4).
    data = spec.parent / "data" / "connectivite-illustratif.csv"
    raw = data.read_bytes()
    data.write_bytes(raw.replace(b"\r\n77475;2856;", b"\r\n77475;2.856;", 1))
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(Path(tmp) / "x.xlsx"))
    assert code == 4 and re.search(r"connectivite-illustratif\.csv:\d+: error: column 'locaux': '2\.856' holds a '\.'", err), (
        f"ambiguous number: {code} {err}")
    data.write_bytes(raw)

    # A plugin that fails while computing stops the run (exit 3) and the previous workbook stays.
    target = Path(tmp) / "out" / "report.xlsx"
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert code == 0 and target.exists(), f"a first run writes the workbook: {err}"
    before = target.read_bytes()
    e2e.edit(spec, "plugin: per_capita", "plugin: always_throws")
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}", "params: {input: services.france_services}")
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_throws_on_compute"),
                           "run", str(spec), "-o", str(target))
    assert code == 3, f"a plugin failure exits 3 (got {code})"
    assert ("indicator 'always_throws' of plugin 'fixture_throws_on_compute' 1.0.0" in err
            and "failed: division by zero in the fixture" in err), f"the plugin is named: {err}"
    assert target.read_bytes() == before, "the previous workbook is left intact"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.manifest.json", "report.xlsx"], (
        "no temporary file is left, only the failed run's manifest")

    # With on_failure: skip the run goes on, and the workbook shows the indicator as failed.
    e2e.edit(spec, "plugin: always_throws", "plugin: always_throws\n    on_failure: skip")
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_throws_on_compute"),
                           "run", str(spec), "-o", str(target))
    # A skipped indicator makes the run partial: the workbook is written, the exit code is 6.
    assert code == 6 and "going on without it (on_failure: skip)" in err, f"on_failure: skip goes on: {code} {err}"
    if code == 6:
        import openpyxl
        book = openpyxl.load_workbook(target)
        summary, method = book["Synthèse"], book["Méthodologie"]
        header = summary.cell(5, 12).value.split("\n")[0]  # the label, then its source and date
        assert header == "Espaces France Services pour 10 000 hab. — CALCUL EN ÉCHEC", f"failed header: {header}"
        assert all(summary.cell(r, 12).value is None for r in range(7, summary.max_row + 1)), "no values shown"
        definition = method.cell(8, 5).value or ""
        assert definition.startswith("CALCUL EN ÉCHEC") and "division by zero in the fixture" in definition, (
            f"the methodology says why: {definition}")
    e2e.edit(spec, "on_failure: skip", "on_failure: sometimes")
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_throws_on_compute"),
                           "validate", str(spec))
    assert code == 2 and "on_failure must be 'stop' or 'skip', found 'sometimes'" in err, f"bad on_failure: {err}"
    fresh()

    # A refused plugin in a plugin folder is a warning when the spec does not need it: a broken file
    # in a shared folder does not stop every report.
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_wrong_abi"), "validate", str(spec))
    assert (code == 0 and "built for plugin ABI 999" in err and "rebuild the plugin" in err
            and "(this spec does not need it)" in err), f"wrong ABI, not needed: {code} {err}"
    code, _, err = e2e.run(munidash, "validate", str(spec),
                           env_extra={"MUNIDASH_PLUGIN_PATH": str(fixtures / "fixture_not_elf")})
    assert code == 0 and "not a shared library" in err, f"MUNIDASH_PLUGIN_PATH is searched: {code} {err}"
    # A spec that names an indicator no loaded plugin has, while a plugin was refused: the refusal
    # may be the cause, so both are reported and the run stops with the plugin exit code.
    e2e.edit(spec, "plugin: ratio", "plugin: wrong_abi_indicator")
    for command in ("validate", "run"):
        code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_wrong_abi"), command, str(spec))
        assert (code == 3 and "built for plugin ABI 999" in err
                and "indicator 'sans_30mbits' uses 'wrong_abi_indicator', which no loaded plugin provides, and 1 plugin "
                    "file(s) were refused" in err), (
            f"wrong ABI, needed ({command}): {code} {err}")
    fresh()

    # An output that cannot be written exits 5 and says so.
    blocker = Path(tmp) / "a-file"
    blocker.write_text("not a folder")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(blocker / "report.xlsx"))
    assert code == 5 and "cannot create the output folder" in err, f"unwritable output: {code} {err}"

    def position_of(text):
        """1-based line and column of the first occurrence of text (which may span lines) in the spec."""
        content = spec.read_text(encoding="utf-8")
        at = content.index(text)
        return content.count("\n", 0, at) + 1, at - (content.rfind("\n", 0, at) + 1) + 1

    # A note above the header (as in ARCEP's files) is a missing skip_lines, not a wrong separator:
    # for validate and run alike, at the source's entry, exit 2.
    data = spec.parent / "data" / "connectivite-illustratif.csv"
    raw = data.read_bytes()
    data.write_bytes("Version beta : les données ne sont pas toutes fiables, certaines devant être améliorées\r\n"
                     .encode("utf-8") + raw.removeprefix(b"\xef\xbb\xbf"))
    line, col = position_of("file: data/connectivite-illustratif.csv")
    for command in (["validate"], ["run", "-o", str(Path(tmp) / "x.xlsx")]):
        code, _, err = e2e.run(munidash, command[0], str(spec), *command[1:])
        assert (code == 2 and f"{spec}:{line}:{col}: error: line 1 of '{data}' is not a header: the key column "
                "'code_insee' is on line 2 (did you forget 'skip_lines: 1'?)" in err and "separator" not in err), (
            f"{command[0]}: a note above the header asks for skip_lines: {code} {err}")
    e2e.edit(spec, "    key: code_insee\n", "    key: code_insee\n    skip_lines: 1\n")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0, f"with skip_lines: 1 the same file is valid: {err}"
    fresh()
    # The same file with ',' where the spec says ';': the separator is the cause, and is named.
    data.write_text("code_insee,locaux,locaux_ftth,locaux_sans_30mbits,couverture_4g\n77001,571,483,0,94.6\n",
                    encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert (code == 2 and f"{spec}:{line}:{col}: error: the header of '{data}' (line 1) is not separated by ';': "
            "split on ',', it holds the key column 'code_insee' (write separator: \",\")" in err), (
        f"a wrong separator is named when another one finds the key: {err}")
    data.write_bytes(raw)

    # The real ARCEP file, when ../shared/data/real is beside the source tree.
    arcep = Path(repo).parent / "shared" / "data" / "real" / "arcep_mci_commune_debit_beta_2019-09-30.csv"
    if arcep.is_file():
        e2e.edit(spec, "    file: data/connectivite-illustratif.csv\n", f"    file: {arcep}\n")
        code, _, err = e2e.run(munidash, "validate", str(spec))
        assert (code == 2 and f"{spec}:{line}:{col}: error: line 1 of '{arcep}' is not a header: the key column "
                "'code_insee' is on line 2 (did you forget 'skip_lines: 1'?)" in err), (
            f"the real ARCEP file without skip_lines: {err}")
        fresh()
    else:
        print(f"skipped the real ARCEP file: {arcep} is absent")

    # Keys and columns are named after renaming: a name from before says what it became.
    e2e.edit(spec, "    file: data/services-illustratif.csv\n    key: code\n",
             "    file: data/services-illustratif.csv\n    key: code\n    rename: {code: commune, france_services: fs}\n")
    key_line, key_col = position_of("code\n    rename: {code: commune")
    param_line, param_col = position_of("services.france_services")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    services = spec.parent / "data" / "services-illustratif.csv"
    assert (code == 2 and f"{spec}:{key_line}:{key_col}: error: key column 'code' is not in '{services}' after "
            "renaming: 'rename' turned 'code' into 'commune' (a spec names columns after renaming: write key: commune)"
            in err), f"a key named before renaming: {err}"
    assert (f"{spec}:{param_line}:{param_col}: error: source 'services' has no column 'france_services' after "
            "renaming: 'rename' turned 'france_services' into 'fs' (a spec names columns after renaming: write "
            "services.fs)" in err), f"a parameter's column named before renaming: {err}"
    fresh()

    # A write that fails after its temporary file exists (the target is a folder, so the final rename
    # fails): exit 5, the temporary file is removed, and what was at the target is left as it was.
    blocked = Path(tmp) / "blocked"
    (blocked / "report.xlsx").mkdir(parents=True)
    (blocked / "report.xlsx" / "old").write_text("keep me", encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(blocked / "report.xlsx"))
    assert (code == 5 and "moving the new workbook into place (rename) failed: EISDIR" in err and
            "the previous workbook was kept" in err), f"a failed rename exits 5: {err[-400:]}"
    assert sorted(p.name for p in blocked.iterdir()) == ["report.manifest.json", "report.xlsx"], (
        f"no temporary file is left, only the failed run's manifest: {list(blocked.iterdir())}")
    assert (blocked / "report.xlsx" / "old").read_text(encoding="utf-8") == "keep me", "the target is unchanged"

    # Usage errors exit 2.
    code, _, _ = e2e.run(munidash)
    assert code == 2, f"no command exits 2 (got {code})"
    code, _, err = e2e.run(munidash, "validate", str(Path(tmp) / "nope.yaml"))
    assert code == 2 and "nope.yaml: error: cannot open the spec file" in err, f"missing spec: {err}"
