"""Pinned plugins (issue 11, item 3): `munidash plugins lock SPEC` writes the name, version and
SHA-256 of each plugin the spec needs; `--plugins-lock FILE` or the spec's `plugins_lock:` then
refuses, before any plugin computes, a plugin whose file is another build (both hashes named), a
plugin the lock does not list, and a lock file that cannot be read."""
import hashlib
import json
from pathlib import Path

import e2e_support as e2e


def test_plugin_lock(munidash, repo, tmp_path):
    tmp = tmp_path
    spec = e2e.copy_configs(repo, tmp)
    code, out, err = e2e.run(munidash, "plugins", "lock", str(spec))
    lock = Path(out.strip())
    assert code == 0 and lock == spec.parent / "illustratif.plugins.lock.json" and lock.exists(), (
        f"plugins lock writes SPEC.plugins.lock.json beside the spec: {code} {out} {err[-300:]}")
    pinned = json.loads(lock.read_text(encoding="utf-8"))["plugins"]
    names = [p["name"] for p in pinned]
    assert names == ["fibre_coverage", "per_capita", "ratio"], f"only the plugins the spec needs, by name: {names}"
    assert all(p["sha256"] == hashlib.sha256(Path(p["file"]).read_bytes()).hexdigest() and p["version"] for p in pinned), (
        "each with its version and its file's SHA-256")

    workbook = tmp / "pinned.xlsx"
    code, _, err = e2e.run(munidash, "--plugins-lock", str(lock), "run", str(spec), "-o", str(workbook))
    assert code == 0 and workbook.exists(), f"the pinned builds run: {err[-300:]}"

    # Another build of a plugin: refused before computing, with both hashes.
    real = pinned[2]["sha256"]
    tampered = json.loads(lock.read_text(encoding="utf-8"))
    tampered["plugins"][2]["sha256"] = "0" * 64
    lock.write_text(json.dumps(tampered), encoding="utf-8")
    refused = tmp / "refused.xlsx"
    code, _, err = e2e.run(munidash, "--plugins-lock", str(lock), "run", str(spec), "-o", str(refused))
    assert (code == 3 and f"plugin 'ratio' 1.0.0 is not the build the lock file pins: sha256 {real}, the lock file" in err
            and "expects " + "0" * 64 in err and "pin it again: munidash plugins lock SPEC" in err), (
        f"another build is refused with both hashes: {code} {err[-500:]}")
    assert not refused.exists(), "and nothing is written"
    code, _, err = e2e.run(munidash, "--plugins-lock", str(lock), "validate", str(spec))
    assert code == 3, f"validate refuses it too: {code}"

    # The spec can require it; a plugin the lock does not list is refused.
    tampered["plugins"] = tampered["plugins"][:2]
    lock.write_text(json.dumps(tampered), encoding="utf-8")
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text + "\nplugins_lock: illustratif.plugins.lock.json\n", encoding="utf-8")
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(refused))
    assert code == 3 and "plugin 'ratio' 1.0.0 is not in the lock file" in err, (
        f"an unpinned plugin: {code} {err[-400:]}")
    code, out, err = e2e.run(munidash, "plugins", "lock", str(spec))
    assert code == 0 and Path(out.strip()) == lock, f"pinning again writes the spec's plugins_lock: {out} {err[-300:]}"
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(workbook))
    assert code == 0, f"then the run is accepted: {err[-300:]}"

    # A lock file that cannot be read is a spec error at the spec's line.
    lock.write_text("not json", encoding="utf-8")
    code, _, err = e2e.run(munidash, "validate", str(spec))
    assert code == 2 and "illustratif.yaml:" in err and "is not JSON" in err and "munidash plugins lock SPEC" in err, (
        f"an unreadable lock file: {code} {err[-300:]}")
