"""`corpus verify`: a clean build verifies; any tampering with its files is caught."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import REPO

from corpus.build import build
from corpus.cli import EXIT_OK, EXIT_VERIFY, main
from corpus.interpret import PARSER_VERSION
from corpus.model import SCHEMA_VERSION
from corpus.verify import verify
from corpus.writer import PARQUET_OPTIONS, write_sums

PAGES = ["archive/bax/1910/03/considerations.htm", "archive/allende/1973/september/11.htm",
         "archive/appel/1966/memories.htm"]


@pytest.fixture(scope="module")
def built(tmp_path_factory, mia_dir) -> Path:
    raw = tmp_path_factory.mktemp("verify-raw")
    shutil.copy(REPO / "raw" / "000_5aa7ca4ddedc42f0.txt", raw)
    for rel in PAGES:
        (raw / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(mia_dir / rel, raw / rel)
    out = tmp_path_factory.mktemp("verify-out") / "out"
    build(raw, out, workers=1, progress=False)
    return out


@pytest.fixture
def folder(built, tmp_path) -> Path:
    """A private copy of the built folder, free to tamper with."""
    return Path(shutil.copytree(built, tmp_path / "out"))


def shards(folder: Path) -> list[Path]:
    return sorted(folder.glob("data/*/*.parquet"))


def test_clean_build_verifies(folder, capsys):
    assert verify(folder) == []
    assert main(["verify", str(folder)]) == EXIT_OK
    assert "ok" in capsys.readouterr().out


def test_sums_and_manifest_describe_the_folder(folder):
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    assert listed == sorted(listed)
    assert set(listed) == {"README.md", "build-report.json", "manifest.json",
                           *(p.relative_to(folder).as_posix() for p in shards(folder))}
    for line in lines:
        sha, rel = line.split("  ", 1)
        assert hashlib.sha256((folder / rel).read_bytes()).hexdigest() == sha
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["parser_version"] == PARSER_VERSION
    assert manifest["inputs"]["raw_files"] == 4 and len(manifest["inputs"]["fingerprint"]) == 64
    assert manifest["counts"]["documents"] == 4
    assert sum(s["rows"] for s in manifest["shards"]["sections"]) == manifest["counts"]["sections"]


def test_flipped_byte_in_any_shard_is_caught(folder, capsys):
    for shard in shards(folder):
        data = bytearray(shard.read_bytes())
        original = shard.read_bytes()
        data[len(data) // 2] ^= 0x01
        shard.write_bytes(bytes(data))
        rel = shard.relative_to(folder).as_posix()
        assert any(p.startswith(rel) and "sha256" in p for p in verify(folder)), rel
        assert main(["verify", str(folder)]) == EXIT_VERIFY
        assert rel in capsys.readouterr().err
        shard.write_bytes(original)
    assert verify(folder) == []


def _date32_to_timestamp(dtype: pa.DataType) -> pa.DataType:
    if pa.types.is_date32(dtype):
        return pa.timestamp("ms")
    if pa.types.is_struct(dtype):
        return pa.struct([f.with_type(_date32_to_timestamp(f.type)) for f in dtype])
    if pa.types.is_list(dtype):
        return pa.list_(dtype.value_field.with_type(_date32_to_timestamp(dtype.value_type)))
    return dtype


def test_shard_with_another_schema_is_caught_even_with_fresh_sums(folder):
    shard = next(folder.glob("data/sections/*.parquet"))
    table = pq.read_table(shard)
    schema = pa.schema([f.with_type(_date32_to_timestamp(f.type)) for f in table.schema],
                       metadata=table.schema.metadata)
    assert schema != table.schema
    pq.write_table(table.cast(schema), shard, **PARQUET_OPTIONS)
    write_sums(folder)  # a consistent forgery: only the schema check can see it
    problems = verify(folder)
    assert len(problems) == 1 and "schema differs" in problems[0] and "timestamp" in problems[0], problems


def test_missing_shard_is_caught(folder):
    shard = shards(folder)[0]
    shard.unlink()
    rel = shard.relative_to(folder).as_posix()
    problems = verify(folder)
    assert f"{rel}: listed in SHA256SUMS but missing" in problems
    assert f"{rel}: listed in manifest.json but missing" in problems


def test_unlisted_shard_is_caught(folder):
    shard = shards(folder)[0]
    stray = shard.with_name("train-00009-of-00009.parquet")
    shutil.copy(shard, stray)
    problems = verify(folder)
    rel = stray.relative_to(folder).as_posix()
    assert f"{rel}: not listed in SHA256SUMS" in problems
    assert any(p.startswith(rel) and "not in manifest.json" in p for p in problems)


def test_row_counts_must_match_the_manifest(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["counts"]["documents"] += 1
    manifest["shards"]["sections"][0]["rows"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    write_sums(folder)
    problems = verify(folder)
    assert any("config 'documents'" in p for p in problems)
    assert any("rows, manifest.json says" in p for p in problems)


def test_sha256sum_format_and_hidden_files(folder):
    (folder / ".gitattributes").write_text("*.parquet filter=lfs\n")  # not the dataset's: ignored
    assert verify(folder) == []
    (folder / "notes.txt").write_text("added by hand\n")
    assert verify(folder) == ["notes.txt: not listed in SHA256SUMS"]


def test_verify_of_a_folder_without_a_build(tmp_path):
    problems = verify(tmp_path)
    assert any("SHA256SUMS" in p for p in problems) and any("manifest.json" in p for p in problems)


def test_a_folder_built_by_an_older_schema_still_verifies(tmp_path):
    """An earlier release is checked against what its own manifest recorded, not today's model."""
    from corpus.writer import write_sums

    out = tmp_path / "old"
    build(REPO / "raw", out, workers=1, progress=False)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["schema_version"] = "0.9.0"
    (out / "manifest.json").write_text(json.dumps(manifest))
    write_sums(out)
    assert verify(out) == []
    manifest["schema"]["documents"]["n_words"] = "int64"  # the record no longer matches the shards
    (out / "manifest.json").write_text(json.dumps(manifest))
    write_sums(out)
    assert any("differs from the one manifest.json records" in p for p in verify(out))
