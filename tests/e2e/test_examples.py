"""Every spec under configs/ passes both the engine's validation and the JSON Schema that editors
use, and runs; and for a set of mistakes, the schema and the engine both refuse."""
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml

import e2e_support as e2e

# The specs of this source tree, listed when the tests are collected; each test reads its spec under
# --repo. Hidden files are the temporary copies that tests write beside the specs, not examples.
CONFIGS = Path(__file__).resolve().parents[2] / "configs"
SPECS = sorted(p.relative_to(CONFIGS).as_posix() for p in CONFIGS.rglob("*.yaml") if not p.name.startswith("."))

REQUEST = {"version": 1, "from": "Association", "why": "Pour comparer.", "due": "2027-01-31",
           "contact": "a@example.org", "questions": [{"id": "q", "label": "Q", "type": "text"}]}

# The same mistakes, refused by both.
MISTAKES = {
    "unknown key": lambda d: d["towns"].update(selct=d["towns"].pop("select")),
    "unknown unit": lambda d: d["indicators"][0].update(unit="pourcent"),
    "unknown grouping": lambda d: d["towns"]["peer_groups"].update(by="taille"),
    "bands without population": lambda d: d["towns"]["peer_groups"].update(by="department"),
    "bad separator": lambda d: d["sources"]["services"].update(separator="::"),
    "bad direction": lambda d: d["indicators"][0].update(better="more"),
    "indicator without plugin": lambda d: d["indicators"][0].pop("plugin"),
    "workbook not xlsx": lambda d: d["output"].update(workbook="out.xls"),
    "bad commune code": lambda d: d["towns"]["select"].update(codes=["7747"]),
    "aggregate function": lambda d: d["sources"]["services"].update(rows="many", aggregate={"n": {"function": "total"}}),
    "per_town_only without per_town": lambda d: d["output"].update(per_town_only={"largest": 10}),
    "per_town_only of no town": lambda d: d["output"].update(per_town="t/{town.code}.xlsx", per_town_only={"largest": 0}),
    "request question of no known type": lambda d: d.update(requests=dict(REQUEST, questions=[
        {"id": "demarches", "label": "Démarches", "type": "entier"}])),
    "request bounds on a yes_no question": lambda d: d.update(requests=dict(REQUEST, questions=[
        {"id": "conseiller", "label": "Conseiller ?", "type": "yes_no", "max": 1}])),
    "request choice without choices": lambda d: d.update(requests=dict(REQUEST, questions=[
        {"id": "aide", "label": "Aide", "type": "choice"}])),
    "request file without the town's code": lambda d: d.update(requests=dict(REQUEST, output="r/{town.slug}.xlsx")),
}


@pytest.fixture(scope="module")
def validator(repo):
    """The JSON Schema that editors use, itself checked as a Draft 7 schema."""
    schema = json.loads((Path(repo) / "schema" / "munidash-spec.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_the_demo_and_the_examples_are_there():
    assert len(SPECS) >= 9, f"the demo and the examples: {SPECS}"


@pytest.mark.parametrize("name", SPECS)
def test_example_matches_the_schema_and_runs(munidash, repo, validator, tmp_path, name):
    spec = repo / "configs" / name
    tmp = tmp_path
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, f"{spec.name} matches the schema: {errors}"
    first_line = spec.read_text(encoding="utf-8").splitlines()[0]
    assert (first_line.startswith("# yaml-language-server: $schema=") and
            (spec.parent / first_line.split("$schema=")[1]).resolve() ==
            (repo / "schema" / "munidash-spec.schema.json").resolve()), f"{spec.name} names the schema for editors"
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert code == 0, f"{spec.name} passes munidash validate: {err[-500:]}"
    # Town workbooks have no -o: a copy beside the spec (its relative paths hold) writes them under tmp.
    per_town = (document.get("output") or {}).get("per_town")
    runnable = spec.parent / f".{spec.stem}.tmp-run.yaml" if per_town else spec
    try:
        if per_town:
            runnable.write_text(spec.read_text(encoding="utf-8").replace(
                per_town, str(Path(tmp) / spec.stem / "{town.code}-{town.slug}.xlsx")), encoding="utf-8")
        code, out, err = e2e.run(munidash, "run", str(runnable), "-o", str(Path(tmp) / f"{spec.stem}.xlsx"))
    finally:
        if per_town:
            runnable.unlink()
    assert code == 0, f"{spec.name} runs: {err[-500:]}"
    # Only a report with a capping indicator explains capped values.
    text = spec.read_text(encoding="utf-8")
    workbook = Path(tmp) / f"{spec.stem}.xlsx"
    if code == 0 and workbook.exists() and "fibre_coverage" not in text and "extends:" not in text:
        book = openpyxl.load_workbook(workbook, read_only=True)
        words = " ".join(str(v) for r in book[book.sheetnames[-1]].iter_rows(values_only=True) for v in r if v)
        assert "Valeurs plafonnées, marquées" not in words and "Capped values, marked" not in words, (
            f"{spec.name}: no capping indicator, so the methods do not explain capped values")
    if per_town:
        assert len(list((Path(tmp) / spec.stem).glob("*.xlsx"))) > 0, f"{spec.name} writes its town workbooks"


@pytest.mark.parametrize("name", MISTAKES)
def test_mistake_is_refused_by_the_schema_and_the_engine(munidash, repo, validator, name):
    demo = Path(repo) / "configs" / "illustratif.yaml"
    document = yaml.safe_load(demo.read_text(encoding="utf-8"))
    MISTAKES[name](document)
    assert any(True for _ in validator.iter_errors(document)), f"the schema refuses: {name}"
    mutated = demo.parent / f".mutated-{name.replace(' ', '-')}.yaml"
    try:
        mutated.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
        code, _, err = e2e.run(munidash, "validate", str(mutated))
    finally:
        mutated.unlink()
    assert code == 2, f"the engine refuses: {name} ({code}: {err[-300:]})"
