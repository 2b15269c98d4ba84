#!/usr/bin/env python3
"""check_layers.py refuses what it should: a backward include, a cycle, a relative include, a stray file."""
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_layers  # noqa: E402


def tree(files: dict[str, str]) -> pathlib.Path:
    root = pathlib.Path(tempfile.mkdtemp(prefix="layers-"))
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def main() -> int:
    good = tree({"base/a.hpp": "#pragma once\n", "compute/b.hpp": '#include "base/a.hpp"\n',
                 "compute/b.cpp": '#include "compute/b.hpp"\n#include <vector>\n'})
    assert check_layers.find_problems(good) == [], check_layers.find_problems(good)

    backward = tree({"base/a.hpp": '#pragma once\n\n#include "compute/b.hpp"\n', "compute/b.hpp": "#pragma once\n"})
    problems = check_layers.find_problems(backward)
    assert len(problems) == 1 and f"{backward}/base/a.hpp:3: base/ includes 'compute/b.hpp', a later stage" in problems[0], problems

    cycle = tree({"compute/a.hpp": '#include "compute/b.hpp"\n', "compute/b.hpp": '#include "compute/a.hpp"\n'})
    problems = check_layers.find_problems(cycle)
    assert problems == ["include cycle: compute/a.hpp → compute/b.hpp → compute/a.hpp"], problems

    relative = tree({"workbook/a.cpp": '#include "../base/b.hpp"\n', "base/b.hpp": ""})
    problems = check_layers.find_problems(relative)
    assert len(problems) == 1 and "is relative; write it from core/src" in problems[0], problems

    stray = tree({"misc.cpp": ""})
    problems = check_layers.find_problems(stray)
    assert len(problems) == 1 and "'misc.cpp' is in no stage folder" in problems[0], problems

    missing = tree({"run/a.cpp": '#include "base/gone.hpp"\n'})
    assert "does not exist" in check_layers.find_problems(missing)[0]
    print("check_layers refuses backward includes, cycles, relative includes and stray files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
