"""The end of ``make bench``: every recorded figure with its target, and the run appended, dated
and with the machine described, to bench/RESULTS.md. Exits non-zero when a target is missed or
when a benchmark that ran recorded nothing (it failed before its figures).

Usage: ``summary.py RESULTS_FILE [BENCH ...]``, the benchmarks ``make bench`` ran. A run of only
some of the Makefile's ``BENCHES`` (``make bench BENCH=polling``) names them in its heading."""

from __future__ import annotations

import contextlib
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
    load = ""
    with contextlib.suppress(OSError):
        load = ", load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({model}){memory}, "
        f"Python {platform.python_version()}{load}"
    )


def all_benches() -> list[str]:
    """What a plain ``make bench`` runs (the Makefile's ``BENCHES``, passed as ``DLW_BENCHES``);
    empty when run some other way."""
    return os.environ.get("DLW_BENCHES", "").split()


def partial(ran: list[str]) -> str:
    """The heading's `` (polling only)`` when ``ran`` leaves out some of the Makefile's
    benchmarks, else ``""``."""
    every = all_benches()
    if not every or all(name in ran for name in every):
        return ""
    return f" ({', '.join(ran)} only)"


def section(figures: list[Figure], silent: list[str], ran: list[str]) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    missed = sum(1 for figure in figures if figure.met is False)
    verdict = "all targets met" if not missed else f"{missed} target(s) missed"
    verdict += partial(ran)
    if silent:
        verdict += f"; no figures from {', '.join(silent)}"
    rows = "".join(
        f"| {f.bench} | {f.name} | {f.value:.2f} {f.unit} | {f.target or '-'} | "
        f"{'-' if f.met is None else ('ok' if f.met else 'MISSED')} |\n"
        for f in figures
    )
    return (
        f"\n## {now}: {verdict}\n\n{machine()}\n\n"
        "| benchmark | figure | value | target | |\n|---|---|---|---|---|\n" + rows
    )


def main(path: str, ran: list[str]) -> int:
    figures = read(path) if Path(path).exists() else []
    if not figures:
        print("bench summary: no figures were recorded", file=sys.stderr)
        return 1
    benches = list(dict.fromkeys(figure.bench for figure in figures))  # in the order they ran
    silent = [name for name in ran if name not in benches]
    text = section(figures, silent, ran or benches)
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else HEADER
    RESULTS.write_text(existing + text, encoding="utf-8")
    print(f"\nbench summary (also appended to {RESULTS.relative_to(ROOT)}):")
    for figure in figures:
        print(f"  [{figure.bench}] {figure.line()}")
    for name in silent:
        print(f"  [{name}] recorded no figures: it failed before measuring (see its output)")
    return 1 if silent or any(figure.met is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
