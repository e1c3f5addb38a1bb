"""Output to a pipe arrives whole when the writer is stopped and continued (Ctrl+Z, ``fg``).

Each test runs a real writer process and stops and continues it while its reader is slow, so
its writes block on a full pipe and are cut short, as a stopped pipeline's are. Python's own
standard output lost the rest of such a write: ``claims list --json`` delivered 82 KB of
601 KB and exited 0 (2026-12-05). A reader that goes away (``| head``) ends the command
quietly, with exit code 1.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from workbench.pipes import write_whole

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="needs job-control signals")


def _read_while_stopping_and_continuing(command: list[str]) -> tuple[bytes, int]:
    """``command``'s standard output, read slowly while it is stopped and continued over and over."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def stop_and_continue() -> None:
        while not done.is_set():
            time.sleep(0.003)
            try:
                os.kill(process.pid, signal.SIGSTOP)
                time.sleep(0.002)
                os.kill(process.pid, signal.SIGCONT)
            except ProcessLookupError:
                return

    poker = threading.Thread(target=stop_and_continue, daemon=True)
    poker.start()
    assert process.stdout is not None
    chunks = []
    try:
        while chunk := process.stdout.read(4096):
            chunks.append(chunk)
            time.sleep(0.0003)  # a slow reader: the writer's writes wait on a full pipe
    finally:
        done.set()
        poker.join()
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
        code = process.wait(timeout=60)
    return b"".join(chunks), code


def test_write_whole_delivers_every_byte_of_large_writes() -> None:
    child = (
        "import sys; from workbench.pipes import write_whole\n"
        "for i in range(8):\n"
        "    write_whole(1, (b'%07d' % i) * 150_000)\n"
    )
    data, code = _read_while_stopping_and_continuing([sys.executable, "-c", child])
    assert code == 0
    assert data == b"".join((b"%07d" % i) * 150_000 for i in range(8))


def test_write_whole_takes_any_buffer() -> None:
    read, write = os.pipe()
    try:
        write_whole(write, memoryview(bytearray(b"abc")))
        write_whole(write, b"")
        assert os.read(read, 10) == b"abc"
    finally:
        os.close(read)
        os.close(write)


@pytest.fixture(scope="module")
def thousand_claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pipes")
    feed = folder / "feed.jsonl"
    lines = [json.dumps({"type": "source", "key": "wire", "name": "Wire service", "kind": "media_outlet", "reliability": "B"})]
    lines += [
        json.dumps({"key": f"c{i}", "text": f"Convoy {i} reached checkpoint {i * 7} near the river crossing at dawn.",
                    "attributions": [{"source": "wire", "stance": "asserts"}]})
        for i in range(1000)
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = folder / "desk.db"
    subprocess.run([sys.executable, "-m", "workbench", "--db", str(db), "-q", "import", "--no-match", str(feed)],
                   check=True, capture_output=True, timeout=120)
    return db


def test_a_listing_to_a_stopped_and_continued_pipe_arrives_whole(thousand_claims: Path) -> None:
    command = [sys.executable, "-m", "workbench", "--db", str(thousand_claims), "claims", "list", "--json", "--limit", "1000"]
    whole = subprocess.run(command, capture_output=True, check=True, timeout=120).stdout
    assert len(whole) > 256_000  # far more than a pipe holds: the writes must wait for the reader
    data, code = _read_while_stopping_and_continuing(command)
    assert code == 0
    assert data == whole
    assert len(json.loads(data)) == 1000


def test_a_reader_that_goes_away_ends_the_command_quietly(thousand_claims: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "workbench", "--db", str(thousand_claims), "claims", "list", "--json", "--limit", "1000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)
    process.stdout.close()  # as `| head -c 100` does
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "internal error" not in errors
    assert "Traceback" not in errors
