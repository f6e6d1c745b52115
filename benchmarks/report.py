"""docs/benchmarks.md: the command, the machine, the targets met or not, then a table per figure."""

from __future__ import annotations

from .common import Table


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _grid(columns: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render(command: str, machine: list[tuple[str, str]], tables: list[Table], *, took: float,
           load_after: str) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `python -m benchmarks`; every figure below comes from one run of it, the clients",
        "of each figure interleaved repetition by repetition, each time the median of its repetitions.",
        "A benchmark is not a test: nothing fails on a time. Against the local sandbox, not Intercom:",
        "the sandbox adds 2 ms to each answer, where a real network adds tens to hundreds, so the",
        "ratios here are the clients' own costs at their most visible.",
        "",
        f"Command: `{command}` (took {took / 60:.1f} min).",
        "",
        "## Machine",
        "",
        *_grid(["", ""], [[k, v] for k, v in [*machine, ("load average at the end", load_after)]]),
        "",
        "## Targets",
        "",
        *_grid(["figure", "target", "measured in this run", "met"],
               [[f, t, m, "yes" if ok else ("no" if ok is not None else "-")]
                for table in tables for f, t, m, ok in table.targets]),
        "",
    ]
    for table in tables:
        out += [f"## {table.title}", "", table.intro, "", *_grid(table.columns, table.rows), ""]
        out += [*(f"- {note}" for note in table.notes), *([""] if table.notes else [])]
    return "\n".join(out).rstrip() + "\n"
