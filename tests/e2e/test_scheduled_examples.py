"""The scheduled-run examples of docs/scheduled/ (shipped in the .deb) run as written: the crontab's
quarterly line and the systemd service's ExecStart and ExecStartPost, with /srv/munidash and
/usr/bin/munidash replaced by a test folder and the built CLI, pinned plugins included."""
import os
import shlex
import subprocess
from pathlib import Path

import e2e_support as e2e


def test_scheduled_examples(munidash, repo, tmp_path):
    examples = Path(repo) / "docs" / "scheduled"

    tmp = tmp_path
    srv = e2e.copy_configs(repo, tmp).parent  # the spec's folder plays /srv/munidash
    spec = srv / "report.yaml"
    (srv / "illustratif.yaml").rename(spec)
    e2e.edit(spec, 'workbook: "../reports/{report.id}-{report.period}.xlsx"', 'workbook: "reports/report.xlsx"')
    code, out, err = e2e.run(munidash, "plugins", "lock", "report.yaml", cwd=srv)
    assert code == 0 and (srv / "report.plugins.lock.json").exists(), f"the plugins are pinned first: {err[-300:]}"

    def as_here(command):
        return command.replace("/srv/munidash", str(srv)).replace("/usr/bin/munidash", munidash)

    def shell(command):
        env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
        env.pop("MUNIDASH_PLUGIN_PATH", None)
        return subprocess.run(["bash", "-c", as_here(command)], capture_output=True, text=True, env=env, timeout=300)

    # The crontab's active line: five time fields, the user, then the command.
    lines = [l for l in (examples / "crontab").read_text().splitlines() if l and not l.startswith("#") and "=" not in l.split()[0]]
    assert len(lines) == 1, f"one active line in the crontab: {lines}"
    command = lines[0].split(None, 6)[6]
    done = shell(command)
    assert done.returncode == 0 and (srv / "reports" / "report.xlsx").exists(), (
        f"the crontab's command runs: {done.returncode} {done.stderr[-500:]}")
    (srv / "reports" / "report.xlsx").unlink()

    # The service: ExecStart in its working directory, then ExecStartPost.
    service = (examples / "munidash-report.service").read_text()
    keys = dict(line.split("=", 1) for line in service.splitlines() if "=" in line and not line.startswith("#"))
    assert keys.get("WorkingDirectory") == "/srv/munidash", f"the service works in /srv/munidash: {keys}"
    done = shell(f"cd {shlex.quote(keys['WorkingDirectory'])} && {keys['ExecStart']}")
    assert done.returncode == 0 and (srv / "reports" / "report.xlsx").exists(), (
        f"the service's ExecStart runs: {done.returncode} {done.stderr[-500:]}")
    done = shell(keys["ExecStartPost"])
    assert done.returncode == 0, (
        f"its ExecStartPost verifies the run's manifest: {done.returncode} {done.stdout[-300:]} {done.stderr[-300:]}")

    # A plugin replaced since it was pinned stops the scheduled run before it loads.
    lock = srv / "report.plugins.lock.json"
    pinned = lock.read_text()
    first = pinned.index('"sha256": "') + len('"sha256": "')
    lock.write_text(pinned[:first] + "0" * 64 + pinned[first + 64:])
    done = shell(f"cd {shlex.quote(keys['WorkingDirectory'])} && {keys['ExecStart']}")
    assert done.returncode == 3 and "is not the build the lock file pins" in done.stderr, (
        f"another build of a pinned plugin fails the service (exit 3): {done.returncode} {done.stderr[-400:]}")
