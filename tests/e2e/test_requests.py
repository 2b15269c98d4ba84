"""Request workbooks (docs/request-workbooks.md), read back by openpyxl and LibreOffice: the very
hidden identity and its checksum recomputed here, the markers, one row per question, Excel's data
validation on the answers, locked and unlocked cells, pre-filled values equal to the CSV's, the same
bytes with shards and threads, safe file names, and every spec mistake at file:line:col."""
import hashlib
import re
from pathlib import Path

import openpyxl

import e2e_support as e2e

QUESTIONS = ["demarches_en_ligne", "lieux_mediation", "part_agents_formes", "conseiller_numerique",
             "horaires_mediation", "accompagnement", "budget_numerique", "remarques"]

HOSTILE = "../../Igny: [la] * ville? / \\\\ très, très longue"


def checksum(*fields):
    return hashlib.sha256("|".join(fields).encode("utf-8")).hexdigest()[:16]


def markers(sheet):
    """Where each munidash: marker is, found anywhere as the reader of returns finds them."""
    found = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("munidash:"):
                found[cell.value] = (cell.row, cell.column)
    return found


def validations(sheet):
    out = {}
    for dv in sheet.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            out[ref] = dv
    return out


def test_requests(munidash, repo, tmp_path):
    tmp = tmp_path
    demo = e2e.copy_configs(repo, tmp)
    spec = demo.parent / "examples" / "demande-mairies.yaml"
    communes = demo.parent / "data" / "communes.csv"
    text = communes.read_text(encoding="utf-8")
    communes.write_text(text.replace("91312,Igny,", f'91312,"{HOSTILE}",'), encoding="utf-8")
    # A town whose value is unknown: its answer stays empty.
    e2e.edit(demo.parent / "data" / "services-illustratif.csv", "91312,1,3,3584,443", "91312,1,,3584,443")

    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0 and "212 towns selected, 8 request questions)" in out, (
        f"validate accepts the example with its requests, and counts them: {out} {err[-400:]}")
    code, out, err = e2e.run(munidash, "request", str(spec), "--jobs", "2")
    assert code == 0, f"munidash request on both cores: {err[-600:]}"
    written = [Path(line) for line in out.splitlines()]
    folder = tmp / "reports" / "demandes"
    files = sorted(folder.glob("*.xlsx"))
    assert len(files) == 212 and len(written) == 212, (
        f"212 request workbooks, each path printed: {len(files)}, {len(written)}")
    assert all(p.is_file() for p in written), "every printed path is a file"
    assert not list(folder.glob(".*.tmp-*")), "no temporary file is left"
    igny = [f.name for f in files if f.name.startswith("91312-")]
    assert igny == ["91312-igny-la-ville-tres-tres-longue.xlsx"], f"a hostile town name gives a safe file name: {igny}"
    fixtures = tmp / "tests" / "fixtures"  # the demo's returns, copied with configs/
    stray = [p for p in tmp.rglob("*.xlsx") if folder not in p.parents and fixtures not in p.parents]
    assert not stray, f"nothing is written outside the requests' folder: {stray}"

    # Pre-filled values: those of the CSV, numbers as numbers; an empty cell leaves the answer empty.
    services = {r["code"]: r for r in e2e.read_rows(demo.parent / "data" / "services-illustratif.csv")}
    wrong = []
    for path in files:
        code_insee = path.name[:5]
        book = openpyxl.load_workbook(path, read_only=True)
        rows = list(book["Questions"].iter_rows(min_row=5, max_row=6, values_only=True))
        for row, column in zip(rows, ("demarches_en_ligne", "lieux_mediation")):
            expected = e2e.number(services[code_insee][column]) if code_insee in services else None
            if row[4] != expected or row[5] != expected or row[9] != expected or \
                    (expected is not None and not isinstance(row[4], (int, float))):
                wrong.append((path.name, column, row[4], expected))
        book.close()
    assert not wrong, f"pre-filled values equal the CSV's, as numbers: {wrong[:3]}"
    assert services["91312"]["lieux_mediation"] == "", "a town has no known value (the check above covers it)"

    for path in (folder / "77014-avon.xlsx", folder / igny[0]):
        book = openpyxl.load_workbook(path)
        assert book.sheetnames == ["Demande", "Questions", "munidash"], f"{path.name}: sheets {book.sheetnames}"
        identity = book["munidash"]
        assert identity.sheet_state == "veryHidden", f"{path.name}: the identity is very hidden: {identity.sheet_state}"
        keys = {a: b for a, b in identity.iter_rows(values_only=True)}
        code_insee = path.name[:5]
        assert (keys.get("munidash-request") == "1" and keys.get("report") == "petites-villes-demande" and
                keys.get("request_version") == "1" and keys.get("town") == code_insee and
                keys.get("questions") == ",".join(QUESTIONS)), f"{path.name}: identity keys {keys}"
        assert keys.get("town_name") == ("Avon" if code_insee == "77014" else HOSTILE), (
            f"{path.name}: the town's name as the reference list has it: {keys.get('town_name')!r}")
        assert keys.get("checksum") == checksum(keys["report"], keys["request_version"], keys["town"], keys["questions"]), (
            f"{path.name}: the checksum recomputed per the contract: {keys.get('checksum')}")

        sheet = book["Questions"]
        found = markers(sheet)
        assert set(found) == {"munidash:id", "munidash:answer", "munidash:prefill", "munidash:confirmed"}, (
            f"{path.name}: the four markers: {found}")
        marker_row = found["munidash:id"][0]
        assert all(r == marker_row for r, _ in found.values()) and sheet.row_dimensions[marker_row].hidden, (
            f"{path.name}: the markers sit in one hidden row")
        header = [c.value for c in sheet[marker_row + 1]]
        assert (header[:8] == ["N°", "Question", "Aide", "Unité", "Réponse", "Valeur connue",
                               "Origine de la valeur connue", "Confirmé"]), f"{path.name}: the visible header {header}"
        id_col, answer_col = found["munidash:id"][1], found["munidash:answer"][1]
        confirmed_col, prefill_col = found["munidash:confirmed"][1], found["munidash:prefill"][1]
        for col in (id_col, prefill_col):
            hidden = any(d.hidden and d.min <= col <= d.max for d in sheet.column_dimensions.values())
            assert hidden, f"{path.name}: column {col} (markers) is hidden"
        ids = [sheet.cell(r, id_col).value for r in range(marker_row + 2, sheet.max_row + 1)]
        assert ids == QUESTIONS, f"{path.name}: one row per question, in spec order: {ids}"
        assert sheet.protection.sheet and book["Demande"].protection.sheet, f"{path.name}: the sheets are protected"
        checks = validations(sheet)
        expected = {
            "demarches_en_ligne": ("whole", "0", "5000"), "lieux_mediation": ("whole", "0", "50"),
            "part_agents_formes": ("decimal", "0", "100"), "conseiller_numerique": ("list", '"Oui,Non"', None),
            "horaires_mediation": ("textLength", "200", None),
            "accompagnement": ("list", '"Aucun,Ponctuel,Régulier,Formation"', None),
            "budget_numerique": ("decimal", "0", "1000000000000000"), "remarques": ("textLength", "2000", None),
        }
        for k, qid in enumerate(QUESTIONS):
            row = marker_row + 2 + k
            answer = sheet.cell(row, answer_col)
            dv = checks.get(answer.coordinate)
            got = (dv.type, dv.formula1, dv.formula2) if dv else None
            assert got == expected[qid], f"{path.name}: {qid}'s answer {answer.coordinate} is validated {got}"
            confirm = checks.get(sheet.cell(row, confirmed_col).coordinate)
            assert confirm is not None and confirm.type == "list" and confirm.formula1 == '"Oui,Non"', (
                f"{path.name}: {qid}'s confirmation is a yes/no list")
            assert not answer.protection.locked and not sheet.cell(row, confirmed_col).protection.locked, (
                f"{path.name}: {qid}'s answer and confirmation are unlocked")
            assert all(sheet.cell(row, c).protection.locked for c in range(1, 11) if c not in (answer_col, confirmed_col)), (
                f"{path.name}: every other cell of {qid}'s row is locked")
        first = sheet.cell(marker_row + 2, answer_col)
        assert first.comment is not None and "services" in first.comment.text and first.fill.fgColor.rgb == "FFFFF2CC", (
            f"{path.name}: a pre-filled answer has a comment naming its source and a fill")
        assert sheet.cell(marker_row + 4, answer_col).comment is None, (
            f"{path.name}: an answer not pre-filled has no comment")
        assert sheet.print_title_rows.replace("$", "") == f"{marker_row + 1}:{marker_row + 1}", (
            f"{path.name}: the header repeats: {sheet.print_title_rows}")
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize in (9, "9"), (
            f"{path.name}: the questions print on A4 landscape, the question and its answer side by side")
        book.close()

    # The same bytes with one thread, and with three shards (SOURCE_DATE_EPOCH is set by e2e.run).
    code, out, err = e2e.run(munidash, "request", str(spec), "--jobs", "1", "-o", str(tmp / "one"))
    assert code == 0 and len(out.splitlines()) == 212, f"-o FOLDER with one thread: {err[-300:]}"
    for k in (1, 2, 3):
        code, out, err = e2e.run(munidash, "request", str(spec), "--shard", f"{k}/3", "-o", str(tmp / "shards"))
        assert code == 0 and 70 <= len(out.splitlines()) <= 71, (
            f"shard {k}/3 writes its third: {len(out.splitlines())} {err[-300:]}")
    for other in ("one", "shards"):
        names = sorted(p.name for p in (tmp / other).glob("*.xlsx"))
        assert names == [p.name for p in files], f"{other}: the same files"
        differ = [p.name for p in files if (tmp / other / p.name).read_bytes() != p.read_bytes()]
        assert not differ, f"{other}: the same bytes as two threads: {differ[:3]}"

    # English: the texts and the yes/no list in the report's language.
    english = spec.parent / "demande-en.yaml"
    english.write_text(spec.read_text(encoding="utf-8").replace(
        "  title: Enquête numérique des petites villes", "  title: Survey\n  language: en"), encoding="utf-8")
    code, out, err = e2e.run(munidash, "request", str(english), "-o", str(tmp / "en"), "--shard", "1/100")
    assert code == 0, f"an English request: {err[-300:]}"
    if code == 0:
        book = openpyxl.load_workbook(out.splitlines()[0])
        lists = {dv.formula1 for dv in book["Questions"].data_validations.dataValidation if dv.type == "list"}
        assert book.sheetnames[:2] == ["Request", "Questions"] and '"Yes,No"' in lists, (
            f"English sheets and lists: {book.sheetnames} {lists}")

    # LibreOffice opens one and converts it.
    done, pdf = e2e.libreoffice_convert(folder / "77014-avon.xlsx", "pdf", tmp / "pdf")
    assert done.returncode == 0 and pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), (
        f"LibreOffice converts a request to PDF: {done.stdout} {done.stderr}")

    # A cell that is not a number in a pre-filled column: a data error (4), with the file.
    data = demo.parent / "data" / "services-illustratif.csv"
    original = data.read_text(encoding="utf-8")
    data.write_text(original.replace("77014,1,4,4642,3077", "77014,1,quatre,4642,3077"), encoding="utf-8")
    code, out, err = e2e.run(munidash, "request", str(spec), "-o", str(tmp / "bad"))
    assert code == 4 and "services-illustratif.csv" in err and "quatre" in err, (
        f"a bad pre-filled cell exits 4: {code} {err[-400:]}")
    data.write_text(original, encoding="utf-8")

    # Spec mistakes, each at file:line:col with what was found and the hint.
    base = spec.read_text(encoding="utf-8")
    mistakes = [
        ("      type: integer\n      unit: démarches", "      type: interger\n      unit: démarches",
         r"unknown type 'interger'.*did you mean 'integer'"),
        ("      max: 50\n", "      max: -1\n", r"min \(0\) is above max \(-1\)"),
        ("      choices: [Aucun, Ponctuel, Régulier, Formation]\n", "",
         r"question 'accompagnement' is of type 'choice' but has no 'choices'"),
        ("    - id: remarques", "    - id: lieux_mediation", r"question id 'lieux_mediation' is used twice"),
        ("    - id: remarques", "    - id: Remarques!", r"question id 'Remarques!' is not valid"),
        ('  due: "2027-01-31"', '  due: "2027-02-30"', r"requests.due must be a date written YYYY-MM-DD, found '2027-02-30'"),
        ("      prefill: services.lieux_mediation", "      prefill: servces.lieux_mediation",
         r"unknown source 'servces'.*services"),
        ("      prefill: services.lieux_mediation", "      prefill: services.lieux_mediatio",
         r"source 'services' has no column 'lieux_mediatio'"),
        ('  output: "../../reports/demandes/{town.code}-{town.slug}.xlsx"',
         '  output: "../../reports/demandes/{town.slug}.xlsx"', r"requests.output must contain \{town.code\}"),
        ("      type: yes_no\n", "      type: yes_no\n      min: 0\n",
         r"min is given for question 'conseiller_numerique' of type 'yes_no'"),
    ]
    for old, new, pattern in mistakes:
        assert old in base, old
        spec.write_text(base.replace(old, new, 1), encoding="utf-8")
        for command in ("request", "validate"):
            code, out, err = e2e.run(munidash, command, str(spec))
            located = re.search(r"demande-mairies\.yaml:(\d+):(\d+): error: .*" + pattern, err)
            assert code == 2 and located is not None, f"{command}: {pattern}: exit {code}: {err[-400:]}"
            if located and "interger" in new:
                line = base[:base.find(old)].count("\n") + 1
                assert located.group(1) == str(line) and located.group(2) == "13", (
                    f"the unknown type at its line {line} and column 13: {located.group(0)}")
    spec.write_text(base, encoding="utf-8")
    code, out, err = e2e.run(munidash, "request", str(demo))
    assert code == 2 and "no 'requests' section" in err, (
        f"a spec without requests: exit 2 with the reason: {code} {err[-300:]}")
