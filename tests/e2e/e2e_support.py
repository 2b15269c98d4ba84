"""Shared helpers of the end-to-end tests: run the CLI, copy the demo, read CSVs independently.

These tests deliberately re-implement what they check (CSV dialects, ratios, ranks, medians) with
Python's standard library, so that a bug in the engine cannot hide behind the same bug here.
"""
import csv
import os
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.parsers import expat


# Every workbook any test makes through run() is checked here: each XML part well-formed (the
# autouse fixture of tests/conftest.py fails the test that made one that is not).
xml_problems = []


def check_workbook_xml(path):
    """Adds to xml_problems the parts of the .xlsx at `path` that are not well-formed XML."""
    with zipfile.ZipFile(path) as archive:
        for part in archive.namelist():
            if part.endswith((".xml", ".rels")):
                try:
                    expat.ParserCreate().Parse(archive.read(part), True)
                except expat.ExpatError as error:
                    xml_problems.append(f"{path}: {part}: {error}")


def run(munidash, *args, env_extra=None, cwd=None):
    """Runs the CLI; returns (exit code, stdout, stderr). The workbooks a run reports are checked."""
    env = dict(os.environ)
    env.pop("MUNIDASH_PLUGIN_PATH", None)
    env["SOURCE_DATE_EPOCH"] = "1700000000"
    env.update(env_extra or {})
    done = subprocess.run([munidash, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    if done.returncode == 0 and "run" in args:
        for line in done.stdout.splitlines():
            path = Path(cwd or ".") / line.strip()
            if path.suffix == ".xlsx" and path.is_file():
                check_workbook_xml(path)
            elif path.is_dir():
                for workbook in sorted(path.rglob("*.xlsx")):
                    check_workbook_xml(workbook)
    return done.returncode, done.stdout, done.stderr


def copy_configs(repo, into):
    """A private copy of configs/ that a test may edit; returns the demo spec's path in it."""
    target = Path(into) / "configs"
    shutil.copytree(Path(repo) / "configs", target)
    # The demo's fictional returns, where its spec looks for them (../tests/fixtures/returns-demo).
    shutil.copytree(Path(repo) / "tests" / "fixtures" / "returns-demo", Path(into) / "tests" / "fixtures" / "returns-demo")
    return target / "illustratif.yaml"


def run_demo_with_town_workbooks(munidash, repo, into):
    """Runs the demo in a private copy under `into`, with a workbook per town too; returns
    (exit code, stderr, the report's workbook, Trilport's workbook)."""
    spec = copy_configs(repo, into)
    edit(spec, '  workbook: "../reports/{report.id}-{report.period}.xlsx"',
         '  workbook: "../reports/{report.id}-{report.period}.xlsx"\n'
         '  per_town: "../reports/communes/{town.code}-{town.slug}.xlsx"')
    code, _, err = run(munidash, "run", str(spec))
    reports = Path(into) / "reports"
    return code, err, reports / "petites-villes-illustratif-2024.xlsx", reports / "communes" / "77475-trilport.xlsx"


def edit(path, old, new):
    text = Path(path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    Path(path).write_text(text.replace(old, new, 1), encoding="utf-8")


def read_rows(path, separator=",", decimal=".", missing=("", "NA", "s")):
    """Rows of a CSV as dicts; numbers stay text until number() reads them in the dialect."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=separator))


def number(text, decimal=".", missing=("", "NA", "s")):
    if text in missing:
        return None
    return float(text.replace(",", ".") if decimal == "," else text)


def competition_ranks(values, higher_is_better):
    """1 = best; ties share the best rank, the next is skipped; None is unranked."""
    present = [v for v in values if v is not None]
    ranks = []
    for v in values:
        if v is None:
            ranks.append(None)
        elif higher_is_better:
            ranks.append(1 + sum(1 for o in present if o > v))
        else:
            ranks.append(1 + sum(1 for o in present if o < v))
    return ranks


def median_or_none(values):
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def libreoffice_convert(source, to, outdir):
    """Converts `source` with LibreOffice headless (`to`: "pdf", or "xlsx:Calc MS Excel 2007 XML"),
    with a fresh user profile so that runs do not share state; returns (process, converted file)."""
    with tempfile.TemporaryDirectory(prefix="munidash-lo-profile-") as profile:
        done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                               "--convert-to", to, "--outdir", str(outdir), str(source)],
                              capture_output=True, text=True, timeout=300)
    return done, Path(outdir) / (Path(source).stem + "." + to.split(":")[0])

