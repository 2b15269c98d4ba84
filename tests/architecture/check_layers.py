#!/usr/bin/env python3
"""The engine's folders follow its data flow, and no include runs back up it.

core/src holds one folder per stage, in the order the data flows:

    base → spec → sources → plugins → compute → workbook → run

A file may include its own folder's headers and those of earlier folders, never a later one's, and
the headers of one folder never include each other in a cycle. Includes are written from core/src
("compute/statistics.hpp"), never with "../". Exit 0 when the tree keeps these rules; otherwise
print each broken rule, file:line, and exit 1.
"""
import argparse
import pathlib
import re
import sys

LAYERS = ["base", "spec", "sources", "plugins", "compute", "workbook", "run"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def project_includes(path: pathlib.Path):
    """(line number, included path) of each quoted include of `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = INCLUDE.match(line)
        if match:
            yield number, match.group(1)


def find_problems(src: pathlib.Path) -> list[str]:
    problems = []
    graph: dict[str, list[str]] = {}
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".hpp", ".cpp"):
            continue
        relative = path.relative_to(src).as_posix()
        folder = relative.split("/")[0] if "/" in relative else None
        if folder not in LAYERS:
            problems.append(f"{path}:1: '{relative}' is in no stage folder; put it in one of "
                            f"{', '.join(LAYERS)} (see docs/architecture.md)")
            continue
        graph[relative] = []
        for number, included in project_includes(path):
            where = f"{path}:{number}"
            if included.startswith("../") or "/" not in included:
                problems.append(f"{where}: '#include \"{included}\"' is relative; write it from core/src, "
                                f"as \"<folder>/<file>.hpp\"")
                continue
            target_folder = included.split("/")[0]
            if target_folder not in LAYERS:
                problems.append(f"{where}: '{included}' is not under a stage folder of core/src")
                continue
            if not (src / included).is_file():
                problems.append(f"{where}: '{included}' does not exist under core/src")
                continue
            if LAYERS.index(target_folder) > LAYERS.index(folder):
                problems.append(f"{where}: {folder}/ includes '{included}', a later stage: data flows "
                                f"{' → '.join(LAYERS)}; move what is shared into {folder}/ or an earlier folder")
            graph[relative].append(included)
    problems += find_cycles(graph)
    return problems


def find_cycles(graph: dict[str, list[str]]) -> list[str]:
    """One message per include cycle among headers (a .cpp is never included, so never in one)."""
    problems, state = [], {}

    def visit(node: str, stack: list[str]):
        state[node] = "open"
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == "open":
                cycle = stack[stack.index(nxt):] + [nxt]
                problems.append("include cycle: " + " → ".join(cycle))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parents[2] / "core" / "src")
    args = parser.parse_args()
    problems = find_problems(args.src)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"{args.src}: every include follows the flow {' → '.join(LAYERS)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
