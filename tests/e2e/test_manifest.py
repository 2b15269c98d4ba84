"""A run leaves a manifest beside its outputs, written last: the engine, the spec and parameters,
each input and plugin file with its SHA-256, each output with its SHA-256, counts, timings and the
exit status; a failed run records why and replaces no workbook. `munidash verify` finds a changed
input, a changed output and a missing one."""
import hashlib
import json
import shutil
from pathlib import Path

import e2e_support as e2e


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_manifest(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)  # the illustrative demo, with its sources in data/
    code, out, err = e2e.run(munidash, "run", str(spec))
    assert code == 0, f"the demo runs: {err[-400:]}"
    workbook = Path(out.strip())
    manifest = workbook.with_suffix(".manifest.json")
    assert manifest.exists(), f"the manifest is beside the workbook: {manifest}"
    record = json.loads(manifest.read_text(encoding="utf-8"))
    assert record["exit_status"] == 0 and record["errors"] == [], "a successful run says so"
    assert record["engine"].startswith("munidash ") and "plugin ABI" in record["engine"], record["engine"]
    assert record["parameters"] == {}, f"no --set given: {record['parameters']}"
    roles = {i["role"]: i for i in record["inputs"]}
    assert {"spec", "reference", "source connectivite", "source services"} <= set(roles), f"inputs: {sorted(roles)}"
    wrong = [i["path"] for i in record["inputs"] if i["sha256"] != sha256(i["path"]) or i["size"] != Path(i["path"]).stat().st_size]
    assert not wrong, f"each input's size and SHA-256 are the file's: {wrong}"
    assert Path(roles["spec"]["path"]).is_absolute(), "paths are absolute, for verify from any folder"
    plugins = {p["name"]: p for p in record["plugins"]}
    assert (set(plugins) >= {"ratio", "per_capita", "fibre_coverage"} and
            all(p["sha256"] == sha256(p["file"]) for p in plugins.values())), "each plugin with its file's SHA-256"
    assert ([o["path"] for o in record["outputs"]] == [str(workbook.resolve())] and
            record["outputs"][0]["sha256"] == sha256(workbook)), "the workbook with its SHA-256"
    assert record["counts"]["towns"] == 212 and record["counts"]["indicators"] == 5, f"counts: {record['counts']}"
    assert len(record["timings_ms"]) >= 4, f"timings per phase: {record['timings_ms']}"
    # The warnings of a run are recorded, even when -q hides them.
    real = spec.parent / "petites-villes-numerique.yaml"
    code, out, _ = e2e.run(munidash, "-q", "run", str(real), "-o", str(tmp / "real.xlsx"))
    warned = json.loads((tmp / "real.manifest.json").read_text(encoding="utf-8"))["warnings"] if code == 0 else []
    assert any("vintage '30/09/2019' is 5 years before the period 2024" in w for w in warned), (
        f"warnings recorded, even with -q: {warned[:3]}")

    code, out, err = e2e.run(munidash, "verify", str(manifest))
    assert code == 0 and "files as the run left them" in out, f"verify: nothing changed: {out} {err[-300:]}"

    # A changed input, a changed output, a missing output: each named, exit 4.
    source = Path(roles["source services"]["path"])
    original = source.read_bytes()
    source.write_bytes(original + b"\n")
    kept = tmp / "kept.xlsx"
    shutil.copy(workbook, kept)
    workbook.write_bytes(workbook.read_bytes() + b"x")
    code, _, err = e2e.run(munidash, "verify", str(manifest))
    assert (code == 4 and f"source services '{source.resolve()}' changed: sha256 was {roles['source services']['sha256']}" in err
            and "workbook '" in err and "2 of " in err), (
        f"verify names what changed: {code} {err[-800:]}")
    workbook.unlink()
    code, _, err = e2e.run(munidash, "verify", str(manifest))
    assert code == 4 and "is missing" in err, f"a missing output: {err[-300:]}"
    source.write_bytes(original)
    shutil.copy(kept, workbook)

    # A failed run records why, and the old workbook stays.
    before = workbook.read_bytes()
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].split(",")[0] + ",x,y,z,w"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec))
    failed = json.loads(manifest.read_text(encoding="utf-8"))
    assert (code == 4 and failed["exit_status"] == 4 and failed["outputs"] == [] and
            any("is not a number" in e for e in failed["errors"])), (
        f"a failed run's manifest: {code} {failed['errors'][:2]}")
    assert workbook.read_bytes() == before, "and the previous workbook is untouched"
    source.write_bytes(original)

    # A batch of town workbooks lists each one.
    e2e.edit(spec, "output:\n", 'output:\n  per_town: "../reports/communes/{town.code}-{town.slug}.xlsx"\n')
    code, out, err = e2e.run(munidash, "run", str(spec))
    record = json.loads(manifest.read_text(encoding="utf-8"))
    towns = [o for o in record["outputs"] if o["role"].startswith("town workbook")]
    assert code == 0 and len(towns) == 212 and all(o["sha256"] == sha256(o["path"]) for o in towns), (
        f"each town workbook with its SHA-256: {len(towns)}")
