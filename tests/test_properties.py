"""Properties of the build that hold for any input.

* `process` never raises: arbitrary bytes and damaged real pages end as a record, a skip or a
  typed reject naming the file — never as `internal_error` (a bug in a reader or the interpreter).
* The output does not depend on the order the file system lists files in, nor on the number of
  worker processes: same input, byte-identical folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus.build
from corpus.build import RawFile, build, process
from corpus.report import OutcomeKind

# Reproducible (derandomize) and nothing written into the checkout (database=None).
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

REAL_PAGES = [
    "archive/bax/1910/03/considerations.htm",  # UTF-8, XHTML, p.information
    "archive/allende/1973/september/11.htm",  # windows-1252, FrontPage markup
    "archive/appel/1966/memories.htm",  # iso-8859-1
    "archive/zinoviev/works/1918/lenin/ch01.htm",  # no </body>, no </html>
    "archive/arnot-page/1936/11/btuc.htm",
]
SUFFIXES = [".htm", ".html", ".txt", ""]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


@pytest.fixture(scope="module")
def real_pages(mia_dir) -> list[bytes]:
    return [(mia_dir / rel).read_bytes() for rel in REAL_PAGES]


def check_outcome(path: Path, rel: str, data: bytes) -> None:
    path.write_bytes(data)
    outcome = process(RawFile(path, rel))
    assert outcome.kind in (OutcomeKind.record, OutcomeKind.skipped, OutcomeKind.rejected)
    assert outcome.reason != "internal_error", outcome.detail
    if outcome.kind is OutcomeKind.record:
        assert outcome.row["provenance"]["raw_sha256"] == hashlib.sha256(data).hexdigest()
        assert outcome.row["id"] == rel
    else:
        assert outcome.reason and outcome.detail.startswith(f"{rel}: ")


@PROPERTY
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_never_raise(scratch, data, suffix):
    rel = f"arbitrary{suffix}"
    check_outcome(scratch / rel, rel, data)


@st.composite
def mutations(draw) -> tuple[int, list[tuple[str, float, bytes]]]:
    """A page index and a few edits at relative positions: flip, cut, insert, delete."""
    page = draw(st.integers(0, len(REAL_PAGES) - 1))
    edit = st.tuples(
        st.sampled_from(["flip", "cut", "insert", "delete"]),
        st.floats(0, 1),
        st.binary(min_size=1, max_size=64),
    )
    return page, draw(st.lists(edit, min_size=1, max_size=4))


def mutate(data: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
    buf = bytearray(data)
    for kind, where, payload in edits:
        at = min(int(where * len(buf)), max(len(buf) - 1, 0))
        if kind == "flip" and buf:
            buf[at] ^= payload[0] or 0xFF
        elif kind == "cut":
            del buf[at:]
        elif kind == "insert":
            buf[at:at] = payload
        elif kind == "delete":
            del buf[at:at + len(payload) * 16]
    return bytes(buf)


@PROPERTY
@given(case=mutations(), suffix=st.sampled_from([".htm", ".txt"]))
def test_mutated_real_pages_never_raise(scratch, real_pages, case, suffix):
    page, edits = case
    rel = f"mutated{suffix}"
    check_outcome(scratch / rel, rel, mutate(real_pages[page], edits))


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def make_raw(folder: Path, mia_dir: Path, order: list[str]) -> Path:
    """The same files, created in the given order (which is the order the folder lists them)."""
    folder.mkdir()
    sources = {rel: mia_dir / rel for rel in REAL_PAGES}
    sources["copy/bax.htm"] = mia_dir / REAL_PAGES[0]  # a duplicate: which path keeps it must not vary
    sources["seed.txt"] = REPO / "raw" / "000_5aa7ca4ddedc42f0.txt"
    for rel in order or sources:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(sources[rel], folder / rel)
    return folder


def test_same_input_gives_byte_identical_output(tmp_path, mia_dir, monkeypatch):
    names = [*REAL_PAGES, "copy/bax.htm", "seed.txt"]
    first = make_raw(tmp_path / "raw1", mia_dir, sorted(names))
    second = make_raw(tmp_path / "raw2", mia_dir, sorted(names, reverse=True))
    report = build(first, tmp_path / "out1", workers=1, progress=False)
    assert report.counts()["record"] >= 5 and report.counts()["rejected"] >= 1

    real_walk = os.walk

    def reversed_walk(top, **kwargs):  # the file system lists everything backwards
        for folder, dirs, files in real_walk(top, **kwargs):
            dirs.reverse()
            files.reverse()
            yield folder, dirs, files

    monkeypatch.setattr(corpus.build.os, "walk", reversed_walk)
    monkeypatch.setattr(corpus.build, "POOL_MIN_FILES", 1)  # really use 2 worker processes
    build(second, tmp_path / "out2", workers=2, progress=False)

    one, two = snapshot(tmp_path / "out1"), snapshot(tmp_path / "out2")
    assert sorted(one) == sorted(two)
    for rel in one:
        assert one[rel] == two[rel], f"{rel} differs between the two builds"


def test_parallel_outcomes_come_in_order_with_a_bounded_number_of_tasks_ahead():
    from collections import deque
    from concurrent.futures import Future
    from itertools import islice

    class Pool:  # runs each task at once; counts what was handed out
        submitted = 0

        def submit(self, fn, chunk):
            self.submitted += 1
            future = Future()
            future.set_result([f"{name}!" for name in chunk])
            return future

    pool = Pool()
    chunks = iter([["a", "b"], ["c"], ["d", "e"], ["f"], ["g"]])
    in_flight = deque(pool.submit(None, chunk) for chunk in islice(chunks, 2))
    task_of = {"a": 0, "b": 0, "c": 1, "d": 2, "e": 2, "f": 3, "g": 4}
    taken, ahead = [], []
    for outcome in corpus.build._in_order(pool, chunks, in_flight):
        taken.append(outcome)
        ahead.append(pool.submitted - (task_of[outcome[0]] + 1))  # handed out beyond the one being read
    assert taken == ["a!", "b!", "c!", "d!", "e!", "f!", "g!"]
    assert pool.submitted == 5
    assert max(ahead) == 2  # the window: never more tasks ahead, and never fewer while any are left


_PATH_PART = st.text(alphabet="aB.-_é ", min_size=1, max_size=8).filter(lambda part: part not in (".", ".."))


@given(rel=st.lists(_PATH_PART, min_size=1, max_size=4).map("/".join))
def test_suffix_is_what_pathlib_says(rel):
    # The build reads the suffix of a relative path as discover() makes them by string operations,
    # not through pathlib (for speed).
    assert corpus.build._suffix(rel) == Path(rel).suffix.lower()


def test_the_build_collects_less_often_and_restores_the_collector(tmp_path, monkeypatch):
    import gc

    seen = []
    real_process = corpus.build.process
    monkeypatch.setattr(corpus.build, "process", lambda raw: seen.append(gc.get_threshold()) or real_process(raw))
    before = gc.get_threshold()
    build(REPO / "raw", tmp_path / "out", workers=1, progress=False)
    assert seen and set(seen) == {corpus.build.GC_THRESHOLD}
    assert gc.get_threshold() == before
