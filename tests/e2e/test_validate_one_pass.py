"""Validation in one pass (issue 14): the spec's own mistakes, unknown plugins, wrong params and unknown
columns are reported together, each at file:line:col, sorted by position, for validate and run alike;
a broken section does not cascade into nonsense; with extends:, a mistake the extending file makes is
reported in that file."""
import re
from pathlib import Path

import e2e_support as e2e



def test_validate_one_pass(munidash, repo, plugin_fixtures, tmp_path):
    fixtures = plugin_fixtures
    tmp = tmp_path

    def check(condition, message):
        assert condition, message

    spec = e2e.copy_configs(repo, tmp)
    original = spec.read_text(encoding="utf-8")

    def fresh():
        spec.write_text(original, encoding="utf-8")

    def position(path, needle):
        """1-based line and column of the first occurrence of needle in the file."""
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number, line.index(needle) + 1
        raise AssertionError(needle)

    def errors(err):
        """The error lines, not the log's (which start with their time)."""
        return [line for line in err.splitlines() if ": error: " in line and not re.match(r"\d{4}-\d\d-\d\dT", line)]

    # A misspelt key in one indicator, an unknown plugin in another, an unknown column and a param
    # of the wrong type in a third: all four at once, in the order of the file.
    e2e.edit(spec, "    label: Locaux raccordables à la fibre", "    lable: Locaux raccordables à la fibre")
    e2e.edit(spec, "plugin: ratio", "plugin: ratoi")
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}",
             "params: {count: services.france_servics, per: ten thousand}")
    key_at = position(spec, "lable:")
    plugin_at = position(spec, "ratoi")
    column_at = position(spec, "services.france_servics")
    number_at = position(spec, "ten thousand")
    expected = [
        f"{spec}:{key_at[0]}:{key_at[1]}: error: unknown key 'lable' in an indicator (did you mean 'label'?",
        f"{spec}:{plugin_at[0]}:{plugin_at[1]}: error: unknown plugin 'ratoi' for indicator 'sans_30mbits' "
        "(did you mean 'ratio'?",
        f"{spec}:{column_at[0]}:{column_at[1]}: error: source 'services' has no column 'france_servics' "
        "(did you mean 'france_services'?",
        f"{spec}:{number_at[0]}:{number_at[1]}: error: parameter 'per' must be a number, found 'ten thousand'",
    ]
    for command in ("validate", "run"):
        code, out, err = e2e.run(munidash, command, str(spec))
        found = errors(err)
        check(code == 2, f"{command}: spec errors exit 2 (got {code}): {err}")
        check(len(found) == 4 and all(line.startswith(e) for line, e in zip(found, expected)),
                f"{command}: the four mistakes, each at its place, in the order of the file: {err}")
        check(out == "", f"{command}: nothing on stdout")
    fresh()

    # A misspelt 'params:' is one mistake: the parameters it lost are not each reported missing.
    e2e.edit(spec, "params: {count: services.lieux_mediation}", "parms: {count: services.lieux_mediation}")
    e2e.edit(spec, "plugin: fibre_coverage", "plugin: fibre_covrage")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    line, column = position(spec, "parms:")
    plugin_at = position(spec, "fibre_covrage")
    check(code == 2 and [l.split(": error: ")[0] for l in errors(err)] ==
            [f"{spec}:{plugin_at[0]}:{plugin_at[1]}", f"{spec}:{line}:{column}"],
            f"an unknown plugin and the misspelt key, nothing about the lost 'count': {err}")
    check("needs the parameter" not in err, f"no cascade from the misspelt params: {err}")
    fresh()

    # indicators that are not a list: the one structural error, and the other sections' mistakes, but
    # nothing made up about plugins or columns.
    indicators = original.index("indicators:\n")
    text = original[:indicators] + re.sub(r"^  - id: (\w+)$", r"  \1:\n    id: \1", original[indicators:], flags=re.M)
    text = text.replace("  select:\n", "  selct:\n", 1)
    spec.write_text(text, encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    found = errors(err)
    check(code == 2 and any("indicators must be a non-empty list" in line for line in found),
            f"indicators not a list is reported: {err}")
    check(any("unknown key 'selct' in 'towns'" in line for line in found),
            f"with the other section's mistake: {err}")
    check(len(found) == 2, f"only those two: {err}")
    messages = [line.split(" (")[0] for line in found]
    check(not any("plugin" in m or "column" in m or "parameter" in m or "not an indicator" in m for m in messages),
            f"and nothing cascades from the broken list: {err}")
    fresh()

    # A source whose entry is broken is not read: its columns are not reported missing, but the
    # mistakes elsewhere still are.
    e2e.edit(spec, '    separator: ";"', '    separator: "#"')
    e2e.edit(spec, "plugin: per_capita", "plugin: per_capital")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    found = errors(err)
    separator_at = position(spec, '"#"')
    plugin_at = position(spec, "per_capital")
    check(code == 2 and len(found) == 2 and
            found[0].startswith(f"{spec}:{separator_at[0]}:{separator_at[1]}: error: separator must be one character") and
            found[1].startswith(f"{spec}:{plugin_at[0]}:{plugin_at[1]}: error: unknown plugin 'per_capital'"),
            f"the separator and the plugin, nothing about connectivite's columns: {err}")
    fresh()

    # With a mistake in the spec itself, a refused plugin file is a warning, and the exit code is the
    # spec's; the indicator whose plugin is missing is among the errors.
    e2e.edit(spec, "plugin: ratio", "plugin: ratoi")
    e2e.edit(spec, "  select:", "  selct:")
    code, _, err = e2e.run(munidash, "validate", str(spec), "--plugin-dir", str(fixtures / "fixture_wrong_abi"))
    found = errors(err)
    check(code == 2 and len(found) == 2 and "unknown key 'selct' in 'towns'" in found[0] and
            "unknown plugin 'ratoi' for indicator 'sans_30mbits'" in found[1],
            f"the spec's errors, exit 2: {code} {err}")
    check(any("[warning]" in line and "built for plugin ABI 999" in line for line in err.splitlines()),
            f"the refusal is a warning: {err}")
    fresh()
    # Without a mistake of its own, a spec naming a missing plugin while one was refused stops with the
    # refusal (exit 3), as before.
    e2e.edit(spec, "plugin: ratio", "plugin: ratoi")
    code, _, err = e2e.run(munidash, "validate", str(spec), "--plugin-dir", str(fixtures / "fixture_wrong_abi"))
    check(code == 3 and "uses 'ratoi', which no loaded plugin provides, and 1 plugin file(s) were refused" in err,
            f"a refusal that may concern the spec is still exit 3: {code} {err}")
    fresh()

    # extends: the extending file's mistakes in its own file, where it merges into the base's mappings.
    child = tmp / "configs" / "enfant.yaml"
    child.write_text("extends: illustratif.yaml\n"
                     "report:\n"
                     "  period: 2024/25\n"
                     "towns:\n"
                     "  select:\n"
                     "    population:\n"
                     "      min: 30000\n"
                     "sources:\n"
                     "  connectivite:\n"
                     "    separator: \",\"\n"
                     # The base's indicators again (a list is replaced whole), one of them wrong.
                     + original[original.index("indicators:\n"):original.index("\ncomposite:")]
                     .replace("premises: connectivite.locaux}", "premises: services.locaux}"),
                     encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(child))
    found = errors(err)
    column_at = position(child, "services.locaux")
    # connectivite is now broken (separator = decimal mark): its columns are not checked; services' are.
    expected = [
        f"{child}:3:11: error: report id and period may not contain '/', '\\' or '..' (",
        f"{child}:7:7: error: population.min is larger than population.max (",
        f"{child}:10:5: error: the decimal mark and the separator are both ',' (",
        f"{child}:{column_at[0]}:{column_at[1]}: error: source 'services' has no column 'locaux' (",
    ]
    check(code == 2 and len(found) == 4 and all(line.startswith(e) for line, e in zip(found, expected)),
            f"each mistake of the extending file is in that file, at its line: {err}")
    check(str(spec) + ":" not in err, f"none is reported in the base: {err}")
