"""The built folder opens with the real clients, offline, with the generated features."""

from __future__ import annotations

import datetime as dt
import hashlib

import duckdb
import pyarrow.parquet as pq
from conftest import REPO
from datasets import load_dataset

import corpus
from corpus.build import build
from corpus.schema import hf_features


def test_load_dataset_documents(seed_build):
    ds = load_dataset(str(seed_build), split="train")
    assert ds.num_rows == 1
    row = ds[0]
    assert row["author"] == "Leon Trotsky"
    assert row["date"]["start"] == dt.date(1940, 6, 17)
    assert ds.features == hf_features("documents")


def test_load_dataset_sections(seed_build):
    ds = load_dataset(str(seed_build), "sections", split="train")
    assert ds.num_rows == 2
    assert [r["date"]["start"] for r in ds] == [dt.date(1940, 6, 17), dt.date(1940, 8, 2)]
    assert ds.features == hf_features("sections")


def test_streaming(seed_build):
    for config, rows in (("documents", 1), ("sections", 2)):
        ds = load_dataset(str(seed_build), config, split="train", streaming=True)
        got = list(ds)
        assert len(got) == rows
        assert isinstance(got[0]["date"]["start"], dt.date)


def test_corpus_load_and_pandas(seed_build):
    ds = corpus.load(seed_build)
    assert ds[0]["title"] == "The Kremlin’s Role in the War"
    assert next(iter(corpus.load(seed_build, streaming=True)))["id"] == ds[0]["id"]
    df = corpus.to_pandas(seed_build)
    assert list(df["author"]) == ["Leon Trotsky"]


def test_duckdb_reads_shards(seed_build):
    glob = str(seed_build / "data" / "documents" / "*.parquet")
    rows = duckdb.sql(f"SELECT id, date.start AS start, place.name AS place FROM '{glob}'").fetchall()
    assert rows == [("000_5aa7ca4ddedc42f0.txt", dt.date(1940, 6, 17), "Coyoacán")]


def test_shards_carry_schema_and_features(seed_build):
    for path in (seed_build / "data").rglob("*.parquet"):
        schema = pq.read_schema(path)
        assert b"huggingface" in schema.metadata


def _digests(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.parquet"))}


def test_build_is_deterministic(tmp_path, seed_build):
    again = tmp_path / "again"
    build(REPO / "raw", again, workers=1, progress=False)
    assert _digests(again) == _digests(seed_build)
