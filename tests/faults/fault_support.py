"""Shared by the fault-injection and interruption tests: a small demo spec, runs under the shim.

The spec is the demo's illustrative twin cut down so that one run takes well under a second: the
petites villes of Val-de-Marne (94) up to 6,000 inhabitants (7 towns), 10 Monte Carlo draws.
Outputs go to <folder>/reports, libxlsxwriter's temporary files to <folder>/tmpdir (TMPDIR).
"""
import os
import re
import subprocess
from pathlib import Path

import openpyxl

from e2e_support import check_workbook_xml, copy_configs, edit

OLD_EPOCH = "1600000000"  # the "previous" outputs: same content, another date inside
NEW_EPOCH = "1700000000"  # the outputs a run under test must either write whole or not at all

# Every run started in the background, so that a test stopped by a failed assertion leaves none
# running (a run paused by the shim would wait for ever): tests/faults/conftest.py kills them.
started = []


class demo:
    """A private copy of the small spec, its folders, and how to run the CLI on it."""

    def __init__(self, munidash, shim, repo, folder, per_town=False):
        self.munidash = munidash
        self.shim = shim
        self.folder = Path(folder)
        self.spec = copy_configs(repo, self.folder)
        edit(self.spec, 'departments: ["77", "91", "94"]', 'departments: ["94"]')
        edit(self.spec, "max: 25000}", "max: 6000}")
        edit(self.spec, "draws: 1000", "draws: 10")
        if per_town:
            edit(self.spec, 'workbook: "../reports/{report.id}-{report.period}.xlsx"',
                 'per_town: "../reports/communes/{town.code}-{town.slug}.xlsx"')
        self.reports = self.folder / "reports"
        self.tmpdir = self.folder / "tmpdir"
        self.reports.mkdir(exist_ok=True)
        (self.reports / "communes").mkdir(exist_ok=True)
        self.tmpdir.mkdir(exist_ok=True)
        self.workbook = self.reports / "petites-villes-illustratif-2024.xlsx"
        self.per_town = per_town

    def environment(self, epoch=NEW_EPOCH, fault=None, dirs=None, report=None, paused=None):
        env = dict(os.environ)
        env.pop("MUNIDASH_PLUGIN_PATH", None)
        env["SOURCE_DATE_EPOCH"] = epoch
        env["TMPDIR"] = str(self.tmpdir)
        if fault or report:
            env["LD_PRELOAD"] = self.shim
            env["MUNIDASH_FAULT_DIRS"] = ":".join(str(d) for d in (dirs or [self.reports, self.tmpdir]))
            if fault:
                env["MUNIDASH_FAULT"] = fault
            if report:
                env["MUNIDASH_FAULT_REPORT"] = str(report)
            if paused:
                env["MUNIDASH_FAULT_PAUSED"] = str(paused)
        return env

    def command(self):
        return [self.munidash, "run", "-q", str(self.spec)] + (["--jobs", "2"] if self.per_town else [])

    def run(self, **kwargs):
        """Runs to the end; returns (exit code, stderr)."""
        done = subprocess.run(self.command(), capture_output=True, text=True, env=self.environment(**kwargs),
                              timeout=120)
        return done.returncode, done.stderr

    def start(self, **kwargs):
        process = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=self.environment(**kwargs))
        started.append(process)
        return process

    def outputs(self):
        """Every workbook under reports/, by name: its bytes."""
        return {p.relative_to(self.reports).as_posix(): p.read_bytes() for p in sorted(self.reports.rglob("*.xlsx"))
                if not p.name.startswith(".")}

    def restore(self, outputs):
        """Puts back exactly these workbooks (the "previous" ones)."""
        for p in self.reports.rglob("*.xlsx"):
            if not p.name.startswith("."):
                p.unlink()
        for name, data in outputs.items():
            (self.reports / name).write_bytes(data)

    def leftovers(self):
        """Temporary files: ours beside the outputs, libxlsxwriter's in TMPDIR."""
        return sorted(str(p) for p in self.reports.rglob(".*.tmp-*")) + sorted(str(p) for p in self.tmpdir.iterdir())

    def counts(self):
        """How many watched calls of each kind a whole run makes (the shim counting, failing nothing)."""
        report = self.folder / "counts.txt"
        code, err = self.run(report=report)
        assert code == 0, err
        values = dict(line.split() for line in report.read_text().splitlines())
        return {kind: int(n) for kind, n in values.items()}


def prepare(d):
    """Returns (previous outputs, new outputs) and leaves the previous ones in place."""
    code, err = d.run(epoch=NEW_EPOCH)
    assert code == 0, err
    new = d.outputs()
    for name in new:
        check_workbook_xml(d.reports / name)
        openpyxl.load_workbook(d.reports / name).close()
    code, err = d.run(epoch=OLD_EPOCH)
    assert code == 0, err
    old = d.outputs()
    assert old.keys() == new.keys() and all(old[n] != new[n] for n in new), "previous and new outputs must differ"
    return old, new


def sample(count, most):
    """1..count, or `most` of them evenly spread (always with the first and the last) when count is larger."""
    if count <= most:
        return list(range(1, count + 1))
    step = (count - 1) / (most - 1)
    return sorted({1 + round(k * step) for k in range(most)})


BATCH_LINE = re.compile(r"(\d+) of (\d+) town workbooks were written \(([^)]*)\); (\d+) were not, and each of those is "
                        r"still the previous one or absent \(([^)]*)\)")


def batch_report(stderr):
    """The towns a failed batch says it wrote and did not write, as two lists of codes, or None."""
    found = BATCH_LINE.search(stderr)
    if not found:
        return None
    written = [] if found.group(3) == "none" else found.group(3).split()
    return written, found.group(5).split()
