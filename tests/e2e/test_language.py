"""The report's language, throughout: an English report of the illustrative spec holds no French
text in any cell, sheet name, header, footer, chart or document property (proper names aside), and
the French report no English leftovers; a plugin without an English text gives a warning naming
the indicator and the language, and the spec's label: and definition: win."""
import csv
import json
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import yaml

import e2e_support as e2e


def texts_of(path):
    """(place, text) for every text of the workbook at `path`: sheet names, cells, headers and
    footers, document properties, and the charts' titles and names (openpyxl drops charts)."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        yield f"sheet name '{sheet.title}'", sheet.title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    yield f"{sheet.title}!{cell.coordinate}", cell.value
        for which in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"):
            part = getattr(sheet, which)
            for side in ("left", "center", "right"):
                text = getattr(part, side).text
                if text:
                    yield f"{sheet.title} {which}.{side}", text
    properties = book.properties
    for field in ("title", "subject", "creator", "keywords", "description", "category"):
        if getattr(properties, field):
            yield f"document property {field}", getattr(properties, field)
    with zipfile.ZipFile(path) as archive:
        for part in sorted(archive.namelist()):
            if part.startswith("xl/charts/") and part.endswith(".xml"):
                for element in ElementTree.fromstring(archive.read(part)).iter():
                    if element.tag.split("}")[-1] in ("t", "v") and element.text and not re.fullmatch(r"[-\d.E]+", element.text):
                        yield f"{part}", element.text


def english_spec(path):
    """The illustrative spec with its own texts written in English: the report's language is the
    spec author's to keep; the plugins' labels of two indicators are left to the plugins."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec["report"].update(language="en", title="Digital barometer of small towns", author="munidash (demonstration)",
                          organisation="Association of small towns (demonstration)",
                          notice="Demonstration: INVENTED indicator values (illustrative), do not quote. Real codes, "
                                 "names and populations.")
    spec["towns"]["reference"]["description"] = "Communes, populations and EPCIs, @etalab/decoupage-administratif 6.0.0"
    spec["sources"]["connectivite"].update(description="Premises, premises that can get FTTH, premises without "
                                                       "30 Mbit/s, 4G coverage", vintage="illustrative")
    spec["sources"]["services"].update(description="France Services, digital mediation places, the town hall's "
                                                   "online procedures", vintage="illustrative")
    by_id = {indicator["id"]: indicator for indicator in spec["indicators"]}
    del by_id["ftth"]["label"]                      # the plugin's English label
    del by_id["france_services"]["label"]
    by_id["sans_30mbits"]["label"] = "Premises without 30 Mbit/s"
    by_id["mediation"]["label"] = "Digital mediation places per 10,000 inhabitants"
    by_id["demarches_en_ligne"].update(label="Town hall procedures done online",
                                       definition="Online procedures ÷ all procedures of the town hall × 100.")
    spec["composite"]["label"] = "Digital maturity index"
    spec["composite"]["axes"]["connectivite"]["label"] = "Connectivity"
    spec["composite"]["axes"]["services"]["label"] = "Services and mediation"
    spec["output"]["town_sheets"] = True            # the town pages and their charts too
    path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return spec


def test_language(munidash, repo, plugin_fixtures, tmp_path):
    # Proper names may hold French words and accents: towns, departments, EPCIs, and a few titles.
    proper_names = {"Code officiel géographique", "France Services", "Licence Ouverte", "Très Haut Débit"}
    with open(repo / "configs" / "data" / "communes.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            for column in ("name", "department_name", "epci_name"):
                if row.get(column):
                    proper_names.add(row[column])
    # Longest first, so that "Saint-Maur-des-Fossés" goes before "Saint-Maur".
    proper_names = sorted(proper_names, key=len, reverse=True)

    # What only French text holds: accented letters, French typography (a space before ':' and ';',
    # guillemets, the narrow no-break space between thousands) and small words English never uses.
    french_letters = re.compile(r"[éèêëàâçîïôûùœÉÈÊÀÂÇÎÔÛŒ]")
    french_typography = re.compile(r" [:;](?=\s|$)|[«»]|\u202f")
    french_words = re.compile(
        r"\b(le|la|les|des|du|de|un|une|et|ou|au|aux|pour|sur|avec|sans|dans|par|pas|est|sont|"
        r"habitants?|hab|taux|nombre|valeur|valeurs|locaux|raccordables|indicateur|indice|rang|groupe|"
        r"ensemble|lignes?|illustratif|mairie|médiane|plafonnée|signalée)\b",
        re.IGNORECASE)
    # What only English text holds, for the French report: a weaker list, French borrows few of these.
    english_words = re.compile(
        r"\b(the|of|and|with|without|town|towns|value|values|rank|peer|summary|missing|higher|lower|"
        r"inhabitants|premises|share|count|made|page \S+ of)\b", re.IGNORECASE)
    # Ids, source.column names, file paths and identifiers are the spec's own names, in any language.
    names_of_spec = re.compile(r"[\w./-]*\.csv\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]\w*\.[a-z_]\w*\b|@[\w./-]+")

    def without_names(text, spec_ids):
        # A name becomes "N", not a space: "ftth : x" must not appear where the text said "ftth: x".
        for name in proper_names:
            if name in text:
                text = text.replace(name, "N")
        text = names_of_spec.sub("N", text)
        return re.sub(r"\b(" + "|".join(map(re.escape, spec_ids)) + r")\b", "N", text) if spec_ids else text

    def leftovers(path, markers, spec_ids):
        found = []
        for place, text in texts_of(path):
            rest = without_names(text, spec_ids)
            hits = sorted({m.group(0) for pattern in markers for m in pattern.finditer(rest)})
            if hits:
                found.append(f"{place}: {hits} in {text!r}")
        return found

    tmp = tmp_path
    spec_path = e2e.copy_configs(repo, tmp)
    original = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    spec = english_spec(spec_path)
    # The spec's own names: ids, sources, parameters, methods named in the spec.
    ids = ([spec["report"]["id"], "towns"] + [i["id"] for i in spec["indicators"]] + list(spec["sources"]) +
           list(spec["composite"]["axes"]) + [p for i in spec["indicators"] for p in i["params"]] +
           [spec["composite"]["normalise"]] + spec["composite"]["robustness"]["normalisations"])

    code, out, err = e2e.run(munidash, "run", str(spec_path))
    assert code == 0, f"the English report runs: {code} {err}"
    assert "gives no English" not in err, f"every built-in plugin has English texts: {err}"
    if code == 0:
        workbook = Path(out.strip())
        found = leftovers(workbook, [french_letters, french_typography, french_words], ids)
        for line in found:
            print("French in the English workbook:", line)
        assert not found, f"no French text in the English workbook ({len(found)} cells, listed above)"
        book = openpyxl.load_workbook(workbook)
        method = book["Methodology"]
        rows = {method.cell(r, 1).value: r for r in range(1, method.max_row + 1)}
        assert method.cell(rows["ftth"], 2).value == "Premises that can get fibre (FTTH)", (
            f"the plugin's English label: {method.cell(rows['ftth'], 2).value}")
        assert method.cell(rows["ftth"], 5).value.startswith("Share of premises that can get fibre"), (
            f"the plugin's English definition: {method.cell(rows['ftth'], 5).value}")
        assert (method.cell(rows["demarches_en_ligne"], 5).value ==
                "Online procedures ÷ all procedures of the town hall × 100."), (
            f"the spec's definition wins: {method.cell(rows['demarches_en_ligne'], 5).value}")

    # The French report: no English leftovers (a weaker list: French borrows few English words).
    spec_path.write_text(yaml.safe_dump({**original, "output": {**original["output"], "town_sheets": True}},
                                        allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = e2e.run(munidash, "run", str(spec_path))
    assert code == 0, f"the French report runs: {code} {err}"
    if code == 0:
        found = leftovers(Path(out.strip()), [english_words], ids)
        for line in found:
            print("English in the French workbook:", line)
        assert not found, f"no English text in the French workbook ({len(found)} cells, listed above)"

    # A plugin without English texts: a warning naming the indicator and the language; the spec wins.
    fixtures = plugin_fixtures / "fixture_scaled_copy"
    spec["indicators"].append({"id": "copie", "plugin": "scaled_copy", "params": {"input": "connectivite.locaux"}})
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures), "validate", str(spec_path))
    assert code == 0, f"a text in another language is a warning, not an error: {code} {err}"
    assert ("indicator 'copie': plugin 'fixture_scaled_copy' 1.0.0 gives no English label and definition, so the "
            "workbook shows its French one" in err and "give label: and definition: in the spec's entry" in err), (
        f"the warning names the indicator, the language and the fix: {err}")
    spec["indicators"][-1]["label"] = "A copy"
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures), "validate", str(spec_path))
    assert "gives no English definition," in err and "give definition: in the spec's entry" in err, (
        f"with label: given, only the definition is missing: {err}")
    spec["indicators"][-1]["definition"] = "The premises, copied."
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = e2e.run(munidash, "--plugin-dir", str(fixtures), "run", str(spec_path))
    assert code == 0 and "gives no English" not in err, f"label: and definition: given, no warning: {code} {err}"
    if code == 0:
        method = openpyxl.load_workbook(Path(out.strip()))["Methodology"]
        rows = {method.cell(r, 1).value: r for r in range(1, method.max_row + 1)}
        assert (method.cell(rows["copie"], 2).value == "A copy" and
                method.cell(rows["copie"], 5).value == "The premises, copied."), (
            (f"the spec's label and definition win: {method.cell(rows['copie'], 2).value}, "
                f"{method.cell(rows['copie'], 5).value}"))

    # plugins info shows each plugin's language and translations, in text and JSON.
    code, out, err = e2e.run(munidash, "plugins", "info", "fibre_coverage", "--json")
    assert code == 0, f"plugins info --json: {code} {err}"
    if code == 0:
        indicator = json.loads(out)["plugins"][0]["indicators"][0]
        assert (indicator["language"] == "fr" and indicator["translations"][0]["language"] == "en" and
                indicator["translations"][0]["label"] == "Premises that can get fibre (FTTH)" and
                indicator["translations"][0]["definition"].startswith("Share of premises")), (
            f"the JSON gives the language and the translations: {indicator}")
    code, out, err = e2e.run(munidash, "plugins", "info", "fibre_coverage")
    assert code == 0 and "text in fr]" in out and "    in en: Premises that can get fibre (FTTH)\n" in out, (
        f"the text listing shows the translations: {out}")
