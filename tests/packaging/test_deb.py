"""The Debian package: `cpack -G DEB` makes a .deb whose dependencies dpkg-shlibdeps found; it holds
the engine, the built-in plugins, the list of communes, the SDK, the man page and the scheduled
set-up examples; unpacked into a throwaway root (no installation, no root needed), its munidash
runs the demo from there, finding its plugins and communes beside itself."""
import subprocess
from pathlib import Path

import e2e_support as e2e


def test_deb(build, cpack, tmp_path):
    tmp = tmp_path
    made = subprocess.run([cpack, "-G", "DEB", "-B", str(tmp / "out"), "--config",
                           str(Path(build) / "CPackConfig.cmake")], capture_output=True, text=True)
    debs = sorted((tmp / "out").glob("munidash_*.deb"))
    assert made.returncode == 0 and len(debs) == 1, f"cpack makes one .deb: {made.stdout[-800:]} {made.stderr[-800:]}"
    deb = debs[0]
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True, text=True).stdout
    assert "libxlsxwriter" in depends and "libyaml-cpp" in depends, f"dependencies from dpkg-shlibdeps: {depends}"
    root = tmp / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    usr = root / "usr"
    for path in ["bin/munidash", "lib/munidash/plugins/munidash_plugin_ratio.so",
                 "share/munidash/communes/communes.csv", "share/munidash/communes/history.csv",
                 "share/man/man1/munidash.1", "include/munidash/plugin.hpp",
                 "lib/cmake/munidash/munidashConfig.cmake", "share/doc/munidash/examples/scheduled/munidash-report.timer",
                 "share/doc/munidash/examples/configs/petites-villes-numerique.yaml",
                 "share/doc/munidash/examples/tests/fixtures/returns-demo/README.md"]:
        assert (usr / path).exists(), f"the package holds /usr/{path}"
    # The SDK library that plugins link, and no other: the engine is inside /usr/bin/munidash.
    libraries = sorted(p.name for p in (usr / "lib").glob("lib*.so*"))
    assert (any(name.startswith("libmunidash_sdk.so.") for name in libraries)
            and all(name.startswith("libmunidash_sdk.so") for name in libraries)), (
        f"the package holds libmunidash_sdk.so.<ABI> and no other library: {libraries}")

    # Run the demo with the unpacked engine, from a copy of the installed examples.
    configs = tmp / "configs"
    subprocess.run(["cp", "-r", str(usr / "share/doc/munidash/examples/configs"), str(configs)], check=True)
    (tmp / "tests").mkdir()  # the demo's fictional returns, beside configs/ as in the repository
    subprocess.run(["cp", "-r", str(usr / "share/doc/munidash/examples/tests/fixtures"), str(tmp / "tests")], check=True)
    code, out, err = e2e.run(str(usr / "bin/munidash"), "plugins", "list",
                             env_extra={"MUNIDASH_PLUGIN_PATH": "", "MUNIDASH_COMMUNES_DIR": ""})
    assert code == 0 and str(usr / "lib/munidash/plugins/munidash_plugin_ratio.so") in err + out, (
        f"the unpacked engine loads its own plugins: {err[-400:]}")
    workbook = tmp / "demo.xlsx"
    code, out, err = e2e.run(str(usr / "bin/munidash"), "run", str(configs / "petites-villes-numerique.yaml"),
                             "-o", str(workbook), env_extra={"MUNIDASH_PLUGIN_PATH": "", "MUNIDASH_COMMUNES_DIR": ""})
    assert code == 0 and workbook.exists(), f"the demo runs from the unpacked package: {code} {err[-600:]}"
    assert "source reponses: 12 towns answered, 0 files refused" in err, f"with its fictional returns: {err[-600:]}"
