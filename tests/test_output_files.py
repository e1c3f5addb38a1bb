"""Where an export or an import's rejects go: a file written whole, a stream written in place,
a symbolic link followed (``workbench.output_files``).

``export -o /dev/full`` (as root) used to write ``/dev/full.partial`` and rename it over the
device node: the export "succeeded" and the machine had no /dev/full any more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import Result
from support import invoke_cli, sample_desk

from workbench import output_files
from workbench.errors import InvalidInput
from workbench.output_files import check_output_file, is_stream, written_whole


def invoke(*args: str) -> Result:
    return invoke_cli(*args)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sample_desk(tmp_path_factory.mktemp("desk"))


def test_an_export_to_a_pipe_is_written_into_it(desk: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke("--db", str(desk), "export", "-o", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(received[0])["claims"]) == 25
    assert is_stream(fifo) and sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # still a pipe, nothing beside it


def test_export_to_dev_stdout_writes_to_the_standard_output(desk: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DB"} | {"WORKBENCH_REVIEWER": "tester"}
    finished = subprocess.run(
        [sys.executable, "-m", "workbench", "--db", str(desk), "-q", "export", "-f", "jsonl", "-o", "/dev/stdout"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert sum(json.loads(line).get("type") == "claim" for line in finished.stdout.splitlines()) == 25


def test_a_symbolic_link_is_followed_and_kept(desk: Path, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    real = tmp_path / "exports" / "latest.json"
    real.write_text("yesterday's export", encoding="utf-8")
    link = tmp_path / "desk.json"
    link.symlink_to(real)
    assert invoke("--db", str(desk), "export", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert len(json.loads(real.read_text(encoding="utf-8"))["claims"]) == 25
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["latest.json"]


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), written_whole(target) as out:
        out.write("half of the new")
        raise RuntimeError("the export failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]


def test_a_stream_needs_no_writable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``-o /dev/stdout`` was refused to anyone but root: nobody may create files in /dev."""
    os.mkfifo(tmp_path / "pipe")
    monkeypatch.setattr(output_files.os, "access", lambda *_args: False)  # a folder we may not write in
    check_output_file(tmp_path / "pipe")  # written in place: the folder is never written
    with pytest.raises(InvalidInput, match="permission denied"):
        check_output_file(tmp_path / "file.json")
    assert not is_stream(tmp_path / "missing") and not is_stream(tmp_path)
