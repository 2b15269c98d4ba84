"""Unattended runs that never lie (issue 10): one run at a time per output (exit 75, --wait), files
as the operator left them (read-only kept without --force, modes kept, extends: of a file that is
not a spec), exit codes that tell the truth (a plugin's exit(0) is 3, a skipped indicator is 6
unless accepted), and logs a scheduler can read (--log-format json, timestamps, -v, stdout holding
only the output paths)."""
import fcntl
import json
import os
import re
import subprocess
import time
from pathlib import Path
import pytest

import e2e_support as e2e


def test_unattended(munidash, plugin_fixtures, demo_spec, tmp_path):
    fixtures = plugin_fixtures

    tmp = tmp_path
    spec = demo_spec
    original = spec.read_text(encoding="utf-8")
    target = Path(tmp) / "out" / "report.xlsx"
    target.parent.mkdir()

    def fresh():
        spec.write_text(original, encoding="utf-8")

    # --- One run at a time per output: the lock beside the workbook, its holder named. ---
    lock = target.parent / ".report.xlsx.lock"
    holder = open(lock, "w")
    fcntl.flock(holder, fcntl.LOCK_EX)
    holder.write("4242 2024-05-01T10:00:00Z\n")
    holder.flush()
    code, out, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert code == 75, f"a second run on a locked output exits 75 (got {code}): {err}"
    assert ("another run is writing this output" in err and "pid 4242, since 2024-05-01T10:00:00Z" in err
            and "--wait" in err), f"the holder is named, and --wait suggested: {err}"
    assert out == "" and not target.exists(), "nothing written, nothing on stdout"
    # With --wait, the run waits for the holder, then writes.
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    env.pop("MUNIDASH_PLUGIN_PATH", None)
    waiting = subprocess.Popen([munidash, "run", str(spec), "-o", str(target), "--wait", "20"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    time.sleep(2)
    assert waiting.poll() is None, "with --wait, the run waits while the lock is held"
    fcntl.flock(holder, fcntl.LOCK_UN)
    holder.close()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0 and target.is_file() and out.strip() == str(target), (
        f"once released, the waiting run writes the workbook: {waiting.returncode} {out} {err}")
    assert "waiting for the other run" in err and "pid 4242" in err, f"it said whom it waited for: {err}"
    assert not lock.exists(), "the lock file is removed when the run ends"
    # --wait that runs out still exits 75, and says it waited.
    holder = open(lock, "w")
    fcntl.flock(holder, fcntl.LOCK_EX)
    holder.write(f"{os.getpid()} 2024-05-01T10:00:00Z\n")
    holder.flush()
    started = time.monotonic()
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target), "--wait", "1")
    assert (code == 75 and time.monotonic() - started >= 1 and f"pid {os.getpid()}" in err
            and "after 1 s of --wait" in err), f"--wait 1 runs out: {code} {err}"
    holder.close()
    # The town workbooks take one lock for their folder (and shard).
    towns = Path(tmp) / "towns"
    e2e.edit(spec, 'workbook: "../reports/{report.id}-{report.period}.xlsx"',
             'per_town: "../towns/{town.code}.xlsx"\n  per_town_only: {largest: 1}')
    towns.mkdir()
    holder = open(towns / ".munidash-towns.lock", "w")
    fcntl.flock(holder, fcntl.LOCK_EX)
    code, _, err = e2e.run(munidash, "run", str(spec))
    assert code == 75 and "has not written its pid yet" in err, f"a batch's folder is locked as one: {code} {err}"
    code, out, err = e2e.run(munidash, "run", str(spec), "--shard", "1/2")
    assert code == 0, f"a shard takes its own lock, so shards run side by side: {code} {err}"
    holder.close()
    fresh()

    # --- Files as the operator left them. ---
    before = target.read_bytes()
    target.chmod(0o444)
    code, out, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert code == 5 and "read-only (mode 0444)" in err and "--force" in err, (
        f"a read-only target is kept: {code} {err}")
    assert target.read_bytes() == before and out == "", "the read-only workbook is unchanged"
    e2e.edit(spec, "title: ", "title: Autre ")
    code, out, err = e2e.run(munidash, "run", str(spec), "-o", str(target), "--force")
    assert code == 0 and target.read_bytes() != before, f"--force replaces it: {code} {err}"
    assert target.stat().st_mode & 0o7777 == 0o444, f"and it stays 0444: {oct(target.stat().st_mode)}"
    fresh()
    target.chmod(0o640)
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert code == 0 and target.stat().st_mode & 0o7777 == 0o640, (f"a 0640 workbook stays 0640: {code} "
            f"{oct(target.stat().st_mode)} {err}")

    # extends: a file that is not a YAML mapping: exit 2 at the extends line, none of its lines quoted.
    secret = Path(tmp) / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    for base in (secret, Path("/etc/passwd")):
        child = Path(tmp) / "child.yaml"
        child.write_text(f"extends: {base}\n")
        code, out, err = e2e.run(munidash, "validate", str(child))
        assert code == 2 and f"{child}:1:10: error: base spec '{base}' is not a YAML mapping" in err, (
            f"extends: {base} is refused at its line: {code} {err}")
        assert "root:x" not in err and "daemon" not in err and "/bin/bash" not in err, (
            f"no line of {base} is printed: {err}")
    child.write_text(f"extends: {tmp}\n")
    code, _, err = e2e.run(munidash, "validate", str(child))
    assert code == 2 and f"base spec '{tmp}' is a folder, not a spec file" in err, f"extends: a folder: {err}"
    # A folder given as the spec says so.
    for command in ("validate", "run"):
        code, out, err = e2e.run(munidash, command, str(spec.parent))
        assert code == 2 and f"'{spec.parent}' is a folder, not a spec file" in err and out == "", (
            f"{command}: a folder as the spec: {code} {err}")

    # --- Exit codes that tell the truth. ---
    e2e.edit(spec, "plugin: per_capita", "plugin: exits")
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}", "params: {input: services.france_services}")
    before = target.read_bytes()
    code, out, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_exits_on_compute"),
                             "run", str(spec), "-o", str(target))
    assert code == 3, f"a plugin calling exit(0) in compute ends the run with 3, not 0 (got {code})"
    assert (re.search(r"error: indicator 'exits' of plugin 'fixture_exits_on_compute' 1\.0\.0 \(.*\) called exit\(\) "
                      r"while computing", err) is not None and f"{spec}:" in err), f"the plugin is named: {err}"
    assert out == "" and target.read_bytes() == before, "no workbook is claimed or replaced"
    code, _, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_exits_on_compute"),
                           "run", str(spec), "-o", str(target))
    fresh()
    assert code == 3, f"the next run is not locked out by the one that exited: {code} {err}"

    # A skipped indicator is a partial success: 6, unless --allow-partial or report.allow_partial.
    e2e.edit(spec, "plugin: per_capita", "plugin: always_throws\n    on_failure: skip")
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}", "params: {input: services.france_services}")
    throws = ["--plugin-dir", str(fixtures / "fixture_throws_on_compute")]
    code, out, err = e2e.run(munidash, *throws, "run", str(spec), "-o", str(target))
    assert (code == 6 and out.strip() == str(target) and "partial: the workbook was written without france_services"
            in err and "--allow-partial" in err), f"a skipped indicator exits 6: {code} {out} {err}"
    code, _, err = e2e.run(munidash, *throws, "run", str(spec), "-o", str(target), "--allow-partial")
    assert code == 0, f"--allow-partial accepts it: {code} {err}"
    e2e.edit(spec, "  period:", "  allow_partial: true\n  period:")
    code, _, err = e2e.run(munidash, *throws, "run", str(spec), "-o", str(target))
    assert code == 0, f"report.allow_partial: true accepts it: {code} {err}"
    e2e.edit(spec, "allow_partial: true", "allow_partial: sometimes")
    code, _, err = e2e.run(munidash, *throws, "validate", str(spec))
    assert code == 2 and "allow_partial" in err, f"a wrong allow_partial is a spec error: {code} {err}"
    fresh()

    # --- Logs a scheduler can read. ---
    code, out, err = e2e.run(munidash, "--log-format", "json", "run", str(spec), "-o", str(target))
    lines = [line for line in err.splitlines() if line.strip()]
    objects = []
    for line in lines:
        try:
            objects.append(json.loads(line))
        except ValueError:
            pytest.fail(f"a json log line does not parse: {line!r}")
    assert code == 0 and objects and all({"time", "level", "event", "fields"} <= set(o) for o in objects), (
        f"--log-format json: every line an object with time, level, event, fields: {err[:500]}")
    assert all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", o.get("time", "")) for o in objects), "ISO 8601 times"
    assert any(o.get("event") == "workbook_written" and o["fields"].get("path") == str(target) for o in objects), (
        f"the workbook written is an event with its path: {objects[-3:]}")
    assert out.strip() == str(target), f"stdout holds the path only: {out}"
    # Errors too are JSON lines, with where, what and the exit code.
    code, _, err = e2e.run(munidash, "--log-format", "json", "validate", str(spec.parent))
    errors = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert (code == 2 and errors and errors[-1]["level"] == "error" and errors[-1]["fields"]["exit_code"] == "2"
            and "is a folder" in errors[-1]["fields"]["what"]), f"an error as JSON: {err}"
    # Text logs carry a timestamp when standard error is not a terminal (here, a pipe).
    code, _, err = e2e.run(munidash, "run", str(spec), "-o", str(target))
    assert (code == 0 and all(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \[\w+\] ", line)
                              for line in err.splitlines() if line.strip())), (
        f"text log lines start with a timestamp: {err[:300]}")
    assert "[debug]" not in err, "no debug lines by default"
    code, _, err = e2e.run(munidash, "-v", "run", str(spec), "-o", str(target))
    assert code == 0 and "[debug] timing:" in err, f"-v logs at debug level: {err[-500:]}"
    code, _, err = e2e.run(munidash, "-q", "run", str(spec), "-o", str(target))
    assert code == 0 and err == "", f"-q logs nothing on success: {err}"
    # What a plugin prints on stdout goes to stderr: stdout holds only the workbook's path.
    e2e.edit(spec, "plugin: per_capita", "plugin: prints")
    e2e.edit(spec, "params: {count: services.france_services, per: 10000}", "params: {input: services.france_services}")
    code, out, err = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_prints_on_compute"),
                             "run", str(spec), "-o", str(target))
    assert code == 0 and out == f"{target}\n", f"stdout holds only the workbook path: {out!r} {err}"
    assert ("fixture: printf on stdout" in err and "fixture: std::cout on stdout" in err
            and "fixture: registering, on stdout" in err), f"the plugin's prints are on stderr: {err}"
    code, out, _ = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_prints_on_compute"),
                           "validate", str(spec))
    assert code == 0 and out.startswith(f"{spec}: valid") and len(out.splitlines()) == 1, f"validate too: {out!r}"
    code, out, _ = e2e.run(munidash, "--plugin-dir", str(fixtures / "fixture_prints_on_compute"),
                           "plugins", "list", "--json")
    assert code == 0 and json.loads(out) and "fixture: registering" not in out, (
        f"plugins list --json too: {out[:200]!r}")
    fresh()
