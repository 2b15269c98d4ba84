"""core/src keeps the layer rules (check_layers.py), and check_layers.py refuses what it should: a
backward include, a cycle, a relative include, a stray file, an include of nothing."""
import pathlib

import pytest

import check_layers

LAYERS = " → ".join(check_layers.LAYERS)


def tree(root: pathlib.Path, files: dict[str, str]) -> pathlib.Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_core_src_follows_the_flow(repo):
    problems = check_layers.find_problems(repo / "core" / "src")
    assert problems == [], f"every include of core/src follows the flow {LAYERS}:\n" + "\n".join(problems)


def test_includes_of_earlier_stages_pass(tmp_path):
    good = tree(tmp_path, {"base/a.hpp": "#pragma once\n", "compute/b.hpp": '#include "base/a.hpp"\n',
                           "compute/b.cpp": '#include "compute/b.hpp"\n#include <vector>\n'})
    assert check_layers.find_problems(good) == [], check_layers.find_problems(good)


def test_backward_include_is_refused(tmp_path):
    backward = tree(tmp_path, {"base/a.hpp": '#pragma once\n\n#include "compute/b.hpp"\n', "compute/b.hpp": "#pragma once\n"})
    problems = check_layers.find_problems(backward)
    assert len(problems) == 1 and f"{backward}/base/a.hpp:3: base/ includes 'compute/b.hpp', a later stage" in problems[0], problems


def test_cycle_is_refused(tmp_path):
    cycle = tree(tmp_path, {"compute/a.hpp": '#include "compute/b.hpp"\n', "compute/b.hpp": '#include "compute/a.hpp"\n'})
    problems = check_layers.find_problems(cycle)
    assert problems == ["include cycle: compute/a.hpp → compute/b.hpp → compute/a.hpp"], problems


@pytest.mark.parametrize("files, expected", [
    ({"workbook/a.cpp": '#include "../base/b.hpp"\n', "base/b.hpp": ""}, "is relative; write it from core/src"),
    ({"misc.cpp": ""}, "'misc.cpp' is in no stage folder"),
], ids=["relative include", "stray file"])
def test_one_problem_is_named(tmp_path, files, expected):
    problems = check_layers.find_problems(tree(tmp_path, files))
    assert len(problems) == 1 and expected in problems[0], problems


def test_include_of_a_missing_file_is_refused(tmp_path):
    missing = tree(tmp_path, {"run/a.cpp": '#include "base/gone.hpp"\n'})
    assert "does not exist" in check_layers.find_problems(missing)[0]
