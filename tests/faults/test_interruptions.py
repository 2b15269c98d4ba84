"""Killed and interrupted runs (issue 10, item 2).

Kill loop: the small demo run over a previous workbook, SIGKILLed 200 times at seeded random moments
(delays spread over a normal run's duration), then 60 times for a per-town batch. After each kill,
every output is the previous one or the complete new one, byte for byte. Temporary files that a
kill leaves (".NAME.tmp-HOST-PID-SEQ" beside the outputs, and the folder ".munidash-HOST-PID" in
TMPDIR that holds libxlsxwriter's, which it names tmp.XXXXXX and unlinks only once opened) are
removed by the next normal run, which checks that PID is dead.

Large batch: every town of the demo's three departments (748 workbooks, three chunks of the batch's
flush-then-rename), SIGKILLed 8 times at random moments, half of the times over previous workbooks
and half into an empty folder: each file is the previous one, absent (when there was none), or the
complete new one byte for byte, and new ones open in openpyxl; the next run removes every temporary.

Signals: SIGTERM and SIGINT sent while the run is surely writing (the shim holds the 10th write of
the output), and at 40 random moments: the temporary files are gone when the process has exited,
the exit code is 143 or 130, and the outputs are the previous ones (or, for a batch, each the
previous or the complete new one).
"""
import random
import signal
import statistics
import time

import openpyxl

from fault_support import NEW_EPOCH, OLD_EPOCH, demo, edit, prepare

KILLS = {"report": 200, "batch": 60, "large batch": 8}
SEED = 20240610


def same_as_one_of(now, old, new):
    """Names of outputs that are neither the previous nor the new bytes, or missing."""
    return [n for n in old if now.get(n) not in (old[n], new[n])]


def kill_loop(d, old, new, label, kills, rng):
    durations = []
    for _ in range(3):
        start = time.monotonic()
        d.run()
        durations.append(time.monotonic() - start)
    # Only to spread the kills over a run: nothing is timed for pass or fail.
    span = statistics.median(durations) * 1.2
    tally = {"kills": 0, "outputs new after the kill": 0, "torn or lost": 0}
    left_behind = set()
    for k in range(kills):
        d.restore(old)
        process = d.start()
        time.sleep(rng.uniform(0, span))
        process.kill()
        process.wait()
        tally["kills"] += 1
        now = d.outputs()
        bad = same_as_one_of(now, old, new)
        tally["torn or lost"] += len(bad)
        tally["outputs new after the kill"] += sum(1 for n in new if now.get(n) == new[n])
        assert not bad, f"{label} kill {k}: every output is the previous or the new one: {bad[:3]}"
        left = d.leftovers()
        left_behind.update(left)
        if k % 50 == 49 or k == kills - 1:
            stray = [p for p in left if "/tmpdir/" in p and "/tmpdir/.munidash-" not in p]
            assert not stray, f"{label}: in TMPDIR, a kill leaves only its own folder .munidash-HOST-PID: {stray[:3]}"
            code, err = d.run(epoch=NEW_EPOCH)
            assert code == 0, f"{label}: a normal run after the kills succeeds: {err.strip()[-300:]}"
            assert not d.leftovers(), f"{label}: it removed the temporary files of the killed runs: {d.leftovers()[:3]}"
            assert d.outputs() == new, f"{label}: and wrote the new outputs"
    tally["temporary files left by kills, then removed"] = len(left_behind)
    return tally


def large_batch(d, rng):
    """Kills a batch of several chunks; returns a tally."""
    code, err = d.run(epoch=NEW_EPOCH)
    assert code == 0, f"large batch: a normal run succeeds: {err.strip()[-300:]}"
    new = d.outputs()
    assert len(new) > 2 * 256, f"large batch: more than two chunks of 256 workbooks: {len(new)}"
    start = time.monotonic()
    code, err = d.run(epoch=OLD_EPOCH)
    span = (time.monotonic() - start) * 1.1
    assert code == 0, f"large batch: the previous run succeeds: {err.strip()[-300:]}"
    old = d.outputs()
    tally = {"kills": 0, "new after the kill": 0, "previous after the kill": 0, "absent after the kill": 0,
             "torn": 0, "opened in openpyxl": 0}
    for k in range(KILLS["large batch"]):
        previous = old if k % 2 == 0 else {}
        d.restore(previous)
        process = d.start()
        time.sleep(rng.uniform(0.2, span))
        process.kill()
        process.wait()
        tally["kills"] += 1
        now = d.outputs()
        torn = [n for n, data in now.items() if data != new.get(n) and data != previous.get(n)]
        tally["torn"] += len(torn)
        assert not torn, f"large batch kill {k}: every file is the previous or the complete new one: {torn[:3]}"
        fresh = [n for n, data in now.items() if data == new[n]]
        tally["new after the kill"] += len(fresh)
        tally["previous after the kill"] += sum(1 for n, data in now.items() if data != new[n])
        tally["absent after the kill"] += len(new) - len(now)
        lost = [n for n in previous if n not in now]
        assert not lost, f"large batch kill {k}: no previous workbook disappears: {lost[:3]}"
        for name in rng.sample(fresh, min(3, len(fresh))):
            openpyxl.load_workbook(d.reports / name, read_only=True).close()
            tally["opened in openpyxl"] += 1
    code, err = d.run(epoch=NEW_EPOCH)
    assert code == 0, f"large batch: a normal run after the kills succeeds: {err.strip()[-300:]}"
    assert not d.leftovers(), f"large batch: it removed the temporary files of the killed runs: {d.leftovers()[:3]}"
    assert d.outputs() == new, "large batch: and wrote the new outputs"
    return tally


def interrupt_while_writing(d, old, new, label):
    # The Nth write under reports/ is in the output's temporary file (libxlsxwriter's are in TMPDIR).
    for sig, expected in ((signal.SIGTERM, 143), (signal.SIGINT, 130)):
        d.restore(old)
        paused = d.folder / "paused"
        paused.unlink(missing_ok=True)
        process = d.start(fault="write:10:pause", dirs=[d.reports], paused=paused)
        deadline = time.monotonic() + 60
        while not paused.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        where = f"{label} {sig.name}"
        assert paused.exists(), f"{where}: the run reached its 10th write"
        assert any(".tmp-" in p for p in d.leftovers()), f"{where}: a temporary file exists while it writes"
        process.send_signal(sig)
        err = process.communicate(timeout=60)[1]
        assert process.returncode == expected, f"{where}: exit {expected}, not {process.returncode}: {err[-300:]}"
        assert f"interrupted by {sig.name}" in err, f"{where}: says it was interrupted: {err[-300:]}"
        assert not d.leftovers(), f"{where}: the temporary files are removed at once: {d.leftovers()[:3]}"
        bad = same_as_one_of(d.outputs(), old, new)
        assert not bad, f"{where}: every output is the previous or the new one: {bad[:3]}"
        if label == "report":
            assert d.outputs() == old, f"{where}: the previous workbook is untouched"


def interrupt_at_random(d, old, new, label, rng, times=40):
    outcomes = {}
    for k in range(times):
        d.restore(old)
        sig = signal.SIGTERM if k % 2 == 0 else signal.SIGINT
        process = d.start()
        time.sleep(rng.uniform(0, 0.15))
        process.send_signal(sig)
        err = process.communicate(timeout=60)[1]
        code = process.returncode
        outcomes[code] = outcomes.get(code, 0) + 1
        # -sig: the signal came before main() could take it over (the dynamic loader still running).
        allowed = (0, 128 + sig, -sig)
        assert code in allowed, f"{label} random {sig.name} {k}: exit in {allowed}, not {code}: {err[-300:]}"
        assert not d.leftovers(), f"{label} random {sig.name} {k}: no temporary file is left: {d.leftovers()[:3]}"
        bad = same_as_one_of(d.outputs(), old, new)
        assert not bad, f"{label} random {sig.name} {k}: every output is the previous or the new one: {bad[:3]}"
    return outcomes


def test_kills_and_signals(munidash, shim, repo, tmp_path):
    # One test, one seeded generator: the random moments are the same from run to run.
    rng = random.Random(SEED)
    for label in ("report", "batch"):
        d = demo(munidash, shim, repo, tmp_path / label, per_town=label == "batch")
        old, new = prepare(d)
        print(f"{label}: SIGKILL loop {kill_loop(d, old, new, label, KILLS[label], rng)}")
        interrupt_while_writing(d, old, new, label)
        print(f"{label}: SIGTERM/SIGINT at random moments, exit codes {interrupt_at_random(d, old, new, label, rng)}")
    d = demo(munidash, shim, repo, tmp_path / "large", per_town=True)
    edit(d.spec, "    population: {min: 2500, max: 6000}\n", "")
    edit(d.spec, 'departments: ["94"]', 'departments: ["77", "91", "94"]')
    print(f"large batch: SIGKILL loop {large_batch(d, rng)}")
