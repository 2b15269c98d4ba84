"""The plugin author's path, end to end: install munidash to a temporary prefix, copy the template
plugin, build it out of tree with find_package(munidash), install it, load it with the installed
CLI, run a report that uses it, and check its values in the workbook with openpyxl."""
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

import e2e_support as e2e


def sh(*command, cwd=None):
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, timeout=600)
    if done.returncode != 0:
        print(done.stdout, done.stderr, file=sys.stderr)
    return done


def test_out_of_tree_plugin(repo, build, cmake, cxx, tmp_path):
    tmp = tmp_path
    prefix, plugin_prefix = tmp / "prefix", tmp / "plugin-prefix"
    assert sh(cmake, "--install", build, "--prefix", prefix).returncode == 0, "munidash installs"
    for installed in ("bin/munidash", "include/munidash/plugin.hpp", "include/munidash/version.hpp",
                      "lib/cmake/munidash/munidashConfig.cmake", "lib/cmake/munidash/munidash_add_plugin.cmake",
                      "lib/munidash/plugins/munidash_plugin_ratio.so", "include/munidash/testing.hpp",
                      "share/munidash/plugin-template/CMakeLists.txt", "share/doc/munidash/writing-a-plugin.md",
                      "lib/cmake/munidash/munidashConfigVersion.cmake"):
        assert (prefix / installed).exists(), f"{installed} is installed"
    # The plugin ABI this SDK is for, as a plugin's build sees it.
    version_header = (prefix / "include/munidash/version.hpp").read_text()
    abi = int(re.search(r"#define MUNIDASH_PLUGIN_ABI (\d+)u", version_header).group(1))
    # The SDK is one small library named for the ABI; the engine is inside the CLI, not a library.
    assert (prefix / f"lib/libmunidash_sdk.so.{abi}").exists(), f"lib/libmunidash_sdk.so.{abi} is installed"
    libraries = sorted(p.name for p in (prefix / "lib").glob("lib*.so*"))
    assert all(name.startswith("libmunidash_sdk.so") for name in libraries), (
        f"no library but the SDK's is installed: {libraries}")

    source = tmp / "my-plugin"
    # Only what is installed: the template folder and the guide come from the prefix.
    shutil.copytree(prefix / "share" / "munidash" / "plugin-template", source)
    configure = sh(cmake, "-S", source, "-B", source / "build", f"-DCMAKE_PREFIX_PATH={prefix}",
                   f"-DCMAKE_CXX_COMPILER={cxx}", "-DCMAKE_BUILD_TYPE=Release")
    assert configure.returncode == 0, "the template configures with find_package(munidash 3)"
    assert sh(cmake, "--build", source / "build").returncode == 0, "the template builds"
    ctest = Path(cmake).with_name("ctest")
    tested = sh(ctest, "--test-dir", source / "build", "--output-on-failure")
    assert tested.returncode == 0 and "100% tests passed" in tested.stdout, (
        f"the template's own tests pass with munidash/testing.hpp: {tested.stdout}")
    assert sh(cmake, "--install", source / "build", "--prefix", plugin_prefix).returncode == 0, "the template installs"
    plugin_dir = plugin_prefix / "lib" / "munidash" / "plugins"
    built = plugin_dir / "munidash_plugin_my_indicators.so"
    assert built.exists(), "as lib/munidash/plugins/munidash_plugin_my_indicators.so"
    needed = re.findall(r"\(NEEDED\).*\[(.*)\]", sh("readelf", "-d", built).stdout)
    assert (f"libmunidash_sdk.so.{abi}" in needed and not any(n.startswith("libyaml") or n.startswith("libspdlog")
                                                            for n in needed)), (
        f"the plugin links the SDK library of its ABI, and none of the engine's: {needed}")

    # find_package(munidash N): N is the plugin ABI. The installed version file is CMake's standard
    # one (SameMajorVersion); the SDK's version is ABI.engine-version, so the ABI is its major number.
    def configure_asking(request, name):
        folder = tmp / name
        folder.mkdir()
        (folder / "CMakeLists.txt").write_text(
            "cmake_minimum_required(VERSION 3.25)\nproject(w LANGUAGES CXX)\n"
            f"find_package(munidash {request} REQUIRED)\n"
            'message(STATUS "found munidash ${munidash_VERSION} for plugin ABI ${MUNIDASH_PLUGIN_ABI}")\n')
        return sh(cmake, "-S", folder, "-B", folder / "build", f"-DCMAKE_PREFIX_PATH={prefix}")

    found = configure_asking(abi, "same-abi")
    assert (found.returncode == 0 and re.search(rf"found munidash {abi}\.\d+\.\d+\.\d+ for plugin ABI {abi}\b",
                                                found.stdout)), (
        f"find_package(munidash {abi}) finds the SDK, version {abi}.<engine version>: {found.stdout[-400:]}")
    found = configure_asking(f"{abi}...<{abi + 1}", "abi-range")
    assert found.returncode == 0, f"find_package(munidash {abi}...<{abi + 1}) finds it too"
    for other in (abi - 1, abi + 1):
        refused = configure_asking(other, f"abi-{other}")
        assert (refused.returncode != 0 and "compatible with requested version" in refused.stderr
                and f'"{other}"' in refused.stderr and "munidashConfig.cmake" in refused.stderr), (
            f"find_package(munidash {other}) is refused, naming the version found: {refused.stderr[-600:]}")

    munidash = prefix / "bin" / "munidash"
    code, out, err = e2e.run(munidash, "--plugin-dir", plugin_dir, "plugins", "info", "my_indicators", "--json")
    described = json.loads(out)["plugins"] if code == 0 else []
    assert (len(described) == 1 and described[0]["version"] == "0.1.0"
            and described[0]["indicators"][0]["id"] == "difference"
            and described[0]["indicators"][0]["better"] == "lower"), (
        f"the installed CLI describes the plugin: {code} {out} {err}")

    spec = e2e.copy_configs(repo, tmp)
    e2e.edit(spec, "indicators:\n", "indicators:\n  - id: paper\n    plugin: difference\n"
             "    label: Démarches encore sur papier\n"
             "    params: {from: services.demarches_total, subtract: services.demarches_en_ligne}\n")
    workbook = tmp / "out.xlsx"
    code, out, err = e2e.run(munidash, "--plugin-dir", plugin_dir, "run", spec, "-o", workbook)
    assert code == 0, f"a report using the out-of-tree plugin runs: {err}"
    if code == 0:
        services = {r["code"]: r for r in e2e.read_rows(spec.parent / "data" / "services-illustratif.csv")}
        sheet = openpyxl.load_workbook(workbook)["Synthèse"]
        assert sheet.cell(5, 6).value.split("\n")[0] == "Démarches encore sur papier", (
            "its label heads the first indicator")
        for row in range(7, sheet.max_row + 1):
            code_insee = sheet.cell(row, 1).value
            want = float(services[code_insee]["demarches_total"]) - float(services[code_insee]["demarches_en_ligne"])
            got = sheet.cell(row, 6).value
            assert got is not None and math.isclose(got, want), f"paper procedures of {code_insee}: {got} vs {want}"
        method = openpyxl.load_workbook(workbook)["Méthodologie"]
        assert method["G6"].value == "my_indicators (difference)" and method["H6"].value == "0.1.0", (
            f"the methodology names the plugin and its version: {method['G6'].value} {method['H6'].value}")
