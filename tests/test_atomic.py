"""A build killed at any moment leaves the previous output exactly as it was."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

import corpus.writer
from corpus.build import build
from corpus.verify import verify
from corpus.writer import rename_exchange, swap_in


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_killed_build_leaves_previous_output_intact(tmp_path, mia_dir):
    out = tmp_path / "out"
    build(REPO / "raw", out, workers=1, progress=False)
    before = snapshot(out)
    staging = tmp_path / ".out.staging"

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "corpus.cli", "build", "--raw", str(mia_dir), "--out", str(out),
         "--workers", "2", "-q"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not staging.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert staging.exists(), "the build never started writing"
        time.sleep(1.5)  # mid-build: shards are being written into the staging folder
        assert proc.poll() is None, "the build finished before it could be killed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    assert snapshot(out) == before
    assert verify(out) == []
    partial = [p for p in out.rglob("*")
               if p.name.startswith(".") and ".corpus" not in p.relative_to(out).parts]  # .corpus: the index
    assert not partial, "no partial shard inside out/"

    # The next build clears the killed build's staging folder and swaps in cleanly.
    build(REPO / "raw", out, workers=1, progress=False)
    assert not staging.exists()
    assert snapshot(out) == before
    assert verify(out) == []


def test_rename_exchange_swaps_two_folders(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "which").write_text("a")
    (b / "which").write_text("b")
    if not rename_exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not supported here")
    assert (a / "which").read_text() == "b" and (b / "which").read_text() == "a"


def test_rename_exchange_reports_real_errors(tmp_path):
    (tmp_path / "present").mkdir()
    try:
        supported = rename_exchange(tmp_path / "missing", tmp_path / "present")
    except FileNotFoundError:
        return  # the exchange exists and refused a missing path, as it must
    assert supported is False  # no renameat2 here at all


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_in_replaces_the_folder(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(corpus.writer, "rename_exchange", lambda a, b: False)
    out, staging = tmp_path / "out", tmp_path / ".out.staging"
    out.mkdir()
    (out / "old").write_text("old")
    staging.mkdir()
    (staging / "new").write_text("new")
    swap_in(staging, out)
    assert [p.name for p in out.iterdir()] == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # staging and the old folder are gone


def test_swap_in_without_previous_output(tmp_path):
    staging = tmp_path / ".out.staging"
    staging.mkdir()
    (staging / "new").write_text("new")
    swap_in(staging, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
