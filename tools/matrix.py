"""Runs the Python x Django matrix (noxfile.py) one session at a time and prints what passed.

``tools/matrix.py`` runs every combination (``make matrix``); ``tools/matrix.py 3.13-django6.0``
runs the ones named (``make test`` runs one). The table comes from each session's JUnit report, so a
session that never reached pytest (an interpreter missing, an install failing) shows as "not run".
Exits non-zero unless every combination asked for passed.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
COUNTS = ("passed", "failed", "errors", "skipped")


def load_noxfile() -> ModuleType:
    spec = importlib.util.spec_from_file_location("noxfile", ROOT / "noxfile.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def counts(report: Path) -> dict[str, float] | None:
    """Passed, failed, errors, skipped and seconds from a pytest JUnit report (None if absent)."""
    if not report.exists():
        return None
    suite = ET.parse(report).getroot().find("testsuite")  # noqa: S314 (our own pytest's file)
    if suite is None:
        return None
    found = {name: int(suite.get(name, "0")) for name in ("tests", "failures", "errors", "skipped")}
    return {
        "passed": found["tests"] - found["failures"] - found["errors"] - found["skipped"],
        "failed": found["failures"],
        "errors": found["errors"],
        "skipped": found["skipped"],
        "seconds": float(suite.get("time", "0")),
    }


def table(rows: list[tuple[str, str, dict[str, float] | None]]) -> str:
    header = f"{'combination':<26} {'result':<8}" + "".join(f"{c:>9}" for c in COUNTS) + "     time"
    lines = [header, "-" * len(header)]
    for label, result, found in rows:
        line = f"{label:<26} {result:<8}"
        if found is not None:
            line += "".join(f"{int(found[c]):>9}" for c in COUNTS) + f"{found['seconds']:>8.0f}s"
        lines.append(line)
    return "\n".join(lines)


def main(wanted: list[str]) -> int:
    noxfile = load_noxfile()
    combinations = [(p, d, f"{p}-django{d}") for p, d in noxfile.COMBINATIONS]
    known = {ident for _, _, ident in combinations}
    if unknown := [w for w in wanted if w not in known]:
        print(f"unknown combination(s) {unknown}; known: {sorted(known)}", file=sys.stderr)
        return 2
    chosen = [c for c in combinations if not wanted or c[2] in wanted]
    for _, _, ident in chosen:
        (noxfile.RESULTS / f"{ident}.xml").unlink(missing_ok=True)
    # One nox run: the wheel is built once; nox runs the sessions one after the other and goes
    # on past a failing one.
    sessions = [f"tests({ident})" for _, _, ident in chosen]
    nox = subprocess.run([sys.executable, "-m", "nox", "-s", *sessions], cwd=ROOT, check=False)
    rows = []
    for python, django, ident in chosen:
        found = counts(noxfile.RESULTS / f"{ident}.xml")
        if found is None:
            result = "not run"
        elif found["failed"] or found["errors"] or not found["passed"]:
            result = "FAILED"
        else:
            result = "passed"
        rows.append((f"Python {python} + Django {django}", result, found))
    print("\n" + table(rows))
    if nox.returncode != 0 or any(result != "passed" for _, result, _ in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
