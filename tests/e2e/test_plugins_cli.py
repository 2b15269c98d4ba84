"""`munidash plugins list|info` as plugin authors and scripts use them: text and JSON, discovery
order, and the refusals a user meets (wrong ABI, files other users can write)."""
import json
import os
import shutil

import e2e_support as e2e


def test_plugins_cli(munidash, plugin_fixtures, tmp_path):
    fixtures = plugin_fixtures
    scaled = fixtures / "fixture_scaled_copy" / "munidash_plugin_fixture_scaled_copy.so"

    code, out, err = e2e.run(munidash, "plugins", "list", "--json")
    assert code == 0, f"plugins list --json exits 0: {err}"
    listing = json.loads(out)
    assert listing["engine"]["plugin_abi"] == 3, "the engine's ABI is in the listing"
    names = [p["name"] for p in listing["plugins"]]
    assert names == ["fibre_coverage", "opening_hours", "per_capita", "ratio", "value"], (
        f"built-in plugins, sorted: {names}")
    ratio = next(p for p in listing["plugins"] if p["name"] == "ratio")
    assert ratio["plugin_abi"] == 3 and ratio["file"].endswith("munidash_plugin_ratio.so"), "ratio's ABI and file"
    params = {p["name"]: p for p in ratio["indicators"][0]["params"]}
    assert params["numerator"]["type"] == "columns" and params["numerator"]["required"], "numerator: required columns"
    assert params["numerator"]["counts"] is True and params["scale"]["counts"] is False, (
        "ratio says its numerator counts something (merged communes add up), its scale does not")
    value = next(p for p in listing["plugins"] if p["name"] == "value")
    assert value["indicators"][0]["params"][0]["counts"] is False, "value's column is a published value, not a count"
    assert params["scale"]["type"] == "number" and params["scale"]["default"] == "100", "scale: number, default 100"
    assert ratio["indicators"][0]["better"] == "higher" and ratio["indicators"][0]["unit"] == "percent", (
        "ratio's direction and unit")
    assert listing["refused"] == [], "nothing refused"
    hours = next(p for p in listing["plugins"] if p["name"] == "opening_hours")
    assert all(p["type"] == "text_column" for p in hours["indicators"][0]["params"]), "opening_hours takes text columns"
    assert err.count("loaded plugin ") == 5, f"one log line per loaded plugin: {err}"

    code, out, _ = e2e.run(munidash, "plugins", "info", "per_capita")
    assert code == 0 and "indicator per_capita:" in out and "per (number, default 10000)" in out, f"info by name: {out}"

    code, out, _ = e2e.run(munidash, "plugins", "info", str(scaled), "--json")
    info = json.loads(out) if code == 0 else {}
    assert code == 0 and [p["name"] for p in info.get("plugins", [])] == ["fixture_scaled_copy"], (
        f"info by path loads a plugin that is not installed: {code} {out}")

    code, out, err = e2e.run(munidash, "plugins", "info",
                             str(fixtures / "fixture_wrong_abi" / "munidash_plugin_fixture_wrong_abi.so"), "--json")
    refused = json.loads(out)["refused"] if out else []
    assert (code == 3 and len(refused) == 1 and "built for plugin ABI 999" in refused[0]["reason"]
            and "find_package(munidash 3)" in refused[0]["fix"]), f"info shows a refusal and exits 3: {code} {out}"

    code, _, err = e2e.run(munidash, "plugins", "info", "ratoi")
    assert code == 2 and "did you mean 'ratio'?" in err, f"an unknown name suggests the nearest: {err}"

    tmp = tmp_path
    # Only munidash_plugin_*.so files are tried; others in a plugin folder are ignored.
    folder = tmp / "plugins"
    folder.mkdir()
    shutil.copy(scaled, folder)
    (folder / "README.txt").write_text("not a plugin")
    (folder / "libsomething.so").write_text("not a plugin either")
    code, out, err = e2e.run(munidash, "--plugin-dir", str(folder), "plugins", "list")
    assert code == 0 and "fixture_scaled_copy 1.0.0" in out, f"--plugin-dir adds a folder: {code} {err}"

    # --plugin-dir comes before MUNIDASH_PLUGIN_PATH: the same plugin name found later is refused.
    second = tmp / "second"
    second.mkdir()
    shutil.copy(scaled, second)
    code, out, err = e2e.run(munidash, "--plugin-dir", str(folder), "plugins", "list",
                             env_extra={"MUNIDASH_PLUGIN_PATH": str(second)})
    assert code == 3 and f"a plugin named 'fixture_scaled_copy' is already loaded from {folder}" in out + err, (
        f"discovery order and duplicate names: {code} {out} {err}")

    # A plugin file, or a folder, that other users can write is refused.
    os.chmod(folder / scaled.name, 0o666)
    code, out, err = e2e.run(munidash, "plugins", "info", str(folder / scaled.name))
    assert code == 3 and "can be written by every user" in out and "chmod o-w" in out, f"world-writable file: {out}"
    os.chmod(folder / scaled.name, 0o644)
    os.chmod(folder, 0o777)
    code, out, err = e2e.run(munidash, "plugins", "info", str(folder / scaled.name))
    assert code == 3 and f"the folder '{folder}' can be written by every user" in out, f"world-writable folder: {out}"
    os.chmod(folder, 0o755)
