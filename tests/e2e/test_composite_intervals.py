"""The composite's ranks agree with themselves: with a normalisation the Monte Carlo does not draw
among (the demo spec with normalise: index), every printed rank lies in its 'rang possible'."""
from pathlib import Path

import openpyxl

import e2e_support as e2e

RANGE = "Rang possible (90 % des tirages)"


def composite_rows(book):
    """The Indice composite sheet's town rows, as dicts keyed by header."""
    rows = list(book["Indice composite"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Code INSEE")
    return [dict(zip(rows[start], r)) for r in rows[start + 1:] if r[0] is not None and len(str(r[0])) == 5]


def test_composite_intervals(munidash, demo_spec):
    spec = demo_spec
    e2e.edit(spec, "  normalise: minmax ", "  normalise: index ")
    books = []
    # The draws run on --jobs threads: one thread and three give the same bytes.
    for name, jobs in (("first", "1"), ("again", "3")):
        e2e.edit(spec, '  workbook: "../reports/{report.id}', f'  workbook: "../reports/{name}-{{report.id}}')
        code, out, err = e2e.run(munidash, "run", str(spec), "--jobs", jobs)
        assert code == 0, f"the index variant runs ({name}): {code} {err}"
        books.append(Path(out.strip()) if code == 0 else None)
        e2e.edit(spec, f'  workbook: "../reports/{name}-{{report.id}}', '  workbook: "../reports/{report.id}')
    if all(books):
        assert books[0].read_bytes() == books[1].read_bytes(), (
            "the same seed gives the same bytes, on one thread or three")
        rows = composite_rows(openpyxl.load_workbook(books[0]))
        assert len(rows) == 212, f"one composite row per demo town: {len(rows)}"
        rank_header = next(k for k in rows[0] if str(k).startswith("Rang sur"))
        outside, scored = [], 0
        for r in rows:
            if r[rank_header] is None:
                continue
            scored += 1
            words = str(r[RANGE]).split()  # "rang 12 à 19 sur 212"
            low, high = int(words[1]), int(words[3])
            if not low <= r[rank_header] <= high:
                outside.append(f"{r['Code INSEE']}: rank {r[rank_header]}, interval {low}..{high}")
        assert scored > 150, f"most demo towns are scored: {scored}"
        assert not outside, f"every printed rank lies in its interval ({len(outside)} do not): {outside[:3]}"
