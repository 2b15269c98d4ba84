"""Hostile plugins at load time (issue 11, items 1 and 2), through the real CLI: a plugin whose
file is another build, that was built for another engine, that sits in a folder others can
write (sticky or not), behind a symlink into such a folder, or that belongs to another user, is
refused with its precise reason and fix (exit 3) before any of its code runs, in-process and with
--isolate-plugins alike: the fixture's
static constructor would leave a trace, and the trace stays empty. The same file, put right,
loads and its constructor runs."""
import json
import os
import shutil
from pathlib import Path

import e2e_support as e2e


def test_hostile_plugins(munidash, repo, plugin_fixtures, tmp_path):
    fixtures = plugin_fixtures
    traced = fixtures / "fixture_traced" / "munidash_plugin_fixture_traced.so"

    tmp = tmp_path
    os.chmod(tmp, 0o755)
    spec = e2e.copy_configs(repo, tmp)
    # One indicator of the spec comes from the traced fixture.
    e2e.edit(spec, """    plugin: ratio
    label: Locaux sans accès à 30 Mbit/s
    unit: percent
    better: lower
    params: {numerator: connectivite.locaux_sans_30mbits, denominator: connectivite.locaux}""",
             """    plugin: traced_copy
    label: Locaux sans accès à 30 Mbit/s
    unit: percent
    better: lower
    params: {input: connectivite.locaux_sans_30mbits}""")
    trace = tmp / "trace.txt"
    env = {"MUNIDASH_FIXTURE_TRACE": str(trace)}

    def place(folder, mode=0o755, file_mode=0o755):
        """A copy of the traced fixture in `folder` (created), with these modes."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / traced.name
        shutil.copyfile(traced, target)
        os.chmod(target, file_mode)
        os.chmod(folder, mode)
        return target

    def validate(*extra):
        """Runs the report in-process and with --isolate-plugins: a refusal at load time is the same
        in both. Returns the in-process run's exit code, output and trace."""
        results = []
        for isolation in ([], ["--isolate-plugins"]):
            trace.unlink(missing_ok=True)
            code, out, err = e2e.run(munidash, *extra, *isolation, "run", str(spec), "-o", str(tmp / "out.xlsx"),
                                     env_extra=env)
            results.append((code, out + err, trace.read_text() if trace.exists() else ""))
        assert (results[0][0] == results[1][0] and results[0][2] == results[1][2]
                and (results[0][0] == 0) == (tmp / "out.xlsx").exists()), (
            f"the same in-process and isolated: {[(r[0], r[2]) for r in results]}")
        (tmp / "out.xlsx").unlink(missing_ok=True)
        return results[0]

    good = place(tmp / "good")
    code, text, ran = validate("--plugin-dir", str(good.parent))
    assert code == 0 and ran == "fixture_traced\n", (
        f"the fixture, put right, loads and its code runs: {code} {ran!r} {text[-300:]}")

    # Folders that others can write, sticky or not, and a symlink into one.
    for name, mode, expected in (("sticky", 0o1777, "can be written by every user (sticky or not"),
                                 ("open", 0o777, "can be written by every user"),
                                 ("group", 0o775, "can be written by the group")):
        folder = tmp / name
        place(folder, mode)
        code, text, ran = validate("--plugin-dir", str(folder))
        assert code == 3 and f"the folder '{folder}' {expected}" in text and "chmod " in text and ran == "", (
            f"{name} folder: refused, nothing ran: {code} {ran!r} {text[-400:]}")
    links = tmp / "links"
    links.mkdir()
    (links / traced.name).symlink_to(tmp / "open" / traced.name)
    code, text, ran = validate("--plugin-dir", str(links))
    assert (code == 3 and f"the folder '{tmp / 'open'}' can be written by every user" in text
            and f"('{links / traced.name}' leads to it)" in text and ran == ""), (
        f"a symlink into an open folder is followed and refused: {code} {ran!r} {text[-400:]}")

    # A plugin owned by another user (needs root to make).
    if os.geteuid() == 0:
        owned = place(tmp / "owned")
        os.chown(owned, 65534, 65534)
        code, text, ran = validate("--plugin-dir", str(owned.parent))
        assert (code == 3 and f"the plugin file '{owned}' belongs to nobody, not to root or to root" in text
                and ran == ""), f"another user's file: refused, nothing ran: {code} {ran!r} {text[-400:]}"
    else:
        print("skipped: the other-owner case needs root")

    # A build the lock file does not pin: refused before it is loaded.
    code, out, err = e2e.run(munidash, "--plugin-dir", str(good.parent), "plugins", "lock", str(spec), env_extra=env)
    lock = Path(out.strip())
    assert code == 0 and lock.exists(), f"the lock is written: {code} {err[-300:]}"
    with open(good, "ab") as handle:
        handle.write(b"\0" * 16)  # another build, as far as the hash knows; still a sound library
    code, text, ran = validate("--plugin-dir", str(good.parent), "--plugins-lock", str(lock))
    assert code == 3 and "plugin 'fixture_traced' 1.0.0 is not the build the lock file pins" in text and ran == "", (
        f"a changed hash: refused, nothing ran: {code} {ran!r} {text[-400:]}")
    pins = json.loads(lock.read_text(encoding="utf-8"))
    assert "fixture_traced" in [p["name"] for p in pins["plugins"]], f"the traced fixture is pinned: {pins}"

    # Built for another engine, with a static constructor that would leave a trace.
    code, text, ran = validate("--plugin-dir", str(fixtures / "fixture_wrong_abi"), "--plugin-dir", str(tmp / "good"))
    assert (code == 0 and "built for plugin ABI 999" in text and "(this spec does not need it)" in text
            and "fixture_wrong_abi" not in ran), f"another engine's plugin, not needed: a warning: {code} {text[-400:]}"
