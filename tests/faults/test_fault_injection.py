"""Faults injected at every step (issue 10, items 1 and 2), without root: the LD_PRELOAD shim fails
the Nth open, write, fsync, close or rename of a file under the output folder or TMPDIR, for every N
that a whole run reaches (counted first by a run of the shim that fails nothing).

For the association's workbook and for a per-town batch, each run starts with the previous outputs
in place (written with another SOURCE_DATE_EPOCH, so their bytes differ from the new ones). Then:
  - exit 0 means every output is byte for byte the new one of a fault-free run (whose XML parts all
    parse and which openpyxl opens): a fault that the run survived did no harm;
  - any other exit must be 5, and every output is the previous one, byte for byte; a batch must say
    which towns it wrote (those are the new ones) and which it did not (those are the previous ones);
  - no temporary file is left, beside the outputs or in TMPDIR.
Faults: EIO on the Nth call only, and for writes also ENOSPC from the Nth on (a disk that stays full).
Then item 1: a full TMPDIR, and a full output disk, each named as such in the message; as root
only, a real 24 KB tmpfs as TMPDIR too (skipped, and said so, otherwise).
Counts are small (tens to a few hundred calls): every N is tried, up to 150 per kind (sample()).
Each test prints what it tried (pytest -s, or shown when it fails).
"""
import os
import subprocess

import pytest

from fault_support import batch_report, demo, prepare, sample

MOST_PER_KIND = 150


def fault_loop(d, old, new, label, faults, tally):
    """Runs under each fault; checks exit code, outputs and leftovers."""
    for fault in faults:
        d.restore(old)
        code, err = d.run(fault=fault, report=d.folder / "fired.txt")
        now = d.outputs()
        tally["runs"] += 1
        fired = int(dict(line.split() for line in (d.folder / "fired.txt").read_text().splitlines())["fired"])
        tally["faults injected"] += fired
        assert fired >= 1, f"{label} {fault}: the fault was injected (the shim counts as many calls as in a whole run)"
        tally["failed runs" if code != 0 else "successful runs"] += 1
        where = f"{label} {fault}"
        if code == 0:
            wrong = [n for n in new if now.get(n) != new[n]]
            tally["wrongly successful"] += bool(wrong)
            assert not wrong, f"{where}: exit 0, so every output is the new one; differ: {wrong[:3]}"
        elif "cannot write the run's manifest" in err:
            # Written last: the workbooks are all new and checked, only the run's record is missing.
            tally["manifest not written"] += 1
            assert code == 5, f"{where}: a manifest that cannot be written exits 5, not {code}"
            wrong = [n for n in new if now.get(n) != new[n]]
            tally["torn or wrong"] += len(wrong)
            assert not wrong, f"{where}: the manifest failed last, so every workbook is the new one: {wrong[:3]}"
        else:
            assert code == 5, f"{where}: a failed write exits 5, not {code}: {err.strip()[-300:]}"
            assert "the previous workbook was kept" in err or "still the previous one" in err, (
                f"{where}: the message says the previous workbook was kept: {err.strip()[-300:]}")
            lost = [n for n in old if n not in now]
            tally["lost"] += len(lost)
            assert not lost, f"{where}: no output disappears: {lost[:3]}"
            # A lock that cannot be taken stops the run before anything is written.
            report = ([], list(old)) if "cannot take the lock" in err else batch_report(err) if d.per_town else None
            if d.per_town:
                assert report is not None, (
                    f"{where}: a failed batch says which towns were written: {err.strip()[-300:]}")
            written, missing = report if report else ([], list(old))
            for name, data in now.items():
                code_of = name.split("/")[-1].split("-")[0]
                expected = new[name] if code_of in written else old[name]
                torn = data != expected
                tally["torn or wrong"] += torn
                assert not torn, f"{where}: {name} is the {'new' if code_of in written else 'previous'} one"
        left = d.leftovers()
        tally["leftovers"] += len(left)
        assert not left, f"{where}: no temporary file is left: {left[:3]}"


def faults_for(counts):
    faults = []
    for kind in ("open", "write", "fsync", "close", "rename"):
        faults += [f"{kind}:{n}:EIO" for n in sample(counts[kind], MOST_PER_KIND)]
    faults += [f"write:{n}:ENOSPC:sticky" for n in sample(counts["write"], MOST_PER_KIND)]
    return faults


def full_disk(d, old, which):
    """Item 1: a filesystem that fills up at every moment of the run; the message names it."""
    folder = d.tmpdir if which == "TMPDIR" else d.reports
    expected = "TMPDIR is full or failing" if which == "TMPDIR" else "output folder's disk is full"
    d.run(dirs=[folder], report=d.folder / "one.txt")
    writes = int(dict(line.split() for line in (d.folder / "one.txt").read_text().splitlines())["write"])
    runs = 0
    for n in sample(writes, MOST_PER_KIND):
        d.restore(old)
        code, err = d.run(fault=f"write:{n}:ENOSPC:sticky", dirs=[folder])
        runs += 1
        assert code == 5, f"{which} full from write {n}: exit 5, not {code}: {err.strip()[-300:]}"
        if "cannot write the run's manifest" in err:
            # The manifest is written last: the disk filled after the workbook was in place.
            assert "ENOSPC" in err, f"{which} full from write {n}: the manifest's message says the disk is full"
            assert set(d.outputs()) == set(old) and d.outputs() != old, (
                f"{which} full from write {n}: the manifest failed last, so the workbook is the new one")
        else:
            assert expected in err, f"{which} full from write {n}: the message says '{expected}': {err.strip()[-400:]}"
            assert d.outputs() == old, f"{which} full from write {n}: the previous workbook is untouched"
        assert not d.leftovers(), f"{which} full from write {n}: no temporary file is left"
    return runs, writes


def real_full_tmpdir(d, old):
    """As root only (CI runs as root): a real 24 KB tmpfs as TMPDIR, which libxlsxwriter fills up.
    Skipped, and said so, without root or where mount is refused."""
    if os.geteuid() != 0:
        pytest.skip("real tmpfs TMPDIR: not root")
    small = d.folder / "small-tmpdir"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=24k", "tmpfs", str(small)], capture_output=True).returncode:
        pytest.skip("real tmpfs TMPDIR: mount refused here")
    try:
        d.restore(old)
        env = d.environment()
        env["TMPDIR"] = str(small)
        done = subprocess.run(d.command(), capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 5, f"real full TMPDIR: exit 5, not {done.returncode}: {done.stderr[-300:]}"
        assert "TMPDIR is full or failing" in done.stderr and str(small) in done.stderr, (
            f"real full TMPDIR: the message names it: {done.stderr[-400:]}")
        assert d.outputs() == old, "real full TMPDIR: the previous workbook is untouched"
        assert not d.leftovers() and not list(small.iterdir()), "real full TMPDIR: no temporary file is left"
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)


@pytest.fixture
def report_demo(munidash, shim, repo, tmp_path):
    """The small demo writing the association's workbook, with its previous and new outputs."""
    d = demo(munidash, shim, repo, tmp_path / "report")
    old, new = prepare(d)
    return d, old, new


@pytest.mark.parametrize("per_town", [False, True], ids=["report", "batch"])
def test_every_nth_call_fails(munidash, shim, repo, tmp_path, per_town):
    d = demo(munidash, shim, repo, tmp_path / ("batch" if per_town else "report"), per_town=per_town)
    old, new = prepare(d)
    counts = d.counts()
    tally = {k: 0 for k in ("runs", "faults injected", "failed runs", "successful runs", "wrongly successful", "lost",
                            "torn or wrong", "leftovers", "manifest not written")}
    label = "batch" if per_town else "report"
    fault_loop(d, old, new, label, faults_for(counts), tally)
    print(f"{label} ({len(new)} workbooks; calls per run {counts}): {tally}")


@pytest.mark.parametrize("which", ["TMPDIR", "output"])
def test_full_disk_is_named(report_demo, which):
    d, old, _ = report_demo
    runs, writes = full_disk(d, old, which)
    print(f"{which} full: {runs} runs over its {writes} writes, each exit 5 and named")


def test_real_full_tmpdir(report_demo):
    d, old, _ = report_demo
    real_full_tmpdir(d, old)
