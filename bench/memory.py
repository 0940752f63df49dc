"""This process's memory as the kernel counts it (Linux), for the benchmarks' peak-RSS figures."""

from __future__ import annotations

from pathlib import Path


def status_mib(field: str) -> float:
    """A ``/proc/self/status`` figure (``VmRSS``, ``VmHWM``) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} in /proc/self/status")


def reset_peak_rss() -> float:
    """Reset the kernel's high-water mark to the current RSS (Linux 4.0+), so the peak measured
    next is what follows alone, not a migration's or a warm-up's; returns the current RSS."""
    Path("/proc/self/clear_refs").write_text("5")
    return status_mib("VmRSS")
