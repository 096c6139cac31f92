"""Incremental rebuilds: unchanged bytes under an unchanged parser are not parsed again."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import REPO

import corpus.build
from corpus.build import build

PAGES = ["archive/trotsky/1934/08/ame.htm", "archive/cannon/works/1925/ontrade.htm",
         "archive/shachtma/1941/08/mixedwars.htm", "archive/kautsky/1908/xx/parliament.htm",
         "archive/hallas/works/1971/meaning/index.htm"]


@pytest.fixture
def raw(mia_dir, tmp_path):
    folder = tmp_path / "raw"
    for page in PAGES:
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mia_dir / page, folder / page)
    shutil.copyfile(next((REPO / "raw").glob("*.txt")), folder / "seed.txt")
    return folder


def digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".corpus" not in p.parts}


@pytest.fixture
def parsed(monkeypatch):
    """The paths the build actually parses."""
    seen: list[str] = []
    real = corpus.build.process

    def counting(raw_file):
        seen.append(raw_file.rel)
        return real(raw_file)

    monkeypatch.setattr(corpus.build, "process", counting)
    return seen


def test_noop_rebuild_leaves_the_output_alone(raw, tmp_path, parsed):
    out = tmp_path / "out"
    first = build(raw, out, workers=1, progress=False)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    parsed.clear()
    again = build(raw, out, workers=1, progress=False)
    assert again.unchanged and parsed == []
    assert again.counts() == first.counts() and again.adds_up()
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before


def test_one_changed_file_is_parsed_again_and_output_matches_a_full_build(raw, tmp_path, parsed):
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    changed = raw / PAGES[0]
    changed.write_bytes(changed.read_bytes().replace(b"</body>", b"<p>A closing line added later.</p></body>"))
    parsed.clear()
    report = build(raw, out, workers=1, progress=False)
    assert not report.unchanged
    assert PAGES[0] in parsed and len(parsed) < len(PAGES)  # only what changed (and license exclusions)
    full = tmp_path / "full"
    build(raw, full, workers=1, progress=False, incremental=False)
    assert digests(out) == digests(full)
    import corpus as api

    assert any("A closing line added later." in text for text in api.to_pandas(out)["text"])


def test_a_new_parser_parses_everything_again(raw, tmp_path, parsed, monkeypatch):
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    monkeypatch.setattr(corpus.build, "parser_fingerprint", lambda: "another parser")
    parsed.clear()
    build(raw, out, workers=1, progress=False)
    assert sorted(parsed) == sorted(p.relative_to(raw).as_posix() for p in raw.rglob("*") if p.is_file())


def test_a_tampered_output_is_rebuilt(raw, tmp_path, parsed):
    out = tmp_path / "out"
    build(raw, out, workers=1, progress=False)
    next((out / "data" / "documents").glob("*.parquet")).unlink()
    parsed.clear()
    report = build(raw, out, workers=1, progress=False)
    assert not report.unchanged and len(parsed) == len(PAGES) + 1
    assert list((out / "data" / "documents").glob("*.parquet"))
