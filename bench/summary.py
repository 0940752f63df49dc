"""The end of ``make bench``: every recorded figure with its target, and the run appended, dated
and with the machine described, to bench/RESULTS.md. Exits non-zero when a target is missed."""

from __future__ import annotations

import datetime
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.results import Figure, read  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADER = """# Benchmark results

Each `make bench` run appends one section: the figures, each against its target, measured in that
run (ratios against a baseline measured alongside, never bare times on their own).
"""


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model}){memory}, "
        f"Python {platform.python_version()}"
    )


def section(figures: list[Figure]) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    missed = sum(1 for figure in figures if figure.met is False)
    verdict = "all targets met" if not missed else f"{missed} target(s) missed"
    rows = "".join(
        f"| {f.bench} | {f.name} | {f.value:.2f} {f.unit} | {f.target or '-'} | "
        f"{'-' if f.met is None else ('ok' if f.met else 'MISSED')} |\n"
        for f in figures
    )
    return (
        f"\n## {now}: {verdict}\n\n{machine()}\n\n"
        "| benchmark | figure | value | target | |\n|---|---|---|---|---|\n" + rows
    )


def main(path: str) -> int:
    figures = read(path) if Path(path).exists() else []
    if not figures:
        print("bench summary: no figures were recorded", file=sys.stderr)
        return 1
    text = section(figures)
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    RESULTS.write_text(existing + text, encoding="utf-8")
    print(f"\nbench summary (also appended to {RESULTS.relative_to(ROOT)}):")
    for figure in figures:
        print(f"  [{figure.bench}] {figure.line()}")
    return 1 if any(figure.met is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
