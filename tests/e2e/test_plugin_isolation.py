"""Isolation on request (issue 11, item 4). Hostile plugins (a segfault, exit(), a hang, 10 GB of
memory, chatter on stdout, an exception) each get their precise failure, in munidash's process and
in a child process (`isolation: process`, the `plugins:` section, `--isolate-plugins`): exit 3 with
the plugin, the indicator, the spec's line and the signal or limit named, no workbook left behind;
with on_failure: skip, a failure the child contained lets the run go on (exit 6), while a crash or
a hang in munidash's own process still stops it. `seccomp: true` stops a network socket and a file
write and names the call. A good plugin gives the same bytes isolated or not. Spec mistakes in the
new keys are refused at their line.

The 10 GB fixture never runs unbounded: isolated, it has limits.memory: 256MB; in munidash's own
process, munidash runs under an RLIMIT_AS of 900 MB, so its first 1 GB allocation fails at once.
"""
import os
import re
import resource
import subprocess
from pathlib import Path

import e2e_support as e2e

ISOLATED_HINT = "give the indicator 'isolation: process' (or run with --isolate-plugins)"

# The France Services indicator of the demo spec, computed by each hostile plugin in turn.
CASES = {
    # id: (fixture, extra keys of the indicator, in-process failure, isolated failure, skippable in-process)
    "crashes": ("fixture_crashes_on_compute", "",
                r"was killed by signal 11 \(SIGSEGV, Segmentation fault\) while computing: the run is stopped, "
                r"no workbook was written",
                r"was killed by signal 11 \(SIGSEGV, Segmentation fault\) while computing", False),
    "exits": ("fixture_exits_on_compute", "",
              r"called exit\(\) while computing: the run is stopped, no workbook was written",
              r"called exit\(0\) while computing", False),
    "hangs": ("fixture_hangs_on_compute", "    limits: {time: 1s}\n",
              r"ran past its time limit of 1 s while computing: the run is stopped, no workbook was written",
              r"ran past its time limit of 1 s and was stopped \(SIGKILL\)", False),
    "allocates": ("fixture_allocates_on_compute", "    limits: {memory: 256MB}\n",
                  r"ran out of memory while computing \(an allocation failed: std::bad_alloc\)",
                  r"ran past its memory limit of 256 MB \(an allocation failed: std::bad_alloc\)", True),
    "always_throws": ("fixture_throws_on_compute", "",
                      r"failed: division by zero in the fixture", r"failed: division by zero in the fixture", True),
    "prints": ("fixture_prints_on_compute", "", None,
               r"wrote \"fixture: printf on stdout\\nfixture: std::cout on stdout\\n\" to standard output, which "
               r"belongs to munidash's results", None),
}


def test_plugin_isolation(munidash, plugin_fixtures, demo_spec, tmp_path):
    fixtures = plugin_fixtures

    tmp = tmp_path
    spec = demo_spec
    original = spec.read_text(encoding="utf-8")
    out_dir = Path(tmp) / "out"
    out_dir.mkdir()
    runs = [0]

    def hostile(indicator, keys="", params="{input: services.france_services}", tail=""):
        """The demo spec with France Services computed by `indicator`, its entry given `keys`."""
        text = original.replace("plugin: per_capita\n    label: Espaces",
                                f"plugin: {indicator}\n{keys}    label: Espaces", 1)
        text = text.replace("params: {count: services.france_services, per: 10000}", f"params: {params}", 1)
        spec.write_text(text + tail, encoding="utf-8")

    def run(fixture, *options, address_space=None):
        """munidash run with the fixture's folder; returns (code, stdout, stderr, the workbook asked for)."""
        runs[0] += 1
        target = out_dir / f"run{runs[0]}.xlsx"
        command = ["--plugin-dir", str(fixtures / fixture), *options, "run", str(spec), "-o", str(target)]
        if address_space is None:
            code, out, err = e2e.run(munidash, *command)
            return code, out, err, target
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        env.pop("MUNIDASH_PLUGIN_PATH", None)
        done = subprocess.run([munidash, *command], capture_output=True, text=True, env=env, timeout=300,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space)))
        return done.returncode, done.stdout, done.stderr, target

    def left_behind(target):
        """A workbook or temporary file the failed run left in the output folder."""
        return [p.name for p in out_dir.iterdir() if p.name.startswith(f".{target.name}.tmp") or p == target]

    def failed_as(label, indicator, fixture, pattern, code, out, err, target):
        assert code == 3, f"{label}: exit 3 (got {code}): {err[-600:]}"
        assert (re.search(re.escape(f"{spec}:") + r"\d+:\d+: error: indicator '" + indicator + "' of plugin '" +
                          fixture + r"' 1\.0\.0 \(.*\) " + pattern, err) is not None), (
            f"{label}: the plugin, the indicator, the spec's line and what happened are named: {err[-600:]}")
        assert out == "" and not left_behind(target), (f"{label}: no workbook, nothing on stdout: {out!r} "
                                                       f"{left_behind(target)}")

    def skipped_as(label, pattern, code, out, err, target):
        assert code == 6 and out.strip() == str(target) and "going on without it (on_failure: skip)" in err, (
            f"{label}: on_failure: skip goes on, exit 6 (got {code}): {err[-600:]}")
        if code == 6:
            import openpyxl
            book = openpyxl.load_workbook(target)
            header = book["Synthèse"].cell(5, 12).value.split("\n")[0]
            definition = book["Méthodologie"].cell(8, 5).value or ""
            assert (header.endswith("CALCUL EN ÉCHEC") and definition.startswith("CALCUL EN ÉCHEC")
                    and re.search(pattern, definition) is not None), (
                f"{label}: the workbook shows the indicator as failed, and why: {header} / {definition}")

    rlimit = 900 * 1024 * 1024  # less than the fixture's first 1 GB: nothing is ever touched
    for indicator, (fixture, keys, in_process, isolated, skippable) in CASES.items():
        bound = rlimit if indicator == "allocates" else None
        # In munidash's own process.
        hostile(indicator, keys)
        code, out, err, target = run(fixture, address_space=bound)
        if in_process is None:
            assert code == 0 and out == f"{target}\n" and "fixture: printf on stdout" in err, (
                f"{indicator}, in-process: stdout went to stderr, the run succeeded: {code} {out!r}")
        else:
            failed_as(f"{indicator}, in-process", indicator, fixture, in_process, code, out, err, target)
            if not skippable:
                assert ISOLATED_HINT in err, f"{indicator}, in-process: the message says how to contain it: {err}"
        hostile(indicator, keys + "    on_failure: skip\n")
        code, out, err, target = run(fixture, address_space=bound)
        if skippable:
            skipped_as(f"{indicator}, in-process, on_failure: skip", in_process, code, out, err, target)
        elif in_process is not None:
            failed_as(f"{indicator}, in-process, on_failure: skip (a crash or hang cannot be skipped there)",
                      indicator, fixture, in_process, code, out, err, target)
        # In a child process: --isolate-plugins, then isolation: process with on_failure: skip.
        hostile(indicator, keys)
        code, out, err, target = run(fixture, "--isolate-plugins")
        failed_as(f"{indicator}, --isolate-plugins", indicator, fixture, isolated, code, out, err, target)
        assert "the run is stopped" not in err and ISOLATED_HINT not in err, (
            f"{indicator}, --isolate-plugins: a failure of the indicator alone: {err[-400:]}")
        limit = {"hangs": "raise limits.time", "allocates": "raise limits.memory"}.get(indicator)
        assert limit is None or limit in err, f"{indicator}, --isolate-plugins: the hint names the limit: {err[-300:]}"
        hostile(indicator, keys + "    isolation: process\n    on_failure: skip\n")
        code, out, err, target = run(fixture)
        skipped_as(f"{indicator}, isolation: process, on_failure: skip", isolated, code, out, err, target)
        if indicator == "allocates":
            hostile(indicator, keys)
            _, _, err, _ = run(fixture, address_space=rlimit)
            assert (re.search(re.escape(f"{spec}:") + r"\d+:\d+: the memory limit of indicator 'france_services' is enforced "
                              r"only with isolation: process", err) is not None), (
                f"a memory limit without isolation is said to be unenforced: {err[-400:]}")

    # The `plugins:` section isolates every indicator; an indicator's own key wins.
    hostile("hangs", tail="plugins:\n  isolation: process\n  limits: {time: 1s}\n")
    code, out, err, target = run("fixture_hangs_on_compute")
    failed_as("plugins: {isolation: process, limits: {time: 1s}}", "hangs", "fixture_hangs_on_compute",
              CASES["hangs"][3], code, out, err, target)
    hostile("crashes", "    isolation: none\n", tail="plugins:\n  isolation: process\n")
    code, out, err, target = run("fixture_crashes_on_compute")
    failed_as("isolation: none on the indicator overrides plugins:", "crashes", "fixture_crashes_on_compute",
              CASES["crashes"][2], code, out, err, target)

    # seccomp: true stops the network and file writes, naming the call; without it they happen.
    escaped = Path(tmp) / "escaped.txt"
    hostile("opens_socket", "    seccomp: true\n")
    code, out, err, target = run("fixture_escapes_sandbox")
    failed_as("seccomp: true, a socket", "opens_socket", "fixture_escapes_sandbox",
              r"tried to open a network socket \(system call 'socket'\), which its seccomp filter forbids",
              code, out, err, target)
    writes = f"{{input: services.france_services, path: '{escaped}'}}"
    hostile("writes_file", "    seccomp: true\n", writes)
    code, out, err, target = run("fixture_escapes_sandbox")
    failed_as("seccomp: true, a file write", "writes_file", "fixture_escapes_sandbox",
              r"tried to open a file for writing \(system call 'openat'\), which its seccomp filter forbids",
              code, out, err, target)
    assert not escaped.exists(), "the file was not written"
    hostile("writes_file", "    isolation: process\n", writes)
    code, out, err, target = run("fixture_escapes_sandbox")
    assert code == 0 and escaped.exists(), f"without seccomp, the same plugin writes its file: {code} {err[-300:]}"

    # A good plugin: the same bytes in munidash's process, in a child, and under seccomp and limits.
    spec.write_text(original, encoding="utf-8")
    books = {}
    for label, options, tail in [("in-process", [], ""), ("--isolate-plugins", ["--isolate-plugins"], ""),
                                 ("plugins: seccomp and limits", [],
                                  "plugins:\n  isolation: process\n  seccomp: true\n  limits: {time: 60s, memory: 2GB}\n")]:
        spec.write_text(original + tail, encoding="utf-8")
        target = out_dir / f"good-{len(books)}.xlsx"
        code, out, err = e2e.run(munidash, *options, "run", str(spec), "-o", str(target))
        assert code == 0 and out.strip() == str(target), f"good plugins, {label}: {code} {err[-300:]}"
        books[label] = target.read_bytes() if target.exists() else b""
    assert len(set(books.values())) == 1 and books["in-process"], (
        f"the workbook is byte for byte the same isolated or not: {[len(b) for b in books.values()]}")

    # Mistakes in the new keys: each at its line, with what was found and what is expected.
    hostile("per_capita", "    isolation: sandbox\n    seccomp: yes\n    limits: {time: 30, memory: 12XB, cpu: 1}\n",
            "{count: services.france_services, per: 10000}",
            tail="plugins:\n  isolation: none\n  seccomp: true\n  limit: {}\n")
    code, out, err = e2e.run(munidash, "validate", str(spec))
    lines = spec.read_text(encoding="utf-8").splitlines()
    at = {key: next(i + 1 for i, line in enumerate(lines) if line.lstrip().startswith(key))
          for key in ("isolation: sandbox", "seccomp: yes", "limits: {time", "limit: {}")}
    expected = [
        f"{spec}:{at['isolation: sandbox']}:16: error: isolation of indicator 'france_services' must be 'process' "
        "or 'none', found 'sandbox'",
        f"{spec}:{at['seccomp: yes']}:14: error: seccomp of indicator 'france_services' must be true or false, "
        "found 'yes'",
        f"{spec}:{at['limits: {time']}:20: error: limits.time of indicator 'france_services' must be a duration "
        "with its unit, more than 0 and at most 7 days, found '30' (write e.g. \"30s\"",
        f"{spec}:{at['limits: {time']}:32: error: limits.memory of indicator 'france_services' must be an amount "
        "with its unit, from 1 MB to 64 TB, found '12XB'",
        f"{spec}:{at['limits: {time']}:38: error: unknown key 'cpu' in 'limits' of indicator 'france_services' "
        "(expected one of: time, memory)",
        f"{spec}:{at['limit: {}']}:3: error: unknown key 'limit' in 'plugins' (did you mean 'limits'?",
    ]
    assert code == 2 and all(e in err for e in expected), (
        f"each mistake at its place: {code}\n{err}\nexpected:\n" + "\n".join(e for e in expected if e not in err))
    hostile("per_capita", "    seccomp: true\n", "{count: services.france_services, per: 10000}",
            tail="plugins:\n  isolation: none\n")
    code, out, err = e2e.run(munidash, "validate", str(spec))
    assert (code == 2 and re.search(r":\d+:14: error: seccomp: true for indicator 'france_services' needs isolation: "
                                    r"process, but " + re.escape(str(spec)) + r":\d+:14 says isolation: none", err)), (
        f"seccomp: true with isolation: none is refused, both places named: {code} {err}")
    spec.write_text(original, encoding="utf-8")
