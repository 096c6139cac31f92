"""A release opens with the real clients, offline and with no code of ours: `datasets` (every
config, loaded and streamed), pandas, DuckDB, Polars, and `mlcroissant` (croissant.json validates
and yields records). `corpus.load` / `corpus.to_pandas` filters agree with every client."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import logging
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from datasets import load_dataset
from test_release import archive_pages, make_raw

import corpus
from corpus.cli import EXIT_OK, main
from corpus.model import CONFIGS
from corpus.schema import hf_features


@pytest.fixture(scope="module")
def release(tmp_path_factory, mia_dir) -> Path:
    base = tmp_path_factory.mktemp("clients")
    raw = make_raw(base / "raw", mia_dir, archive_pages(mia_dir, 16))
    assert main(["release", "--version", "1.0.0", "--raw", str(raw), "--releases", str(base / "releases"),
                 "--workers", "1", "-q"]) == EXIT_OK
    return base / "releases" / "1.0.0"


@pytest.fixture(scope="module")
def counts(release) -> dict[str, int]:
    return json.loads((release / "manifest.json").read_text())["counts"]


@pytest.fixture(scope="module")
def documents(release):
    return pq.read_table(release / "data" / "documents").to_pylist()


@pytest.mark.parametrize("config", list(CONFIGS))
def test_datasets_load_and_stream_every_config(release, counts, config):
    ds = load_dataset(str(release), config, split="train")
    assert ds.num_rows == counts[config] > 0
    assert ds.features == hf_features(config)
    streamed = list(load_dataset(str(release), config, split="train", streaming=True))
    assert len(streamed) == counts[config]
    assert streamed[0] == ds[0]


def test_default_config_is_documents(release, counts):
    assert load_dataset(str(release), split="train").num_rows == counts["documents"]


def test_paragraphs_join_back_to_the_text(release, documents):
    paragraphs = pq.read_table(release / "data" / "paragraphs").to_pylist()
    by_doc: dict[str, list] = {}
    for row in paragraphs:
        by_doc.setdefault(row["document_id"], []).append(row)
    for doc in documents:
        rows = sorted(by_doc[doc["id"]], key=lambda r: r["position"])
        assert [r["position"] for r in rows] == list(range(len(rows)))
        assert "\n\n".join(r["text"] for r in rows) == doc["text"]
        assert sum(r["n_words"] for r in rows) == doc["n_words"]


def _pick(documents):
    authors: dict[str, int] = {}
    for doc in documents:
        authors[doc["author"]] = authors.get(doc["author"], 0) + 1
    return max(sorted(authors), key=authors.get)


@pytest.mark.parametrize("keep_in_memory", [True, False], ids=["in_memory", "arrow_cache"])
def test_corpus_load_filters_push_down(release, documents, keep_in_memory, monkeypatch):
    # every load below takes one path: in memory, or through load_dataset's Arrow cache
    monkeypatch.setattr(corpus, "IN_MEMORY_MAX_BYTES", -1 if not keep_in_memory else 1 << 40)
    author = _pick(documents)
    expected = {d["id"] for d in documents if d["author"] == author}
    ds = corpus.load(release, author=author)
    assert bool(ds.cache_files) is not keep_in_memory
    assert set(ds["id"]) == expected and set(ds["author"]) == {author}
    streamed = corpus.load(release, streaming=True, author=author)
    assert {r["id"] for r in streamed} == expected

    dated = [d for d in documents if d["date"] is not None]
    year = sorted(d["date"]["start"].year for d in dated)[len(dated) // 2]
    in_years = {d["id"] for d in dated if year - 5 <= d["date"]["start"].year <= year + 5}
    assert set(corpus.load(release, years=(year - 5, year + 5))["id"]) == in_years
    assert set(corpus.load(release, years=(year, None))["id"]) == {
        d["id"] for d in dated if d["date"]["start"] >= dt.date(year, 1, 1)}

    kinds = {d["license"]["kind"] for d in documents}
    for kind in kinds:
        assert set(corpus.load(release, license_kind=kind)["id"]) == {
            d["id"] for d in documents if d["license"]["kind"] == kind}
    assert set(corpus.load(release, language="en", license_kind=sorted(kinds))["id"]) == {
        d["id"] for d in documents if d["language"] == "en"}

    # configs without the filtered columns are filtered through their documents
    paragraphs = corpus.load(release, "paragraphs", author=author)
    assert set(paragraphs["document_id"]) == expected
    assert paragraphs.num_rows == sum(len(d["text"].split("\n\n")) for d in documents if d["author"] == author)
    empty = corpus.load(release, "paragraphs", author="Nobody At All")
    assert empty.num_rows == 0 and empty.features == hf_features("paragraphs")
    # a filtered load and an unfiltered one of the same folder do not share a cache
    assert corpus.load(release).num_rows == len(documents)


@pytest.mark.parametrize("config", list(CONFIGS))
def test_corpus_load_in_memory_equals_the_arrow_cache(release, config, monkeypatch):
    in_memory = corpus.load(release, config, keep_in_memory=True)
    cached = corpus.load(release, config, keep_in_memory=False)
    assert not in_memory.cache_files and cached.cache_files
    assert in_memory.features == cached.features == hf_features(config)
    assert in_memory.split == cached.split == "train"
    assert in_memory.data.table.equals(cached.data.table)  # same rows, same order
    # the default follows the size of the config as the Parquet footers state it
    assert not corpus.load(release, config).cache_files
    monkeypatch.setattr(corpus, "IN_MEMORY_MAX_BYTES", 0)
    assert corpus.load(release, config).cache_files


def test_to_pandas_with_filters(release, documents, counts):
    author = _pick(documents)
    df = corpus.to_pandas(release, author=author)
    assert sorted(df["id"]) == sorted(d["id"] for d in documents if d["author"] == author)
    assert len(corpus.to_pandas(release, "paragraphs")) == counts["paragraphs"]
    para = corpus.to_pandas(release, "paragraphs", author=author)
    assert set(para["document_id"]) == set(df["id"])
    assert len(corpus.load(release, "paragraphs", author=author)) == len(para)


def test_duckdb(release, counts, documents):
    for config in CONFIGS:
        glob = f"{release}/data/{config}/*.parquet"
        assert duckdb.sql(f"SELECT count(*) FROM '{glob}'").fetchall()[0][0] == counts[config]
    glob = f"{release}/data/documents/*.parquet"
    dated = duckdb.sql(f"SELECT count(*) FROM '{glob}' WHERE date.start >= DATE '1900-01-01'").fetchall()[0][0]
    assert dated == sum(1 for d in documents if d["date"] and d["date"]["start"] >= dt.date(1900, 1, 1))
    joined = duckdb.sql(f"""
        SELECT d.author, count(*) AS paragraphs
        FROM '{release}/data/paragraphs/*.parquet' p JOIN '{glob}' d ON p.document_id = d.id
        GROUP BY d.author""").fetchall()
    assert sum(n for _, n in joined) == counts["paragraphs"]


def test_polars(release, counts, documents):
    for config in CONFIGS:
        frame = pl.scan_parquet(f"{release}/data/{config}/*.parquet").collect()
        assert frame.height == counts[config]
    frame = (pl.scan_parquet(f"{release}/data/documents/*.parquet")
             .filter(pl.col("license").struct.field("kind") == "public-domain")
             .select("id", pl.col("date").struct.field("start").alias("start"))
             .collect())
    assert sorted(frame["id"]) == sorted(d["id"] for d in documents if d["license"]["kind"] == "public-domain")
    assert frame.schema["start"] == pl.Date


def test_croissant_validates_and_yields_records(release, counts):
    mlc = pytest.importorskip("mlcroissant")
    logging.getLogger("absl").setLevel(logging.ERROR)
    dataset = mlc.Dataset(jsonld=str(release / "croissant.json"))  # raises on an invalid file
    assert not dataset.metadata.ctx.issues.errors and not dataset.metadata.ctx.issues.warnings
    metadata = dataset.metadata.to_json()
    assert metadata["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    assert [r["@id"] for r in metadata["recordSet"]] == list(CONFIGS)
    records = list(dataset.records("paragraphs"))
    assert len(records) == counts["paragraphs"]
    first = records[0]
    assert isinstance(first["paragraphs/text"], bytes) and first["paragraphs/n_words"] > 0
    doc = next(iter(dataset.records("documents")))
    assert doc["documents/id"] and "documents/date/start" in (doc["documents/date"] or {
        "documents/date/start": None})
    assert len(list(itertools.islice(dataset.records("sections"), 3))) == min(3, counts["sections"])
