#!/usr/bin/python3
"""Runs munidash and its anchors alternately on the same inputs and prints the medians, each ratio
and each peak memory (issue 13). Timings belong here, never in pass/fail tests.

  national summary   munidash (bench-france-summary.yaml: 20 indicators, composite, 1,000 draws)
                     vs the pandas + XlsxWriter script an analyst would write (anchors/pandas_summary.py)
                     vs bare libxlsxwriter writing the same cells (anchors/replay_cells.cpp: the floor)
  national run       munidash with the Comparaisons sheet (700,000 rows): its peak memory
  town workbooks     munidash on 1 and 2 threads vs bare libxlsxwriter writing the same workbooks
                     (floor/town_workbook_floor.cpp) vs Python's XlsxWriter (xlsxwriter_towns.py);
                     munidash's time is its phase "writing the town workbooks" (-vv)

Usage: bash bench/fetch_data.sh && make && make bench-deps
       /usr/bin/python3 bench/compare.py [--build build] [--rounds 3] [--only summary,national,towns]"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
PYTHON = "/usr/bin/python3"


def run(command, env=None, log=None):
    """Runs `command`; returns (wall seconds, peak memory in MiB, its stderr then stdout)."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+") as stdout:
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE, env=env, text=True)
        stderr = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        stdout.seek(0)
        stderr += stdout.read()  # what the anchors print of their own timing
    wall = time.monotonic() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"compare: {' '.join(map(str, command))} failed ({process.returncode}):\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stderr


def phase_ms(stderr, phase):
    found = re.search(rf"timing: {re.escape(phase)}: (\d+) ms", stderr)
    return int(found.group(1)) if found else None


def compile_floor(source, binary):
    if binary.exists() and binary.stat().st_mtime > source.stat().st_mtime:
        return binary
    binary.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["g++", "-O2", "-std=c++20", "-pthread", str(source), "-o", str(binary), "-lxlsxwriter"], check=True)
    return binary


def median_of(samples, key):
    return statistics.median(s[key] for s in samples)


def summary(args, munidash, env):
    spec = HERE / "bench-france-summary.yaml"
    out = DATA / "bench-france-summary.xlsx"
    cells = DATA / "bench-france-summary.cells.tsv"
    replay = compile_floor(HERE / "anchors" / "replay_cells.cpp", DATA / "bin" / "replay_cells")
    run([munidash, "-q", "run", str(spec), "-o", str(out)], env)
    if not cells.exists() or cells.stat().st_mtime < out.stat().st_mtime:
        subprocess.run([PYTHON, str(HERE / "anchors" / "dump_cells.py"), str(out), str(cells)], check=True)
    rows = {"munidash": [], "pandas": [], "floor": []}
    phases = []
    for round_ in range(args.rounds):
        wall, memory, stderr = run([munidash, "-vv", "run", str(spec), "-o", str(out)], env)
        rows["munidash"].append({"wall": wall, "memory": memory})
        phases.append((phase_ms(stderr, "computing the composite index and its robustness"),
                       phase_ms(stderr, "writing and checking the workbook")))
        wall, memory, _ = run([PYTHON, str(HERE / "anchors" / "pandas_summary.py"), str(DATA / "communes-france.csv"),
                               str(DATA / "indicateurs-france.csv"), str(DATA / "pandas-summary.xlsx")], env)
        rows["pandas"].append({"wall": wall, "memory": memory})
        wall, memory, _ = run([replay, str(cells), str(DATA / "floor-summary.xlsx")], env)
        parse, _, _ = run([replay, str(cells), "--parse-only"], env)
        rows["floor"].append({"wall": wall - parse, "memory": memory})
        print(f"  round {round_ + 1}: munidash {rows['munidash'][-1]['wall']:.2f} s, pandas {rows['pandas'][-1]['wall']:.2f} s,"
              f" floor {rows['floor'][-1]['wall']:.2f} s", flush=True)
    m, p, f = (median_of(rows[k], "wall") for k in ("munidash", "pandas", "floor"))
    composite = statistics.median(c for c, _ in phases)
    writing = statistics.median(w for _, w in phases)
    print("national summary (34,963 towns, 20 indicators, composite + 1,000 draws), medians of", args.rounds)
    print(f"  {'munidash':<34}{m:8.2f} s {median_of(rows['munidash'], 'memory'):8.0f} MiB")
    print(f"  {'pandas + XlsxWriter script':<34}{p:8.2f} s {median_of(rows['pandas'], 'memory'):8.0f} MiB")
    print(f"  {'bare libxlsxwriter, same cells':<34}{f:8.2f} s {median_of(rows['floor'], 'memory'):8.0f} MiB"
          "  (its reading of the cell dump subtracted)")
    print(f"  pandas / munidash: {p / m:.1f}x faster (goal >= 5)")
    print(f"  munidash / floor:  {m / f:.2f}x (goal <= 1.5)")
    print(f"  composite with its draws / writing the workbook: {composite} ms / {writing} ms = {composite / writing:.2f}"
          " (goal < 0.25)")


def national(args, munidash, env):
    walls, memories = [], []
    for _ in range(args.rounds):
        wall, memory, _ = run([munidash, "-q", "run", str(HERE / "bench-france.yaml"), "-o",
                               str(DATA / "bench-france.xlsx")], env)
        walls.append(wall)
        memories.append(memory)
    print("national run with the Comparaisons sheet (700,000 rows), medians of", args.rounds)
    print(f"  munidash {statistics.median(walls):.2f} s, peak memory {max(memories):.0f} MiB (goal < 256 MB)")


def towns(args, munidash, env):
    spec = HERE / "bench-petites-villes.yaml"
    report = DATA / "bench-petites-villes.xlsx"
    folder = DATA / "towns-munidash"
    floor = compile_floor(HERE / "floor" / "town_workbook_floor.cpp", DATA / "bin" / "town_workbook_floor")
    floor_input = DATA / "towns-floor.tsv"
    if not floor_input.exists():
        subprocess.run([PYTHON, str(HERE / "floor" / "prepare_towns.py"), str(DATA / "communes-france.csv"),
                        str(DATA / "indicateurs-france.csv"), str(floor_input)], check=True)
    results = {}
    for round_ in range(args.rounds):
        for jobs in (1, 2):
            shutil.rmtree(folder, ignore_errors=True)
            wall, memory, stderr = run([munidash, "-vv", "run", str(spec), "--jobs", str(jobs)], env)
            writing = phase_ms(stderr, "writing the town workbooks") / 1000
            results.setdefault(f"munidash, {jobs} thread(s)", []).append({"wall": writing, "memory": memory})
        for threads in (1, 2):
            shutil.rmtree(DATA / "towns-floor", ignore_errors=True)
            wall, memory, _ = run([floor, str(floor_input), str(DATA / "towns-floor"), str(threads)], env)
            results.setdefault(f"bare libxlsxwriter, {threads} thread(s)", []).append({"wall": wall, "memory": memory})
        if report.exists():
            for processes in (1, 2):
                shutil.rmtree(DATA / "towns-xlsxwriter", ignore_errors=True)
                _, memory, stderr = run([PYTHON, str(HERE / "xlsxwriter_towns.py"), str(report),
                                         str(DATA / "towns-xlsxwriter"), str(processes)], env)
                found = re.search(r"in ([0-9.]+) s with", stderr)
                results.setdefault(f"Python XlsxWriter, {processes} process(es)", []).append(
                    {"wall": float(found.group(1)) if found else float("nan"), "memory": memory})
        print(f"  round {round_ + 1} done", flush=True)
    count = len(list(folder.glob("**/*.xlsx")))
    print(f"town workbooks ({count} petites villes; the time to write them), medians of", args.rounds)
    for name, samples in results.items():
        print(f"  {name:<38}{median_of(samples, 'wall'):8.2f} s {median_of(samples, 'memory'):8.0f} MiB")
    one, two = (median_of(results[f"munidash, {j} thread(s)"], "wall") for j in (1, 2))
    floor_one, floor_two = (median_of(results[f"bare libxlsxwriter, {j} thread(s)"], "wall") for j in (1, 2))
    print(f"  munidash / floor: {one / floor_one:.2f}x on one core (goal <= 1.5), {two / floor_two:.2f}x on two")
    print(f"  munidash, 2 threads vs 1: {one / two:.2f}x (goal >= 1.8); the floor: {floor_one / floor_two:.2f}x")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", default=str(HERE.parent / "build"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="summary,national,towns")
    args = parser.parse_args()
    munidash = Path(args.build) / "bin" / "munidash"
    if not (DATA / "communes-france.csv").exists():
        sys.exit("compare: no data: run bash bench/fetch_data.sh first")
    if not munidash.exists():
        sys.exit(f"compare: no {munidash}: run make first")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f}; munidash {munidash}")
    for name in args.only.split(","):
        {"summary": summary, "national": national, "towns": towns}[name](args, munidash, env)


if __name__ == "__main__":
    main()
