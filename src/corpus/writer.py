"""Write records as a dataset folder that `datasets.load_dataset(folder)` opens with no code.

    <out>/README.md                                   dataset card, YAML `configs:` + `dataset_info`
    <out>/data/<config>/train-0000N-of-0000M.parquet  shards, one explicit Arrow schema per config
    <out>/build-report.json                           every raw file's outcome

Rows stream in and go out in bounded batches, so memory does not grow with the corpus.
The folder is built beside the target and swapped in at the end: a build killed
midway leaves the previous output as it was.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.card import dataset_card
from corpus.model import CONFIGS
from corpus.report import BuildReport
from corpus.schema import arrow_schema, hf_features

BATCH_ROWS = 256  # rows per row group: bounded memory while streaming
SHARD_ROWS = 4096  # rows per shard file
PARQUET_OPTIONS = dict(compression="zstd", use_dictionary=True, write_statistics=True)


def schema_with_features(config: str) -> pa.Schema:
    """The Arrow schema carrying the HF features, as `datasets` itself stores them."""
    features = {"info": {"features": hf_features(config).to_dict()}}
    return arrow_schema(config).with_metadata({"huggingface": json.dumps(features, sort_keys=True)})


class ShardWriter:
    """Writes one config's rows into numbered shards of at most SHARD_ROWS rows."""

    def __init__(self, folder: Path, config: str):
        self.folder = folder
        self.config = config
        self.schema = schema_with_features(config)
        self.shards: list[Path] = []
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._in_shard = 0
        self._batch: list[dict] = []

    def add(self, row: dict) -> None:
        self._batch.append(row)
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._batch:
            return
        if self._writer is None:
            path = self.folder / f".shard-{len(self.shards):05d}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(path, self.schema, **PARQUET_OPTIONS)
            self.shards.append(path)
        take = min(len(self._batch), SHARD_ROWS - self._in_shard)
        table = pa.Table.from_pylist(self._batch[:take], schema=self.schema)
        self._writer.write_table(table, row_group_size=BATCH_ROWS)
        self.rows += take
        self._in_shard += take
        self._batch = self._batch[take:]
        if self._in_shard >= SHARD_ROWS:
            self._writer.close()
            self._writer, self._in_shard = None, 0
        if self._batch:
            self._flush()

    def close(self) -> list[Path]:
        """Finish and give the shards their final names train-0000N-of-0000M.parquet."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
        if not self.shards:  # an empty config still gets one (empty) shard with the schema
            path = self.folder / ".shard-00000.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(self.schema.empty_table(), path, **PARQUET_OPTIONS)
            self.shards.append(path)
        total = len(self.shards)
        final = []
        for i, path in enumerate(self.shards):
            target = path.with_name(f"train-{i:05d}-of-{total:05d}.parquet")
            path.rename(target)
            final.append(target)
        return final


def section_rows(document: dict) -> Iterator[dict]:
    for position, section in enumerate(document["sections"]):
        yield {
            "document_id": document["id"],
            "position": position,
            "author": document["author"],
            "title": document["title"],
            **section,
        }


def _observe(report: BuildReport, row: dict) -> None:
    cov = report.field_coverage
    for name, present in (
        ("date", row["date"] is not None),
        ("place", row["place"] is not None),
        ("resolved place", row["place"] is not None and row["place"]["name"] is not None),
        ("license statement", row["license"]["statement"] is not None),
    ):
        cov[name] = cov.get(name, 0) + int(present)
    if row["place"] is not None and row["place"]["name"] is None:
        report.unresolved_places[row["place"]["raw"]] += 1


def write_dataset(rows: Iterable[dict], out_dir: Path, report: BuildReport) -> None:
    out_dir = out_dir.resolve()
    staging = out_dir.with_name(f".{out_dir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    writers = {config: ShardWriter(staging / "data" / config, config) for config in CONFIGS}
    for row in rows:
        _observe(report, row)
        writers["documents"].add(row)
        for section in section_rows(row):
            writers["sections"].add(section)
    counts = {config: writer.rows for config, writer in writers.items()}
    for writer in writers.values():
        writer.close()
    (staging / "README.md").write_text(dataset_card(counts), encoding="utf-8")
    report.write(staging / "build-report.json")
    swap_in(staging, out_dir)


def swap_in(staging: Path, out_dir: Path) -> None:
    """Replace `out_dir` by `staging`; the old folder is removed only once the new one is in place."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    if old.exists():
        shutil.rmtree(old)
