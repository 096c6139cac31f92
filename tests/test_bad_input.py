"""Bad raw files: each ends as one typed outcome naming the file, and the build goes on.

Every test builds a tmp raw/ folder holding the seed page plus the bad input(s), and checks
that the seed still becomes a record and that the report (in memory and on disk) adds up.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import REPO

import corpus.build
from corpus.build import MAX_BYTES, RawFile, build, process
from corpus.report import BuildReport, OutcomeKind

SEED = REPO / "raw" / "000_5aa7ca4ddedc42f0.txt"
BAX = "archive/bax/1910/03/considerations.htm"  # UTF-8, curly quotes, dated "3 March 1910"
ALLENDE = "archive/allende/1973/september/11.htm"  # windows-1252, "Corporación"


def make_raw(tmp_path: Path, files: dict[str, bytes]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    for rel, data in files.items():
        path = raw / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return raw


def run_build(tmp_path: Path, raw: Path) -> tuple[BuildReport, dict]:
    """Build, check the bookkeeping every build must satisfy, and give outcomes by path."""
    out = tmp_path / "out"
    report = build(raw, out, workers=1, progress=False)
    n_files = sum(1 for p in raw.rglob("*") if p.is_file() or p.is_symlink() or p.is_fifo())
    assert report.raw_files == n_files
    assert report.adds_up()
    on_disk = json.loads((out / "build-report.json").read_text())
    assert on_disk["adds_up"] is True
    assert sum(on_disk["counts"].values()) == n_files
    by_path = {o.path: o for o in report.outcomes}
    assert by_path[SEED.name].kind == "record", "a bad file must not stop the good one"
    for outcome in report.outcomes:
        if outcome.kind != "record":
            assert outcome.reason, outcome
            assert outcome.detail.startswith(f"{outcome.path}: "), "the message must name the file"
    listed = {f["path"]: f for f in on_disk["files"]}
    for outcome in report.outcomes:
        if outcome.kind == "rejected":
            assert listed[outcome.path]["reason"] == outcome.reason
    return report, by_path


def assert_rejected(by_path: dict, rel: str, reason: str) -> None:
    outcome = by_path[rel]
    assert (outcome.kind, outcome.reason) == ("rejected", reason), outcome.detail


@pytest.fixture(scope="module")
def bax(mia_dir) -> bytes:
    return (mia_dir / BAX).read_bytes()


@pytest.fixture(scope="module")
def bax_text(mia_dir) -> str:
    return process(RawFile(mia_dir / BAX, BAX)).row["text"]


def test_empty_and_blank_files(tmp_path):
    raw = make_raw(tmp_path, {"empty.htm": b"", "blank.txt": b" \n\t\r\n"})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "empty.htm", "empty")
    assert_rejected(by_path, "blank.txt", "empty")


def test_binary_file_named_htm(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64
    raw = make_raw(tmp_path, {"picture.htm": png})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "picture.htm", "binary")


def test_truncated_html_is_rejected_not_published_as_whole(tmp_path, bax):
    cut = bax[: len(bax) // 2]
    assert not cut.rstrip().endswith(b">")  # cut mid-text, as a failed download would
    raw = make_raw(tmp_path, {"cut.htm": cut})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "cut.htm", "truncated")
    assert "cut short" in by_path["cut.htm"].detail


def test_real_pages_without_closing_tags_are_not_called_truncated(mia_dir):
    # The archive has complete pages that never close </body> or </html>: they end on a tag.
    page = mia_dir / "archive/zinoviev/works/1918/lenin/ch01.htm"
    data = page.read_bytes()
    assert b"</html>" not in data.lower()
    assert process(RawFile(page, "ch01.htm")).reason != "truncated"


def test_missing_charset_is_detected(tmp_path, bax, bax_text):
    without = re.sub(rb'<meta http-equiv="content-type"[^>]*>', b"", bax)
    assert b"charset" not in without.lower()
    raw = make_raw(tmp_path, {"nocharset.htm": without})
    _, by_path = run_build(tmp_path, raw)
    assert by_path["nocharset.htm"].kind == "record"
    assert by_path["nocharset.htm"].row is None  # rows leave the report once written
    assert _text_of(tmp_path, "nocharset.htm") == bax_text


def test_wrong_charset_is_overridden(tmp_path, bax, bax_text, mia_dir):
    allende = (mia_dir / ALLENDE).read_bytes()
    raw = make_raw(tmp_path, {
        "cyrillic.htm": bax.replace(b"charset=utf-8", b"charset=windows-1251"),  # UTF-8 bytes
        "utf8.htm": allende.replace(b"charset=windows-1252", b"charset=utf-8"),  # cp1252 bytes
    })
    run_build(tmp_path, raw)
    assert _text_of(tmp_path, "cyrillic.htm") == bax_text
    text = _text_of(tmp_path, "utf8.htm")
    assert "Corporación" in text and "\ufffd" not in text


def test_utf16_without_bom(tmp_path, bax, bax_text):
    wide = bax.decode("utf-8").encode("utf-16-le")
    assert not wide.startswith(b"\xff\xfe")
    raw = make_raw(tmp_path, {"wide.htm": wide})
    run_build(tmp_path, raw)
    assert _text_of(tmp_path, "wide.htm") == bax_text


def test_50_mb_file_is_rejected_from_its_size_without_reading_it(tmp_path, bax):
    """Decision: a file over MAX_BYTES (20 MB) is rejected as too_large from fstat, never read."""
    raw = make_raw(tmp_path, {})
    big = raw / "huge.htm"
    with big.open("wb") as file:
        for _ in range(50 * 1024 * 1024 // len(bax) + 1):
            file.write(bax)
    assert big.stat().st_size > 50 * 1024 * 1024 > MAX_BYTES
    tracemalloc.start()
    started = time.perf_counter()
    outcome = process(RawFile(big, "huge.htm"))
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (outcome.kind, outcome.reason) == ("rejected", "too_large")
    assert seconds < 1.0 and peak < 1024 * 1024, (seconds, peak)
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "huge.htm", "too_large")


def test_deeply_nested_html_never_raises(tmp_path, bax):
    nested = bax.replace(b"<body>", b"<body>" + b"<div>" * 100_000, 1)
    bare = b"<html><body>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000 + b"</body></html>"
    raw = make_raw(tmp_path, {"nested.htm": nested, "bare.htm": bare})
    _, by_path = run_build(tmp_path, raw)
    for rel in ("nested.htm", "bare.htm"):
        assert by_path[rel].kind in ("record", "rejected")
        assert by_path[rel].reason != "internal_error", by_path[rel].detail


def test_header_only_page(tmp_path):
    page = (b"<html><head><title>Karl Marx: A letter</title></head><body><h2>Karl Marx</h2>"
            b"<h1>A letter</h1><p class='information'><span class='info'>Written:</span> 1 May 1870"
            b"<br><span class='info'>Source:</span> MECW</p></body></html>")
    raw = make_raw(tmp_path, {"header.htm": page})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "header.htm", "no_body")


def test_impossible_date_is_not_parsed_but_the_record_builds(tmp_path, bax):
    feb30 = bax.replace(b"3 March 1910", b"30 February 1910")
    assert feb30 != bax
    raw = make_raw(tmp_path, {"feb30.htm": feb30})
    _, by_path = run_build(tmp_path, raw)
    assert by_path["feb30.htm"].kind == "record"
    row = _row_of(tmp_path, "feb30.htm")
    assert row["date"] is None or "February" not in row["date"]["raw"]


def test_same_page_under_two_paths(tmp_path, bax):
    raw = make_raw(tmp_path, {"a/page.htm": bax, "b/page.htm": bax})
    os.symlink("../a/page.htm", raw / "b" / "link.htm")  # a symlink to a file: same bytes too
    _, by_path = run_build(tmp_path, raw)
    assert by_path["a/page.htm"].kind == "record"  # the first path in sorted order keeps it
    for rel in ("b/link.htm", "b/page.htm"):
        assert_rejected(by_path, rel, "duplicate_content")
        assert "a/page.htm" in by_path[rel].detail


def test_ids_differing_only_by_case_collide(tmp_path, bax):
    raw = make_raw(tmp_path, {"Page.htm": bax, "page.htm": bax + b"<!-- another copy -->\n"})
    if len(list(raw.iterdir())) < 3:
        pytest.skip("case-insensitive file system: the two names are one file")
    _, by_path = run_build(tmp_path, raw)
    assert by_path["Page.htm"].kind == "record"
    assert_rejected(by_path, "page.htm", "duplicate_id")
    assert "Page.htm" in by_path["page.htm"].detail


def test_symlink_loop(tmp_path):
    raw = make_raw(tmp_path, {})
    os.symlink("loop", raw / "loop")
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "loop", "unreadable")
    assert "symbolic links" in by_path["loop"].detail


def test_fifo_is_not_read(tmp_path):
    raw = make_raw(tmp_path, {})
    os.mkfifo(raw / "pipe.htm")  # reading it would block the build forever
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "pipe.htm", "unreadable")
    assert "FIFO" in by_path["pipe.htm"].detail


def test_permission_denied(tmp_path, bax, monkeypatch):
    # Tests run as root, where chmod 000 does not stop reading: make the open itself fail.
    raw = make_raw(tmp_path, {"secret.htm": bax})
    real_open = os.open

    def open_denying(path, flags, *args, **kwargs):
        if str(path).endswith("secret.htm"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(corpus.build.os, "open", open_denying)
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "secret.htm", "unreadable")
    assert "Permission denied" in by_path["secret.htm"].detail


def test_a_file_that_grows_while_read_is_not_cut_short(tmp_path, bax, monkeypatch):
    # fstat reports the size before the writer appended more: what is read is not the whole file.
    raw = make_raw(tmp_path, {"growing.htm": bax, "whole.htm": bax + b"<!-- another copy -->"})
    real_fstat, growing = os.fstat, os.stat(raw / "growing.htm").st_ino

    def fstat_before_growth(fd):
        info = real_fstat(fd)
        if info.st_ino == growing:
            return os.stat_result((*info[:6], info.st_size - 100, *info[7:]))
        return info

    monkeypatch.setattr(corpus.build.os, "fstat", fstat_before_growth)
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "growing.htm", "unreadable")
    assert "grew while it was read" in by_path["growing.htm"].detail
    assert by_path["whole.htm"].kind is OutcomeKind.record


def test_unsupported_suffix(tmp_path):
    raw = make_raw(tmp_path, {"cover.jpg": b"\xff\xd8\xff\xe0JFIF"})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "cover.jpg", "unsupported_format")


def test_a_bug_in_the_interpreter_is_a_typed_reject(tmp_path, bax, monkeypatch):
    real = corpus.build.interpret_page

    def buggy(page, **kwargs):
        if page.path == "bug.htm":
            raise KeyError("boom")
        return real(page, **kwargs)

    monkeypatch.setattr(corpus.build, "interpret_page", buggy)
    raw = make_raw(tmp_path, {"bug.htm": bax})
    _, by_path = run_build(tmp_path, raw)
    assert_rejected(by_path, "bug.htm", "internal_error")
    assert "KeyError" in by_path["bug.htm"].detail


def test_provenance_must_describe_the_bytes(tmp_path, bax, monkeypatch):
    real = corpus.build.interpret_page

    def lying(page, **kwargs):
        reading = real(page, **kwargs)
        wrong = reading.document.provenance.model_copy(update={"raw_sha256": "0" * 64})
        reading.document = reading.document.model_copy(update={"provenance": wrong})
        return reading

    monkeypatch.setattr(corpus.build, "interpret_page", lying)
    raw = make_raw(tmp_path, {"page.htm": bax})
    report = build(raw, tmp_path / "out", workers=1, progress=False)
    assert report.adds_up()
    assert {o.reason for o in report.outcomes} == {"provenance_mismatch"}


def test_every_record_hashes_its_own_bytes(tmp_path, bax):
    raw = make_raw(tmp_path, {"page.htm": bax})
    run_build(tmp_path, raw)
    table = pq.read_table(tmp_path / "out" / "data" / "documents").to_pylist()
    assert len(table) == 2
    for row in table:
        prov = row["provenance"]
        assert prov["raw_sha256"] == hashlib.sha256((raw / prov["raw_path"]).read_bytes()).hexdigest()


def test_everything_at_once(tmp_path, bax):
    """All the bad inputs in one folder: one outcome each, and the counts add up."""
    raw = make_raw(tmp_path, {
        "empty.htm": b"",
        "binary.htm": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16,
        "cut.htm": bax[: len(bax) // 2],
        "a.htm": bax,
        "b.htm": bax,
    })
    os.symlink("loop", raw / "loop")
    os.mkfifo(raw / "pipe.htm")
    report, _ = run_build(tmp_path, raw)
    assert report.counts() == {"record": 2, "skipped": 0, "excluded": 0, "rejected": 6}
    assert report.reasons(OutcomeKind.rejected) == {
        "binary": 1, "duplicate_content": 1, "empty": 1, "truncated": 1, "unreadable": 2}


def _row_of(tmp_path: Path, rel: str) -> dict:
    rows = pq.read_table(tmp_path / "out" / "data" / "documents").to_pylist()
    return next(row for row in rows if row["id"] == rel)


def _text_of(tmp_path: Path, rel: str) -> str:
    return _row_of(tmp_path, rel)["text"]


def test_discover_lists_what_os_walk_lists(tmp_path):
    # discover() walks with os.scandir for speed; os.walk(followlinks=False) is the rule it keeps:
    # symlinked folders not entered nor listed, links to files and broken links listed as files.
    raw = make_raw(tmp_path, {"a/b/page.htm": b"x", "a/.fetch/state.json": b"{}", "c/d.txt": b"y"})
    os.symlink("a", raw / "folder-link")
    os.symlink("a/b/page.htm", raw / "file-link.htm")
    os.symlink("missing", raw / "broken.htm")
    os.symlink("loop", raw / "loop")
    os.mkfifo(raw / "c" / "pipe.htm")
    expected = []
    for folder, dirs, files in os.walk(raw, followlinks=False):
        dirs[:] = [d for d in dirs if d not in corpus.build.IGNORED_DIRS]
        expected += [(Path(folder) / name).relative_to(raw).as_posix() for name in files]
    found = corpus.build.discover(raw)
    assert [f.rel for f in found] == sorted(expected)
    assert "a/.fetch/state.json" not in expected and "folder-link" not in expected
    assert all(Path(f.path) == raw / f.rel for f in found)
