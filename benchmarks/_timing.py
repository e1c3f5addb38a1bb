"""Small timing helpers shared by the benchmarks: medians in milliseconds, ratio lines."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(function: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def row(label: str, ours: float, baseline: float, goal_ms: float | None = None, width: int = 44) -> str:
    ratio = ours / baseline if baseline > 0 else float("inf")
    verdict = ""
    if goal_ms is not None:
        verdict = "  ok" if ours < goal_ms else f"  OVER {goal_ms:g} ms goal"
    return f"{label:<{width}} {ours:9.2f} ms {baseline:9.2f} ms {ratio:7.2f}x{verdict}"


def header(title: str, ours: str = "workbench", baseline: str = "baseline", width: int = 44) -> str:
    return f"\n{title}\n{'':<{width}} {ours:>12} {baseline:>12} {'ratio':>8}"
