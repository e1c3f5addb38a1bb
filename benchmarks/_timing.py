"""What every benchmark shares: samples with their tails, goal verdicts, child processes.

A figure is never a bare median: ``Tail`` keeps the first (cold) sample, the median, p90,
p95 and the worst, because a reviewer feels the first keystroke and the slow one, not the
typical one. Every figure with a goal is printed with that goal and "met" or "not met"
(``goal_line``), and every comparison with its ratio to a baseline measured in the same run.
A child process's peak memory is read from the OS (``ru_maxrss`` of that process alone, started
from a fresh interpreter: see ``run_process``).
"""

from __future__ import annotations

import compileall
import functools
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data"  # generated inputs and databases; git-ignored


def set_os_cache(database: Path, *, warm: bool) -> None:
    """Put a database file (with its write-ahead log) wholly into the OS page cache, by reading
    it, or out of it (``posix_fadvise`` DONTNEED drops a file's clean pages; no root needed).

    Why: a query at a million claims reads pages of the full-text index that a cold cache
    must fetch from disk. On these machines the page cache does not keep a database between
    runs, so the same queries took 17.6 ms at the median in one run and 28.5 ms in the next,
    with nothing else changed (2026-12-07). A benchmark states which it measured instead.
    """
    for path in (database, Path(f"{database}-wal")):
        if not path.exists():
            continue
        descriptor = os.open(path, os.O_RDONLY)
        try:
            if warm:
                while os.read(descriptor, 1 << 20):
                    pass
            else:
                os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(descriptor)


class _NoiseNote:
    """The caveat every benchmark prints under its title, with the load average when printed."""

    def __str__(self) -> str:
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        return (f"timings from a shared {os.cpu_count()}-core machine (load average now {load}): "
                "compare ratios within one run, not absolute figures across runs; the workbench's "
                "bytecode is compiled before timing, as an installed copy has it")

    def __format__(self, spec: str) -> str:  # f"{NOISE_NOTE}" asks for this, not __str__
        return format(str(self), spec)


NOISE_NOTE = _NoiseNote()


def percentile(samples: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0 < q <= 1): a value that was actually observed."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


@dataclass(frozen=True)
class Tail:
    """A set of timings (any unit) summarised with its tails; ``first`` is the cold one."""

    first: float
    median: float
    p90: float
    p95: float
    worst: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float]) -> Tail:
        return cls(samples[0], statistics.median(samples), percentile(samples, 0.9), percentile(samples, 0.95),
                   max(samples), len(samples))

    def text(self, unit: str = "ms", digits: int = 1) -> str:
        f = f"{{:.{digits}f}}"
        return (f"median {f.format(self.median)}, p90 {f.format(self.p90)}, p95 {f.format(self.p95)}, "
                f"first {f.format(self.first)}, max {f.format(self.worst)} {unit} (n={self.n})")


def samples_ms(function: Callable[[], object], repeat: int = 15, warmup: int = 0) -> list[float]:
    """``repeat`` timings of ``function`` in ms; with ``warmup=0`` the first one is cold."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def ratio(ours: float, baseline: float) -> str:
    """``ours / baseline`` to three significant digits (0.00208x, 1.52x, 436x)."""
    return f"{ours / baseline:.3g}x" if baseline > 0 else "inf"


def verdict(value: float, limit: float, *, at_least: bool = False) -> str:
    met = value >= limit if at_least else value < limit
    return "met" if met else "NOT MET"


def goal_line(label: str, figure: str, goal: str | None, met: bool | None, width: int = 54) -> str:
    """One figure beside its goal and verdict; ``goal=None`` says the issue sets none."""
    if goal is None:
        return f"  {label:<{width}} {figure:>24}   (no goal)"
    return f"  {label:<{width}} {figure:>24}   goal {goal:<12} {'met' if met else 'NOT MET'}"


def spread(values: Sequence[float], unit: str = "s", digits: int = 2) -> str:
    """Median with the range of repeated whole runs: "1.23 s (1.20-1.31, 3 runs)"."""
    f = f"{{:.{digits}f}}"
    if len(values) == 1:
        return f"{f.format(values[0])} {unit}"
    return f"{f.format(statistics.median(values))} {unit} ({f.format(min(values))}-{f.format(max(values))}, {len(values)} runs)"


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    peak_mb: float  # the child's own peak resident memory, from the OS
    stdout: str
    stderr: str
    code: int
    # The command's processes together (its workers too): the largest sum of their proportional
    # set sizes (shared pages split between them), sampled every 0.1 s, so it can miss a peak
    # shorter than that. 0 where /proc does not tell (not Linux); None where it was not sampled.
    tree_peak_mb: float | None = 0.0
    cpu: CpuSplit | None = None  # None where /proc does not tell


@dataclass(frozen=True)
class CpuSplit:
    """Where a command's processor time went, in seconds (user and system).

    ``total`` is exact: the OS's count for the process and every process it waited for. The
    parts are read from ``/proc`` every 0.1 s, so each may miss up to 0.1 s of the last work of
    a thread that ended between two readings. Why: on two cores a wall-time ratio says
    how much longer, but not which thread to make cheaper; the thread that is busy the whole
    time is the one that sets the wall time.
    """

    total: float
    main_thread: float  # the command's first thread
    other_threads: float  # its other threads (an import's writer thread)
    workers: float  # the processes it started (an import's reading and matching workers)


# A small interpreter between this benchmark and the measured command: Linux counts a child's
# peak memory from the memory of the process it was forked from, so a command started straight
# from a benchmark holding a million claims would read as that benchmark's size. Forked from
# this fresh interpreter instead, the command's own peak is what it reports (a fresh Python is
# smaller than any command measured here). Wall time is taken in there too, around the command.
_MEASURE = (
    "import os, subprocess, sys, threading, time\n"
    "with_pss = sys.argv[2] == 'pss'\n"
    "def tree_kib(root):\n"
    "    # Proportional set size of the process and every process under it (shared pages split),\n"
    "    # when asked; each thread's processor time always.\n"
    "    total, stack, seen = 0, [root], set()\n"
    "    while stack:\n"
    "        pid = stack.pop()\n"
    "        if pid in seen:\n"
    "            continue\n"
    "        seen.add(pid)\n"
    "        try:\n"
    "            if with_pss:\n"
    "                with open(f'/proc/{pid}/smaps_rollup') as f:\n"
    "                    total += next(int(line.split()[1]) for line in f if line.startswith('Pss:'))\n"
    "            for tid in os.listdir(f'/proc/{pid}/task'):\n"
    "                with open(f'/proc/{pid}/task/{tid}/stat') as f:\n"
    "                    fields = f.read().rpartition(')')[2].split()\n"
    "                ticks[(pid, int(tid))] = int(fields[11]) + int(fields[12])  # utime + stime\n"
    "                with open(f'/proc/{pid}/task/{tid}/children') as f:\n"
    "                    stack.extend(int(child) for child in f.read().split())\n"
    "        except (OSError, StopIteration, ValueError):\n"
    "            pass\n"
    "    return total\n"
    "ticks = {}  # (pid, thread id) -> processor time in clock ticks, as last read\n"
    "started = time.perf_counter()\n"
    "process = subprocess.Popen(sys.argv[3:])\n"
    "done, peak = threading.Event(), [0]\n"
    "def sample():\n"
    "    while not done.wait(0.1):\n"
    "        peak[0] = max(peak[0], tree_kib(process.pid))\n"
    "sampler = threading.Thread(target=sample, daemon=True)\n"
    "sampler.start()\n"
    "_pid, status, usage = os.wait4(process.pid, 0)\n"
    "seconds = time.perf_counter() - started\n"
    "done.set()\n"
    "sampler.join()\n"
    "tick = os.sysconf('SC_CLK_TCK')\n"
    "root = process.pid\n"
    "main = ticks.get((root, root), 0) / tick\n"
    "others = sum(t for (pid, tid), t in ticks.items() if pid == root and tid != root) / tick\n"
    "workers = sum(t for (pid, _tid), t in ticks.items() if pid != root) / tick\n"
    "with open(sys.argv[1], 'w') as out:\n"
    "    out.write(f'{usage.ru_maxrss} {seconds} {peak[0]} {usage.ru_utime + usage.ru_stime} {main} {others} {workers}')\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


@functools.cache
def compile_bytecode(home: Path = ROOT) -> None:
    """Compile the bytecode of the workbench package under ``home`` before a whole process is timed.

    Why: these machines set ``PYTHONDONTWRITEBYTECODE=1``, so a process never saves the bytecode
    it compiles, and every timed run of the workbench compiled its 200-odd modules again (and
    so did each worker process it starts): 0.3 s of a 3,000-record import's 0.9 s, paid by no
    user. An installed copy has its bytecode: pip compiles it at install, and an editable install
    writes it at its first run. Python reads it whatever that variable says, and the baselines'
    standard library and site-packages are compiled already. Writing the files needs no
    permission from that variable either.
    """
    compileall.compile_dir(home / "workbench", quiet=1)


def run_process(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                check: bool = True, all_processes_memory: bool = True) -> ProcessRun:
    """Run ``command`` to its end; wall time, peak memory of that process alone, and (with
    ``all_processes_memory``) of all its processes, and where its processor time went (the
    workbench's bytecode compiled first: ``compile_bytecode``).

    Sampling all processes' memory slows what it measures: reading ``smaps_rollup`` walks the
    process's page tables under its memory-map lock, 3-6 ms a reading of an import at 100k
    claims, ten times a second, so its threads wait to map or free memory meanwhile. A 100k
    import took 1.05x and 1.11x as long so sampled (two sittings of two alternated pairs,
    2026-12-06), the single-process fair baseline no longer. Timed runs that are compared with
    a baseline leave it off, and the memory is taken in runs of their own.
    """
    compile_bytecode()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".measure") as measure:
        sampled = "pss" if all_processes_memory else "time"
        process = subprocess.run([sys.executable, "-c", _MEASURE, measure.name, sampled, *command], env=env, cwd=cwd,
                                 stdin=subprocess.DEVNULL, stdout=out, stderr=err, check=False)
        out.seek(0)
        err.seek(0)
        kilobytes, seconds, tree_kilobytes, *cpu = measure.read().split()
        total, main, others, workers = map(float, cpu)
        split = CpuSplit(total, main, others, workers) if main > 0 else None
        tree_mb = int(tree_kilobytes) / 1024 if all_processes_memory else None
        run = ProcessRun(float(seconds), int(kilobytes) / 1024, out.read().decode(errors="replace"),
                         err.read().decode(errors="replace"), process.returncode, tree_mb, split)
    if check and run.code != 0:
        raise SystemExit(f"{' '.join(command[:4])}... failed (exit {run.code}):\n{run.stderr[-3000:]}")
    return run


# -- the brute-force fuzzy baseline (dedup_bench, match_bench) ------------------------------


def blended_scores(queries: Sequence[str], keys: Sequence[str], cutoff: float = 0.0) -> Any:  # a numpy array
    """Every query against every key: the mean of rapidfuzz ``token_set_ratio`` and
    ``token_sort_ratio`` (the workbench's ``key_similarity``), in C on every core, as float32.
    Scores below ``cutoff`` may come out as 0. Needs numpy."""
    import numpy as np
    from rapidfuzz import fuzz, process

    part = max(0.0, 2 * cutoff - 100)
    token_set = process.cdist(queries, keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=part,
                              dtype=np.float32, workers=-1)
    token_sort = process.cdist(queries, keys, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=part,
                               dtype=np.float32, workers=-1)
    token_set += token_sort
    token_set /= 2
    return token_set


def scorer_agrees(similarity: Callable[[str, str], float], keys: Sequence[str], seed: int = 1) -> bool:
    """Whether ``blended_scores`` still computes the workbench's ``similarity`` (300 pairs)."""
    import random

    rng = random.Random(seed)
    pairs = [(rng.choice(keys), rng.choice(keys)) for _ in range(300)]
    blended = blended_scores([a for a, _ in pairs], [b for _, b in pairs])
    return all(abs(float(blended[i][i]) - similarity(a, b)) < 1e-3 for i, (a, b) in enumerate(pairs))
