"""One place where every benchmark records its figures, so that ``make bench`` can print them
side by side with their targets and write them, dated, into bench/RESULTS.md.

A benchmark calls :func:`record` for each figure. When ``DLW_BENCH_RESULTS`` names a file (``make
bench`` sets it), the figure is appended to it as one JSON line; ``bench/summary.py`` reads that
file at the end. Run alone, a benchmark just prints.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``target`` is shown as written (``">= 1.0x"``, ``"< 16 MiB"``);
    ``met`` is None for a figure printed for information only."""

    bench: str
    name: str
    value: float
    unit: str
    target: str
    met: bool | None

    def line(self) -> str:
        verdict = "" if self.met is None else ("ok" if self.met else "MISSED")
        target = f" (target {self.target})" if self.target else ""
        return f"{self.name}: {self.value:.2f} {self.unit}{target} {verdict}".rstrip()


def record(
    bench: str,
    name: str,
    value: float,
    *,
    unit: str = "x",
    at_least: float | None = None,
    at_most: float | None = None,
    below: float | None = None,
) -> bool:
    """Record and print one figure against at most one bound; True when it is met (or has
    no target)."""
    if at_least is not None:
        target, met = f">= {at_least:g}{unit_suffix(unit)}", value >= at_least
    elif at_most is not None:
        target, met = f"<= {at_most:g}{unit_suffix(unit)}", value <= at_most
    elif below is not None:
        target, met = f"< {below:g}{unit_suffix(unit)}", value < below
    else:
        target, met = "", None
    figure = Figure(bench, name, value, unit, target, met)
    print(f"  {figure.line()}")
    path = os.environ.get("DLW_BENCH_RESULTS")
    if path:
        with Path(path).open("a", encoding="utf-8") as out:
            out.write(json.dumps(asdict(figure)) + "\n")
    return met is not False


def unit_suffix(unit: str) -> str:
    return unit if unit == "x" else f" {unit}"


def read(path: str) -> list[Figure]:
    """The figures a ``make bench`` run recorded, in order."""
    figures: list[Figure] = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                figures.append(Figure(**json.loads(line)))
    return figures
